/**
 * What the chosen store adds to a Node app in the framework's integration style:
 * its packages, and the env vars and ignore patterns next to the session secret.
 * Read from the store descriptor; no framework names a store.
 */
import { planEnvFiles } from '../../core/env-files.js';
import type { PlanBuilder } from '../../core/plan.js';
import type { Project } from '../../detect/project.js';
import { storeNeeds, type StoreContext } from '../../stores/context.js';
import type { IntegrationStyle, StoreDescriptor } from '../../stores/types.js';
import { planPackages } from './dependencies.js';
import { sessionEnvVars } from './session-env.js';

export function planStorePackages(
  builder: PlanBuilder,
  project: Project,
  store: StoreDescriptor,
  style: IntegrationStyle,
  context: StoreContext | undefined,
): void {
  planPackages(builder, project, storeNeeds(store, style, context).packages, `the ${store.label} session store`);
}

/**
 * SESSION_SECRET and the store's settings in .env/.env.example, and the store's files in .gitignore.
 * `secret: false` when the app signs with keys of its own (a Koa app's `app.keys`).
 */
export function planSessionEnv(
  builder: PlanBuilder,
  project: Project,
  store: StoreDescriptor,
  style: IntegrationStyle,
  context: StoreContext | undefined,
  { secret = true }: { secret?: boolean } = {},
): void {
  const needs = storeNeeds(store, style, context);
  const vars = sessionEnvVars(needs.env).filter((v) => secret || v.key !== 'SESSION_SECRET');
  planEnvFiles(builder, project.files, vars, needs.ignore);
}

/** The store's own next step (the memory store: not for production). */
export function storeNextStep(builder: PlanBuilder, store: StoreDescriptor): void {
  if (store.nextStep) builder.next(store.nextStep);
}
