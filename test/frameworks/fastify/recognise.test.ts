/**
 * recognise() is what `check` reads: every step with its file:line, and the
 * ordering/requirement data turns a wrong order into findings.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderingViolations, requirementFindings } from '../../../src/core/ordering.js';
import { detectAll } from '../../../src/detect/index.js';
import { addWithoutInstall, copyFixture, read } from '../../helpers/fixtures.js';

async function steps(dir: string) {
  const { project, framework, detection } = await detectAll({ cwd: dir, interactive: false });
  if (!framework || !detection) throw new Error('no framework detected');
  const found = await framework.recognise(project, detection);
  return { framework, detection, steps: found, summary: found.map((s) => `${s.kind} ${s.file}:${s.line}`) };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('fastify recognise', () => {
  it('reports app, hook, cookie, session, routes plugin, routes and listen with file:line', async () => {
    const dir = copyFixture('fastify-esm-ts');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/app.ts');
    const { summary, steps: found, framework } = await steps(dir);
    expect(summary).toEqual([
      `app src/app.ts:${lineOf(text, 'const app = Fastify(')}`,
      `hook src/app.ts:${lineOf(text, "app.addHook('onSend'")}`,
      `cookie src/app.ts:${lineOf(text, 'register(fastifyCookie)')}`,
      `session src/app.ts:${lineOf(text, 'register(fastifySession')}`,
      // The health routes plugin provably never reads the session.
      `sessionless-routes src/app.ts:${lineOf(text, 'register(healthRoutes')}`,
      `route src/app.ts:${lineOf(text, "app.get('/session/set'")}`,
      `route src/app.ts:${lineOf(text, "app.get('/session/get'")}`,
      `route src/app.ts:${lineOf(text, "app.post('/logout'")}`,
      `listen src/app.ts:${lineOf(text, 'await app.listen(')}`,
    ]);
    expect(orderingViolations(found, framework.ordering)).toEqual([]);
    expect(requirementFindings(found, framework.requirements ?? [])).toEqual([]);
  });

  it('places chained registrations at their own line and reports a session moved below the routes', async () => {
    const dir = copyFixture('fastify-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'server.js');
    expect((await steps(dir)).summary.slice(0, 5)).toEqual([
      'app server.js:3',
      `plugin server.js:${lineOf(text, '.register(timing)')}`,
      `cookie server.js:${lineOf(text, '.register(fastifyCookie)')}`,
      `session server.js:${lineOf(text, '.register(fastifySession')}`,
      `sessionless-routes server.js:${lineOf(text, '.register(require("./routes/health")')}`,
    ]);
    // A user removes the cookie plugin from the chain: the requirement reports it at the session.
    writeFileSync(path.join(dir, 'server.js'), text.replace('  .register(fastifyCookie)\n', ''));
    const { steps: found, framework } = await steps(dir);
    expect(
      requirementFindings(found, framework.requirements ?? []).map((f) => `${f.ruleId} ${f.file}:${f.line}`),
    ).toEqual([`fastify/session-requires-cookie server.js:${lineOf(text, '.register(fastifySession') - 1}`]);
  });

  it('reads an autoload app: the plugins folder is a plugin step, routes folder a routes step, the session plugin file its own steps', async () => {
    const dir = copyFixture('fastify-autoload');
    await addWithoutInstall(dir, { store: 'memory' });
    const plugin = read(dir, 'plugins/session.js');
    expect((await steps(dir)).summary).toEqual([
      'plugin app.js:17',
      'routes app.js:24',
      `cookie plugins/session.js:${lineOf(plugin, 'register(fastifyCookie)')}`,
      `session plugins/session.js:${lineOf(plugin, 'register(fastifySession')}`,
    ]);
  });
});

describe('nest recognise', () => {
  it('reports the Fastify adapter registrations and a cookie moved after the session', async () => {
    const dir = copyFixture('nest-fastify');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/main.ts');
    const { summary, detection } = await steps(dir);
    expect(detection.facts?.adapter).toBe('fastify');
    expect(summary).toEqual([
      `app src/main.ts:${lineOf(text, 'NestFactory.create')}`,
      `cookie src/main.ts:${lineOf(text, 'register(fastifyCookie)')}`,
      `session src/main.ts:${lineOf(text, 'register(fastifySession')}`,
      `listen src/main.ts:${lineOf(text, 'await app.listen(')}`,
    ]);
    writeFileSync(
      path.join(dir, 'src/main.ts'),
      text
        .replace('  await app.register(fastifyCookie)\n', '')
        .replace('  await app.listen(', '  await app.register(fastifyCookie)\n  await app.listen('),
    );
    const { steps: found, framework } = await steps(dir);
    expect(orderingViolations(found, framework.ordering).map((v) => v.rule.id)).toEqual(['nest/cookie-before-session']);
  });

  it('reports app.init() and the express-session middleware on the Express adapter', async () => {
    const dir = copyFixture('nest-express');
    await addWithoutInstall(dir, { store: 'memory' });
    const { summary, detection, framework, steps: found } = await steps(dir);
    expect(detection.facts).toMatchObject({ adapter: 'express', esModuleInterop: false });
    expect(summary.map((s) => s.split(' ')[0])).toEqual(['app', 'session', 'init', 'listen']);
    expect(await framework.extraChecks?.(undefined as never, detection, found)).toEqual([]);
  });
});
