/**
 * Loads a command module on demand (commander's actions call this) and runs it
 * with run-module.ts, which owns exit codes and error messages.
 */
import type { CommandOptions } from './options.js';
import { runCommandModule } from './run-module.js';

export type CommandName = 'add' | 'info' | 'check' | 'check-fix' | 'remove' | 'migrate';

const loaders = {
  add: () => import('./add.js'),
  info: () => import('./info.js'),
  check: () => import('./check.js'),
  'check-fix': () => import('./check-fix.js'),
  remove: () => import('./remove.js'),
  migrate: () => import('./migrate.js'),
} as const;

export function runCommand(name: CommandName, options: CommandOptions): Promise<void> {
  return runCommandModule(loaders[name], options);
}
