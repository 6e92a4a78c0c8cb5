import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { addWithoutInstall, copyFixture, listFiles, plan, read, recordInstalled } from '../../helpers/fixtures.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-fastify-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const ESM_PACKAGE = JSON.stringify(
  {
    name: 'app',
    type: 'module',
    dependencies: { fastify: '^5.2.0', '@fastify/cookie': '^11.0.2', '@fastify/session': '^11.1.0' },
  },
  null,
  2,
);

async function refusal(dir: string, options: { store: string; fixOrder?: boolean }): Promise<UserError> {
  const error = await plan(dir, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('fastify: session registered before the cookie', () => {
  it('after our own add, a swapped order is refused with file:line and repaired with --fix-order', async () => {
    const dir = copyFixture('fastify-esm-ts');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'src/app.ts');
    const swapped = correct.replace(
      'await app.register(fastifyCookie)\nawait app.register(fastifySession, sessionOptions)\n',
      'await app.register(fastifySession, sessionOptions)\nawait app.register(fastifyCookie)\n',
    );
    expect(swapped).not.toBe(correct);
    writeFileSync(path.join(dir, 'src/app.ts'), swapped);
    const sessionLine = swapped.split('\n').indexOf('await app.register(fastifySession, sessionOptions)') + 1;

    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('wrong-order');
    expect(error.where).toMatchObject({ file: 'src/app.ts', line: sessionLine + 1 });
    expect(error.message).toContain(`must come before the @fastify/session registration (src/app.ts:${sessionLine})`);
    expect(error.hint).toMatch(/--fix-order/);
    expect(read(dir, 'src/app.ts')).toBe(swapped);

    const repaired = await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    // Only the app file changes (besides session-kit's own record of what it added).
    expect(
      repaired.files.filter((f) => f.before !== f.after && f.path !== '.session-kit.json').map((f) => f.path),
    ).toEqual(['src/app.ts']);
    expect(read(dir, 'src/app.ts')).toBe(correct);
  });

  it("repairs the app's own setup only with --fix-order and then keeps it (no store module)", async () => {
    const app = [
      "import Fastify from 'fastify'",
      "import fastifyCookie from '@fastify/cookie'",
      "import fastifySession from '@fastify/session'",
      '',
      'const app = Fastify()',
      'await app.register(fastifySession, { secret: process.env.SESSION_SECRET! })',
      'await app.register(fastifyCookie)',
      "app.get('/', async (request) => request.session.get('x') ?? null)",
      'await app.listen({ port: 3000 })',
      '',
    ].join('\n');
    const dir = project({ 'package.json': ESM_PACKAGE, 'src/app.ts': app, 'tsconfig.json': '{}' });
    const error = await refusal(dir, { store: 'memory' });
    expect(error.where).toMatchObject({ file: 'src/app.ts', line: 7 });
    const result = await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    expect(listFiles(dir)).not.toContain('src/session.ts');
    expect(result.warnings.join('\n')).toMatch(/src\/app\.ts:6 registers a session plugin of its own/);
    expect(read(dir, 'src/app.ts')).toBe(
      app.replace(
        'await app.register(fastifySession, { secret: process.env.SESSION_SECRET! })\nawait app.register(fastifyCookie)\n',
        'await app.register(fastifyCookie)\nawait app.register(fastifySession, { secret: process.env.SESSION_SECRET! })\n',
      ),
    );
  });
});

describe('fastify: another session plugin', () => {
  it('@fastify/secure-session already registered: refused with file:line, nothing written', async () => {
    const app =
      "import Fastify from 'fastify'\nimport secureSession from '@fastify/secure-session'\n\nconst app = Fastify()\nawait app.register(secureSession, { key: Buffer.alloc(32) })\napp.get('/', async () => 'ok')\nawait app.listen({ port: 3000 })\n";
    const dir = project({ 'package.json': ESM_PACKAGE, 'src/app.ts': app, 'tsconfig.json': '{}' });
    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('session-exists');
    expect(error.where).toMatchObject({ file: 'src/app.ts', line: 5 });
    expect(listFiles(dir)).toEqual(['package.json', 'src/app.ts', 'tsconfig.json']);
  });
});

describe('fastify: an existing @fastify/cookie registration', () => {
  const app = (cookieAfterRoute: boolean) =>
    [
      "import Fastify from 'fastify'",
      "import cookie from '@fastify/cookie'",
      '',
      'const app = Fastify()',
      ...(cookieAfterRoute ? [] : ['await app.register(cookie, { secret: process.env.COOKIE_SECRET })']),
      "app.get('/', async () => 'ok')",
      ...(cookieAfterRoute ? ['await app.register(cookie, { secret: process.env.COOKIE_SECRET })'] : []),
      'await app.listen({ port: 3000 })',
      '',
    ].join('\n');

  it('is reused: one cookie registration, the session right after it', async () => {
    const dir = project({ 'package.json': ESM_PACKAGE, 'src/app.ts': app(false), 'tsconfig.json': '{}' });
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/app.ts');
    expect(text.match(/@fastify\/cookie/g)).toHaveLength(1);
    expect(text).toContain(
      "await app.register(cookie, { secret: process.env.COOKIE_SECRET })\nawait app.register(fastifySession, sessionOptions)\napp.get('/'",
    );
  });

  it("inside the app's own plugin module is reused too", async () => {
    const server =
      "'use strict'\n\nconst fastify = require('fastify')()\nconst cookies = require('./plugins/cookies')\n\nfastify.register(cookies)\nfastify.get('/', async () => 'ok')\nfastify.listen({ port: 3000 })\n";
    const plugin =
      "'use strict'\n\nconst fp = require('fastify-plugin')\n\nmodule.exports = fp(async (fastify) => {\n  await fastify.register(require('@fastify/cookie'), { secret: process.env.COOKIE_SECRET })\n})\n";
    const dir = project({
      'package.json': JSON.stringify({ name: 'c', main: 'server.js', dependencies: { fastify: '^5.2.0' } }),
      'server.js': server,
      'plugins/cookies.js': plugin,
    });
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'server.js');
    expect(text).not.toContain('@fastify/cookie');
    expect(text).toContain(
      "fastify.register(cookies)\nfastify.register(fastifySession, sessionOptions)\nfastify.get('/'",
    );
  });

  it('registered after a route is refused, and moved above the route with --fix-order', async () => {
    const dir = project({ 'package.json': ESM_PACKAGE, 'src/app.ts': app(true), 'tsconfig.json': '{}' });
    const error = await refusal(dir, { store: 'memory' });
    expect(error.where).toMatchObject({ file: 'src/app.ts', line: 6 });
    expect(error.message).toContain('comes after a route (src/app.ts:5)');
    await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    expect(read(dir, 'src/app.ts')).toContain(
      "const app = Fastify()\nawait app.register(cookie, { secret: process.env.COOKIE_SECRET })\nawait app.register(fastifySession, sessionOptions)\napp.get('/', async () => 'ok')\nawait app.listen",
    );
  });
});

