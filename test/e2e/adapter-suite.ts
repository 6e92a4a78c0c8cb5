/**
 * End to end for the Koa and Hono integrations: what only a real install and a
 * running app can show. ONE install per fixture (its own packages plus the session
 * library and every store driver, with better-sqlite3 copied in prebuilt from the
 * driver sandbox); per store a copy on which the BUILT CLI runs `add --store X --yes`,
 * `session-kit migrate` creates the table, TypeScript apps are compiled (a type error
 * fails the suite), and the app is driven over HTTP with cookie jars:
 * set, read back, restart, log out (row or key gone), an expired session is not
 * served, 200 concurrent clients each read back their own value.
 */
import { cpSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVersion } from '../../src/frameworks/node/dependencies.js';
import { adapterPackages } from '../../src/frameworks/node/session-store.js';
import { STORES } from '../../src/stores/registry.js';
import type { StoreId } from '../../src/stores/types.js';
import { HttpClient, buildTypeScript, runCli, startApp, type RunningApp } from '../helpers/app-runner.js';
import { freshMysql, freshPostgres, freshRedis, storedSessions } from '../helpers/databases.js';
import { driverSandbox } from '../helpers/driver-sandbox.js';
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
import { prebuiltBetterSqlite3 } from './store-suite.js';

export interface AdapterFixtureSpec {
  fixture: string;
  framework: 'koa' | 'hono';
  start: string[];
  readyPath: string;
  typescript?: boolean;
  stores: StoreId[];
  /** Redis DB number of this fixture (suites run in parallel). */
  redisDb: number;
  /** The session module the app runs (compiled for TypeScript), where the expiry check shortens the lifetime. */
  sessionModule: string;
  /** Node line the app declares and every step runs on (scripts/node-lines.mjs); default: the running Node. */
  nodeLine?: number;
}

const SERVICE: Partial<Record<StoreId, ServiceName>> = { postgres: 'postgres', mysql: 'mysql', redis: 'redis' };
const SESSION_LIBRARY = { koa: 'koa-session@^7.0.2', hono: '@hono/session@^0.2.1' };
/** Lines of the generated session module that set the lifetime, and a 2-second replacement. */
const LIFETIME: Record<'koa' | 'hono', [RegExp, string]> = {
  koa: [/const MAX_AGE_MS = [^\n;]+/, 'const MAX_AGE_MS = 2000'],
  hono: [/const MAX_AGE_SECONDS = [^\n;]+/, 'const MAX_AGE_SECONDS = 2'],
};

async function npmInstall(dir: string, args: string[], env: Record<string, string>): Promise<void> {
  const result = await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], {
    cwd: dir,
    env,
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`npm install failed in ${dir}:\n${result.all}`);
}

