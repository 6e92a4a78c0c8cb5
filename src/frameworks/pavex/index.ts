/**
 * Pavex (Rust). The module object is data plus small functions; parsers (tree-sitter
 * wasm, toml-eslint-parser, yaml) load inside plan/recognise so the CLI starts fast.
 */
import type { Project } from '../../detect/project.js';
import { STORE_IDS } from '../../stores/types.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { detectPavex, locatePavexApp } from './detect.js';
import { PAVEX_ORDERING, PAVEX_REQUIREMENTS, PAVEX_STEP_KINDS } from './rules.js';

async function recognise(project: Project, _detection: FrameworkDetection): Promise<SessionStep[]> {
  const app = locatePavexApp(project);
  if (!app?.blueprint) return [];
  const text = project.files.read(app.blueprint);
  if (text === null) return [];
  // analyseBlueprint reads the usual blueprint.rs with the quick parser, without starting
  // tree-sitter's wasm (~15 ms and ~9 MB); anything else, syntax errors included, goes to tree-sitter.
  const { analyseBlueprint, stepsOf } = await import('./blueprint.js');
  const { manualLines } = await import('./manual-lines.js');
  return stepsOf(await analyseBlueprint(app.blueprint, text, manualLines('bp', 'memory')));
}

export const pavex: FrameworkModule = {
  id: 'pavex',
  name: 'Pavex',
  ecosystem: 'rust',
  // No integration style: Pavex wires its stores through its own crates table.
  stores: STORE_IDS,
  stepKinds: PAVEX_STEP_KINDS,
  ordering: PAVEX_ORDERING,
  requirements: PAVEX_REQUIREMENTS,
  detect: detectPavex,
  async plan(ctx: PlanContext): Promise<void> {
    const { planPavex } = await import('./add.js');
    await planPavex(ctx);
  },
  recognise,
  async extraChecks(project, _detection, steps) {
    const { pavexExtraChecks } = await import('./checks.js');
    return pavexExtraChecks(project, steps);
  },
};
