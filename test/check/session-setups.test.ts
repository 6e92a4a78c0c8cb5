/**
 * What counts as a session setup: one per factory call or plugin registration, in
 * every shape apps write them; a setup kept in a const and used twice is one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionSetupsInGenerated, sessionSetupsInJs, sessionSetupsInRust } from '../../src/check/session-setups.js';
import { parseJs } from '../../src/edit/js/parse.js';
import { isGenerated } from '../../src/frameworks/node/generated-module.js';
import { FIXTURES } from '../helpers/fixtures.js';

async function setups(code: string, file = 'app.ts') {
  return sessionSetupsInJs(await parseJs(code, file), code, file).map((s) => [s.library, s.line]);
}

describe('session setups in JS/TS', () => {
  it.each([
    ['inline require', "app.use(require('express-session')({ secret }));", [['express-session', 1]]],
    [
      'require(...).default',
      "const s = require('express-session').default;\napp.use(s({}));",
      [['express-session', 2]],
    ],
    [
      'kept in a const, used twice',
      "import session from 'express-session';\nconst mw = session({});\napp.use(mw);\nio.engine.use(mw);",
      [['express-session', 2]],
    ],
    [
      'two factories',
      "import session from 'express-session';\napp.use(session({}));\napp.use(session({ name: 'b' }));",
      [
        ['express-session', 2],
        ['express-session', 3],
      ],
    ],
    [
      'cookie-session',
      "import cookieSession from 'cookie-session';\napp.use(cookieSession({ keys }));",
      [['cookie-session', 2]],
    ],
    [
      'koa-session with the app',
      "const session = require('koa-session');\napp.use(session(CONFIG, app));",
      [['koa-session', 2]],
    ],
    [
      'koa-generic-session',
      "import session from 'koa-generic-session';\napp.use(session({ store }));",
      [['koa-generic-session', 2]],
    ],
    [
      'Fastify plugin',
      "import fastifySession from '@fastify/session';\nawait app.register(fastifySession, { secret });",
      [['@fastify/session', 2]],
    ],
    [
      'Fastify plugin by named export',
      "const { fastifySession } = require('@fastify/session');\napp.register(fastifySession, { secret });",
      [['@fastify/session', 2]],
    ],
    [
      'Fastify plugin by inline import',
      "app.register(import('@fastify/secure-session'), { key });",
      [['@fastify/secure-session', 1]],
    ],
    ['fastify-session (old name)', "app.register(require('fastify-session'), { secret });", [['fastify-session', 1]]],
    [
      'hono-sessions',
      "import { sessionMiddleware, CookieStore } from 'hono-sessions';\nconst store = new CookieStore();\napp.use('*', sessionMiddleware({ store }));",
      [['hono-sessions', 3]],
    ],
    ['@hono/session', "import { useSession } from '@hono/session';\napp.use(useSession());", [['@hono/session', 2]]],
    [
      'type imports and store classes are not setups',
      "import type { SessionOptions } from 'express-session';\nimport session from 'express-session';\nconst store = new session.MemoryStore();",
      [],
    ],
    [
      'a session plugin imported, never registered',
      "import fastifySession from '@fastify/session';\nexport const options = { store: createStore(fastifySession) };",
      [],
    ],
  ])('%s', async (_name, code, expected) => {
    expect(await setups(code)).toEqual(expected);
  });
});

function generatedFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) generatedFiles(full, out);
    else if (/\.[cm]?[jt]s$/.test(name) && isGenerated(readFileSync(full, 'utf8'))) out.push(full);
  }
  return out;
}

describe('generated session modules, read without the parser', () => {
  const files = readdirSync(FIXTURES).flatMap((name) => {
    const expected = path.join(FIXTURES, name, 'expected');
    try {
      return generatedFiles(expected);
    } catch {
      return [];
    }
  });

  it('are found in the expected outputs', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('give the setup the parser finds, in every expected output', async () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const parsed = sessionSetupsInJs(await parseJs(text, file), text, file);
      expect(
        sessionSetupsInGenerated(text, file).map((s) => [s.library, s.line]),
        file,
      ).toEqual(parsed.map((s) => [s.library, s.line]));
    }
  });
});

describe('Pavex session stores', () => {
  it('counts each store crate in from![...] and each SessionStore provider', () => {
    const blueprint =
      'bp.import(from![crate, pavex, pavex_session, pavex_session_memory_store]);\nbp.import(from![pavex_session_sqlx::postgres]);\n';
    expect(sessionSetupsInRust(blueprint, 'src/blueprint.rs').map((s) => [s.text, s.line])).toEqual([
      ['pavex_session_memory_store', 1],
      ['pavex_session_sqlx::postgres', 2],
    ]);
    const provider =
      '#[singleton]\npub fn session_store(pool: PgPool) -> SessionStore {\n    SessionStore::new(PostgresSessionStore::new(pool))\n}\n';
    expect(sessionSetupsInRust(provider, 'src/store.rs').map((s) => s.line)).toEqual([2]);
    expect(
      sessionSetupsInRust(
        '// from![pavex_session_memory_store]\nbp.import(from![crate, pavex_session]);',
        'src/blueprint.rs',
      ),
    ).toEqual([]);
  });
});

describe('session-duplicate on a Pavex app', () => {
  it('reports a second session store, in another module of the crate', async () => {
    const { runChecks } = await import('../../src/check/run.js');
    const { copyFixture } = await import('../helpers/fixtures.js');
    const { writeFileSync } = await import('node:fs');
    const dir = copyFixture('refuse-existing-pavex');
    writeFileSync(
      path.join(dir, 'app/src/session_store.rs'),
      'use pavex_session::SessionStore;\n\n#[pavex::singleton]\npub fn session_store() -> SessionStore {\n    SessionStore::new(pavex_session_memory_store::InMemorySessionStore::default())\n}\n',
    );
    const report = await runChecks(dir, [], false);
    const found = report.projects[0].findings
      .filter((f) => f.ruleId === 'session-duplicate')
      .map(({ file, line }) => ({ file, line }));
    expect(found).toEqual([{ file: 'app/src/session_store.rs', line: 4 }]);
  });
});