function driverSpecs(typescript: boolean, stores: StoreId[], nodeMajor: number): string[] {
  const specs: string[] = [];
  for (const id of stores)
    for (const spec of adapterPackages(STORES[id]))
      if (!spec.typesOnly || typescript) specs.push(`${spec.name}@${resolveVersion(spec, nodeMajor)}`);
  return specs;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function adapterSuite(spec: AdapterFixtureSpec): void {
  const line = spec.nodeLine;
  const nodeMajor = appNodeMajor(line);
  // The CLI, npm, tsc and the app all run on the line.
  const onLine = () => childEnv(line);
  const title = line === undefined ? '' : ` on Node ${line}`;
  const stored = (...args: Parameters<typeof storedSessions>) =>
    storedSessions(args[0], args[1], args[2], args[3], onLine());
  const tagOf = (store: string) => `${spec.fixture}${line === undefined ? '' : `_n${line}`}_${store}`;
  describe(`${spec.fixture}: ${spec.stores.join(', ')} end to end with the built CLI and a real install${title}`, () => {
    let base = '';
    let baseOutput = '';
    const started = Date.now();
    const [first] = spec.stores;

    beforeAll(async () => {
      // The one real install: the built CLI adds the first store with the project's npm.
      if (line !== undefined) await assertChildNode(line);
      base = copyFixture(spec.fixture);
      if (line !== undefined) declareNodeLine(base, line);
      const added = await runCli(['add', '--store', first, '--yes'], base, onLine());
      if (added.exitCode !== 0)
        throw new Error(`add --store ${first} failed (exit ${added.exitCode}):\n${added.stdout}\n${added.stderr}`);
      baseOutput = added.stdout;
      if (spec.stores.includes('sqlite')) {
        // better-sqlite3 compiles for a minute: take the one the driver sandbox built
        // (on another line, the one built for that line's Node).
        const sandbox =
          line === undefined ? path.join(await driverSandbox(), 'node_modules') : await prebuiltBetterSqlite3(line);
        // better-sqlite3 12 loads through bindings; 13 is a Node-API addon (node-addon-api only).
        const names =
          line === undefined
            ? ['better-sqlite3', 'bindings', 'file-uri-to-path']
            : readdirSync(sandbox).filter((name) => !name.startsWith('.'));
        for (const name of names)
          cpSync(path.join(sandbox, name), path.join(base, 'node_modules', name), { recursive: true });
      }
      // The other stores' drivers join the same node_modules, which their copies link to.
      const pkgFile = path.join(base, 'package.json');
      const installed = readFileSync(pkgFile, 'utf8');
      await npmInstall(
        base,
        [
          '--no-save',
          SESSION_LIBRARY[spec.framework],
          ...driverSpecs(Boolean(spec.typescript), spec.stores, nodeMajor),
        ],
        onLine(),
      );
      writeFileSync(pkgFile, installed);
    }, 600_000);

    afterAll(() => {
      console.info(`${spec.fixture}: adapter suite took ${Math.round((Date.now() - started) / 1000)} s`);
    });

    describe.each(spec.stores)('%s store', async (store) => {
      const service = SERVICE[store];
      const skip = service ? await serviceStatus(service) : null;
      let dir = '';
      let url = '';
      let app: RunningApp | undefined;
      let cliOutput = '';
      const env: Record<string, string> = {};

      beforeAll(async () => {
        if (skip) return;
        if (store === first) {
          dir = base;
          cliOutput = baseOutput;
        } else {
          dir = copyFixture(spec.fixture);
          if (line !== undefined) declareNodeLine(dir, line);
          symlinkSync(path.join(base, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
          const added = await runCli(['add', '--store', store, '--yes', '--no-install'], dir, onLine());
          if (added.exitCode !== 0)
            throw new Error(`add --store ${store} failed (exit ${added.exitCode}):\n${added.stdout}\n${added.stderr}`);
          cliOutput = added.stdout;
        }
        const tag = tagOf(store);
        if (store === 'postgres') url = await freshPostgres(`e2e_${tag}`);
        if (store === 'mysql') url = await freshMysql(`e2e_${tag}`);
        if (store === 'redis') url = await freshRedis(spec.redisDb);
        if (url) {
          const key = store === 'redis' ? 'REDIS_URL' : 'DATABASE_URL';
          writeFileSync(path.join(dir, '.env'), `${readFileSync(path.join(dir, '.env'), 'utf8')}${key}=${url}\n`);
          env[key] = url;
        }
        if (store === 'postgres' || store === 'mysql') {
          const migrated = await runCli(['migrate', '--yes'], dir, onLine());
          if (migrated.exitCode !== 0) throw new Error(`migrate failed:\n${migrated.stdout}\n${migrated.stderr}`);
        }
        if (spec.typescript) await buildTypeScript(dir, undefined, onLine());
        Object.assign(env, onLine());
        app = await startApp(dir, { command: spec.start, env, readyPath: spec.readyPath });
      }, 300_000);

      afterAll(async () => {
        await app?.stop();
      });

      if (line !== undefined) {
        it.skipIf(skip)(`runs the app on Node ${line} with the driver majors session-kit chooses there`, () => {
          expect(realpathSync(`/proc/${app!.pid}/exe`), 'the app runs on the line').toBe(nodeBinary(line));
          const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
          // The first store was installed by add; with --no-install the others declare their ranges in package.json.
          const chosenBy: Record<string, string> = pkg.dependencies;
          for (const driver of adapterPackages(STORES[store])) {
            if (driver.typesOnly) continue;
            const chosen = resolveVersion(driver, line);
            // npm writes back the installed version's caret range: the major is the chosen one.
            expect(
              sameMajor(chosenBy[driver.name], chosen),
              `${driver.name} ${chosenBy[driver.name]} (as add declared it) within ${chosen}`,
            ).toBe(true);
            const installed = JSON.parse(
              readFileSync(path.join(dir, 'node_modules', driver.name, 'package.json'), 'utf8'),
            ).version;
            expect(sameMajor(installed, chosen), `${driver.name}@${installed} within ${chosen}`).toBe(true);
          }
        });
      }

      it.skipIf(skip)('add installs (or, with --no-install, names) the session library and the store driver', () => {
        const library = SESSION_LIBRARY[spec.framework].replace(/@\^.*$/, '');
        const drivers = adapterPackages(STORES[store])
          .filter((d) => !d.dev)
          .map((d) => d.name);
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
        for (const name of [library, ...drivers]) expect(pkg.dependencies[name], name).toBeDefined();
        // With --no-install the packages are declared, not installed, and the install step says so.
        if (store !== first) expect(cliOutput).toMatch(/not installed: --no-install/);
      });

      it.skipIf(skip)(
        'sets a value, reads it back, keeps it across a restart (persistent stores), and logout removes the row or key',
        async () => {
          const client = new HttpClient(() => app!.url);
          const value = `blue-${store}`;
          expect(await client.json(`/session/set?value=${value}`)).toEqual({ ok: true });
          const cookie = client.lastSetCookie.join('\n');
          expect(cookie).toMatch(/HttpOnly/i);
          expect(cookie).toMatch(/SameSite=Lax/i);
          expect(await client.json('/session/get')).toEqual({ value });
          expect(await new HttpClient(() => app!.url).json('/session/get')).toEqual({ value: null });
          if (store !== 'memory') expect(await stored(store, dir, url, value)).toBe(1);
          await app!.restart();
          expect(await client.json('/session/get')).toEqual({ value: STORES[store].persistent ? value : null });
          if (!STORES[store].persistent) return;
          expect(await client.json('/logout', { method: 'POST' })).toEqual({ ok: true });
          expect(await client.json('/session/get')).toEqual({ value: null });
          expect(await stored(store, dir, url, value)).toBe(0);
        },
      );

      it.skipIf(skip)(
        '200 concurrent clients each read back their own value',
        async () => {
          const clients = Array.from({ length: 200 }, () => new HttpClient(() => app!.url));
          const values = await Promise.all(
            clients.map(async (client, i) => {
              await client.json(`/session/set?value=load-${i}-x`);
              return ((await client.json('/session/get')) as { value: string }).value;
            }),
          );
          expect(values).toEqual(clients.map((_, i) => `load-${i}-x`));
          expect(new Set(clients.map((c) => c.cookieHeader)).size).toBe(200);
          if (store !== 'memory') expect(await stored(store, dir, url, 'load-')).toBe(200);
        },
        60_000,
      );

      it.skipIf(skip)(
        'an expired session is not served (lifetime shortened to 2 s in the generated module)',
        async () => {
          // The module the app runs (for TypeScript, the compiled one: no second build).
          const file = path.join(dir, spec.sessionModule);
          const [pattern, replacement] = LIFETIME[spec.framework];
          const text = readFileSync(file, 'utf8');
          expect(text).toMatch(pattern);
          writeFileSync(file, text.replace(pattern, replacement));
          await app!.restart();
          const client = new HttpClient(() => app!.url);
          expect(await client.json('/session/set?value=short-lived')).toEqual({ ok: true });
          expect(await client.json('/session/get')).toEqual({ value: 'short-lived' });
          await sleep(3000);
          // The jar still sends the cookie: the server itself must refuse the expired session.
          expect(client.cookieHeader).not.toBe('');
          const expired = await client.json('/session/get').catch((error: Error) => {
            throw new Error(
              `${error.message} (${String((error.cause as Error | undefined)?.message)}); app output:\n${app!.output()}`,
            );
          });
          expect(expired).toEqual({ value: null });
        },
        60_000,
      );

      if (spec.framework === 'hono') {
        it.skipIf(skip)('outside development the session cookie is Secure', async () => {
          await app!.stop();
          const production = await startApp(dir, {
            command: spec.start,
            env: { ...env, NODE_ENV: 'production' },
            readyPath: spec.readyPath,
          });
          try {
            const client = new HttpClient(() => production.url);
            await client.json('/session/set?value=secure');
            expect(client.lastSetCookie.join('\n')).toMatch(/;\s*Secure/i);
          } finally {
            await production.stop();
          }
        });
      }
    });
  });
}
