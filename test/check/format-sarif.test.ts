/**
 * `check --format sarif`: SARIF 2.1.0 that GitHub code scanning reads. The output is
 * validated against test/fixtures/sarif/sarif-2.1.0-subset.schema.json (the structure
 * SARIF requires of the objects written, each closed to properties SARIF does not
 * define) by the small JSON-schema interpreter below, which the first test holds to
 * rejecting what it must.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastCheckArgs } from '../../src/check/args.js';
import { formatSarif } from '../../src/check/format/sarif.js';
import { outcomeOf } from '../../src/check/result.js';
import { runChecks } from '../../src/check/run.js';
import { FIXTURES } from '../helpers/fixtures.js';

type Schema = Record<string, unknown>;
const SCHEMA = JSON.parse(readFileSync(path.join(FIXTURES, 'sarif/sarif-2.1.0-subset.schema.json'), 'utf8')) as Schema;

/** Errors of `value` against `schema` (the keywords the subset uses), as JSON paths. */
function validate(value: unknown, schema: Schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    return validate(value, (SCHEMA.definitions as Record<string, Schema>)[name], at);
  }
  const errors: string[] = [];
  const type = schema.type as string | undefined;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (type === 'integer' ? !Number.isInteger(value) : type && actual !== type) return [`${at}: not ${type}`];
  if ('const' in schema && value !== schema.const) errors.push(`${at}: not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: not one of ${schema.enum}`);
  if (typeof schema.minimum === 'number' && (value as number) < schema.minimum) errors.push(`${at}: below minimum`);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value as string))
    errors.push(`${at}: does not match ${schema.pattern}`);
  if (Array.isArray(value) && schema.items)
    for (const [i, item] of value.entries()) errors.push(...validate(item, schema.items as Schema, `${at}[${i}]`));
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in object)) errors.push(`${at}: missing ${key}`);
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => validate(value, s as Schema, at).length === 0))
      errors.push(`${at}: matches none of anyOf`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, item] of Object.entries(object)) {
      if (key in properties) errors.push(...validate(item, properties[key], `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown property ${key}`);
    }
  }
  return errors;
}

async function sarifOf(dir: string) {
  const text = formatSarif(outcomeOf(await runChecks(dir, [], false)));
  return JSON.parse(text);
}

describe('check --format sarif', () => {
  it('the validator rejects what SARIF does not allow', () => {
    const log = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' } }] }],
    };
    expect(validate(log, SCHEMA)).toEqual([]);
    expect(validate({ ...log, version: '2.0.0' }, SCHEMA)).toEqual(['$.version: not "2.1.0"']);
    expect(validate({ runs: [] }, SCHEMA)).toEqual(['$: missing version']);
    const bad = structuredClone(log) as { runs: { results: Record<string, unknown>[] }[] };
    bad.runs[0].results[0] = {
      message: {},
      level: 'fatal',
      locations: [{ physicalLocation: { region: { startLine: 0 } } }],
    };
    expect(validate(bad, SCHEMA)).toEqual([
      '$.runs[0].results[0].message: matches none of anyOf',
      '$.runs[0].results[0].level: not one of none,note,warning,error',
      '$.runs[0].results[0].locations[0].physicalLocation: matches none of anyOf',
      '$.runs[0].results[0].locations[0].physicalLocation.region.startLine: below minimum',
    ]);
    expect(validate({ ...log, extra: 1 }, SCHEMA)).toEqual(['$: unknown property extra']);
  });

  it('one result per finding, with its rule, level, file, line and column; valid SARIF 2.1.0', async () => {
    const dir = path.join(FIXTURES, 'check-samesite-strict-oauth', 'fail');
    const log = await sarifOf(dir);
    expect(validate(log, SCHEMA)).toEqual([]);
    const report = await runChecks(dir, [], false);
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe('session-kit');
    expect(run.results).toHaveLength(report.projects[0].findings.length);
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'samesite-strict-oauth');
    expect(result).toMatchObject({
      level: 'error',
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: expect.stringMatching(/app\.js$/) }, region: { startLine: 24 } },
        },
      ],
    });
    expect(result.message.text).toMatch(/SameSite=Strict.*Fix: Use sameSite: 'lax'/);
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('samesite-strict-oauth');
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: true, exitCode: 1 });
  });

  it('a clean project has no results; a file that does not parse is a result and a notification', async () => {
    const clean = await sarifOf(path.join(FIXTURES, 'check-samesite-strict-oauth', 'pass'));
    expect(validate(clean, SCHEMA)).toEqual([]);
    expect(clean.runs[0].results).toEqual([]);
    const broken = await sarifOf(path.join(FIXTURES, 'cli-check', 'unparseable'));
    expect(validate(broken, SCHEMA)).toEqual([]);
    expect(broken.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['parse-error']);
    expect(broken.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(1);
    expect(broken.runs[0].invocations[0].exitCode).toBe(2);
  });

  it('is taken by the fast check path', () => {
    expect(fastCheckArgs(['check', '--format', 'sarif'])).toMatchObject({ format: 'sarif' });
  });
});
