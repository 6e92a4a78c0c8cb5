/**
 * The add pipeline up to a verified plan: detect → plan → verify. The command hands
 * the plan to the shared runner (core/plan-runner.ts) for preview → apply → report.
 */
import { refuseOutsideProject } from '../core/apply.js';
import type { Plan } from '../core/plan.js';
import { detectTarget } from './detect.js';
import type { AddOptions } from './options.js';
import { planSetup } from './plan-setup.js';
import { verifyPlan } from './verify.js';

export async function planAdd(options: AddOptions, interactive: boolean): Promise<Plan> {
  const target = await detectTarget(options, interactive);
  const plan = await planSetup(target, options);
  // A change outside the project is refused as such, before verify reads the planned files.
  refuseOutsideProject(plan);
  await verifyPlan(plan, { ...target, fixOrder: Boolean(options.fixOrder) });
  return plan;
}
