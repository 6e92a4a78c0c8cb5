/**
 * The rules reading session options (check/session-options.ts) on small apps written
 * here: where the options come from (an object in place, a constant, another module,
 * the second argument of register) and each library's defaults.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/fixtures.js';
import { findingsIn } from '../../helpers/check-app.js';

const FASTIFY = {
  fastify: '^5.2.0',
  '@fastify/cookie': '^11.0.0',
  '@fastify/session': '^11.0.0',
  'connect-pg-simple': '^10.0.0',
};
const EXPRESS = { express: '^4.21.2', 'express-session': '^1.18.1', 'connect-pg-simple': '^10.0.0' };

const fastifyApp = (options: string, extra = '') => `import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import connectPgSimple from 'connect-pg-simple';
${extra}
const PgStore = connectPgSimple(fastifySession);
const app = Fastify();
await app.register(fastifyCookie);
await app.register(fastifySession, ${options});
app.get('/', async (request) => request.session.get('user') ?? null);
await app.listen({ port: 3000 });
`;

describe('save-uninitialized', () => {
  it("reports @fastify/session's default (true) when the option is not given, at the registration", async () => {
    const found = await findingsIn(
      {
        'server.mjs': fastifyApp(
          "{ secret: process.env.SESSION_SECRET, store: new PgStore({ conString: process.env.DATABASE_URL }), cookie: { secure: 'auto' } }",
        ),
      },
      FASTIFY,
      'save-uninitialized',
    );
    expect(found).toEqual([
      {
        file: 'server.mjs',
        line: 9,
        severity: 'warning',
        message: expect.stringContaining('@fastify/session defaults to saveUninitialized: true with connect-pg-simple'),
      },
    ]);
  });

  it('reads the options from a constant, in this module or the one that exports it', async () => {
    const local = await findingsIn(
      {
        'server.mjs': fastifyApp(
          'sessionOptions',
          'const sessionOptions = { secret: process.env.SESSION_SECRET, store: new PgStore({}), saveUninitialized: true };',
        ),
      },
      FASTIFY,
      'save-uninitialized',
    );
    expect(local.map((f) => [f.file, f.line])).toEqual([['server.mjs', 5]]);
    const exported = (value: string) =>
      findingsIn(
        {
          'server.mjs': fastifyApp('sessionOptions', "import { sessionOptions } from './options.mjs';"),
          'options.mjs': `import fastifySession from '@fastify/session';\nimport connectPgSimple from 'connect-pg-simple';\nconst PgStore = connectPgSimple(fastifySession);\nexport const sessionOptions = {\n  secret: process.env.SESSION_SECRET,\n  store: new PgStore({}),\n  saveUninitialized: ${value},\n};\n`,
        },
        FASTIFY,
        'save-uninitialized',
      );
    expect((await exported('true')).map((f) => [f.file, f.line])).toEqual([['options.mjs', 7]]);
    expect(await exported('false')).toEqual([]);
  });

  it('says nothing for an in-memory store, no store, or a value read at run time', async () => {
    const app = (options: string) =>
      `const express = require('express');\nconst session = require('express-session');\nconst app = express();\napp.use(session(${options}));\napp.get('/', (req, res) => res.send(req.session.id));\napp.listen(3000);\n`;
    for (const options of [
      '{ secret: process.env.S, saveUninitialized: true }',
      '{ secret: process.env.S, store: new session.MemoryStore(), saveUninitialized: true }',
      "{ secret: process.env.S, store: new (require('connect-pg-simple')(session))(), saveUninitialized: process.env.NODE_ENV !== 'production' }",
    ])
      expect(await findingsIn({ 'app.js': app(options) }, EXPRESS, 'save-uninitialized'), options).toEqual([]);
  });

  it('reads an inline require of express-session, and its default', async () => {
    const found = await findingsIn(
      {
        'app.js':
          "const express = require('express');\nconst PgStore = require('connect-pg-simple')(require('express-session'));\nconst app = express();\napp.use(require('express-session')({ secret: process.env.S, store: new PgStore() }));\napp.get('/', (req, res) => res.send(req.session.id));\napp.listen(3000);\n",
      },
      EXPRESS,
      'save-uninitialized',
    );
    expect(found.map((f) => [f.line, f.message.slice(0, 50)])).toEqual([
      [4, 'express-session defaults to saveUninitialized: tru'],
    ]);
  });
});

describe('secure-cookie-without-trust-proxy', () => {
  const KOA = { koa: '^2.15.3', 'koa-session': '^7.0.2' };
  const koaApp = (extra: string, secure = 'secure: true') =>
    `const Koa = require('koa');\nconst session = require('koa-session');\nconst app = new Koa();\n${extra}\napp.keys = process.env.SESSION_SECRET.split(',');\napp.use(session({ ${secure}, sameSite: 'lax' }, app));\napp.use((ctx) => { ctx.body = ctx.session.views; });\napp.listen(3000);\n`;

  it("reports @fastify/session's default secure cookie on fly.io without trustProxy, at the registration", async () => {
    const found = await findingsIn(
      {
        'server.mjs': fastifyApp(
          '{ secret: process.env.SESSION_SECRET, store: new PgStore({}), saveUninitialized: false }',
        ),
        'fly.toml': "app = 'x'\n",
      },
      FASTIFY,
      'secure-cookie-without-trust-proxy',
    );
    expect(found).toEqual([
      {
        file: 'server.mjs',
        line: 9,
        severity: 'error',
        message: expect.stringContaining("@fastify/session's default cookie.secure: true behind a proxy (fly.toml)"),
      },
    ]);
    const trusted = await findingsIn(
      {
        'server.mjs': fastifyApp(
          '{ secret: process.env.SESSION_SECRET, store: new PgStore({}), saveUninitialized: false }',
        ).replace('Fastify()', 'Fastify({ trustProxy: true })'),
        'fly.toml': "app = 'x'\n",
      },
      FASTIFY,
      'secure-cookie-without-trust-proxy',
    );
    expect(trusted).toEqual([]);
  });

  it('koa-session secure: true on Heroku answers 500 without app.proxy; app.proxy = true or new Koa({ proxy: true }) trusts it', async () => {
    const heroku = { 'app.json': '{ "name": "x", "buildpacks": [{ "url": "heroku/nodejs" }] }\n' };
    const found = await findingsIn({ 'app.js': koaApp(''), ...heroku }, KOA, 'secure-cookie-without-trust-proxy');
    expect(found.map((f) => [f.line, f.severity])).toEqual([[6, 'error']]);
    expect(found[0].message).toContain('(app.json (Heroku))');
    expect(found[0].message).toContain('Cannot send secure cookie over unencrypted connection');
    expect(
      await findingsIn({ 'app.js': koaApp('app.proxy = true;'), ...heroku }, KOA, 'secure-cookie-without-trust-proxy'),
    ).toEqual([]);
    expect(
      await findingsIn(
        { 'app.js': koaApp('').replace('new Koa()', 'new Koa({ proxy: true })'), ...heroku },
        KOA,
        'secure-cookie-without-trust-proxy',
      ),
    ).toEqual([]);
    // An app.json that is not Heroku's, no platform file at all, no Secure cookie: nothing.
    expect(
      await findingsIn(
        { 'app.js': koaApp(''), 'app.json': '{ "name": "x" }\n' },
        KOA,
        'secure-cookie-without-trust-proxy',
      ),
    ).toEqual([]);
    expect(
      await findingsIn({ 'app.js': koaApp('', 'secure: false'), ...heroku }, KOA, 'secure-cookie-without-trust-proxy'),
    ).toEqual([]);
  });

  it("secure: 'auto' behind a proxy is a warning; reading X-Forwarded-* headers counts as a proxy; a comment does not trust it", async () => {
    const app = `const express = require('express');\nconst session = require('express-session');\nconst app = express();\n// app.set('trust proxy', 1);\napp.use(session({ secret: process.env.S, cookie: { secure: 'auto' } }));\napp.get('/', (req, res) => res.send(req.get('X-Forwarded-For') + req.session.id));\napp.listen(3000);\n`;
    const found = await findingsIn({ 'app.js': app }, EXPRESS, 'secure-cookie-without-trust-proxy');
    expect(found.map((f) => [f.line, f.severity])).toEqual([[5, 'warning']]);
    expect(found[0].message).toContain('(app.js reads X-Forwarded-* headers)');
    expect(
      await findingsIn(
        { 'app.js': app.replace('// app.set', 'app.set') },
        EXPRESS,
        'secure-cookie-without-trust-proxy',
      ),
    ).toEqual([]);
  });

  it("Nest: app.set('trust proxy') on the Express adapter, trustProxy in the FastifyAdapter", async () => {
    const NEST = {
      '@nestjs/core': '^11.0.0',
      '@nestjs/common': '^11.0.0',
      '@nestjs/platform-express': '^11.0.0',
      'express-session': '^1.18.1',
    };
    const main = (extra: string) =>
      `import { NestFactory } from '@nestjs/core';\nimport session from 'express-session';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n${extra}\n  app.use(session({ secret: process.env.S, resave: false, saveUninitialized: false, cookie: { secure: true } }));\n  await app.listen(3000);\n}\nbootstrap();\n`;
    const files = (extra: string) => ({
      'src/main.ts': main(extra),
      'src/app.module.ts': 'export class AppModule {}\n',
      Dockerfile: 'FROM node:20\n',
    });
    const found = await findingsIn(files(''), NEST, 'secure-cookie-without-trust-proxy');
    expect(found.map((f) => [f.file, f.line, f.severity])).toEqual([['src/main.ts', 8, 'error']]);
    expect(
      await findingsIn(
        files("  app.getHttpAdapter().getInstance().set('trust proxy', 1);"),
        NEST,
        'secure-cookie-without-trust-proxy',
      ),
    ).toEqual([]);
  });
});

describe('no-expired-cleanup', () => {
  const expressApp = (head: string, store: string) =>
    `const express = require('express');\nconst session = require('express-session');\n${head}\nconst app = express();\napp.use(session({ secret: process.env.S, store: ${store}, resave: false, saveUninitialized: false }));\napp.get('/', (req, res) => res.send(req.session.id));\napp.listen(3000);\n`;

  it('express-mysql-session with clearExpired: false, unless the app deletes expired sessions itself', async () => {
    const head =
      "const MySQLStore = require('express-mysql-session')(session);\nconst options = { host: 'db', clearExpired: false };";
    const deps = { ...EXPRESS, 'express-mysql-session': '^3.0.3' };
    const found = await findingsIn(
      { 'app.js': expressApp(head, 'new MySQLStore(options)') },
      deps,
      'no-expired-cleanup',
    );
    expect(found.map((f) => [f.line, f.severity])).toEqual([[4, 'warning']]);
    expect(found[0].message).toContain('express-mysql-session with clearExpired: false and no cleanup job');
    const withJob = await findingsIn(
      {
        'app.js': expressApp(head, 'new MySQLStore(options)'),
        'jobs/cleanup.js':
          "module.exports = (db) => db.query('DELETE FROM sessions WHERE expires < UNIX_TIMESTAMP()');\n",
      },
      deps,
      'no-expired-cleanup',
    );
    expect(withJob).toEqual([]);
  });

  it('memorystore without checkPeriod never drops expired sessions; connect-session-knex with disableDbCleanup', async () => {
    const memory = await findingsIn(
      {
        'app.js': expressApp(
          "const createMemoryStore = require('memorystore');\nconst MemoryStore = createMemoryStore(session);",
          'new MemoryStore()',
        ),
      },
      { ...EXPRESS, memorystore: '^1.6.7' },
      'no-expired-cleanup',
    );
    expect(memory.map((f) => [f.line, f.message.slice(0, 40)])).toEqual([
      [6, 'memorystore with no checkPeriod and no c'],
    ]);
    const knex = await findingsIn(
      {
        'app.js': expressApp(
          "const { ConnectSessionKnexStore } = require('connect-session-knex');",
          'new ConnectSessionKnexStore({ knex: require("./db"), disableDbCleanup: true })',
        ),
      },
      { ...EXPRESS, 'connect-session-knex': '^5.0.0', knex: '^3.1.0' },
      'no-expired-cleanup',
    );
    expect(knex.map((f) => f.line)).toEqual([5]);
    const checked = await findingsIn(
      {
        'app.js': expressApp(
          "const MemoryStore = require('memorystore')(session);",
          'new MemoryStore({ checkPeriod: 86400000 })',
        ),
      },
      { ...EXPRESS, memorystore: '^1.6.7' },
      'no-expired-cleanup',
    );
    expect(checked).toEqual([]);
  });
});

describe('maxage-ttl-mismatch', () => {
  const app = (head: string, store: string, maxAge = '1000 * 60 * 60 * 24') =>
    `const express = require('express');\nconst session = require('express-session');\n${head}\nconst app = express();\napp.use(session({ secret: process.env.S, store: ${store}, resave: false, saveUninitialized: false, cookie: { maxAge: ${maxAge} } }));\napp.get('/', (req, res) => res.send(req.session.id));\napp.listen(3000);\n`;
  const redisHead = "const RedisStore = require('connect-redis')(session);\nconst client = require('./redis');";

  it("names both lifetimes when the fixture's store drops sessions first", async () => {
    const found = await findingsIn(
      { 'app.js': readFileSync(path.join(FIXTURES, 'check-maxage-ttl-mismatch/fail/app.js'), 'utf8') },
      { ...EXPRESS, 'session-file-store': '^1.5.0' },
      'maxage-ttl-mismatch',
    );
    expect(found[0].message).toBe(
      'the session cookie lives 7 days (maxAge) but session-file-store drops a session after 1 hour (its default ttl): users are logged out while their cookie is still valid',
    );
  });

  it("memorystore's ttl (ms) shorter than maxAge; longer is fine", async () => {
    const head = "const MemoryStore = require('memorystore')(session);";
    const deps = { ...EXPRESS, memorystore: '^1.6.7' };
    const short = await findingsIn(
      { 'app.js': app(head, 'new MemoryStore({ checkPeriod: 1e6, ttl: 60 * 60 * 1000 })') },
      deps,
      'maxage-ttl-mismatch',
    );
    expect(short.map((f) => [f.line, f.message.includes('after 1 hour (ttl: 60 * 60 * 1000)')])).toEqual([[5, true]]);
    expect(
      await findingsIn(
        { 'app.js': app(head, 'new MemoryStore({ checkPeriod: 1e6, ttl: 2 * 86_400_000 })') },
        deps,
        'maxage-ttl-mismatch',
      ),
    ).toEqual([]);
  });

  it('connect-redis: ttl wins only in 3.x; disableTTL keeps sessions for ever', async () => {
    const store = 'new RedisStore({ client, ttl: 600 })';
    const v3 = await findingsIn(
      { 'app.js': app(redisHead, store), 'redis.js': 'module.exports = {};\n' },
      { ...EXPRESS, 'connect-redis': '^3.4.2' },
      'maxage-ttl-mismatch',
    );
    expect(v3.map((f) => f.line)).toEqual([6]);
    const v9 = await findingsIn(
      { 'app.js': app(redisHead, store), 'redis.js': 'module.exports = {};\n' },
      { ...EXPRESS, 'connect-redis': '^9.0.0' },
      'maxage-ttl-mismatch',
    );
    expect(v9).toEqual([]);
    const forever = await findingsIn(
      {
        'app.js': app(redisHead, 'new RedisStore({ client, disableTTL: true })'),
        'redis.js': 'module.exports = {};\n',
      },
      { ...EXPRESS, 'connect-redis': '^9.0.0' },
      'maxage-ttl-mismatch',
    );
    expect(forever.map((f) => [f.line, f.message.slice(0, 48)])).toEqual([
      [6, 'connect-redis with disableTTL: true stores sessi'],
    ]);
  });
});

describe('no-regenerate-on-login', () => {
  const expressApp = (routes: string) =>
    `const express = require('express');\nconst session = require('express-session');\nconst passport = require('passport');\nconst app = express();\napp.use(session({ secret: process.env.S, resave: false, saveUninitialized: false }));\napp.use(passport.initialize());\napp.use(passport.session());\n${routes}\napp.listen(3000);\n`;
  const login = "app.post('/login', passport.authenticate('local'), (req, res) => res.json(req.user));";

  it('passport before 0.6 keeps the session id across login (an error); 0.6 and later regenerate it', async () => {
    const old = await findingsIn(
      { 'app.js': expressApp(login) },
      { ...EXPRESS, passport: '^0.5.3' },
      'no-regenerate-on-login',
    );
    expect(old.map((f) => [f.line, f.severity])).toEqual([[8, 'error']]);
    expect(old[0].message).toContain('passport ^0.5.3 keeps the session id across login');
    expect(
      await findingsIn({ 'app.js': expressApp(login) }, { ...EXPRESS, passport: '^0.7.0' }, 'no-regenerate-on-login'),
    ).toEqual([]);
  });

  it('finds the login through a local name with a `$` in it (written into the pattern escaped)', async () => {
    const dollar = expressApp(login)
      .replaceAll('passport', '$passport')
      .replace("require('$passport')", "require('passport')");
    const found = await findingsIn({ 'app.js': dollar }, { ...EXPRESS, passport: '^0.5.3' }, 'no-regenerate-on-login');
    expect(found.map((f) => [f.line, f.severity])).toEqual([[8, 'error']]);
  });

  it('Fastify and Koa handlers that set the user after a password check, and their regenerate', async () => {
    const fastifyRoute = (regenerate: string) =>
      fastifyApp(
        "{ secret: process.env.SESSION_SECRET, store: new PgStore({}), saveUninitialized: false, cookie: { secure: 'auto' } }",
      ).replace(
        "app.get('/'",
        `app.post('/login', async (request, reply) => {\n  const ok = await bcrypt.compare(request.body.password, hash);\n  if (!ok) return reply.code(401).send();\n${regenerate}  request.session.set('user', request.body.email);\n  return { ok };\n});\napp.get('/'`,
      );
    const found = await findingsIn({ 'server.mjs': fastifyRoute('') }, FASTIFY, 'no-regenerate-on-login');
    expect(found.map((f) => [f.line, f.severity])).toEqual([[13, 'warning']]);
    expect(
      await findingsIn(
        { 'server.mjs': fastifyRoute('  await request.session.regenerate();\n') },
        FASTIFY,
        'no-regenerate-on-login',
      ),
    ).toEqual([]);
    const koa = (regenerate: string) =>
      `const Koa = require('koa');\nconst session = require('koa-session');\nconst app = new Koa();\napp.keys = [process.env.S];\napp.use(session(app));\napp.use(async function login(ctx) {\n  if (!(await verifyPassword(ctx.request.body))) ctx.throw(401);\n${regenerate}  ctx.session.user = ctx.request.body.name;\n});\napp.listen(3000);\n`;
    const KOA = { koa: '^2.15.3', 'koa-session': '^7.0.2' };
    expect((await findingsIn({ 'app.js': koa('') }, KOA, 'no-regenerate-on-login')).map((f) => f.line)).toEqual([8]);
    expect(
      await findingsIn({ 'app.js': koa('  await ctx.regenerateSession();\n') }, KOA, 'no-regenerate-on-login'),
    ).toEqual([]);
  });
});

describe('redirect-before-save', () => {
  const app = (store: string, handler: string) =>
    `const express = require('express');\nconst session = require('express-session');\nconst PgStore = require('connect-pg-simple')(session);\nconst app = express();\napp.use(session({ secret: process.env.S, store: ${store}, resave: false, saveUninitialized: false }));\n${handler}\napp.listen(3000);\n`;

  it('reads through an if block to the handler, and says nothing for an in-memory store or a save first', async () => {
    const handler =
      "app.post('/step', (req, res) => {\n  if (req.body.ok) {\n    req.session.step = 2;\n    return res.redirect('/step/2');\n  }\n  res.redirect('/step/1');\n});";
    const found = await findingsIn({ 'app.js': app('new PgStore()', handler) }, EXPRESS, 'redirect-before-save');
    expect(found.map((f) => [f.line, f.message.slice(0, 70)])).toEqual([
      [9, 'res.redirect() right after writing req.session (line 8): express-sessi'],
    ]);
    expect(await findingsIn({ 'app.js': app('undefined', handler) }, EXPRESS, 'redirect-before-save')).toEqual([]);
    expect(
      await findingsIn(
        {
          'app.js': app(
            'new PgStore()',
            handler.replace(
              "return res.redirect('/step/2');",
              "return req.session.save(() => res.redirect('/step/2'));",
            ),
          ),
        },
        EXPRESS,
        'redirect-before-save',
      ),
    ).toEqual([]);
  });
});

describe('samesite-none-for-cors / samesite-strict-oauth', () => {
  const app = (cookie: string, extra: string) =>
    `const express = require('express');\nconst cors = require('cors');\nconst session = require('express-session');\nconst app = express();\n${extra}\napp.use(session({ secret: process.env.S, resave: false, saveUninitialized: false, cookie: ${cookie} }));\napp.get('/', (req, res) => res.send(req.session.id));\napp.listen(3000);\n`;
  const deps = { ...EXPRESS, cors: '^2.8.5' };

  it('reads the cookie domain: another site outside it, none inside it or on localhost', async () => {
    const cookie = "{ sameSite: 'lax', domain: '.example.com' }";
    const corsFor = (origin: string) => `app.use(cors({ credentials: true, origin: ${origin} }));`;
    const outside = await findingsIn(
      { 'app.js': app(cookie, corsFor("'https://partner.io'")) },
      deps,
      'samesite-none-for-cors',
    );
    expect(outside.map((f) => [f.line, f.message.includes("outside the cookie's domain example.com")])).toEqual([
      [5, true],
    ]);
    for (const origin of ["'https://app.example.com'", "['http://localhost:5173']", 'process.env.FRONT_END'])
      expect(
        await findingsIn({ 'app.js': app(cookie, corsFor(origin)) }, deps, 'samesite-none-for-cors'),
        origin,
      ).toEqual([]);
  });

  it('a cookie without SameSite counts as Lax; Fastify registers cors with its options', async () => {
    const found = await findingsIn(
      {
        'server.mjs': fastifyApp(
          "{ secret: process.env.SESSION_SECRET, store: new PgStore({}), saveUninitialized: false, cookie: { secure: 'auto' } }",
        ).replace(
          'await app.register(fastifyCookie);',
          "await app.register(fastifyCookie);\nawait app.register(import('@fastify/cors'), { origin: 'https://admin.netlify.app', credentials: true });",
        ),
      },
      { ...FASTIFY, '@fastify/cors': '^10.0.0' },
      'samesite-none-for-cors',
    );
    expect(found.map((f) => [f.line, f.message.includes('has no SameSite (browsers treat it as Lax)')])).toEqual([
      [9, true],
    ]);
  });

  it('a Strict cookie with an OAuth callback route, without any OAuth package', async () => {
    const routes = "app.get('/oauth/callback', async (req, res) => res.redirect('/'));";
    const found = await findingsIn({ 'app.js': app("{ sameSite: 'strict' }", routes) }, deps, 'samesite-strict-oauth');
    expect(found.map((f) => [f.line, f.message.includes('app.js has an OAuth callback route')])).toEqual([[6, true]]);
    expect(await findingsIn({ 'app.js': app("{ sameSite: 'strict' }", '') }, deps, 'samesite-strict-oauth')).toEqual(
      [],
    );
  });
});

describe('session-used-outside-middleware', () => {
  it('Hono: a session on a sub-app does not cover a route of the app that reads it', async () => {
    const app = (route: string) =>
      `import { Hono } from 'hono';\nimport { useSession, useSessionStorage } from '@hono/session';\nimport { serve } from '@hono/node-server';\nimport { storage } from './storage.js';\n\nconst app = new Hono();\nconst api = new Hono();\napi.use(useSessionStorage(storage), useSession({ secret: process.env.SESSION_SECRET }));\napi.get('/cart', (c) => c.json(c.get('session').data));\napp.route('/api', api);\n${route}\nserve({ fetch: app.fetch, port: 3000 });\n`;
    const deps = { hono: '^4.6.0', '@hono/session': '^0.1.0', '@hono/node-server': '^1.13.0' };
    const found = await findingsIn(
      {
        'server.mjs': app("app.get('/me', (c) => c.json(c.get('session').data));"),
        'storage.js': 'export const storage = {};\n',
      },
      deps,
      'session-used-outside-middleware',
    );
    expect(found.map((f) => [f.line, f.message.includes('registered on api only (line 8)')])).toEqual([[11, true]]);
    expect(
      await findingsIn(
        { 'server.mjs': app("app.get('/health', (c) => c.text('ok'));"), 'storage.js': 'export const storage = {};\n' },
        deps,
        'session-used-outside-middleware',
      ),
    ).toEqual([]);
  });
});

describe('secure-cookie-without-trust-proxy: an app that serves TLS itself', () => {
  it('has no proxy to trust', async () => {
    const app = `const https = require('node:https');\nconst express = require('express');\nconst session = require('express-session');\nconst app = express();\napp.use(session({ secret: process.env.S, cookie: { secure: true } }));\napp.get('/', (req, res) => res.send(req.session.id));\nhttps.createServer({ key: process.env.KEY, cert: process.env.CERT }, app).listen(443);\n`;
    expect(
      await findingsIn({ 'app.js': app, Dockerfile: 'FROM node:20\n' }, EXPRESS, 'secure-cookie-without-trust-proxy'),
    ).toEqual([]);
    const plain = app.replace(
      'https.createServer({ key: process.env.KEY, cert: process.env.CERT }, app).listen(443);',
      'app.listen(3000);',
    );
    expect(
      (
        await findingsIn(
          { 'app.js': plain, Dockerfile: 'FROM node:20\n' },
          EXPRESS,
          'secure-cookie-without-trust-proxy',
        )
      ).length,
    ).toBe(1);
  });
});
