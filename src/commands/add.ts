/** `session-kit add`: detect → plan → verify (src/add/), then preview → apply → report. */
import { planAdd } from '../add/pipeline.js';
import type { AddOptions } from '../add/options.js';
import { addMessages } from '../add/report.js';
import { runPlan, terminalFor } from '../core/plan-runner.js';

export default async function add(options: AddOptions): Promise<number> {
  const terminal = terminalFor(options);
  const plan = await planAdd({ ...options, declareDependencies: options.install === false }, terminal.interactive);
  return runPlan(plan, addMessages(plan, terminal.color, options), options, terminal);
}
