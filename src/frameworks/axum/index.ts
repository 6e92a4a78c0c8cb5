/**
 * axum with tower-sessions (Rust). The module object is data plus small functions;
 * tree-sitter and the TOML editor load inside plan/recognise so the CLI starts fast.
 */
import type { Project } from '../../detect/project.js';
import { STORE_IDS } from '../../stores/types.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { detectAxum, locateAxumApp } from './detect.js';
import { AXUM_ORDERING, AXUM_REQUIREMENTS, AXUM_STEP_KINDS } from './rules.js';

async function recognise(project: Project, _detection: FrameworkDetection): Promise<SessionStep[]> {
  const app = locateAxumApp(project);
  if (!app) return [];
  const { recogniseAxum } = await import('./router.js');
  return recogniseAxum(project.files, app);
}

export const axum: FrameworkModule = {
  id: 'axum',
  name: 'axum',
  ecosystem: 'rust',
  // No integration style: the store crates are chosen in crates.ts.
  stores: STORE_IDS,
  stepKinds: AXUM_STEP_KINDS,
  ordering: AXUM_ORDERING,
  requirements: AXUM_REQUIREMENTS,
  detect: detectAxum,
  async plan(ctx: PlanContext): Promise<void> {
    const { planAxum } = await import('./add.js');
    await planAxum(ctx);
  },
  recognise,
  async extraChecks(project) {
    const { axumExtraChecks } = await import('./checks.js');
    return axumExtraChecks(project);
  },
};
