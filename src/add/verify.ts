/**
 * add's verify step, between plan and preview: reads the finished plan (the planned
 * contents of every file) against the project and refuses, with a UserError, a plan
 * that would leave the app wrong. Nothing has been shown or written yet when it runs.
 */
import type { Plan } from '../core/plan.js';
import type { Project } from '../detect/project.js';

/** One check of a finished plan; it throws a UserError to refuse the plan. */
export type PlanCheck = (plan: Plan, project: Project) => void | Promise<void>;

/** The checks every add plan passes, in order. */
export const PLAN_CHECKS: readonly PlanCheck[] = [];

export async function verifyPlan(plan: Plan, project: Project, checks: readonly PlanCheck[] = PLAN_CHECKS): Promise<void> {
  for (const check of checks) await check(plan, project);
}
