/**
 * Every check rule has a failing and a passing fixture: test/fixtures/check-<name>/
 * holds fail/ and pass/ apps and rule.json (the rule and where it must fire).
 * A rule that no fixture covers fails the coverage test below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERIC_RULES } from '../../src/check/rules/index.js';
import { runChecks } from '../../src/check/run.js';
import { FRAMEWORKS } from '../../src/frameworks/registry.js';
import { FIXTURES } from '../helpers/fixtures.js';

interface RuleFixture {
  name: string;
  rule: string;
  fail: { file: string; line: number; severity: 'error' | 'warning' }[];
}

const RULE_FIXTURES: RuleFixture[] = readdirSync(FIXTURES)
  .filter((name) => name.startsWith('check-'))
  .sort()
  .map((name) => ({
    name,
    ...(JSON.parse(readFileSync(path.join(FIXTURES, name, 'rule.json'), 'utf8')) as Omit<RuleFixture, 'name'>),
  }));

/**
 * Rules no app can break in a way the recogniser sees, or covered elsewhere, each with why.
 * Everything else reported by `check` must have a fixture.
 */
const NOT_FIXTURED: Record<string, string> = {
  'express/session-after-app':
    'registering on the app before `const app = express()` is a ReferenceError; steps start at the app creation',
  'fastify/session-after-app': 'same: steps start at the app creation',
  'fastify/cookie-after-app': 'same: steps start at the app creation',
  'koa/session-after-app': 'same: steps start at the app creation',
  'nest/session-after-app': 'same: steps start at NestFactory.create',
  'hono/session-after-app': 'same: steps start at the app creation',
};

function reportedRuleIds(): string[] {
  const ids = GENERIC_RULES.flatMap((r) => r.ids);
  for (const framework of FRAMEWORKS) {
    if (framework.ecosystem !== 'node') continue;
    ids.push(
      ...framework.ordering.filter((r) => r.scope !== 'add').map((r) => r.id),
      ...(framework.requirements ?? []).map((r) => r.id),
    );
  }
  return [...new Set(ids)];
}

async function findingsOf(dir: string) {
  const report = await runChecks(dir, [], false);
  expect(report.projects).toHaveLength(1);
  return report.projects[0];
}

describe.each(RULE_FIXTURES.map((f) => [f.name, f] as const))('%s', (name, fixture) => {
  it(`fail/ reports ${fixture.rule} where expected`, async () => {
    const project = await findingsOf(path.join(FIXTURES, name, 'fail'));
    expect(project.status).toBe('checked');
    const found = project.findings
      .filter((f) => f.ruleId === fixture.rule)
      .map(({ file, line, severity }) => ({ file, line, severity }));
    expect(found).toEqual(fixture.fail);
    for (const finding of project.findings) {
      expect(finding.message.length, 'a message says what breaks').toBeGreaterThan(20);
      expect(finding.fix.length, 'a one-line fix hint').toBeGreaterThan(10);
      expect(finding.fix).not.toContain('\n');
    }
  });

  it('pass/ is clean', async () => {
    const project = await findingsOf(path.join(FIXTURES, name, 'pass'));
    expect(project.status).toBe('checked');
    expect(project.findings).toEqual([]);
  });
});

describe('rule coverage', () => {
  it('every rule check can report has a fixture pair (or a stated reason)', () => {
    const covered = new Set(RULE_FIXTURES.map((f) => f.rule));
    const missing = reportedRuleIds().filter((id) => !covered.has(id) && !(id in NOT_FIXTURED));
    expect(missing).toEqual([]);
  });
});
