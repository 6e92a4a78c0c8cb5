import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { addWithoutInstall, read } from '../../helpers/fixtures.js';

it('a Koa app that exports a pg pool: the store adapter shares it, and no second driver or URL is added', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-koa-pool-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'k', type: 'module', main: 'src/app.js', dependencies: { koa: '^3.0.0', pg: '^8.13.0' } }),
  );
  writeFileSync(
    path.join(dir, 'src/db.js'),
    "import pg from 'pg';\n\nexport const pool = new pg.Pool({ connectionString: process.env.PG_URL });\n",
  );
  writeFileSync(
    path.join(dir, 'src/app.js'),
    "import Koa from 'koa';\nimport { pool } from './db.js';\n\nconst app = new Koa();\napp.use(async (ctx) => {\n  ctx.body = (await pool.query('SELECT 1')).rows;\n});\napp.listen(3000);\n",
  );
  const result = await addWithoutInstall(dir, { store: 'postgres' });
  const store = read(dir, 'src/session-store.js');
  expect(store).toContain("import { pool as sessionPool } from './db.js';");
  expect(store).not.toContain('new pg.Pool');
  expect(result.dependencies.map((d) => d.name)).toEqual(['koa-session']);
  expect(result.env.map((e) => e.key)).toEqual(['SESSION_SECRET']);
});
