/**
 * no-regenerate-on-login for the passport libraries of Fastify and Koa, by the versions
 * the app declares: a login of a library that keeps the session id is reported; one that
 * regenerates it (or a handler that regenerates it itself) is not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { lowestVersion } from '../../../src/detect/node-version.js';

const FASTIFY = (login: string) =>
  [
    "import Fastify from 'fastify';",
    "import fastifyCookie from '@fastify/cookie';",
    "import fastifySession from '@fastify/session';",
    "import passport from '@fastify/passport';",
    'const app = Fastify();',
    'await app.register(fastifyCookie);',
    "await app.register(fastifySession, { secret: process.env.SESSION_SECRET, cookie: { secure: 'auto' }, saveUninitialized: false });",
    login,
    'await app.listen({ port: 3000 });',
    '',
  ].join('\n');

const KOA = [
  "const Koa = require('koa');",
  "const session = require('koa-session');",
  "const passport = require('koa-passport');",
  'const app = new Koa();',
  "app.keys = process.env.SESSION_KEYS.split(',');",
  "app.use(session({ key: 'sid' }, app));",
  "app.use(async (ctx) => { await ctx.login({ id: 'u' }); ctx.body = 'ok'; });",
  'app.listen(3000);',
  '',
].join('\n');

async function findings(dependencies: Record<string, string>, app: string, type = 'module') {
  const dir = mkdtempSync(path.join(tmpdir(), 'sk-login-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', type, main: 'app.js', dependencies }));
  writeFileSync(path.join(dir, 'app.js'), app);
  const report = await runChecks(dir, [], false);
  return report.projects[0].findings
    .filter((f) => f.ruleId === 'no-regenerate-on-login')
    .map((f) => `${f.line} ${f.severity}: ${f.message}`);
}

const fastifyDeps = (passport: Record<string, string>) => ({
  fastify: '^5.2.0',
  '@fastify/cookie': '^11.0.1',
  '@fastify/session': '^11.1.0',
  ...passport,
});

describe('no-regenerate-on-login with @fastify/passport and koa-passport', () => {
  it('reads the lowest version a range admits', () => {
    expect(lowestVersion('^2.2.0')).toEqual([2, 2, 0]);
    expect(lowestVersion('>=0.5')).toEqual([0, 5, 0]);
    expect(lowestVersion('latest')).toBeNull();
    // The lowest of the alternatives, not the first number: ^2.4 alone would hide the fixation of 1.9.
    expect(lowestVersion('^2.4.0 || ^1.9.0')).toEqual([1, 9, 0]);
    expect(lowestVersion('>=2.3.0 <3')).toEqual([2, 3, 0]);
  });

  it('@fastify/passport before 2.3.0: request.logIn under any local name is an error', async () => {
    const login = "app.post('/signup', async (request) => { await request.logIn({ id: 'u' }); return 'ok'; });";
    expect(await findings(fastifyDeps({ '@fastify/passport': '~2.2.0' }), FASTIFY(login))).toEqual([
      expect.stringMatching(/^8 error: @fastify\/passport ~2\.2\.0 keeps the session id across request\.logIn/),
    ]);
    // The app's own name for the authenticator is followed.
    const auth = "app.post('/login', { preValidation: passport.authenticate('local') }, async () => 'ok');";
    expect(await findings(fastifyDeps({ '@fastify/passport': '^2.0.0' }), FASTIFY(auth))).toHaveLength(1);
  });

  it('@fastify/passport 2.3.0 and later regenerates the session itself; so does a handler that calls regenerate', async () => {
    const login = "app.post('/signup', async (request) => { await request.logIn({ id: 'u' }); return 'ok'; });";
    expect(await findings(fastifyDeps({ '@fastify/passport': '^2.3.0' }), FASTIFY(login))).toEqual([]);
    const own =
      "app.post('/signup', async (request) => { await request.session.regenerate(); await request.logIn({ id: 'u' }); return 'ok'; });";
    expect(await findings(fastifyDeps({ '@fastify/passport': '^2.2.0' }), FASTIFY(own))).toEqual([]);
  });

  it('fastify-passport (the old name) never regenerates', async () => {
    const login = "app.post('/signup', async (request) => { await request.logIn({ id: 'u' }); return 'ok'; });";
    expect(await findings(fastifyDeps({ 'fastify-passport': '^0.6.0' }), FASTIFY(login))).toEqual([
      expect.stringMatching(/^8 error: fastify-passport \(renamed @fastify\/passport\)/),
    ]);
  });

  it('koa-passport 5+ with koa-session below 6.4: every login fails, an error that says so', async () => {
    const deps = { koa: '^2.15.3', 'koa-session': '^6.2.0', 'koa-passport': '^6.0.0' };
    expect(await findings(deps, KOA, 'commonjs')).toEqual([
      expect.stringMatching(/^7 error: .*req\.session\.regenerate is not a function/),
    ]);
  });

  it('koa-passport 5+ with koa-session 6.4+: ctx.login regenerates the session', async () => {
    const deps = { koa: '^2.15.3', 'koa-session': '^6.4.0', 'koa-passport': '^5.0.0' };
    expect(await findings(deps, KOA, 'commonjs')).toEqual([]);
  });
});
