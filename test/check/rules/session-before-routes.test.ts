/**
 * express/session-before-routes reports code before the session that reads it or
 * cannot be followed, and says which; static files, probes and handlers that never
 * touch the session may come first.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';

const SESSION = 'app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));';

async function findingsFor(before: string, modules: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sk-before-routes-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'app',
      main: 'app.js',
      dependencies: { express: '^4.21.2', 'express-session': '^1.18.1', 'admin-panel': '^1.0.0' },
    }),
  );
  for (const [file, text] of Object.entries(modules)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const app = [
    "const express = require('express');",
    "const session = require('express-session');",
    "const adminRouter = require('admin-panel');",
    'const app = express();',
    before,
    SESSION,
    'app.listen(3000);',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'app.js'), app);
  const report = await runChecks(dir, [], false);
  return report.projects[0].findings.filter((f) => f.ruleId === 'express/session-before-routes');
}

describe('express/session-before-routes', () => {
  it('a route that reads req.session: an error that says it reads the session', async () => {
    const [finding, ...rest] = await findingsFor("app.get('/me', (req, res) => res.json(req.session.user));");
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', line: 6 });
    expect(finding.message).toMatch(/a route that reads the session \(app\.js:5\): it reads req\.session/);
  });

  it('passport in a route reads the session', async () => {
    const findings = await findingsFor(
      "const passport = require('passport');\napp.post('/login', passport.authenticate('local'), (req, res) => res.redirect('/'));",
    );
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/reads the session/)]);
  });

  it('a router from a package cannot be followed: an error that says so', async () => {
    const [finding] = await findingsFor('app.use(adminRouter);');
    expect(finding.severity).toBe('error');
    expect(finding.message).toMatch(/a router whose code session-kit cannot follow .*could not be followed/);
  });

  it('a handler that hands its request to another function cannot be followed', async () => {
    const [finding] = await findingsFor("app.get('/me', (req, res) => res.json(load(req)));");
    expect(finding.message).toMatch(/a route whose handlers session-kit cannot follow/);
  });

  it('static files, a health route and a metrics router that never read the session: nothing', async () => {
    const findings = await findingsFor(
      [
        "app.use(express.static('public'));",
        "app.use('/assets', express.static('assets'));",
        "app.get('/health', (req, res) => res.send('ok'));",
        "app.use(require('./metrics'));",
        'app.use(healthRouter);',
      ].join('\n'),
      {
        'metrics.js':
          "const { Router } = require('express');\nconst r = Router();\nr.get('/metrics', (req, res) => res.send('up 1'));\nmodule.exports = r;\n",
      },
    );
    expect(findings).toEqual([]);
  });

  it('a router module that imports a module reading the session is followed there', async () => {
    const findings = await findingsFor("app.use('/api', require('./api'));", {
      'api.js':
        "const { Router } = require('express');\nconst { me } = require('./handlers/me');\nconst r = Router();\nr.get('/me', me);\nmodule.exports = r;\n",
      'handlers/me.js': 'exports.me = (req, res) => res.json(req.user);\n',
    });
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/a router that reads the session/)]);
  });

  it('a router module that imports a module that is not there cannot be followed', async () => {
    const findings = await findingsFor("app.use('/api', require('./api'));", {
      'api.js':
        "const { Router } = require('express');\nconst { me } = require('./handlers/me');\nmodule.exports = Router().get('/me', me);\n",
    });
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/cannot follow/)]);
  });
});
