/** The text rules read code, not comments: masking keeps offsets and blanks what must not match. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskSource, topLevelKeys } from '../../src/check/mask.js';
import { runChecks } from '../../src/check/run.js';

describe('maskSource', () => {
  it('blanks comments, keeps strings in `code` and blanks their contents in `bare`, keeping offsets', () => {
    const text =
      "const a = 'x // y'; // secret: 'z'\n/* secure: false */ const r = /\\/\\/[a-z]/;\nconst t = `a${b}c`;\n";
    const { code, bare } = maskSource(text);
    expect(code.length).toBe(text.length);
    expect(bare.length).toBe(text.length);
    expect(code).toContain("'x // y'");
    expect(code).not.toContain('secret');
    expect(code).not.toContain('secure');
    expect(bare).toContain("'      '");
    expect(code.split('\n').length).toBe(text.split('\n').length);
  });

  it('finds the top-level keys of an object literal, nested objects and strings aside', () => {
    const text = "session({ secret: s, 'store': x, cookie: { secure: true }, resave })";
    const masked = maskSource(text);
    expect([...topLevelKeys(masked, text.indexOf('{')).keys()]).toEqual(['secret', 'store', 'cookie', 'resave']);
  });
});

describe('text rules ignore comments and tests', () => {
  it('a literal secret in a comment or a test file is not reported', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-mask-'));
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'x', main: 'app.js', dependencies: { express: '^4.21.2', 'express-session': '^1.18.1' } }),
    );
    writeFileSync(
      path.join(dir, 'app.js'),
      "const express = require('express');\nconst session = require('express-session');\nconst app = express();\n// was: secret: 'keyboard cat'\napp.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));\napp.listen(3000);\n",
    );
    mkdirSync(path.join(dir, 'test'));
    writeFileSync(
      path.join(dir, 'test/app.test.js'),
      "const session = require('express-session');\nsession({ secret: 'test-secret' });\n",
    );
    writeFileSync(
      path.join(dir, 'app.spec.js'),
      "const session = require('express-session');\nsession({ secret: 'spec-secret' });\n",
    );
    const report = await runChecks(dir, [], false);
    expect(report.projects[0].status).toBe('checked');
    expect(report.projects[0].findings).toEqual([]);
  });
});
