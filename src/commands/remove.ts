/**
 * `session-kit remove`: undo `add` from its manifest → preview → apply → report.
 * Keeps .env (the secret), migrations (the data) and ignore rules, and says so.
 */
import pc from 'picocolors';
import { applyPlan } from '../core/apply.js';
import { UserError } from '../core/errors.js';
import { formatCommand } from '../core/install.js';
import { isNoop } from '../core/plan.js';
import { planToJson, renderDiff, renderReport } from '../core/render.js';
import { planRemove, type KeptItem } from '../remove/plan.js';
import type { CommandOptions } from './run.js';

export interface RemoveOptions extends CommandOptions {
  dryRun?: boolean;
  yes?: boolean;
  install?: boolean;
}

const out = (text: string) => process.stdout.write(`${text}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

function renderKept(kept: KeptItem[], color: boolean): string {
  if (kept.length === 0) return '';
  const c = color ? pc : pc.createColors(false);
  return [c.bold('Kept:'), ...kept.map((k) => `  ${k.path}  ${c.dim(k.reason)}`)].join('\n');
}

function renderUninstall(commands: string[][], color: boolean, done: boolean | null): string {
  if (commands.length === 0) return '';
  const c = color ? pc : pc.createColors(false);
  const title = done === null ? 'Uninstall:' : done ? 'Uninstalled:' : 'Packages were not uninstalled (--no-install). Run:';
  return [c.bold(title), ...commands.map((cmd) => `  ${formatCommand(cmd)}`)].join('\n');
}

export default async function remove(options: RemoveOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !options.yes && !options.json;
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const { plan, kept } = await planRemove(options.cwd ?? '.');
  const install = options.install !== false;

  if (isNoop(plan)) {
    if (options.json) out(JSON.stringify(planToJson(plan, { applied: false, nothingToRemove: true, kept }), null, 2));
    else out(['Nothing to remove: what session-kit add recorded is already gone.', renderKept(kept, color)].filter(Boolean).join('\n\n'));
    return 0;
  }
  if (options.dryRun) {
    if (options.json) out(JSON.stringify(planToJson(plan, { applied: false, dryRun: true, kept }), null, 2));
    else out([await renderDiff(plan, color), renderReport(plan, color, true), renderUninstall(plan.installCommands, color, null), renderKept(kept, color)].filter(Boolean).join('\n\n'));
    return 0;
  }
  if (interactive) {
    out([await renderDiff(plan, color), renderUninstall(plan.installCommands, color, null), renderKept(kept, color)].filter(Boolean).join('\n\n'));
    const { confirm, isCancel } = await import('@clack/prompts');
    const ok = await confirm({ message: 'Remove the session setup?' });
    if (isCancel(ok) || !ok) throw new UserError('Nothing was changed.', { code: 'cancelled' });
  }
  const result = await applyPlan(plan, { install, onStep: (m) => !options.json && note(pc.dim(m.replace(/^Installing/, 'Uninstalling'))) });
  if (options.json) {
    out(JSON.stringify(planToJson(plan, { applied: true, uninstalled: result.installed, kept }), null, 2));
    return 0;
  }
  out([renderReport(plan, color, false), renderUninstall(plan.installCommands, color, result.installed), renderKept(kept, color)].filter(Boolean).join('\n\n'));
  return 0;
}
