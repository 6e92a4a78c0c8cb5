/**
 * How to run session-kit again, as this run was started: every command session-kit
 * prints (next steps, hints, "same setup without questions") starts with it, so it runs
 * as printed from a clone as well as from the registry.
 *
 * - `npx session-kit`: installed from the registry (npx cache, the app's node_modules,
 *   or anything unrecognised, e.g. the test runner running the source in-process)
 * - `session-kit`: a bin on PATH (`npm link` in a clone, or `npm install -g`)
 * - `npx /path/to/clone`: `npx /path/to/clone ...` (npx links the folder into its cache)
 * - `node /path/to/clone/bin/session-kit.cjs`: the clone's bin run with node
 */
import { realpathSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Invocation {
  /** process.argv[1]: the script node was started with, before symlinks are resolved. */
  script: string | undefined;
  /** PATH of this run. */
  pathEnv: string | undefined;
  realpath: (file: string) => string;
  /** The package name of a package.json, or null when there is none. */
  packageName: (dir: string) => string | null;
}

const BIN_NAMES = new Set(['session-kit', 'create-session', 'session-kit.cjs']);
export const REGISTRY_COMMAND = 'npx session-kit';

/** A word as a POSIX shell reads it back unchanged. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function selfCommandFor(run: Invocation): string {
  const { script } = run;
  if (!script || !BIN_NAMES.has(path.basename(script))) return REGISTRY_COMMAND;
  let real: string;
  try {
    real = run.realpath(script);
  } catch {
    return REGISTRY_COMMAND;
  }
  const packageRoot = path.dirname(path.dirname(real));
  if (path.basename(real) !== 'session-kit.cjs' || run.packageName(packageRoot) !== 'session-kit')
    return REGISTRY_COMMAND;
  const scriptDir = path.dirname(script);
  const segments = script.split(/[\\/]/);
  const viaNpx = segments.includes('_npx');
  // npm puts node_modules/.bin folders on PATH only while it runs a script or npx: not the user's PATH.
  const inBinFolder = path.basename(scriptDir) === '.bin' && path.basename(path.dirname(scriptDir)) === 'node_modules';
  const onPath =
    !inBinFolder &&
    path.basename(script) !== 'session-kit.cjs' &&
    (run.pathEnv ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .some((dir) => path.resolve(dir) === path.resolve(scriptDir));
  const installed = real.split(/[\\/]/).includes('node_modules');
  if (installed) {
    // From the registry: npx's cache, the app's own devDependency, or a global install on PATH.
    return !viaNpx && onPath ? 'session-kit' : REGISTRY_COMMAND;
  }
  // A clone (its files are not inside a node_modules).
  if (viaNpx) return `npx ${shellWord(packageRoot)}`;
  if (onPath) return 'session-kit';
  if (inBinFolder) return REGISTRY_COMMAND; // linked into the app (`npm link session-kit`): npx finds it there
  return `node ${shellWord(real)}`;
}

let cached: string | undefined;

/** How this process was started, as a command prefix (see the file comment). */
export function selfPrefix(): string {
  cached ??= selfCommandFor({
    script: process.argv[1],
    pathEnv: process.env.PATH,
    realpath: (file) => realpathSync(file),
    packageName: (dir) => {
      try {
        return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name ?? null;
      } catch {
        return null;
      }
    },
  });
  return cached;
}

/**
 * A session-kit command to print: `selfCommand('migrate', { root })` is
 * `npx session-kit migrate`, with `--cwd <root>` (as typed from here) when the app is
 * not the folder this runs in.
 */
export function selfCommand(args: string, options: { root?: string } = {}): string {
  const where = options.root ? path.relative(process.cwd(), options.root) : '';
  return `${selfPrefix()} ${args}${where ? ` --cwd ${shellWord(where)}` : ''}`;
}