describe('fastify: an app built by a factory session-kit cannot follow', () => {
  it('refuses with file:line, the factory name and the lines to add by hand; nothing is written', async () => {
    const server = [
      "import type { FastifyInstance } from 'fastify'",
      "import { createService } from '@acme/service-kit'",
      '',
      "const app: FastifyInstance = await createService({ name: 'billing' })",
      "app.get('/session/get', async (request) => ({ value: request.session.get('value') ?? null }))",
      'await app.listen({ port: 3000 })',
      '',
    ].join('\n');
    const dir = project({
      'package.json': JSON.stringify({
        name: 'svc',
        type: 'module',
        dependencies: { fastify: '^5.2.0', '@acme/service-kit': '^1.0.0' },
      }),
      'src/server.ts': server,
      'tsconfig.json': '{}',
    });
    const error = await refusal(dir, { store: 'postgres' });
    expect(error.code).toBe('app-not-found');
    expect(error.where).toMatchObject({ file: 'src/server.ts', line: 4 });
    expect(error.message).toContain('`app` in src/server.ts comes from createService()');
    expect(error.manual).toContain("import fastifyCookie from '@fastify/cookie';");
    expect(error.manual).toContain("import { sessionOptions } from './session.js';");
    expect(error.manual).toContain(
      'await app.register(fastifyCookie);\nawait app.register(fastifySession, sessionOptions);',
    );
    expect(listFiles(dir)).toEqual(['package.json', 'src/server.ts', 'tsconfig.json']);
    expect(read(dir, 'src/server.ts')).toBe(server);
  });

  it('follows a build() factory defined in the app file itself', async () => {
    const appFile = [
      "'use strict'",
      '',
      "const Fastify = require('fastify')",
      '',
      'function build(opts = {}) {',
      '  const app = Fastify(opts)',
      "  app.get('/', async () => 'ok')",
      '  return app',
      '}',
      '',
      'module.exports = { build }',
      '',
    ].join('\n');
    const dir = project({
      'package.json': JSON.stringify({ name: 'b', main: 'app.js', dependencies: { fastify: '^5.2.0' } }),
      'app.js': appFile,
    });
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'app.js')).toContain(
      "  const app = Fastify(opts)\n  app.register(fastifyCookie)\n  app.register(fastifySession, sessionOptions)\n  app.get('/'",
    );
  });
});

