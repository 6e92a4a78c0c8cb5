/**
 * What each runtime dependency costs to import, measured in a fresh process
 * each time (after node:fs, so the ESM loader's own start is not counted).
 */
import { spawnSync } from 'node:child_process';
import { median } from './stats.mjs';

const PROBE = (specifier) => `
await import('node:fs');
const start = performance.now();
await import(${JSON.stringify(specifier)});
process.stdout.write(String(performance.now() - start));
`;

/** Median import time in ms of `specifier`, resolved from `cwd`; null when it does not load. */
export function importCost(specifier, { cwd, runs }) {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE(specifier)], { cwd, encoding: 'utf8' });
    if (r.status !== 0) return { specifier, ms: null, error: (r.stderr || '').trim().split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}` };
    if (i > 0) samples.push(Number(r.stdout));
  }
  return { specifier, ms: Math.round(median(samples) * 10) / 10 };
}
