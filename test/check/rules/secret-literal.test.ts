import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';

async function secretFindings(body: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-secret-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'app', main: 'app.js', dependencies: { express: '^4.21.2', 'express-session': '^1.18.1' } }),
  );
  writeFileSync(
    path.join(dir, 'app.js'),
    `const express = require('express');\nconst session = require('express-session');\nconst app = express();\n${body}\napp.listen(3000);\n`,
  );
  const [project] = (await runChecks(dir, [], false)).projects;
  return project.findings
    .filter((f) => f.ruleId.startsWith('secret-'))
    .map(({ ruleId, line, message }) => ({ ruleId, line, message }));
}

describe('secret-literal behind a binding', () => {
  it('follows a local constant', async () => {
    const found = await secretFindings(
      "const SECRET = 'a9f8e7d6c5b4a3f2e1d0';\napp.use(session({ secret: SECRET, resave: false }));",
    );
    expect(found).toEqual([
      {
        ruleId: 'secret-literal',
        line: 5,
        message:
          'the session secret is a literal in the source (through SECRET, line 4): anyone who can read the repository can forge session cookies',
      },
    ]);
  });

  it('follows an object property of a constant, and a constant behind it', async () => {
    const found = await secretFindings(
      "const RAW = 'x1y2z3w4v5u6t7s8';\nconst cfg = { port: 3000, s: RAW, nested: { s: process.env.X } };\napp.use(session({ secret: cfg.s }));\napp.use(session({ secret: cfg['s'] }));",
    );
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([
      ['secret-literal', 6],
      ['secret-literal', 7],
    ]);
    expect(found[0].message).toContain('(through RAW, line 4)');
  });

  it('follows a local config object too', async () => {
    const found = await secretFindings(
      "const config = { secret: 'p0o9i8u7y6t5r4e3' };\napp.use(session({ secret: config.secret }));",
    );
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([
      ['secret-literal', 4],
      ['secret-literal', 5],
    ]);
  });

  it("reads String('...') as the literal it is", async () => {
    const found = await secretFindings("app.use(session({ secret: String('q1w2e3r4t5y6u7i8') }));");
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([['secret-literal', 4]]);
  });

  it('names known sample secrets such as keyboard cat, secret and changeme', async () => {
    const found = await secretFindings(
      "const S = 'changeme';\napp.use(session({ secret: 'keyboard cat' }));\napp.use(session({ secret: S }));\napp.use(session({ secret: process.env.SESSION_SECRET || 'secret' }));",
    );
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([
      ['secret-literal', 5],
      ['secret-literal', 6],
      ['secret-fallback', 7],
    ]);
    expect(found[0].message).toContain("('keyboard cat' is a well-known sample secret");
    expect(found[1].message).toContain("('changeme' is a well-known sample secret");
    expect(found[2].message).toContain("('secret', a well-known sample secret)");
  });

  it('leaves values read at run time alone', async () => {
    const found = await secretFindings(
      'const SECRET = process.env.SESSION_SECRET;\nconst cfg = { s: readSecret() };\nfunction readSecret() { return process.env.S; }\napp.use(session({ secret: SECRET }));\napp.use(session({ secret: cfg.s }));\napp.use(session({ secret: String(process.env.S) }));',
    );
    expect(found).toEqual([]);
  });
});
