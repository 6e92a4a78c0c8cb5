/**
 * Warm runs of `check` (pre-commit hooks, watch scripts, repeated CI steps on one
 * machine) reuse the last result when nothing it read has changed. The first run
 * records every file-system observation it makes (file contents as hashes,
 * directory listings, existence and type checks) through node:fs; a later run with
 * the same arguments, working directory, Node and session-kit build replays those
 * observations and, only if every one still holds, prints the stored report without
 * loading detection, the framework modules or the parser. Check reads nothing else
 * (no environment, no clock), so an unchanged observation set means an unchanged
 * result. Off in CI; SESSION_KIT_CACHE=0/1 turns it off/on.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheBaseDir } from '../core/cache-dir.js';
import type { CheckReport } from './types.js';
import { selfPrefix } from '../core/self-command.js';

declare const SESSION_KIT_VERSION: string;

type Observation = [op: 'read' | 'exists' | 'list' | 'listTypes' | 'stat', file: string, result: string];

interface CacheEntry {
  key: string;
  observations: Observation[];
  report: CheckReport;
}

const CACHE_FORMAT = 1;

const digest = (data: string | Buffer) => createHash('sha1').update(data).digest('hex');

/** What the result depends on besides the files: arguments, where it runs, and which build runs. */
export function cacheKey(args: { cwd: string; paths: string[]; strict: boolean }): string {
  let build = '';
  try {
    build = String(fs.statSync(fileURLToPath(import.meta.url)).mtimeMs);
  } catch {
    build = 'unknown';
  }
  const version = typeof SESSION_KIT_VERSION === 'string' ? SESSION_KIT_VERSION : 'dev';
  return JSON.stringify({
    format: CACHE_FORMAT,
    version,
    build,
    node: process.version,
    workingDirectory: process.cwd(),
    // Messages name the command that runs session-kit (core/self-command.ts).
    self: selfPrefix(),
    ...args,
  });
}

function entryFile(key: string): string {
  return path.join(cacheBaseDir(), `check-${digest(key)}.json`);
}

function pathOf(value: unknown): string | null {
  if (typeof value === 'string') return path.resolve(value);
  if (value instanceof URL) return fileURLToPath(value);
  return null;
}

const names = (entries: unknown[]) =>
  digest(
    entries
      .map((e) => (typeof e === 'string' ? e : String((e as fs.Dirent).name)))
      .sort()
      .join('\n'),
  );
const typedNames = (entries: fs.Dirent[]) =>
  digest(
    entries
      .map((d) => `${d.name}:${d.isDirectory() ? 'd' : d.isFile() ? 'f' : 'o'}`)
      .sort()
      .join('\n'),
  );
const statKind = (stat: fs.Stats) => (stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other');
const failure = (error: unknown) => `error:${(error as NodeJS.ErrnoException).code ?? 'unknown'}`;

/** The result of one observation, as the real node:fs gives it now. */
function observe(op: Observation[0], file: string): string {
  try {
    switch (op) {
      case 'read':
        return digest(fs.readFileSync(file));
      case 'exists':
        return String(fs.existsSync(file));
      case 'list':
        return names(fs.readdirSync(file));
      case 'listTypes':
        return typedNames(fs.readdirSync(file, { withFileTypes: true }));
      case 'stat':
        return statKind(fs.statSync(file));
    }
  } catch (error) {
    return failure(error);
  }
}

/** The stored report, if every observation it was built on still holds. */
export function cachedReport(key: string): CheckReport | null {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(fs.readFileSync(entryFile(key), 'utf8')) as CacheEntry;
  } catch {
    return null;
  }
  if (entry.key !== key) return null;
  for (const [op, file, result] of entry.observations) if (observe(op, file) !== result) return null;
  return entry.report;
}

type Patched = Pick<typeof fs, 'readFileSync' | 'existsSync' | 'readdirSync' | 'statSync'>;

