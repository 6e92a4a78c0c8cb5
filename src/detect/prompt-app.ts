/**
 * The terminal prompt for detection's question at a monorepo root: which app gets sessions.
 * add and info hand it to detection as `chooseApp`; detection itself never imports it,
 * so `check` loads no prompt library.
 */
import path from 'node:path';
import { cancelFlow } from '../core/flow.js';
import type { WorkspaceApp } from './index.js';

export async function promptForApp(workspaceRoot: string, apps: WorkspaceApp[]): Promise<string> {
  const { select, isCancel } = await import('@clack/prompts');
  const choice = await select({
    message: 'Which app should get sessions?',
    options: apps.map((a) => ({ value: a.dir, label: path.relative(workspaceRoot, a.dir), hint: a.framework })),
  });
  if (isCancel(choice)) return cancelFlow('Cancelled; nothing was written.');
  return choice as string;
}
