/**
 * End to end for every store on one Express fixture: ONE real install of all store
 * packages per fixture (a base copy), then per store a copy of it on which the BUILT
 * CLI runs `add --store X --yes` (its npm install finds the packages in place), the
 * table is created with `session-kit migrate`, and the app is driven over HTTP:
 * create a session, read it back with the cookie, restart, read again, log out,
 * asserting the row or key in the database itself.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../../src/stores/registry.js';
import { resolveVersion } from '../../src/frameworks/node/dependencies.js';
import { HttpClient, buildTypeScript, runCli, startApp, type RunningApp } from '../helpers/app-runner.js';
import { freshMysql, freshPostgres, freshRedis, storedSessions } from '../helpers/databases.js';
import { copyFixture } from '../helpers/fixtures.js';
import {
  appNodeMajor,
  assertChildNode,
  childEnv,
  declareNodeLine,
  nodeBinary,
  sameMajor,
} from '../helpers/node-lines.js';
import { serviceStatus, type ServiceName } from '../helpers/services.js';

export type StoreName = 'memory' | 'sqlite' | 'postgres' | 'mysql' | 'redis';

export interface FixtureSpec {
  fixture: string;
  /** Command that starts the app (after `build`, when given). */
  start: string[];
  /** Path polled until the app answers. */
  readyPath: string;
  typescript?: boolean;
  stores: StoreName[];
  /** Redis DB number of this fixture (suites run in parallel); the reuse cases take the next one. */
  redisDb: number;
  /** Also run the 200-client load test and the startup-failure checks. */
  extended?: boolean;
  /** ESM module path where the app's own client is written for the reuse cases (postgres, mysql, redis). */
  reuseModule?: string;
  /** Node line the app declares and every step runs on (scripts/node-lines.mjs); default: the running Node. */
  nodeLine?: number;
}

/** An app module that creates and exports its own client, which the session store must share. */
const APP_CLIENTS: Record<'postgres' | 'mysql' | 'redis', { code: string; uses: string }> = {
  postgres: {
    uses: 'pg',
    code: "import pg from 'pg'\n\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })\n",
  },
  mysql: {
    uses: 'mysql2',
    code: "import mysql from 'mysql2/promise'\n\nexport const db = mysql.createPool(process.env.DATABASE_URL)\n",
  },
  redis: {
    uses: 'redis',
    code: "import { createClient } from 'redis'\n\nconst client = createClient({ url: process.env.REDIS_URL })\nawait client.connect()\n\nexport default client\n",
  },
};

const SERVICE: Partial<Record<StoreName, ServiceName>> = { postgres: 'postgres', mysql: 'mysql', redis: 'redis' };
/** All packages every store needs, in the versions `add` asks for on that Node major. */
function storePackages(typescript: boolean, stores: StoreName[], nodeMajor: number): string[] {
  const specs = [
    { name: 'express-session', version: '^1.18.1' },
    ...(typescript ? [{ name: '@types/express-session', version: '^1.18.1' }] : []),
  ];
  for (const id of stores)
    for (const spec of STORES[id].styles['connect-store'].packages)
      if (!spec.typesOnly || typescript) specs.push({ name: spec.name, version: resolveVersion(spec, nodeMajor) });
  return specs.map((s) => `${s.name}@${s.version}`);
}

async function npmInstall(dir: string, args: string[], env: Record<string, string>): Promise<void> {
  const result = await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], {
    cwd: dir,
    env,
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`npm install failed in ${dir}:\n${result.all}`);
}

/**
 * better-sqlite3 compiles from source here (about a minute): build it once per machine
 * and Node major, under a lock, and copy the built package into each fixture's install;
 * npm then finds it in place and does not build it again.
 */
