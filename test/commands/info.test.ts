/** `session-kit info` as text: detection facts said in words, in one aligned column. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { factRows } from '../../src/commands/info.js';
import { CLI, runCli } from '../helpers/app-runner.js';
import { FIXTURES } from '../helpers/fixtures.js';

const info = async (fixture: string) => {
  const result = await runCli(['info'], path.join(FIXTURES, fixture, 'input'));
  expect(result.exitCode).toBe(0);
  return result.stdout.split('\n');
};

/** Rows before "Why:", as [label, value], with the column each value starts at. */
function rows(lines: string[]): { label: string; value: string; column: number }[] {
  return lines.slice(0, lines.indexOf('Why:')).map((line) => {
    const m = /^([^:]+:)( +)(.*)$/.exec(line);
    if (!m) throw new Error(`not a label row: ${line}`);
    return { label: m[1], value: m[3], column: m[1].length + m[2].length };
  });
}

describe('info text', () => {
  it('Fastify: packages in words, no raw true/false, every value in one column', async () => {
    const lines = await info('fastify-autoload');
    const table = rows(lines);
    expect(new Set(table.map((r) => r.column)).size).toBe(1);
    expect(table.map((r) => r.value).join('\n')).not.toMatch(/\b(?:true|false|null)\b/);
    expect(table).toContainEqual(
      expect.objectContaining({
        label: 'Packages:',
        value: '@fastify/autoload in package.json; @fastify/session not in package.json',
      }),
    );
    expect(table).toContainEqual(expect.objectContaining({ label: 'Language:', value: 'JavaScript, CommonJS' }));
    expect(table).toContainEqual(
      expect.objectContaining({
        label: 'Package manager:',
        value: 'npm (the default: no lockfile or packageManager field)',
      }),
    );
  });

  it('NestJS: the adapter and esModuleInterop in words', async () => {
    const table = rows(await info('nest-fastify'));
    expect(table).toContainEqual(
      expect.objectContaining({ label: 'HTTP adapter:', value: 'Fastify (@nestjs/platform-fastify)' }),
    );
    expect(table).toContainEqual(
      expect.objectContaining({
        label: 'Imports:',
        value: 'default imports of CommonJS packages (esModuleInterop is on)',
      }),
    );
    expect(new Set(table.map((r) => r.column)).size).toBe(1);
  });

  it('Pavex: every fact has a label in words and the values are aligned', async () => {
    const table = rows(await info('pavex-new'));
    expect(new Set(table.map((r) => r.column)).size).toBe(1);
    expect(table.map((r) => r.label)).not.toContain('cookieCryptoRequired:');
    expect(table).toContainEqual(
      expect.objectContaining({ label: 'Cookie crypto rule:', value: 'required (pavex_session 0.2.5+)' }),
    );
    expect(table.map((r) => r.value).join('\n')).not.toMatch(/\b(?:true|false|null)\b/);
  });

  it('without a migration tool, says which stores get plain SQL and which need none, with the migrate command that runs', async () => {
    const table = rows(await info('express4-cjs'));
    expect(table).toContainEqual(
      expect.objectContaining({
        label: 'Migrations:',
        value: `no migration tool found: with the postgres or mysql store, add writes the session table as plain SQL to migrations/ (applied by \`node ${CLI} migrate\`); the memory, redis and sqlite stores need no migration`,
      }),
    );
    expect(table.map((r) => r.value).join('\n')).not.toContain('would write plain SQL');
  });

  it('an unknown fact is still said in words', () => {
    expect(factRows({ someFlag: true, other: null, count: 3 })).toEqual([
      ['someFlag', 'yes'],
      ['other', 'none'],
      ['count', '3'],
    ]);
  });
});

describe('info: the session setup', () => {
  const sessionRow = async (fixture: string) =>
    rows(await info(fixture)).find((r) => r.label === 'Session setup:')?.value;

  it('names a session set up in another file the app loads, as add and check find it', async () => {
    expect(await sessionRow('refuse-existing-express-other-file')).toBe(
      'express-session session at config/express.js:8',
    );
    expect(await sessionRow('refuse-existing-express-tsconfig-paths')).toBe(
      'express-session session at src/setup/sessions.ts:7',
    );
  });

  it('routes and routers that read the session are not a session setup', async () => {
    expect(await sessionRow('express4-cjs')).toBe('none found');
  });
});
