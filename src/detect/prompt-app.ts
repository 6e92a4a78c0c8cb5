/**
 * The terminal prompt for detection's question at a monorepo root: which app gets sessions.
 * add and info hand it to detection as `chooseApp`; detection itself never imports it,
 * so `check` loads no prompt library.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { WorkspaceApp } from './index.js';

export async function promptForApp(workspaceRoot: string, apps: WorkspaceApp[]): Promise<string> {
  const { select, isCancel } = await import('@clack/prompts');
  const choice = await select({
    message: 'Which app should get sessions?',
    options: apps.map((a) => ({ value: a.dir, label: path.relative(workspaceRoot, a.dir), hint: a.framework })),
  });
  if (isCancel(choice)) throw new UserError('Cancelled; nothing was written.', { code: 'cancelled' });
  return choice as string;
}
