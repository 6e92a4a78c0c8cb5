/**
 * actix-web 4 with actix-session (Rust). The module object is data plus small functions;
 * tree-sitter and the TOML editor load inside plan/recognise so the CLI starts fast.
 */
import type { Project } from '../../detect/project.js';
import { STORE_IDS } from '../../stores/types.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { detectActix, locateActixApp } from './detect.js';
import { ACTIX_ORDERING, ACTIX_REQUIREMENTS, ACTIX_STEP_KINDS } from './rules.js';

async function recognise(project: Project, _detection: FrameworkDetection): Promise<SessionStep[]> {
  const app = locateActixApp(project);
  if (!app) return [];
  const { recogniseActix } = await import('./app.js');
  return recogniseActix(project.files, app);
}

export const actixWeb: FrameworkModule = {
  id: 'actix-web',
  name: 'actix-web',
  ecosystem: 'rust',
  // No integration style: the store crates and modules are chosen in store-crates.ts.
  stores: STORE_IDS,
  stepKinds: ACTIX_STEP_KINDS,
  ordering: ACTIX_ORDERING,
  requirements: ACTIX_REQUIREMENTS,
  detect: detectActix,
  async plan(ctx: PlanContext): Promise<void> {
    const { planActix } = await import('./add.js');
    await planActix(ctx);
  },
  recognise,
  async extraChecks(project) {
    const { actixExtraChecks } = await import('./checks.js');
    return actixExtraChecks(project);
  },
};
