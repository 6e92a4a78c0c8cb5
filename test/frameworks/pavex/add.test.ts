/**
 * `add` on the two Pavex fixtures, for every store: expected-output pairs,
 * untouched lines byte-identical, line endings kept, and a second run is a no-op.
 * Set PAVEX_UPDATE_EXPECTED=1 to rewrite the expected files (then review the diff).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNoop, type Plan } from '../../../src/core/plan.js';
import { copyFixture, FIXTURES, listFiles, planAdd, STORE_LIST, writePlan } from './harness.js';

const FIXTURE_NAMES = ['pavex-new', 'pavex-custom'] as const;

/** Generated values differ per run: the cookie key and the migration timestamp. */
function normalise(relPath: string, text: string): { path: string; text: string } {
  return {
    path: relPath.replace(/\d{14}_create_sessions/, 'TIMESTAMP_create_sessions'),
    text: relPath.endsWith('.env') ? text.replace(/key="[A-Za-z0-9_-]{64}"/g, 'key="GENERATED"') : text,
  };
}

function changed(plan: Plan): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of plan.files) {
    if (f.after === f.before || f.after === null) continue;
    const n = normalise(f.path, f.after);
    out.set(n.path, n.text);
  }
  return out;
}

/** Lines with their line endings. */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** Original lines that do not appear, byte for byte and in order, in `after`. */
function linesNotPreserved(before: string, after: string, skip: (line: string, start: number) => boolean = () => false): string[] {
  const a = lines(after);
  const missing: string[] = [];
  let i = 0;
  let offset = 0;
  for (const line of lines(before)) {
    const start = offset;
    offset += line.length;
    if (skip(line, start)) continue;
    let j = i;
    while (j < a.length && a[j] !== line) j++;
    if (j === a.length) missing.push(line);
    else i = j + 1;
  }
  return missing;
}

/** A line holds an insertion point strictly inside it (an insertion at its start leaves it whole). */
function touched(splices: Plan['files'][number]['splices']) {
  return (line: string, start: number) => {
    const end = start + line.length;
    return splices.some((sp) => (sp.start > start && sp.start < end) || (!line.endsWith('\n') && sp.start === end));
  };
}

