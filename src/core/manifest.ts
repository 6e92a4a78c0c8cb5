/**
 * `.session-kit.json`: what `add` did, so `remove` can undo exactly that and nothing
 * else. Written by add as one more planned file, at the project root, meant to be
 * committed. The format is versioned (`manifestVersion`) and only ever gains fields;
 * it is documented in the README. It never holds a secret: files with role `env`
 * are recorded by name only.
 */
import { createHash } from 'node:crypto';
import { lineColumn } from '../edit/lines.js';
import { spliceBetween, type Splice } from '../edit/splice.js';
import { secretValues, type FileRole, type Plan } from './plan.js';
import { selfCommand } from './self-command.js';

import { MANIFEST_FILE } from './manifest-file.js';

export { MANIFEST_FILE };
export const MANIFEST_VERSION = 1;
/** Characters of original text kept on each side of an insertion, to find it again. */
const CONTEXT = 60;

/** One text change add made to an existing file. */
export interface ManifestInsertion {
  /** The text add inserted. */
  text: string;
  /** The original text it replaced ('' for a pure insertion). */
  replaced: string;
  /** Original text just before and just after the change. */
  before: string;
  after: string;
  /** 1-based line of the inserted text right after add, for messages. */
  line: number;
}

export interface ManifestFile {
  path: string;
  action: 'created' | 'edited';
  role: FileRole;
  /** created: sha256 of the content add wrote; remove deletes the file only while it matches. */
  sha256?: string;
  /** edited: the changes, in file order. */
  insertions?: ManifestInsertion[];
  /** Why remove keeps this file's changes (secrets, migrations, ignore rules). */
  keep?: string;
}

export interface ManifestDependency {
  name: string;
  version: string;
  dev: boolean;
}

