/**
 * An ES module runs every static import before its own statements: a `dotenv.config()`
 * in the setup file runs after the session module (which reads SESSION_SECRET when it
 * loads), so it does not count as loading .env; `import 'dotenv/config'` does.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan, read } from '../../helpers/fixtures.js';

function app(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-esm-dotenv-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const server = (loader: string) =>
  [
    "import express from 'express';",
    loader,
    "import { products } from './routes.js';",
    '',
    'const app = express();',
    'app.use(express.json());',
    "app.use('/api', products);",
    'app.listen(5000);',
    '',
  ].join('\n');

const files = (type: 'module' | 'commonjs', loader: string) => ({
  'package.json': JSON.stringify({
    name: 'shop',
    type,
    scripts: { start: 'node server.js' },
    dependencies: { dotenv: '^16.0.3', express: '^4.21.2' },
  }),
  'server.js':
    type === 'module'
      ? server(loader)
      : server(loader)
          .replace(/^import (\w+) from '([^']+)';$/gm, "const $1 = require('$2');")
          .replace("import { products } from './routes.js';", "const { products } = require('./routes.js');"),
  'routes.js': 'export const products = (_req, _res, next) => next();\n',
});

async function startScript(dir: string): Promise<string | undefined> {
  const result = await plan(dir, { store: 'memory', loadEnv: true });
  const pkg = result.files.find((f) => f.path === 'package.json');
  return (JSON.parse(pkg?.after ?? read(dir, 'package.json')) as { scripts?: Record<string, string> }).scripts?.start;
}

describe('.env loaded by the setup file itself', () => {
  it('ES module with dotenv.config() after its imports: the start script still gets --env-file', async () => {
    const dir = app(files('module', "import dotenv from 'dotenv';\ndotenv.config();"));
    expect(await startScript(dir)).toBe('node --env-file=.env server.js');
  });

  it("ES module with import 'dotenv/config': nothing to change", async () => {
    const dir = app(files('module', "import 'dotenv/config';"));
    expect(await startScript(dir)).toBe('node server.js');
  });

  it('CommonJS with require(dotenv).config() above the requires: nothing to change', async () => {
    const dir = app(files('commonjs', "require('dotenv').config();"));
    expect(await startScript(dir)).toBe('node server.js');
  });
});
