/**
 * Round-trip machinery for `remove`: a fresh copy of any fixture (Node fixtures keep
 * their app in input/, Rust fixtures are the folder itself), snapshots of every file,
 * and the remove plan applied without installing.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPlan } from '../../src/core/apply.js';
import { planRemove, type RemovePlan } from '../../src/remove/plan.js';
import { FIXTURES, listFiles } from './fixtures.js';

/** Every fixture with expected outputs, and the stores it has them for. */
export function fixtureStores(): { fixture: string; store: string }[] {
  const out: { fixture: string; store: string }[] = [];
  for (const fixture of readdirSync(FIXTURES).sort()) {
    const expected = path.join(FIXTURES, fixture, 'expected');
    if (!existsSync(expected)) continue;
    for (const store of readdirSync(expected).sort()) out.push({ fixture, store });
  }
  return out;
}

/** A temp copy of the fixture's app (its input/ folder). */
export function copyApp(fixture: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sk-rt-${fixture}-`));
  cpSync(path.join(FIXTURES, fixture, 'input'), dir, { recursive: true });
  return dir;
}

export function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((rel) => [rel, readFileSync(path.join(dir, rel), 'utf8')]));
}

export async function removeWithoutInstall(dir: string): Promise<RemovePlan> {
  const result = await planRemove(dir);
  await applyPlan(result.plan, { install: false });
  return result;
}
