import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { findingsIn } from '../../helpers/check-app.js';

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

describe('secret-literal across modules, and sample secrets anywhere', () => {
  const EXPRESS = { express: '^4.21.2', 'express-session': '^1.18.1' };
  const app = (head: string, secret: string) =>
    `const express = require('express');\nconst session = require('express-session');\n${head}\nconst app = express();\napp.use(session({ secret: ${secret}, resave: false, saveUninitialized: false }));\napp.get('/', (req, res) => res.send(req.session.id));\napp.listen(3000);\n`;

  it('follows a named constant and a default-exported config object into a relative module, reported once', async () => {
    const named = await findingsIn(
      {
        'app.js': app("const { SESSION_SECRET } = require('./config');", 'SESSION_SECRET'),
        'config.js': "const SESSION_SECRET = 'keyboard cat';\nmodule.exports = { SESSION_SECRET };\n",
      },
      EXPRESS,
      'secret-literal',
    );
    expect(named.map((f) => [f.file, f.line])).toEqual([['app.js', 5]]);
    expect(named[0].message).toContain('(through SESSION_SECRET, config.js:1)');
    const defaulted = await findingsIn(
      {
        'app.mjs': app("import config from './config.mjs';", 'config.sessionSecret'),
        'config.mjs': "export default {\n  port: 3000,\n  sessionSecret: 'q1w2e3r4t5y6u7i8o9p0',\n};\n",
      },
      EXPRESS,
      'secret-literal',
    );
    expect(
      defaulted.map((f) => [f.file, f.line, f.message.includes('(through config.sessionSecret, config.mjs:3)')]),
    ).toEqual([['app.mjs', 5, true]]);
  });

  it('names a sample secret in a module the session does not import, and nothing else there', async () => {
    const found = await findingsIn(
      {
        'app.js': app('', 'process.env.SESSION_SECRET'),
        'settings.js':
          "module.exports = {\n  session: { secret: 'keyboard cat' },\n  apiSecret: 'x8f7g6h5j4k3l2',\n};\n",
      },
      EXPRESS,
      'secret-literal',
    );
    expect(found.map((f) => [f.file, f.line, f.message.slice(0, 60)])).toEqual([
      ['settings.js', 2, "secret is 'keyboard cat', a well-known sample secret (the fi"],
    ]);
  });
});
