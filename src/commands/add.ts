/**
 * `session-kit add`: detect → plan → preview → apply → report.
 */
import path from 'node:path';
import pc from 'picocolors';
import { applyPlan } from '../core/apply.js';
import { UserError } from '../core/errors.js';
import { installCommands } from '../core/install.js';
import { addManifestToPlan } from '../core/manifest.js';
import { isNoop, PlanBuilder, type Plan } from '../core/plan.js';
import { planToJson, renderDiff, renderReport, renderSummary } from '../core/render.js';
import { detectAll } from '../detect/index.js';
import { FRAMEWORKS } from '../frameworks/registry.js';
import type { FrameworkModule } from '../frameworks/types.js';
import { DEFAULT_STORE, STORES, storeById } from '../stores/registry.js';
import type { StoreDescriptor } from '../stores/types.js';
import { knexNotes, resolveStoreContext } from '../stores/context.js';
import { envKeys } from '../core/env-files.js';
import { planMigration } from '../migrations/plan.js';
import { promptForApp } from './prompt-app.js';
import type { CommandOptions } from './run.js';

export interface AddOptions extends CommandOptions {
  store?: string;
  framework?: string;
  dryRun?: boolean;
  yes?: boolean;
  install?: boolean;
  packageManager?: string;
  fixOrder?: boolean;
}

const out = (text: string) => process.stdout.write(`${text}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

async function chooseStore(options: AddOptions, framework: FrameworkModule, interactive: boolean): Promise<StoreDescriptor> {
  if (options.store) {
    const store = storeById(options.store);
    if (!framework.stores.includes(store.id)) {
      throw new UserError(`${framework.name} does not support the ${store.label} store in session-kit yet.`, { hint: `Use one of: ${framework.stores.join(', ')}.`, code: 'unsupported-store' });
    }
    return store;
  }
  if (!interactive) {
    if (!options.json) note(`No --store given and no terminal to ask: using the embedded default, ${DEFAULT_STORE}.`);
    return STORES[DEFAULT_STORE];
  }
  const { select, isCancel } = await import('@clack/prompts');
  const choice = await select({
    message: 'Where should sessions be stored?',
    initialValue: DEFAULT_STORE,
    options: framework.stores.map((id) => ({ value: id, label: STORES[id].label, hint: STORES[id].hint })),
  });
  if (isCancel(choice)) throw new UserError('Cancelled; nothing was written.', { code: 'cancelled' });
  return STORES[choice as keyof typeof STORES];
}

export async function planAdd(options: AddOptions, interactive: boolean): Promise<Plan> {
  const { project, framework, detection } = await detectAll({ cwd: options.cwd, framework: options.framework, packageManager: options.packageManager, interactive, chooseApp: promptForApp });
  if (!framework || !detection) {
    throw new UserError(`No supported framework found in ${project.root}.`, {
      hint: `session-kit supports ${FRAMEWORKS.map((f) => f.name).join(', ')}. Point --cwd at the app, or pass --framework.`,
      code: 'unsupported',
    });
  }
  const store = await chooseStore(options, framework, interactive);
  const builder = new PlanBuilder(
    {
      command: 'add',
      root: project.root,
      framework: { id: framework.id, name: framework.name, setupFile: detection.setupFile },
      store: store.id,
      packageManager: project.packageManager?.name ?? null,
      ecosystem: project.ecosystem,
    },
    (rel) => project.files.read(rel),
  );
  const style = framework.integration?.style ?? null;
  const storeContext = await resolveStoreContext(project, store, style, detection.setupFile ? [detection.setupFile] : []);
  await framework.plan({ project, detection, builder, options: { store, fixOrder: Boolean(options.fixOrder), storeContext } });
  const knex = knexNotes(store, style, storeContext);
  for (const warning of knex.warnings) builder.warn(warning);
  for (const step of knex.nextSteps) builder.next(step);
  // Connection settings session-kit cannot know (a database URL) must be set before the first start.
  const dotEnv = project.files.read('.env') ?? '';
  for (const v of store.env) {
    if (v.localDefault === undefined && !envKeys(dotEnv).has(v.key) && !storeContext.client) builder.next(`Set ${v.key} in .env (${v.description}, e.g. ${v.example}): the app stops at boot without it.`);
  }
  // The session table, in the project's migration tool, for stores with one in the framework's style.
  if (storeContext.sql && storeContext.migration) {
    await planMigration({ builder, project, store, choice: storeContext.migration, sql: storeContext.sql });
  }
  const plan = builder.finish();
  // Last generic step: record what this plan adds, for `session-kit remove`.
  addManifestToPlan(plan, (rel) => project.files.read(rel));
  if (project.packageManager) plan.installCommands = installCommands(project.packageManager, plan.dependencies);
  return plan;
}

export default async function add(options: AddOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !options.yes && !options.json;
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const plan = await planAdd(options, interactive);
  const install = options.install !== false;

  if (isNoop(plan)) {
    if (options.json) out(JSON.stringify(planToJson(plan, { alreadySetUp: true, applied: false }), null, 2));
    else out(`Sessions are already set up in ${plan.framework.setupFile ?? plan.root} (${plan.framework.name}, ${plan.store} store): nothing to change.`);
    return 0;
  }
  if (options.dryRun) {
    if (options.json) out(JSON.stringify(planToJson(plan, { alreadySetUp: false, applied: false, dryRun: true }), null, 2));
    else out([await renderDiff(plan, color), renderSummary(plan, color), renderReport(plan, color, true)].filter(Boolean).join('\n\n'));
    return 0;
  }
  if (interactive) {
    out([await renderDiff(plan, color), renderSummary(plan, color)].filter(Boolean).join('\n\n'));
    const { confirm, isCancel } = await import('@clack/prompts');
    const ok = await confirm({ message: 'Apply these changes?' });
    if (isCancel(ok) || !ok) throw new UserError('Nothing was written.', { code: 'cancelled' });
  }
  const result = await applyPlan(plan, { install, onStep: (m) => !options.json && note(pc.dim(m)) });
  if (options.json) {
    out(JSON.stringify(planToJson(plan, { alreadySetUp: false, applied: true, installed: result.installed }), null, 2));
    return 0;
  }
  out(renderReport(plan, color, false));
  if (!result.installed && plan.installCommands.length) {
    out(`\nPackages were not installed (--no-install). Run:\n${plan.installCommands.map((c) => `  ${c.join(' ')}`).join('\n')}`);
  }
  // The command to repeat this in CI or a script, pointing at the app that was chosen.
  const where = path.relative(process.cwd(), plan.root);
  out(`\nSame setup without questions: session-kit add --store ${plan.store}${where ? ` --cwd ${where}` : ''} --yes`);
  return 0;
}
