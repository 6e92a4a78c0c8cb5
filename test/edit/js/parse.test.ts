import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { UserError } from '../../../src/core/errors.js';
import { parseJs } from '../../../src/edit/js/parse.js';

const nested = (depth: number) =>
  `const x = ${'('.repeat(depth)}1${')'.repeat(depth)};\nconst y = ${'['.repeat(depth)}${']'.repeat(depth)};\n`;

async function failure(text: string, file = 'app.js'): Promise<UserError> {
  const error = await parseJs(text, file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('parseJs on valid code nested 600 levels deep', () => {
  it('says the file is too deeply nested to analyse, not that it has a syntax error', async () => {
    const error = await failure(nested(600));
    expect(error.code).toBe('too-deeply-nested');
    expect(error.message).toBe(
      'app.js is nested too deeply for session-kit to analyse (hundreds of brackets inside one another): it is not a syntax error.',
    );
    expect(`${error.message} ${error.hint}`).not.toMatch(/syntax error and|Fix the syntax|call stack/i);
    expect(error.where).toEqual({ file: 'app.js' });
  });

  it('check reports the file as too deeply nested, not as a syntax error', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-deep-'));
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'deep',
        main: 'app.js',
        dependencies: { express: '^4.21.2', 'express-session': '^1.18.1' },
      }),
    );
    writeFileSync(
      path.join(dir, 'app.js'),
      `const express = require('express');\nconst session = require('express-session');\nconst app = express();\napp.use(session({ secret: process.env.SESSION_SECRET }));\n${nested(600)}`,
    );
    const [project] = (await runChecks(dir, [], false)).projects;
    expect(project.status).toBe('unreadable');
    expect(project.findings).toHaveLength(1);
    expect(project.findings[0].message).toMatch(/^app\.js is nested too deeply for session-kit to analyse/);
    expect(project.findings[0].fix).not.toMatch(/syntax/i);
  });
});

describe('parseJs syntax errors', () => {
  it('end in one full stop even when the parser message has its own', async () => {
    const error = await failure('const a = 1 2;\n');
    expect(error.code).toBe('parse-error');
    expect(error.message).toBe('app.js does not parse: Missing semicolon. session-kit edits only files that parse.');
    expect(error.message).not.toContain('..');
    expect(error.where).toMatchObject({ file: 'app.js', line: 1, column: 12 });
  });
});

describe('parseJs work', () => {
  it('parses a file once when several steps of a run read it', async () => {
    const text = "const app = require('express')();\napp.listen(3000);\n";
    const first = await parseJs(text, 'app.js');
    expect(await parseJs(text, 'app.js')).toBe(first);
    expect(await parseJs(`${text}\n`, 'app.js')).not.toBe(first);
    expect(await parseJs(text, 'other.js')).not.toBe(first);
  });
});
