/**
 * The TypeScript that `add` generates for Koa and Hono type-checks against the real
 * packages (strict, NodeNext), for every store, with a created and with a shared client,
 * together with an app that uses the session the way the next steps say.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { beforeAll, expect, it } from 'vitest';
import { adapterSessionModule, sessionStoreModule } from '../../../src/frameworks/node/session-store.js';
import type { GeneratedModule } from '../../../src/frameworks/node/generated-module.js';
import type { StoreContext } from '../../../src/stores/context.js';
import { STORES } from '../../../src/stores/registry.js';
import type { StoreId } from '../../../src/stores/types.js';
import { driverSandbox } from '../../helpers/driver-sandbox.js';
import { REPO } from '../../helpers/fixtures.js';

const ts = (file: string): GeneratedModule => ({
  path: file,
  importSource: `./${file.replace(/\.ts$/, '.js')}`,
  typescript: true,
  syntax: 'esm',
});

const KOA_APP = `import Koa from 'koa';
import { sessionKeys, sessionMiddleware } from './session.js';

const app = new Koa();
app.keys = sessionKeys;
app.use(sessionMiddleware(app));
app.use((ctx) => {
  ctx.session.value = 1;
  ctx.body = { value: ctx.session.value };
});
`;

/** An app that signs with keys of its own: the module exports no sessionKeys. */
const KOA_OWN_KEYS_APP = KOA_APP.replace('sessionKeys, sessionMiddleware', 'sessionMiddleware').replace(
  'app.keys = sessionKeys;',
  "app.keys = (process.env.APP_KEYS ?? '').split(',');",
);

const HONO_APP = `import { Hono } from 'hono';
import { sessionMiddleware, sessionStorage } from './session.js';

const app = new Hono();
app.use(sessionStorage, sessionMiddleware);
app.get('/', async (c) => {
  await c.var.session.update({ value: 1 });
  const data = await c.var.session.get();
  return c.json({ value: data?.value ?? null });
});
export default app;
`;

/** Client modules the "shared client" variant imports, as an app would export them. */
const SHARED_CLIENTS: Partial<Record<StoreId, string>> = {
  postgres: `import pg from 'pg';\nexport const pool = new pg.Pool();\n`,
  mysql: `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool('mysql://localhost/app');\n`,
  redis: `import { createClient } from 'redis';\nexport const redis = createClient();\n`,
};
const SHARED_EXPORT: Partial<Record<StoreId, string>> = { postgres: 'pool', mysql: 'pool', redis: 'redis' };

let sandbox = '';
beforeAll(async () => {
  sandbox = await driverSandbox();
}, 600_000);

it('Koa and Hono session modules type-check for every store, with created and shared clients', async () => {
  const root = path.join(sandbox, `typecheck-${randomBytes(4).toString('hex')}`);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  for (const id of Object.keys(STORES) as StoreId[]) {
    const store = STORES[id];
    const variants: [string, StoreContext | undefined][] = [['own', undefined]];
    if (SHARED_CLIENTS[id]) {
      variants.push([
        'shared',
        {
          schema: null,
          client: {
            file: 'db.ts',
            exportName: SHARED_EXPORT[id] as string,
            ...(id === 'mysql' ? { promiseApi: true } : {}),
          },
          sql: null,
          migration: null,
          migrateHint: '',
        },
      ]);
    }
    for (const [variant, context] of variants) {
      for (const framework of ['koa', 'koa-own-keys', 'hono'] as const) {
        const dir = `${framework}-${id}-${variant}`;
        const templates = framework === 'hono' ? 'hono' : 'koa';
        const ownKeys = framework === 'koa-own-keys';
        if (context) write(`${dir}/db.ts`, SHARED_CLIENTS[id] as string);
        write(`${dir}/session-store.ts`, sessionStoreModule(store, ts('session-store.ts'), context));
        write(
          `${dir}/session.ts`,
          adapterSessionModule(templates, store, ts('session.ts'), ts('session-store.ts'), {
            generatedKeys: !ownKeys,
            ownKeys,
          }),
        );
        write(`${dir}/app.ts`, framework === 'hono' ? HONO_APP : ownKeys ? KOA_OWN_KEYS_APP : KOA_APP);
      }
    }
  }
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      include: ['**/*.ts'],
    }),
  );
  const result = await execa(path.join(REPO, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
    cwd: root,
    reject: false,
    all: true,
  });
  expect(result.all, 'tsc output').toBe('');
  expect(result.exitCode).toBe(0);
}, 120_000);
