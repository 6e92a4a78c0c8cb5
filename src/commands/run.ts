/**
 * Loads a command module on demand (commander's actions call this) and runs it
 * with run-module.ts, which owns exit codes and error messages.
 */
import { runCommandModule } from './run-module.js';

export type CommandName = 'add' | 'info' | 'check' | 'remove' | 'migrate';

export interface CommandOptions {
  cwd: string;
  json?: boolean;
  format?: string;
  [key: string]: unknown;
}

const loaders = {
  add: () => import('./add.js'),
  info: () => import('./info.js'),
  check: () => import('./check.js'),
  remove: () => import('./remove.js'),
  migrate: () => import('./migrate.js'),
} as const;

export function runCommand(name: CommandName, options: CommandOptions): Promise<void> {
  return runCommandModule(loaders[name], options);
}
