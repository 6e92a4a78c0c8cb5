/**
 * Loads a command module on demand and turns its outcome into an exit code.
 * Expected failures (UserError) print one clear message; nothing else prints a stack
 * unless SESSION_KIT_DEBUG is set.
 */
export type CommandName = 'add' | 'info' | 'check' | 'remove' | 'migrate';

export interface CommandOptions {
  cwd: string;
  json?: boolean;
  format?: string;
  [key: string]: unknown;
}

export async function runCommand(name: CommandName, options: CommandOptions): Promise<void> {
  const { UserError, errorToJson, formatUserError } = await import('../core/errors.js');
  try {
    const loaders = {
      add: () => import('./add.js'),
      info: () => import('./info.js'),
      check: () => import('./check.js'),
      remove: () => import('./remove.js'),
      migrate: () => import('./migrate.js'),
    } as const;
    const module = await loaders[name]();
    process.exitCode = await module.default(options);
  } catch (error) {
    const json = options.json || options.format === 'json';
    if (error instanceof UserError) {
      if (json) process.stdout.write(`${JSON.stringify(errorToJson(error), null, 2)}\n`);
      else process.stderr.write(`${formatUserError(error)}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = (error as Error)?.message ?? String(error);
    process.stderr.write(`session-kit: unexpected error: ${message}\n`);
    if (process.env.SESSION_KIT_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    else process.stderr.write('Nothing was written. Re-run with SESSION_KIT_DEBUG=1 for details and report it.\n');
    process.exitCode = 2;
  }
}
