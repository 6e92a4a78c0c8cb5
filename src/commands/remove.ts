/**
 * `session-kit remove`: undo `add` from its manifest (src/remove/), then preview → apply → report.
 * Keeps .env (the secret), migrations (the data) and ignore rules, and says so.
 */
import { runPlan, terminalFor, type RunFlags } from '../core/plan-runner.js';
import { planRemove } from '../remove/plan.js';
import { removeMessages } from '../remove/report.js';

export interface RemoveOptions extends RunFlags {
  cwd?: string;
}

export default async function remove(options: RemoveOptions): Promise<number> {
  const terminal = terminalFor(options);
  const { plan, kept } = await planRemove(options.cwd ?? '.');
  return runPlan(plan, removeMessages(plan, kept, terminal.color), options, terminal);
}
