/**
 * No rule fires on a correct setup: every rule `check` has runs over every passing
 * fixture and reports nothing. The passing fixtures are the check-<rule>/pass apps and
 * every result of `add` (each test/fixtures/<name>/input with its expected/<store>/,
 * as the pairs test writes and compares them).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/run.js';
import { addWithoutInstall, copyFixture, FIXTURES, recordInstalled } from '../helpers/fixtures.js';

// Migration file names carry a timestamp, as in the pairs test.
process.env.SOURCE_DATE_EPOCH = '1767225600';

function addResults(): [string, string][] {
  const out: [string, string][] = [];
  for (const fixture of readdirSync(FIXTURES).sort()) {
    const expected = path.join(FIXTURES, fixture, 'expected');
    if (!existsSync(path.join(FIXTURES, fixture, 'input')) || !existsSync(expected)) continue;
    for (const store of readdirSync(expected).sort()) out.push([fixture, store]);
  }
  return out;
}

const RULE_PASSES = readdirSync(FIXTURES)
  .filter((name) => name.startsWith('check-') && existsSync(path.join(FIXTURES, name, 'pass')))
  .sort();

async function findingsOf(dir: string) {
  const report = await runChecks(dir, [], false);
  expect(report.projects).toHaveLength(1);
  const [project] = report.projects;
  // A skipped project would pass without any rule running.
  expect(project.status, project.message ?? '').toBe('checked');
  return project.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}: ${f.message}`);
}

describe('no rule fires on a passing fixture', () => {
  it('finds the fixtures', () => {
    expect(addResults().length).toBeGreaterThan(50);
    expect(RULE_PASSES.length).toBeGreaterThan(20);
  });

  it.each(RULE_PASSES)('%s/pass', async (name) => {
    expect(await findingsOf(path.join(FIXTURES, name, 'pass'))).toEqual([]);
  });

  it.each(addResults())(
    '%s after add --store %s',
    async (fixture, store) => {
      const dir = copyFixture(fixture);
      const plan = await addWithoutInstall(dir, { store });
      recordInstalled(dir, plan);
      expect(await findingsOf(dir)).toEqual([]);
    },
    30_000,
  );
});