export async function prebuiltBetterSqlite3(nodeLine?: number): Promise<string> {
  const nodeMajor = appNodeMajor(nodeLine);
  const spec = STORES.sqlite.styles['connect-store'].packages.find((p) => p.name === 'better-sqlite3');
  const range = spec ? resolveVersion(spec, nodeMajor) : '^12.4.1';
  const dir = path.join(os.tmpdir(), `session-kit-e2e-better-sqlite3-${range.replace(/[^\w.]/g, '')}-node${nodeMajor}`);
  mkdirSync(dir, { recursive: true });
  const script = `test -f done || { printf '%s' '{"name":"prebuilt","private":true,"allowScripts":{"better-sqlite3":true}}' > package.json && npm install --prefer-offline --no-audit --no-fund better-sqlite3@'${range}' && touch done; }`;
  const result = await execa('flock', [path.join(dir, '.lock'), 'sh', '-c', script], {
    cwd: dir,
    env: childEnv(nodeLine),
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`building better-sqlite3 failed:\n${result.all}`);
  return path.join(dir, 'node_modules');
}

/** `cp -a`: folder timestamps too, which npm compares with its hidden lockfile. */
async function copyPreserving(from: string, to: string): Promise<void> {
  await execa('cp', ['-a', `${from}/.`, to]);
}

/** Starts the app expecting it to exit; resolves with its exit code and output. */
function runUntilExit(
  dir: string,
  command: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), {
      cwd: dir,
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export function storeSuite(spec: FixtureSpec): void {
  const line = spec.nodeLine;
  const nodeMajor = appNodeMajor(line);
  // The CLI, npm, tsc and the app all run on the line.
  const onLine = () => childEnv(line);
  const title = line === undefined ? '' : ` on Node ${line}`;
  const stored = (...args: Parameters<typeof storedSessions>) =>
    storedSessions(args[0], args[1], args[2], args[3], onLine());
  const tagOf = (store: string) => `${spec.fixture}${line === undefined ? '' : `_n${line}`}_${store}`;
  describe(`${spec.fixture}: every store end to end with the built CLI and a real install${title}`, () => {
    let base = '';
    const started = Date.now();

    beforeAll(async () => {
      if (line !== undefined) await assertChildNode(line);
      base = copyFixture(spec.fixture);
      if (line !== undefined) declareNodeLine(base, line);
      // One install per fixture: the app's own packages plus every store's, shared by the store copies.
      const pkgFile = path.join(base, 'package.json');
      const declared = readFileSync(pkgFile, 'utf8');
      const pkg = JSON.parse(declared);
      if (spec.stores.includes('sqlite'))
        writeFileSync(pkgFile, `${JSON.stringify({ ...pkg, allowScripts: { 'better-sqlite3': true } }, null, 2)}\n`);
      // The prebuilt native package goes in first: one npm run then keeps it instead of building it again.
      // Timestamps are kept so npm trusts the copied node_modules/.package-lock.json.
      if (spec.stores.includes('sqlite'))
        await copyPreserving(await prebuiltBetterSqlite3(line), path.join(base, 'node_modules'));
      await npmInstall(
        base,
        ['--no-save', ...storePackages(Boolean(spec.typescript), spec.stores, nodeMajor)],
        onLine(),
      );
      if (spec.stores.includes('sqlite')) writeFileSync(pkgFile, declared);
    }, 900_000);

    afterAll(() => {
      console.info(`${spec.fixture}: store suite took ${Math.round((Date.now() - started) / 1000)} s`);
      // Each copy holds a node_modules: leave no gigabytes behind in the temp folder.
      if (base) rmSync(base, { recursive: true, force: true });
    });

    if (spec.reuseModule) {
      const moduleFile = spec.reuseModule;
      describe.each(['postgres', 'mysql', 'redis'] as const)('%s store sharing the app client', async (store) => {
        const skip = await serviceStatus(store);
        let dir = '';
        let url = '';
        let app: RunningApp | undefined;

        beforeAll(async () => {
          if (skip) return;
          dir = mkdtempSync(path.join(os.tmpdir(), `sk-e2e-${spec.fixture}-${store}-reuse-`));
          await copyPreserving(base, dir);
          writeFileSync(path.join(dir, moduleFile), APP_CLIENTS[store].code);
          // The app imports its client module (as a real app would) before the routes.
          const entry = path.join(dir, 'src/app.js');
          writeFileSync(entry, `import './${path.basename(moduleFile)}'\n${readFileSync(entry, 'utf8')}`);
          const added = await runCli(['add', '--store', store, '--yes'], dir);
          if (added.exitCode !== 0) throw new Error(`add --store ${store} failed:\n${added.stdout}\n${added.stderr}`);
          url =
            store === 'postgres'
              ? await freshPostgres(`e2e_reuse_${spec.fixture}`)
              : store === 'mysql'
                ? await freshMysql(`e2e_reuse_${spec.fixture}`)
                : await freshRedis(spec.redisDb + 1);
          writeFileSync(
            path.join(dir, '.env'),
            `${readFileSync(path.join(dir, '.env'), 'utf8')}${store === 'redis' ? 'REDIS_URL' : 'DATABASE_URL'}=${url}\n`,
          );
          if (store !== 'redis') {
            const migrated = await runCli(['migrate', '--yes'], dir);
            if (migrated.exitCode !== 0) throw new Error(`migrate failed:\n${migrated.stderr}`);
          }
        }, 300_000);

        afterAll(async () => {
          await app?.stop();
          if (dir) rmSync(dir, { recursive: true, force: true });
        });

        it.skipIf(skip)(
          'the session module imports the app client instead of creating one, and sessions work through it',
          async () => {
            const session = readFileSync(path.join(dir, 'src/session.js'), 'utf8');
            expect(session).toContain(`from './${path.basename(moduleFile)}'`);
            expect(session).not.toMatch(/new pg\.Pool|createPool\(|createClient\(/);
            app = await startApp(dir, { command: spec.start, readyPath: spec.readyPath });
            const client = new HttpClient(() => app!.url);
            expect(await client.json('/session/set?value=shared')).toEqual({ ok: true });
            expect(await client.json('/session/get')).toEqual({ value: 'shared' });
            expect(await stored(store, dir, url, 'shared')).toBe(1);
            await client.json('/logout', { method: 'POST' });
            expect(await stored(store, dir, url, 'shared')).toBe(0);
          },
        );
      });
    }

    describe.each(spec.stores)('%s store', async (store) => {
      const service = SERVICE[store];
      const skip = service ? await serviceStatus(service) : null;
      let dir = '';
      let url = '';
      let app: RunningApp | undefined;
      const env: Record<string, string> = {};

      beforeAll(async () => {
        if (skip) return;
        dir = mkdtempSync(path.join(os.tmpdir(), `sk-e2e-${spec.fixture}-${store}-`));
        await copyPreserving(base, dir);
        const added = await runCli(['add', '--store', store, '--yes'], dir, onLine());
        if (added.exitCode !== 0)
          throw new Error(`add --store ${store} failed (exit ${added.exitCode}):\n${added.stdout}\n${added.stderr}`);
        const tag = tagOf(store);
        if (store === 'postgres') url = await freshPostgres(`e2e_${tag}`);
        if (store === 'mysql') url = await freshMysql(`e2e_${tag}`);
        if (store === 'redis') url = await freshRedis(spec.redisDb);
        if (url) {
          const key = store === 'redis' ? 'REDIS_URL' : 'DATABASE_URL';
          writeFileSync(path.join(dir, '.env'), `${readFileSync(path.join(dir, '.env'), 'utf8')}${key}=${url}\n`);
          env[key] = url;
        }
        if (spec.typescript) await buildTypeScript(dir, undefined, onLine());
      }, 300_000);

      afterAll(async () => {
        await app?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      if (line !== undefined) {
        it.skipIf(skip)(`installed the majors session-kit chooses for Node ${line}`, () => {
          const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
          for (const spec of STORES[store].styles['connect-store'].packages) {
            if (spec.typesOnly) continue;
            const chosen = resolveVersion(spec, line);
            // npm writes back the installed version's caret range: the major is the chosen one.
            expect(
              sameMajor(pkg.dependencies[spec.name], chosen),
              `${spec.name} ${pkg.dependencies[spec.name]} within ${chosen}`,
            ).toBe(true);
            const installed = JSON.parse(
              readFileSync(path.join(dir, 'node_modules', spec.name, 'package.json'), 'utf8'),
            ).version;
            expect(sameMajor(installed, chosen), `${spec.name}@${installed} within ${chosen}`).toBe(true);
          }
        });
      }

      it.skipIf(skip)(
        'add declared the store packages, wrote the env var to .env.example and the migration where the store has a table',
        () => {
          const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
          for (const spec of STORES[store].styles['connect-store'].packages)
            if (!spec.typesOnly) expect(pkg.dependencies[spec.name], spec.name).toBeDefined();
          const example = readFileSync(path.join(dir, '.env.example'), 'utf8');
          for (const v of STORES[store].env) expect(example).toContain(`${v.key}=`);
        },
      );

      if (spec.extended && (store === 'postgres' || store === 'mysql')) {
        it.skipIf(skip)(
          'before the migration the app stops at boot, saying the table is missing and how to create it',
          async () => {
            const result = await runUntilExit(dir, spec.start, env);
            expect(result.code).toBe(1);
            expect(result.output).toMatch(
              /Session store \((PostgreSQL|MySQL), DATABASE_URL\): the sessions? table is missing: run `npx session-kit migrate`/,
            );
          },
        );
      }

      if (store === 'postgres' || store === 'mysql') {
        it.skipIf(skip)('session-kit migrate creates the table; a second run has nothing to do', async () => {
          const first = await runCli(['migrate', '--yes'], dir, onLine());
          expect(first.exitCode, first.stderr).toBe(0);
          expect(first.stdout).toContain('Created table');
          const second = await runCli(['migrate', '--yes'], dir, onLine());
          expect(second.stdout).toContain('nothing to do');
        });
      }

      it.skipIf(skip)(
        'creates a session over HTTP, reads it back, keeps it across a restart (persistent stores), and logout removes it',
        async () => {
          app = await startApp(dir, { command: spec.start, env: { ...env, ...onLine() }, readyPath: spec.readyPath });
          if (line !== undefined)
            expect(realpathSync(`/proc/${app.pid}/exe`), 'the app runs on the line').toBe(nodeBinary(line));
          const client = new HttpClient(() => app!.url);
          const value = `blue-${store}`;
          expect(await client.json(`/session/set?value=${value}`)).toEqual({ ok: true });
          expect(client.lastSetCookie.join('\n')).toMatch(/HttpOnly/i);
          expect(await client.json('/session/get')).toEqual({ value });
          expect(await new HttpClient(() => app!.url).json('/session/get')).toEqual({ value: null });
          if (store !== 'memory') expect(await stored(store, dir, url, value)).toBe(1);
          await app.restart();
          expect(await client.json('/session/get')).toEqual({ value: STORES[store].persistent ? value : null });
          if (!STORES[store].persistent) return;
          await client.json('/logout', { method: 'POST' });
          expect(await client.json('/session/get')).toEqual({ value: null });
          expect(await stored(store, dir, url, value)).toBe(0);
        },
      );

      if (spec.extended && (store === 'postgres' || store === 'mysql' || store === 'redis')) {
        it.skipIf(skip)(
          '200 concurrent clients each create and read back their own session',
          async () => {
            const clients = Array.from({ length: 200 }, () => new HttpClient(() => app!.url));
            const settled = await Promise.allSettled(
              clients.map(async (client, i) => {
                await client.json(`/session/set?value=load-${i}-x`);
                return ((await client.json('/session/get')) as { value: string }).value;
              }),
            );
            const failures = settled.flatMap((r) =>
              r.status === 'rejected'
                ? [`${(r.reason as Error).message} (${((r.reason as Error).cause as Error)?.message ?? ''})`]
                : [],
            );
            if (failures.length)
              throw new Error(
                `${failures.length} of 200 clients failed, first: ${failures.slice(0, 3).join('; ')}; app output:\n${app!.output()}`,
              );
            const values = settled.map((r) => (r.status === 'fulfilled' ? r.value : null));
            expect(values).toEqual(clients.map((_, i) => `load-${i}-x`));
            expect(new Set(clients.map((c) => c.cookieHeader)).size).toBe(200);
            expect(await stored(store, dir, url, 'load-')).toBe(200);
          },
          60_000,
        );

        it.skipIf(skip)(
          'a dead-port URL stops the app at boot with a message naming the store and the variable',
          async () => {
            const key = store === 'redis' ? 'REDIS_URL' : 'DATABASE_URL';
            const dead =
              store === 'redis'
                ? 'redis://127.0.0.1:1'
                : store === 'postgres'
                  ? 'postgres://postgres@127.0.0.1:1/app'
                  : 'mysql://root@127.0.0.1:1/app';
            const result = await runUntilExit(dir, spec.start, { [key]: dead });
            expect(result.code).toBe(1);
            expect(result.output).toMatch(
              new RegExp(`Session store \\((PostgreSQL|MySQL|Redis), ${key}\\): .*ECONNREFUSED`),
            );
          },
        );

        it.skipIf(skip)('a missing URL variable stops the app at once, naming the variable', async () => {
          const key = store === 'redis' ? 'REDIS_URL' : 'DATABASE_URL';
          const command = spec.start.filter((a) => !a.startsWith('--env-file'));
          const secret = /^SESSION_SECRET=(.+)$/m.exec(readFileSync(path.join(dir, '.env'), 'utf8'))?.[1] ?? '';
          const childEnv = { SESSION_SECRET: secret, [key]: '' };
          const result = await runUntilExit(dir, command, childEnv);
          expect(result.code).not.toBe(0);
          expect(result.output).toContain(`${key} is not set: add the`);
        });
      }
    });
  });
}