export interface Manifest {
  manifestVersion: number;
  tool: 'session-kit';
  framework: string;
  store: string | null;
  ecosystem: 'node' | 'rust';
  files: ManifestFile[];
  /** Packages (or crates) add installed; ones the project already had are not listed. */
  dependencies: ManifestDependency[];
  /** Env keys add wrote to .env (values are never recorded). */
  env: string[];
  migrations: { path: string; tool: string; dialect: string; table: string }[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Why remove keeps a file, or undefined when it undoes it. */
function keepReason(path: string, role: FileRole, written: string, secrets: string[]): string | undefined {
  if (secrets.some((secret) => written.includes(secret))) return 'holds the generated session secret and your settings';
  if (role === 'env' && !/\.(?:example|sample|template)$/.test(path)) return 'holds your settings';
  if (role === 'migration')
    return 'the session table and its data stay; roll it back with your migration tool if you want it gone';
  if (path === '.gitignore' || path.endsWith('/.gitignore'))
    return 'keeps the kept .env (and any local session database) out of git';
  return undefined;
}

/** Neighbouring splices merge into one record: their texts sit together in the file. */
function mergeAdjacent(splices: readonly Splice[]): Splice[] {
  const sorted = [...splices]
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.start - b.s.start || a.i - b.i)
    .map(({ s }) => s);
  const merged: Splice[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start === last.end)
      merged[merged.length - 1] = { start: last.start, end: s.end, text: last.text + s.text };
    else merged.push({ ...s });
  }
  return merged;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * A `--fix-order` move (the user's own statement cut from one place and inserted at
 * another) repairs their code; it is not part of the session setup, so remove keeps it.
 */
function withoutMoves(before: string, splices: readonly Splice[]): Splice[] {
  const rest = [...splices];
  for (const cut of splices) {
    const moved = before.slice(cut.start, cut.end);
    if (cut.text !== '' || normalise(moved) === '') continue;
    const paste = rest.find((s) => s !== cut && s.start === s.end && normalise(s.text) === normalise(moved));
    if (!paste) continue;
    rest.splice(rest.indexOf(cut), 1);
    rest.splice(rest.indexOf(paste), 1);
  }
  return rest;
}

function insertionsOf(before: string, after: string, splices: readonly Splice[]): ManifestInsertion[] {
  const all = splices.length ? [...splices] : [spliceBetween(before, after)];
  // Where an original offset lands in `after`: every splice that starts earlier shifts it.
  const shiftBefore = (offset: number) =>
    all.filter((s) => s.start < offset).reduce((sum, s) => sum + s.text.length - (s.end - s.start), 0);
  return mergeAdjacent(splices.length ? withoutMoves(before, splices) : all).map((s) => ({
    text: s.text,
    replaced: before.slice(s.start, s.end),
    before: before.slice(Math.max(0, s.start - CONTEXT), s.start),
    after: before.slice(s.end, s.end + CONTEXT),
    line: lineColumn(after, s.start + shiftBefore(s.start)).line,
  }));
}

/** The manifest entries of what this plan changes. */
export function manifestOf(plan: Plan): Manifest {
  const files: ManifestFile[] = [];
  const secrets = secretValues(plan);
  for (const file of plan.files) {
    if (file.path === MANIFEST_FILE || file.before === file.after || file.after === null) continue;
    const keep = keepReason(file.path, file.role, file.after, secrets);
    if (file.before === null) {
      files.push({
        path: file.path,
        action: 'created',
        role: file.role,
        ...(keep ? { keep } : { sha256: sha256(file.after) }),
      });
    } else if (keep) {
      files.push({ path: file.path, action: 'edited', role: file.role, keep });
    } else {
      const insertions = insertionsOf(file.before, file.after, file.splices);
      if (insertions.length) files.push({ path: file.path, action: 'edited', role: file.role, insertions });
    }
  }
  return {
    manifestVersion: MANIFEST_VERSION,
    tool: 'session-kit',
    framework: plan.framework.id,
    store: plan.store,
    ecosystem: plan.ecosystem,
    files,
    dependencies: plan.dependencies.map(({ name, version, dev }) => ({ name, version, dev })),
    env: plan.env.map((e) => e.key),
    migrations: plan.migrations.map(({ path, tool, dialect, table }) => ({ path, tool, dialect, table })),
  };
}

/** A later add on top of an earlier one: records accumulate, nothing recorded is lost. */
export function mergeManifests(previous: Manifest, next: Manifest): Manifest {
  const files = previous.files.map((f) => ({ ...f }));
  for (const file of next.files) {
    const existing = files.find((f) => f.path === file.path);
    if (!existing) files.push(file);
    else if (existing.action === 'edited' && file.insertions)
      existing.insertions = [...(existing.insertions ?? []), ...file.insertions];
    else if (existing.action === 'created' && file.sha256 && file.action === 'edited') existing.sha256 = undefined;
  }
  const union = <T>(a: T[], b: T[], key: (x: T) => string) => [
    ...a,
    ...b.filter((x) => !a.some((y) => key(y) === key(x))),
  ];
  return {
    ...previous,
    files,
    dependencies: union(previous.dependencies, next.dependencies, (d) => d.name),
    env: union(previous.env, next.env, (e) => e),
    migrations: union(previous.migrations, next.migrations, (m) => m.path),
  };
}

export function serialiseManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

type Check = (value: unknown, where: string) => string | null;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str: Check = (v, w) => (typeof v === 'string' ? null : `${w} must be a string`);
const optional =
  (check: Check): Check =>
  (v, w) =>
    v === undefined ? null : check(v, w);
const oneOf =
  (...options: unknown[]): Check =>
  (v, w) =>
    options.includes(v) ? null : `${w} must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
const arrayOf =
  (check: Check): Check =>
  (v, w) => {
    if (!Array.isArray(v)) return `${w} must be an array`;
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], `${w}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
const object =
  (fields: Record<string, Check>): Check =>
  (v, w) => {
    if (!isObject(v)) return `${w} must be an object`;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(v[key], `${w}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
const ROLES: FileRole[] = ['source', 'generated', 'config', 'env', 'migration', 'package-manifest', 'record'];
/** The role of a package manager's manifest (Cargo.toml) as earlier versions of add recorded it. */
const EARLIER_PACKAGE_MANIFEST_ROLE = 'manifest';

/** The manifest's schema: every field remove reads is checked before remove reads any. */
const MANIFEST_SCHEMA = object({
  manifestVersion: (v, w) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : `${w} must be a positive integer`,
  tool: oneOf('session-kit'),
  framework: str,
  store: (v, w) => (v === null ? null : str(v, w)),
  ecosystem: oneOf('node', 'rust'),
  files: arrayOf(
    object({
      path: str,
      action: oneOf('created', 'edited'),
      role: oneOf(...ROLES, EARLIER_PACKAGE_MANIFEST_ROLE),
      sha256: optional((v, w) =>
        typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? null : `${w} must be a sha256 in hex`,
      ),
      insertions: optional(
        arrayOf(
          object({
            text: str,
            replaced: str,
            before: str,
            after: str,
            line: (v, w) =>
              typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : `${w} must be a line number`,
          }),
        ),
      ),
      keep: optional(str),
    }),
  ),
  dependencies: arrayOf(
    object({ name: str, version: str, dev: (v, w) => (typeof v === 'boolean' ? null : `${w} must be true or false`) }),
  ),
  env: optional(arrayOf(str)),
  migrations: optional(arrayOf(object({ path: str, tool: str, dialect: str, table: str }))),
});

/** Reads a manifest: the manifest, or the first thing in it that is not as add writes it. */
export function readManifest(
  text: string,
): { manifest: Manifest; problem: null } | { manifest: null; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { manifest: null, problem: `it is not valid JSON (${(error as Error).message.replace(/\.$/, '')})` };
  }
  const problem = MANIFEST_SCHEMA(value, 'manifest');
  if (problem) return { manifest: null, problem };
  const manifest = value as Manifest;
  const files = manifest.files.map((f) =>
    (f.role as string) === EARLIER_PACKAGE_MANIFEST_ROLE ? { ...f, role: 'package-manifest' as const } : f,
  );
  return {
    manifest: { ...manifest, files, env: manifest.env ?? [], migrations: manifest.migrations ?? [] },
    problem: null,
  };
}

/** Parses a manifest; null when the text is not one (the caller says what is wrong). */
export function parseManifest(text: string): Manifest | null {
  return readManifest(text).manifest;
}

/** Every path a manifest names, with where in the manifest it is (for messages). */
export function manifestPaths(manifest: Manifest): { path: string; where: string }[] {
  return [
    ...manifest.files.map((f, i) => ({ path: f.path, where: `files[${i}].path` })),
    ...manifest.migrations.map((m, i) => ({ path: m.path, where: `migrations[${i}].path` })),
  ];
}

/**
 * Adds the manifest to an add plan (a generic last step: the core names no framework).
 * A re-run that changes nothing leaves the manifest as it is.
 */
export function addManifestToPlan(plan: Plan, read: (path: string) => string | null): void {
  const previousText = read(MANIFEST_FILE);
  const previous = previousText === null ? null : parseManifest(previousText);
  const next = manifestOf(plan);
  if (next.files.length === 0 && next.dependencies.length === 0) return;
  const manifest = previous ? mergeManifests(previous, next) : next;
  const after = serialiseManifest(manifest);
  plan.files.push({
    path: MANIFEST_FILE,
    before: previousText,
    after,
    splices: [],
    role: 'record',
    reason: `records what session-kit added, so \`${selfCommand('remove')}\` can undo exactly that; commit it`,
  });
}
