/**
 * Which compiled-code cache a run uses (startup/code-cache.ts). A cache holds the
 * functions the run that wrote it compiled, so runs that use different code keep
 * different caches: one per command, and for a Rust project (a Cargo.toml and no
 * package.json where the command looks) one apart from Node projects, whose parser
 * and recognisers share nothing with Pavex's. A wrong guess only costs speed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const COMMANDS = new Set(['add', 'info', 'check', 'remove', 'migrate']);

/** The value of --cwd in argv (either form), else '.'. */
function cwdOption(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--cwd' && argv[i + 1] !== undefined) return argv[i + 1];
    if (argv[i].startsWith('--cwd=')) return argv[i].slice('--cwd='.length);
  }
  return '.';
}

export function codeCacheName(argv: readonly string[]): string {
  const command = COMMANDS.has(argv[0]) ? argv[0] : 'cli';
  if (command === 'cli') return command;
  const dir = path.resolve(cwdOption(argv));
  const rust = existsSync(path.join(dir, 'Cargo.toml')) && !existsSync(path.join(dir, 'package.json'));
  return rust ? `${command}-rust` : command;
}
