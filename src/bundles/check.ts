/**
 * The check bundle: `session-kit check` in its plain forms (check/args.ts), the
 * command CI runs most. It holds detection, the parser and the rules, and none of
 * commander, prompts, the installer or the diff library.
 */
import { fastCheckArgs } from '../check/args.js';
import { runCommandModule } from '../commands/run-module.js';

export async function main(argv: string[]): Promise<void> {
  const args = fastCheckArgs(argv);
  if (args === null) throw new Error(`internal: the check bundle was given other arguments: ${argv.join(' ')}`);
  await runCommandModule(() => import('../commands/check.js'), args);
}
