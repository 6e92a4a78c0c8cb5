import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { orderingViolations, violationToFinding } from '../../../src/core/ordering.js';
import { detectAll } from '../../../src/detect/index.js';
import { hono } from '../../../src/frameworks/hono/index.js';
import { HONO_ORDERING, HONO_STEP_KINDS } from '../../../src/frameworks/hono/rules.js';
import { addWithoutInstall, copyFixture, plan, read, recordInstalled } from '../../helpers/fixtures.js';

function honoApp(
  index: string,
  extra: Record<string, string> = {},
  deps: Record<string, string> = { '@hono/node-server': '^1.19.0' },
): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-hono-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'h',
      type: 'module',
      main: 'index.js',
      dependencies: { hono: '^4.9.0', '@hono/session': '^0.2.1', ...deps },
    }),
  );
  writeFileSync(path.join(dir, 'index.js'), index);
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function findings(dir: string) {
  const { project, detection } = await detectAll({ cwd: dir, interactive: false });
  return orderingViolations(await hono.recognise(project, detection!), HONO_ORDERING).map((v) =>
    violationToFinding(v, HONO_STEP_KINDS),
  );
}

const HEAD =
  "import { Hono } from 'hono';\nimport { useSession, useSessionStorage } from '@hono/session';\n\nconst app = new Hono();\n";
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('hono: session storage registered after useSession', () => {
  it('in the same app.use: flagged at the storage argument, and add refuses with file:line:column', async () => {
    const index = `${HEAD}app.use(useSession({ secret }), useSessionStorage(storage));\napp.get('/', (c) => c.text('ok'));\n`;
    const dir = honoApp(index);
    expect(await findings(dir)).toMatchObject([
      { ruleId: 'hono/storage-before-session', file: 'index.js', line: 5, column: 33 },
    ]);
    const error = await plan(dir, { store: 'memory', fixOrder: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toEqual({ file: 'index.js', line: 5, column: 33 });
    expect((error as UserError).message).toMatch(/goes into the cookie instead/);
  });

  it('in a later statement: flagged at that line', async () => {
    const index = `${HEAD}app.use(useSession({ secret }));\napp.use(useSessionStorage(storage));\napp.get('/', (c) => c.text('ok'));\n`;
    expect(await findings(honoApp(index))).toMatchObject([
      { ruleId: 'hono/storage-before-session', line: 6, message: expect.stringContaining('(index.js:5)') },
    ]);
  });

  it('a route that reads the session before the session middleware is flagged with both lines', async () => {
    const index = `${HEAD}app.get('/', async (c) => c.json(await c.get('session').get()));\napp.use(useSessionStorage(storage), useSession({ secret }));\n`;
    const result = await findings(honoApp(index));
    expect(result.map((f) => f.ruleId).sort()).toEqual(['hono/session-before-routes', 'hono/storage-before-routes']);
    expect(result.every((f) => f.line === 6 && f.message.includes('a route that reads the session (index.js:5)'))).toBe(
      true,
    );
  });

  it('a route that never reads the session (a health probe) may come first', async () => {
    const index = `${HEAD}app.get('/health', (c) => c.text('ok'));\napp.use(useSessionStorage(storage), useSession({ secret }));\n`;
    expect(await findings(honoApp(index))).toEqual([]);
  });

  it('the right order is not flagged', async () => {
    const index = `${HEAD}app.use(useSessionStorage(storage), useSession({ secret }));\napp.get('/', (c) => c.text('ok'));\nexport default app;\n`;
    expect(await findings(honoApp(index))).toEqual([]);
  });
});

describe('hono: where add puts the session', () => {
  it('before the first app.route() of an app made of sub-apps, after cors and the logger its `if` adds', async () => {
    const dir = copyFixture('hono-subapps');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/app.js');
    // Never inside the one-line `if`: that would register the session only when LOG_REQUESTS is set.
    expect(lineOf(text, 'app.use(sessionStorage, sessionMiddleware);')).toBe(
      lineOf(text, 'if (process.env.LOG_REQUESTS) app.use(logger());') + 1,
    );
    expect(lineOf(text, 'app.use(sessionStorage, sessionMiddleware);')).toBeLessThan(
      lineOf(text, "app.route('/health'"),
    );
  });

  it('a later regression (session moved below a route) is refused with file:line and repaired with --fix-order', async () => {
    const dir = copyFixture('hono-node-ts');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'src/index.ts');
    // Moved below the first route that reads the session (the health route before it may stay first).
    const broken = correct
      .replace('app.use(sessionStorage, sessionMiddleware)\n', '')
      .replace("app.get('/session/get'", "app.use(sessionStorage, sessionMiddleware)\napp.get('/session/get'");
    writeFileSync(path.join(dir, 'src/index.ts'), broken);
    const error = await plan(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toMatchObject({
      file: 'src/index.ts',
      line: lineOf(broken, 'app.use(sessionStorage'),
    });
    expect((error as UserError).message).toContain(
      `a route that reads the session (src/index.ts:${lineOf(broken, "app.get('/session/set'")})`,
    );
    await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    expect(read(dir, 'src/index.ts')).toBe(correct);
  });
});

describe('hono: runtimes', () => {
  const index =
    "import { Hono } from 'hono';\n\nconst app = new Hono();\napp.get('/', (c) => c.text('ok'));\nexport default app;\n";

  it('Bun: sqlite is refused, naming the stores that can run there', async () => {
    const dir = honoApp(index, { 'bun.lock': '' }, { '@types/bun': '^1.2.0' });
    const error = await plan(dir, { store: 'sqlite' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/SQLite store cannot run on Bun .*better-sqlite3/);
    expect((error as UserError).hint).toBe(
      'Stores that can: memory, postgres, mysql, redis (npx session-kit add --store memory).',
    );
    const ok = await plan(dir, { store: 'redis' });
    expect(ok.files.some((f) => f.path === 'session-store.js')).toBe(true);
  });

  it('Cloudflare Workers: refused with the reason and a KV storage to add by hand', async () => {
    const dir = honoApp(index, { 'wrangler.toml': 'name = "app"\n' }, { wrangler: '^4.0.0' });
    for (const store of ['sqlite', 'postgres', 'memory']) {
      const error = await plan(dir, { store }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toMatch(/cannot run on Cloudflare Workers/);
      expect((error as UserError).manual).toContain('useSessionStorage(');
    }
  });

  it('no server adapter at all: refused, saying what to add', async () => {
    const dir = honoApp(index, {}, {});
    await expect(plan(dir, { store: 'memory' })).rejects.toThrow(/Could not tell which runtime/);
  });
});