/**
 * Runs `work` while recording every synchronous node:fs observation, then stores the
 * report with them. Anything the recorder cannot describe (a file descriptor, an
 * asynchronous read) makes the run uncacheable rather than wrongly cached.
 */
export async function recordReport(key: string, work: () => Promise<CheckReport>): Promise<CheckReport> {
  const observations = new Map<string, Observation>();
  let cacheable = true;
  const original: Patched = {
    readFileSync: fs.readFileSync,
    existsSync: fs.existsSync,
    readdirSync: fs.readdirSync,
    statSync: fs.statSync,
  };
  // What the run saw, at the moment it saw it: a file changed during the run then
  // differs on the next run and forces a fresh check.
  const note = (op: Observation[0], target: unknown, result: string) => {
    const file = pathOf(target);
    if (file === null) {
      cacheable = false;
      return;
    }
    const id = `${op}\0${file}`;
    const seen = observations.get(id);
    if (seen && seen[2] !== result) cacheable = false;
    else observations.set(id, [op, file, result]);
  };
  const recorded = <T>(
    call: () => T,
    describe: (value: T) => [Observation[0], string],
    target: unknown,
    failedOp: Observation[0],
  ): T => {
    let value: T;
    try {
      value = call();
    } catch (error) {
      note(failedOp, target, failure(error));
      throw error;
    }
    const [op, result] = describe(value);
    note(op, target, result);
    return value;
  };
  const patched: Patched = {
    readFileSync: function (this: unknown, ...args: unknown[]) {
      const call = () => (original.readFileSync as (...a: unknown[]) => string | Buffer).apply(this, args);
      return recorded(
        call,
        (v) => ['read', digest(typeof v === 'string' ? Buffer.from(v, 'utf8') : v)],
        args[0],
        'read',
      );
    } as Patched['readFileSync'],
    existsSync: function (this: unknown, ...args: unknown[]) {
      const value = (original.existsSync as (...a: unknown[]) => boolean).apply(this, args);
      note('exists', args[0], String(value));
      return value;
    } as Patched['existsSync'],
    readdirSync: function (this: unknown, ...args: unknown[]) {
      const typed =
        typeof args[1] === 'object' &&
        args[1] !== null &&
        (args[1] as { withFileTypes?: boolean }).withFileTypes === true;
      const call = () => (original.readdirSync as (...a: unknown[]) => unknown[]).apply(this, args);
      return recorded(
        call,
        (v) => (typed ? ['listTypes', typedNames(v as fs.Dirent[])] : ['list', names(v)]),
        args[0],
        typed ? 'listTypes' : 'list',
      );
    } as Patched['readdirSync'],
    statSync: function (this: unknown, ...args: unknown[]) {
      const call = () => (original.statSync as (...a: unknown[]) => fs.Stats | undefined).apply(this, args);
      return recorded(call, (v) => ['stat', v ? statKind(v) : 'error:ENOENT'], args[0], 'stat');
    } as Patched['statSync'],
  };
  const asyncRead = fs.promises.readFile;
  Object.assign(fs, patched);
  fs.promises.readFile = ((...args: Parameters<typeof asyncRead>) => {
    // Node's ESM loader reads modules (session-kit's own chunks) through here, by URL;
    // a project file read asynchronously cannot be replayed, so it disables the cache.
    if (!(args[0] instanceof URL)) cacheable = false;
    return asyncRead(...args);
  }) as typeof asyncRead;
  syncBuiltinESMExports();
  let report: CheckReport;
  try {
    report = await work();
  } finally {
    Object.assign(fs, original);
    fs.promises.readFile = asyncRead;
    syncBuiltinESMExports();
  }
  if (cacheable) {
    try {
      const entry: CacheEntry = { key, observations: [...observations.values()], report };
      const target = entryFile(key);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(entry));
      fs.renameSync(temp, target);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
  return report;
}
