/**
 * Runs one loaded command module and turns its outcome into an exit code.
 * Expected failures (UserError) print one clear message; nothing else prints a stack
 * unless SESSION_KIT_DEBUG is set. Kept apart from run.ts so the check bundle reaches
 * the check command alone, not every command's loader.
 */
import type { CommandOptions } from './options.js';

export interface CommandModule {
  default: (options: never) => Promise<number>;
}

export async function runCommandModule(load: () => Promise<CommandModule>, options: CommandOptions): Promise<void> {
  const { UserError, errorToJson, formatUserError } = await import('../core/errors.js');
  try {
    const module = await load();
    process.exitCode = await module.default(options as never);
  } catch (error) {
    const json = options.json || options.format === 'json';
    if (error instanceof UserError) {
      if (json) process.stdout.write(`${JSON.stringify(errorToJson(error), null, 2)}\n`);
      else if (!error.shown) process.stderr.write(`${formatUserError(error)}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = (error as Error)?.message ?? String(error);
    // A machine reading --json / --format json gets an object even for a failure nobody planned.
    if (json)
      process.stdout.write(
        `${JSON.stringify({ ok: false, error: { code: 'unexpected', message: `unexpected error: ${message}`, where: null, hint: 'Nothing was written. Re-run with SESSION_KIT_DEBUG=1 for details and report it.', manual: null } }, null, 2)}\n`,
      );
    process.stderr.write(`session-kit: unexpected error: ${message}\n`);
    if (process.env.SESSION_KIT_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    else process.stderr.write('Nothing was written. Re-run with SESSION_KIT_DEBUG=1 for details and report it.\n');
    process.exitCode = 2;
  }
}
