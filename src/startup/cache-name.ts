/**
 * Which compiled-code cache a run uses (startup/code-cache.ts). A cache holds the
 * functions the run that wrote it compiled, and is never rewritten while V8 accepts it,
 * so runs that use different code keep different caches: one per command, and per kind
 * of project: a Rust project (a Cargo.toml and no package.json where the command
 * looks), or a Node project by its framework package (each has its own recogniser), and
 * for `check` a Node project that declares no session package (check's quick answer
 * compiles almost nothing: a cache it wrote would leave every later check compiling
 * the rest). Read from the project's own package.json, cheaply; a wrong guess only costs
 * speed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { declaredPackageNames, SESSION_PACKAGE } from '../check/session-package.js';
import { MANIFEST_FILE } from '../core/manifest-file.js';

const COMMANDS = new Set(['add', 'info', 'check', 'remove', 'migrate']);

/** Framework packages, first match wins: Nest apps also depend on express or fastify. */
const FAMILIES: [string, string][] = [
  ['@nestjs/core', 'nest'],
  ['fastify', 'fastify'],
  ['koa', 'koa'],
  ['hono', 'hono'],
  ['express', 'express'],
];

/** The value of --cwd in argv (either form), else '.'. */
function cwdOption(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--cwd' && argv[i + 1] !== undefined) return argv[i + 1];
    if (argv[i].startsWith('--cwd=')) return argv[i].slice('--cwd='.length);
  }
  return '.';
}

/** The kind of Node project by its package.json: a framework's name, 'none' (no session package, for check), or null. */
function nodeFamily(packageJson: string, command: string): string | null {
  const names = declaredPackageNames(packageJson);
  if (names === null) return null;
  if (
    command === 'check' &&
    !names.some((n) => SESSION_PACKAGE.test(n)) &&
    !existsSync(path.join(path.dirname(packageJson), MANIFEST_FILE))
  )
    return 'none';
  return FAMILIES.find(([pkg]) => names.includes(pkg))?.[1] ?? null;
}

export function codeCacheName(argv: readonly string[]): string {
  const command = COMMANDS.has(argv[0]) ? argv[0] : 'cli';
  if (command === 'cli') return command;
  const dir = path.resolve(cwdOption(argv));
  const packageJson = path.join(dir, 'package.json');
  if (!existsSync(packageJson)) return existsSync(path.join(dir, 'Cargo.toml')) ? `${command}-rust` : command;
  const family = nodeFamily(packageJson, command);
  return family ? `${command}-${family}` : command;
}
