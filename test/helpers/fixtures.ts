/**
 * Shared fixture machinery: copy a fixture, plan and apply `add` in-process,
 * compare with expected outputs, and the property checks every pair must pass.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffLines } from 'diff';
import { expect } from 'vitest';
import { planAdd } from '../../src/add/pipeline.js';
import type { AddOptions } from '../../src/add/options.js';
import { applyPlan } from '../../src/core/apply.js';
import { MANIFEST_FILE } from '../../src/core/manifest.js';
import { isNoop, type Plan } from '../../src/core/plan.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures');
export const UPDATE = process.env.UPDATE_EXPECTED === '1';

/** A fresh temp copy of test/fixtures/<name>/input (or the given folder). */
export function copyFixture(name: string, folder = 'input'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sk-${name}-`));
  cpSync(path.join(FIXTURES, name, folder), dir, { recursive: true });
  return dir;
}

export function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'target' || name === '.git') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

export async function plan(dir: string, options: Partial<AddOptions> = {}): Promise<Plan> {
  return planAdd({ cwd: dir, yes: true, install: false, ...options }, false);
}

/** Plans and writes `add` without installing; returns the plan. */
export async function addWithoutInstall(dir: string, options: Partial<AddOptions> = {}): Promise<Plan> {
  const result = await plan(dir, options);
  await applyPlan(result, { install: false });
  return result;
}

/**
 * What an install does to package.json, so a re-run can be checked without the
 * registry. A Rust plan writes its crates into Cargo.toml itself: nothing to record.
 */
export function recordInstalled(dir: string, result: Plan): void {
  if (result.ecosystem !== 'node' || result.dependencies.length === 0) return;
  const file = path.join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
  for (const dep of result.dependencies) {
    const key = dep.dev ? 'devDependencies' : 'dependencies';
    pkg[key] = { ...(pkg[key] ?? {}), [dep.name]: dep.version };
  }
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** Replaces generated secrets so expected outputs are stable. */
export function normaliseSecrets(text: string, plan: Plan): string {
  let out = text;
  for (const env of plan.env) if (env.secret && env.value) out = out.split(env.value).join('<SECRET>');
  return out;
}

/**
 * An expected `.gitignore` is stored as `dot-gitignore`: under its real name git would
 * obey it inside the expected folder and leave the expected `.env` untracked.
 */
function storedName(rel: string): string {
  return rel.replace(/(^|\/)\.gitignore$/, '$1dot-gitignore');
}

function realName(stored: string): string {
  return stored.replace(/(^|\/)dot-gitignore$/, '$1.gitignore');
}

/**
 * Input/expected-output pair: every file the plan touches is compared with
 * test/fixtures/<fixture>/expected/<variant>/<path>. UPDATE_EXPECTED=1 rewrites them.
 */
export function expectMatchesExpected(fixture: string, variant: string, dir: string, result: Plan): void {
  const expectedDir = path.join(FIXTURES, fixture, 'expected', variant);
  // The manifest (.session-kit.json) has its own tests (test/commands/remove.test.ts).
  const touched = result.files.filter((f) => f.before !== f.after && f.path !== MANIFEST_FILE).map((f) => f.path);
  if (UPDATE) {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const rel of touched) {
      const target = path.join(expectedDir, storedName(rel));
      mkdirSync(path.dirname(target), { recursive: true });
      if (existsSync(path.join(dir, rel)))
        writeFileSync(target, normaliseSecrets(readFileSync(path.join(dir, rel), 'utf8'), result));
    }
  }
  expect(
    existsSync(expectedDir),
    `expected outputs missing: ${expectedDir} (run with UPDATE_EXPECTED=1 and review)`,
  ).toBe(true);
  const storedFiles = listFiles(expectedDir);
  const expectedFiles = storedFiles.map(realName).sort();
  expect(touched.filter((p) => existsSync(path.join(dir, p))).sort()).toEqual(expectedFiles);
  for (const stored of storedFiles) {
    const rel = realName(stored);
    const actual = normaliseSecrets(readFileSync(path.join(dir, rel), 'utf8'), result);
    expect(actual, `${fixture}/${variant}: ${rel}`).toBe(readFileSync(path.join(expectedDir, stored), 'utf8'));
  }
}

/** Every line of the original survives, in order: the change only adds lines or text. */
export function expectOnlyInsertions(before: string, after: string, file: string): void {
  const removed = diffLines(before, after).filter((part) => part.removed);
  expect(
    removed.map((p) => p.value),
    `${file}: original lines changed or removed`,
  ).toEqual([]);
}

/** Lines with their line endings. */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** Lines of `before` (but those `skip` names) that are not in `after`, byte for byte and in order. */
export function linesNotKept(
  before: string,
  after: string,
  skip: (line: string, start: number) => boolean = () => false,
): string[] {
  const kept = lines(after);
  const missing: string[] = [];
  let next = 0;
  let offset = 0;
  for (const line of lines(before)) {
    const start = offset;
    offset += line.length;
    if (skip(line, start)) continue;
    let found = next;
    while (found < kept.length && kept[found] !== line) found++;
    if (found === kept.length) missing.push(line);
    else next = found + 1;
  }
  return missing;
}

/**
 * Original text is never lost or reprinted:
 * - a file edited by splices only gains text (no splice replaces any), and every
 *   original line is kept byte-identical and in order, except a line that text is
 *   inserted into (an insertion at a line's start leaves it whole);
 * - a file rewritten whole (a Cargo.toml, laid out by edit/toml.ts) keeps every line
 *   but those declaring a dependency the plan adds or extends;
 * - a CRLF file gains no bare LF, an LF file no CR.
 */
export function expectOriginalTextKept(result: Plan): void {
  for (const file of result.files) {
    if (file.before === null || file.after === null || file.before === file.after) continue;
    if (file.splices.length > 0) {
      expect(
        file.splices.filter((sp) => sp.start !== sp.end),
        `${file.path}: a splice replaces text`,
      ).toEqual([]);
      const insertedInto = (line: string, start: number) =>
        file.splices.some(
          (sp) =>
            (sp.start > start && sp.start < start + line.length) ||
            (!line.endsWith('\n') && sp.start === start + line.length),
        );
      expect(
        linesNotKept(file.before, file.after, insertedInto),
        `${file.path}: original lines changed or removed`,
      ).toEqual([]);
    } else {
      const declaresDependency = (line: string) => result.dependencies.some((d) => line.startsWith(`${d.name} =`));
      expect(
        linesNotKept(file.before, file.after, declaresDependency),
        `${file.path}: original lines changed or removed`,
      ).toEqual([]);
    }
    if (file.before.includes('\r\n'))
      expect(file.after.replace(/\r\n/g, '').includes('\n'), `${file.path}: a bare LF in a CRLF file`).toBe(false);
    else expect(file.after.includes('\r'), `${file.path}: CR in an LF file`).toBe(false);
  }
}

/** The properties every fixture/store pair must have: original text kept, and a second run is a no-op. */
export async function expectAddProperties(dir: string, result: Plan, options: Partial<AddOptions> = {}): Promise<void> {
  expectOriginalTextKept(result);
  recordInstalled(dir, result);
  const second = await plan(dir, options);
  const changed = second.files.filter((f) => f.before !== f.after).map((f) => f.path);
  expect(changed, 'a second run must change nothing').toEqual([]);
  expect(
    second.dependencies.map((d) => d.name),
    'a second run must install nothing',
  ).toEqual([]);
  expect(isNoop(second), 'a second run must be a no-op').toBe(true);
}

export function read(dir: string, rel: string): string {
  return readFileSync(path.join(dir, rel), 'utf8');
}
