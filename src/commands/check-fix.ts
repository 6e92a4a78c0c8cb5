/**
 * `session-kit check --fix`: the safe, local repairs check's findings carry
 * (`saveUninitialized: false`, trusting the proxy), applied as splices through the same
 * preview → confirm → apply (all or nothing) → report as add and remove. Everything
 * else is left to a person and listed. Loaded only with --fix, so the check bundle
 * holds none of the runner.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { outcomeOf } from '../check/result.js';
import { runChecks } from '../check/run.js';
import type { CheckFinding } from '../check/types.js';
import { PlanBuilder } from '../core/plan.js';
import { runPlan, terminalFor, type PlanMessages, type RunFlags } from '../core/plan-runner.js';
import { renderReport } from '../core/render.js';
import { UserError } from '../core/errors.js';
import { FRAMEWORKS } from '../frameworks/registry.js';
import type { Plan } from '../core/plan.js';
import type { ProjectReport } from '../check/types.js';

export interface CheckFixOptions extends RunFlags {
  cwd?: string;
  paths?: string[];
}

function readIn(root: string) {
  return (rel: string) => {
    try {
      return readFileSync(path.join(root, rel), 'utf8');
    } catch {
      return null;
    }
  };
}

function listOf(findings: CheckFinding[]): string {
  return findings.map((f) => `  ${f.file}:${f.line}: ${f.ruleId}: ${f.fix}`).join('\n');
}

/** The findings of the framework's ordering rules: what `add --fix-order` repairs. */
function orderFindings(project: ProjectReport): CheckFinding[] {
  const framework = FRAMEWORKS.find((f) => f.id === project.framework?.id);
  const ids = new Set((framework?.ordering ?? []).filter((r) => r.scope !== 'add').map((r) => r.id));
  return project.findings.filter((f) => ids.has(f.ruleId));
}

/**
 * The order repaired by the same code as `add --fix-order` (its plan moves the session
 * statements and nothing else for an app that has a session). null when add refuses to
 * move them (the message says why; the finding is left for a person).
 */
async function orderPlan(root: string): Promise<Plan | string> {
  const { planAdd } = await import('../add/pipeline.js');
  try {
    const plan = await planAdd({ cwd: root, yes: true, install: false, fixOrder: true, json: true }, false);
    return { ...plan, command: 'check' };
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
}

export default async function checkFix(options: CheckFixOptions): Promise<number> {
  const report = await runChecks(options.cwd ?? '.', options.paths ?? [], false);
  const terminal = terminalFor(options);
  let exit = 0;
  const repairable = report.projects.filter((p) => p.findings.some((f) => f.repair) || orderFindings(p).length > 0);
  if (repairable.length === 0) {
    const outcome = outcomeOf(report);
    const left = outcome.findings;
    process.stdout.write(
      left.length === 0
        ? 'Nothing to repair: check finds no problem.\n'
        : `Nothing check --fix can repair; these need a person:\n${left.map((f) => `  ${f.path}:${f.line}: ${f.ruleId}: ${f.fix}`).join('\n')}\n`,
    );
    return outcome.exitCode;
  }
  for (const project of repairable) {
    const builder = new PlanBuilder(
      {
        command: 'check',
        root: project.root,
        framework: {
          id: project.framework?.id ?? 'none',
          name: project.framework?.name ?? 'the project',
          setupFile: null,
        },
        store: null,
        packageManager: null,
        ecosystem: 'node',
      },
      readIn(project.root),
    );
    const seen = new Set<string>();
    for (const finding of project.findings) {
      const repair = finding.repair;
      if (!repair) continue;
      const key = `${repair.file}\0${JSON.stringify(repair.splices)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      builder.edit(repair.file, repair.splices, `check --fix: ${repair.what} (${finding.ruleId})`);
    }
    let plan = builder.finish();
    let manual = project.findings.filter((f) => !f.repair && !orderFindings(project).includes(f));
    const order = orderFindings(project);
    let note = '';
    if (order.length > 0) {
      const moved = await orderPlan(project.root);
      if (typeof moved === 'string') {
        manual = [...manual, ...order];
        note = `The order is left as it is: ${moved}`;
      } else {
        // One repair at a time in a file: the move comes first, the rest on the next run.
        const later = project.findings.filter((f) => f.repair);
        manual = [...manual, ...later];
        plan = moved;
        if (later.length) note = 'Run session-kit check --fix again for the other repairs once the order is fixed.';
      }
    }
    const left = [
      note,
      manual.length ? `Left for you (run session-kit check again after these):\n${listOf(manual)}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    const messages: PlanMessages = {
      nothingToDo: { json: { applied: false }, sections: () => ['Nothing to repair.', left] },
      dryRun: {
        json: { applied: false, dryRun: true },
        sections: () => [renderReport(plan, terminal.color, true), left],
      },
      preview: () => [left],
      question: 'Apply these repairs?',
      declined: 'Cancelled; nothing was changed.',
      applied: () => ({ json: { applied: true }, sections: () => [renderReport(plan, terminal.color, false), left] }),
      finished: () => ({
        report: [renderReport(plan, terminal.color, false, false), left].filter(Boolean).join('\n'),
        steps: [],
        outro: 'Repaired what check --fix can; run session-kit check to confirm.',
      }),
    };
    exit = Math.max(exit, await runPlan(plan, messages, { ...options, install: false }, terminal));
  }
  return exit;
}