describe.each(FIXTURE_NAMES)('add on %s', (fixture) => {
  describe.each(STORE_LIST)('--store %s', (store) => {
    it('produces the expected files', async () => {
      const dir = copyFixture(fixture);
      const plan = await planAdd(dir, store);
      const actual = changed(plan);
      const expectedDir = path.join(FIXTURES, fixture, 'expected', store);
      if (process.env.PAVEX_UPDATE_EXPECTED === '1') {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [rel, text] of actual) {
          mkdirSync(path.dirname(path.join(expectedDir, rel)), { recursive: true });
          writeFileSync(path.join(expectedDir, rel), text);
        }
      }
      expect(existsSync(expectedDir)).toBe(true);
      const expectedFiles = listFiles(expectedDir);
      expect([...actual.keys()].sort()).toEqual(expectedFiles);
      for (const rel of expectedFiles) {
        expect(actual.get(rel), rel).toBe(readFileSync(path.join(expectedDir, rel), 'utf8'));
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps every original line byte-identical and in order, and the file line endings', async () => {
      const dir = copyFixture(fixture);
      const plan = await planAdd(dir, store);
      for (const f of plan.files) {
        if (f.before === null || f.after === null || f.before === f.after) continue;
        if (f.splices.length > 0) {
          // Spliced files: only insertions, and every line without an insertion point inside it is intact.
          expect(f.splices.every((sp) => sp.start === sp.end), `${f.path}: a splice replaces text`).toBe(true);
          expect(linesNotPreserved(f.before, f.after, touched(f.splices)), f.path).toEqual([]);
        } else {
          // Format-preserving rewrites (Cargo.toml): only the line of a dependency whose features grew may change.
          const grown = plan.dependencies.filter((d) => d.why.endsWith('(features)') || (d.name === 'sqlx' && !d.why.startsWith('connection'))).map((d) => d.name);
          const changedLines = linesNotPreserved(f.before, f.after);
          expect(changedLines.filter((l) => !grown.some((name) => l.startsWith(`${name} =`))), f.path).toEqual([]);
        }
        if (f.before.includes('\r\n')) expect(f.after.replace(/\r\n/g, '').includes('\n'), `${f.path}: a bare LF in a CRLF file`).toBe(false);
        else expect(f.after.includes('\r'), `${f.path}: CR in an LF file`).toBe(false);
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('is a no-op the second time', async () => {
      const dir = copyFixture(fixture);
      writePlan(dir, await planAdd(dir, store));
      const again = await planAdd(dir, store);
      const differing = again.files.filter((f) => f.before !== f.after).map((f) => f.path);
      expect(differing).toEqual([]);
      expect(again.dependencies).toEqual([]);
      expect(isNoop(again)).toBe(true);
      rmSync(dir, { recursive: true, force: true });
    });
  });
});

describe('plan details', () => {
  it('pavex-new: generated secret only in .env, hakari and migration next steps', async () => {
    const dir = copyFixture('pavex-new');
    const plan = await planAdd(dir, 'postgres');
    const secret = plan.env.find((e) => e.key === 'PX_COOKIES__CRYPTO_RULES');
    expect(secret?.secret).toBe(true);
    const key = /key="([^"]+)"/.exec(secret?.value ?? '')?.[1] ?? '';
    expect(Buffer.byteLength(key)).toBeGreaterThanOrEqual(32);
    const holders = plan.files.filter((f) => f.after?.includes(key)).map((f) => f.path);
    expect(holders).toEqual(['.env']);
    expect(plan.nextSteps.some((s) => s.startsWith('cargo hakari generate'))).toBe(true);
    expect(plan.nextSteps.some((s) => s.startsWith('sqlx migrate run --source migrations'))).toBe(true);
    expect(plan.nextSteps.some((s) => s.startsWith('cargo px check'))).toBe(true);
    expect(plan.migrations).toEqual([expect.objectContaining({ tool: 'sqlx', dialect: 'postgres', table: 'sessions' })]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pavex-custom: reuses the existing PgPool, follows the up/down numbering, no hakari step', async () => {
    const dir = copyFixture('pavex-custom');
    const plan = await planAdd(dir, 'postgres');
    expect(plan.warnings.join('\n')).toMatch(/Reusing pool \(crates\/api\/src\/db\.rs:\d+\)/);
    expect(plan.files.some((f) => f.path.endsWith('session_store.rs'))).toBe(false);
    const created = plan.files.filter((f) => f.before === null).map((f) => f.path).sort();
    expect(created).toContain('crates/api/migrations/0002_create_sessions.up.sql');
    expect(created).toContain('crates/api/migrations/0002_create_sessions.down.sql');
    expect(plan.nextSteps.some((s) => s.includes('hakari'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pavex-custom: FINALIZE_SESSION goes right above the existing INJECT_RESPONSE_COOKIES', async () => {
    const dir = copyFixture('pavex-custom');
    const plan = await planAdd(dir, 'memory');
    const bp = plan.files.find((f) => f.path === 'crates/api/src/blueprint.rs')?.after ?? '';
    const finalize = bp.indexOf('bp.post_process(FINALIZE_SESSION);');
    const inject = bp.indexOf('bp.post_process(INJECT_RESPONSE_COOKIES);');
    expect(finalize).toBeGreaterThan(-1);
    expect(bp.slice(finalize, inject)).toBe('bp.post_process(FINALIZE_SESSION);\r\n    ');
    expect(bp.indexOf('bp.route(routes::INDEX)')).toBeGreaterThan(inject);
    rmSync(dir, { recursive: true, force: true });
  });
});
