/**
 * The add pipeline up to a verified plan: detect → plan → verify. The command hands
 * the plan to the shared runner (core/plan-runner.ts) for preview → apply → report.
 */
import { refuseOutsideProject } from '../core/apply.js';
import { UserError } from '../core/errors.js';
import type { Plan } from '../core/plan.js';
import { cancelFlow } from '../core/flow.js';
import { proposeEnvLoading } from '../frameworks/node/env-loading.js';
import { type AddTarget, detectTarget } from './detect.js';
import type { AddOptions } from './options.js';
import { planSetup } from './plan-setup.js';
import { sessionBeforeManualLines, verifyPlan } from './verify.js';

export async function planAdd(options: AddOptions, interactive: boolean): Promise<Plan> {
  const target = await detectTarget(options, interactive);
  const loadEnv = await decideLoadEnv(target, options, interactive);
  const plan = await planSetup(target, { ...options, loadEnv }).catch(async (error: unknown) => {
    const manual = error instanceof UserError && (error.code === 'app-not-found' || error.code === 'setup-not-found');
    throw (manual && (await sessionBeforeManualLines({ ...target, fixOrder: Boolean(options.fixOrder) }))) || error;
  });
  // A change outside the project is refused as such, before verify reads the planned files.
  refuseOutsideProject(plan);
  await verifyPlan(plan, { ...target, fixOrder: Boolean(options.fixOrder) });
  return plan;
}

/**
 * Whether add makes the start scripts load .env: --load-env / --no-load-env say so; else
 * --yes and --dry-run (which shows what --yes would do) do it, a terminal asks, and a run
 * with neither leaves the scripts as they are and says so (the first next step has the edit).
 */
async function decideLoadEnv(target: AddTarget, options: AddOptions, interactive: boolean): Promise<boolean> {
  if (options.loadEnv !== undefined) return options.loadEnv;
  if (options.yes || options.dryRun) return true;
  const setupFile = target.detection.setupFile;
  if (target.project.ecosystem !== 'node' || !setupFile) return false;
  const proposal = await proposeEnvLoading(target.project, setupFile);
  if (!proposal || (proposal.edits.length === 0 && proposal.loaders.length === 0)) return false;
  const what = [
    ...proposal.edits
      .filter((e, i, all) => all.findIndex((o) => o.script === e.script) === i)
      .map((e) => `"${e.script}": ${e.after}`),
    ...proposal.loaders.map((l) => `${l.file}: ${l.line.replace(/ \/\/.*$/, '')} (first line)`),
  ];
  if (!interactive) {
    if (!options.json)
      process.stderr.write(
        `No terminal to ask and no --yes: the start scripts are left as they are (--load-env changes ${what.join('; ')}).\n`,
      );
    return false;
  }
  const { confirm, isCancel } = await import('@clack/prompts');
  const ok = await confirm({ message: `Load .env when the app starts? session-kit would change ${what.join('; ')}` });
  if (isCancel(ok)) return cancelFlow('Cancelled; nothing was written.');
  return ok;
}