describe('fastify: app shapes', () => {
  it('follows `Fastify(opts).withTypeProvider<T>()`', async () => {
    const app =
      "import Fastify from 'fastify'\nimport type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'\n\nconst app = Fastify({ logger: true }).withTypeProvider<TypeBoxTypeProvider>()\n\napp.get('/', async () => 'ok')\nawait app.listen({ port: 3000 })\n";
    const dir = project({ 'package.json': ESM_PACKAGE, 'src/app.ts': app, 'tsconfig.json': '{}' });
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/app.ts')).toContain(
      'withTypeProvider<TypeBoxTypeProvider>()\nawait app.register(fastifyCookie)\nawait app.register(fastifySession, sessionOptions)\n',
    );
  });

  it('registers inside an app exported as a plugin function (fastify-plugin / fastify-cli style without autoload)', async () => {
    const app = [
      "import type { FastifyPluginAsync } from 'fastify'",
      "import fp from 'fastify-plugin'",
      "import { routes } from './routes.js'",
      '',
      'const app: FastifyPluginAsync = async (fastify) => {',
      '  await fastify.register(routes)',
      '}',
      '',
      'export default fp(app)',
      '',
    ].join('\n');
    const dir = project({
      'package.json': JSON.stringify({
        name: 'p',
        type: 'module',
        main: 'src/app.ts',
        dependencies: { fastify: '^5.2.0', 'fastify-plugin': '^5.0.1' },
      }),
      'src/app.ts': app,
      'src/routes.ts': "export const routes = async (app: any) => { app.get('/', async () => 'ok') }\n",
      'tsconfig.json': '{}',
    });
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/app.ts')).toContain(
      'const app: FastifyPluginAsync = async (fastify) => {\n  await fastify.register(fastifyCookie)\n  await fastify.register(fastifySession, sessionOptions)\n  await fastify.register(routes)\n}',
    );
  });

  it('with a store whose package builds on express-session (sqlite, redis), installs express-session too', async () => {
    const dir = copyFixture('fastify-cjs');
    const sqlite = await plan(dir, { store: 'sqlite' });
    expect(sqlite.dependencies.map((d) => d.name)).toEqual(
      expect.arrayContaining([
        '@fastify/cookie',
        '@fastify/session',
        'connect-session-knex',
        'knex',
        'better-sqlite3',
        'express-session',
      ]),
    );
    const postgres = await plan(dir, { store: 'postgres' });
    expect(postgres.dependencies.map((d) => d.name)).not.toContain('express-session');
  });
});

describe('fastify-cli / @fastify/autoload apps', () => {
  it('get a plugin file and an untouched app.js; an existing cookie plugin is reused and declared as a dependency', async () => {
    const dir = copyFixture('fastify-autoload');
    writeFileSync(
      path.join(dir, 'plugins/cookie.js'),
      "'use strict'\n\nconst fp = require('fastify-plugin')\n\nmodule.exports = fp(async function (fastify) {\n  fastify.register(require('@fastify/cookie'))\n}, { name: '@fastify/cookie' })\n",
    );
    const before = read(dir, 'app.js');
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'app.js')).toBe(before);
    const plugin = read(dir, 'plugins/session.js');
    expect(plugin).not.toContain("require('@fastify/cookie')");
    expect(plugin).toContain("dependencies: ['@fastify/cookie']");
    expect(plugin).toContain('module.exports = sessionPlugin');
  });

  it('refuse a second session plugin found in the plugins folder', async () => {
    const dir = copyFixture('fastify-autoload');
    writeFileSync(
      path.join(dir, 'plugins/auth.js'),
      "'use strict'\n\nconst fp = require('fastify-plugin')\nconst session = require('@fastify/session')\n\nmodule.exports = fp(async function (fastify) {\n  fastify.register(session, { secret: process.env.SECRET })\n})\n",
    );
    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('session-exists');
    expect(error.where).toMatchObject({ file: 'plugins/auth.js', line: 7 });
  });
});
