/**
 * add's plan step: the framework contributes the session setup, then the generic
 * parts every framework gets (store context, connection settings, the session table's
 * migration, the record for `remove`, install commands).
 */
import { envKeys } from '../core/env-files.js';
import { installCommands, installDeclaredCommand } from '../core/install.js';
import { addManifestToPlan, MANIFEST_FILE } from '../core/manifest.js';
import { PlanBuilder, type Plan } from '../core/plan.js';
import { planMigration } from '../migrations/plan-migration.js';
import { planEnvLoading } from '../frameworks/node/env-loading.js';
import { knexNotes, resolveStoreContext } from '../stores/context.js';
import { declareDependencies } from './declare-dependencies.js';
import type { AddTarget } from './detect.js';
import type { AddOptions } from './options.js';

export async function planSetup(
  { project, framework, detection, store }: AddTarget,
  options: AddOptions,
): Promise<Plan> {
  const builder = new PlanBuilder(
    {
      command: 'add',
      root: project.root,
      framework: { id: framework.id, name: framework.name, setupFile: detection.setupFile },
      store: store.id,
      packageManager: project.packageManager?.name ?? null,
      ecosystem: project.ecosystem,
    },
    (rel) => project.files.readTarget(rel),
  );
  const style = framework.integration?.style ?? null;
  const storeContext = await resolveStoreContext(
    project,
    store,
    style,
    detection.setupFile ? [detection.setupFile] : [],
  );
  await framework.plan({
    project,
    detection,
    builder,
    options: { store, fixOrder: Boolean(options.fixOrder), storeContext },
  });
  // The commands that start the app must load the .env the session reads (first next step otherwise):
  // for the session this plan sets up, or one an earlier add set up (`add --load-env` after declining);
  // a --fix-order repair of the app's own session writes no variable and leaves them alone.
  if (
    project.ecosystem === 'node' &&
    detection.setupFile &&
    (builder.plan.env.length > 0 || project.files.read(MANIFEST_FILE) !== null) &&
    project.packageManager?.name !== 'bun'
  ) {
    const proposal = await planEnvLoading(builder, project, detection.setupFile, Boolean(options.loadEnv));
    if (!options.loadEnv && proposal && (proposal.edits.length || proposal.loaders.length))
      builder.plan.repeatFlags = ['--no-load-env'];
  }
  const oldNode = olderNodeWarning(project, builder.plan.dependencies);
  if (oldNode) builder.warn(oldNode);
  const knex = knexNotes(store, style, storeContext);
  for (const warning of knex.warnings) builder.warn(warning);
  for (const step of knex.nextSteps) builder.next(step);
  // Connection settings session-kit cannot know (a database URL) must be set before the first start.
  const dotEnv = project.files.read('.env') ?? '';
  // Only the variables the plan declares: a framework that hands the store the app's own
  // client or pool (axum's shared sqlx pool) declares none.
  const declared = new Set(builder.plan.env.map((v) => v.key));
  for (const v of store.env) {
    if (v.localDefault === undefined && declared.has(v.key) && !envKeys(dotEnv).has(v.key) && !storeContext.client)
      builder.next(`Set ${v.key} in .env (${v.description}, e.g. ${v.example}): the app stops at boot without it.`);
  }
  // The session table, in the project's migration tool, for stores with one in the framework's style.
  if (storeContext.sql && storeContext.migration) {
    await planMigration({ builder, project, store, choice: storeContext.migration, sql: storeContext.sql });
  }
  const declare = Boolean(options.declareDependencies) && project.ecosystem === 'node';
  if (declare) await declareDependencies(builder);
  const plan = builder.finish();
  // Last generic step: record what this plan adds, for `session-kit remove`.
  addManifestToPlan(plan, (rel) => project.files.readTarget(rel));
  if (project.packageManager && plan.dependencies.length) {
    plan.installCommands = declare
      ? [installDeclaredCommand(project.packageManager)]
      : installCommands(project.packageManager, plan.dependencies);
  }
  return plan;
}

/** Session-kit chooses its packages for Node 20 and later; an app that declares an older Node is told, not silently given them. */
function olderNodeWarning(project: AddTarget['project'], dependencies: Plan['dependencies']): string | null {
  const node = project.node;
  if (project.ecosystem !== 'node' || !node || node.major >= 20 || node.source === 'running node') return null;
  const packages = dependencies.filter((d) => !d.dev).map((d) => `${d.name}@${d.version}`);
  if (!packages.length) return null;
  return `The app declares Node ${node.range ?? node.major} (${node.source}), but the packages planned (${packages.join(', ')}) are chosen for Node 20 and later, and some need Node 18 or newer: run the app on Node 20+ and raise ${node.source}, or pin older majors by hand.`;
}
