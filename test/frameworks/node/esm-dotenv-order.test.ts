/**
 * An ES module runs every static import before its own statements: a `dotenv.config()`
 * in the setup file runs after the session module (which reads SESSION_SECRET when it
 * loads), so it does not count as loading .env; `import 'dotenv/config'` does. The same
 * holds for TypeScript compiled to CommonJS when the call stands below its imports, and
 * for a loader of another file (`.env.${NODE_ENV}`), which never reads the `.env` add writes.
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

  it('CommonJS with dotenv.config() below its requires: the start script still gets --env-file', async () => {
    const dir = app(files('commonjs', "const dotenv = require('dotenv');"));
    writeFileSync(
      path.join(dir, 'server.js'),
      `${read(dir, 'server.js').replace('app.listen', 'dotenv.config();\napp.listen')}`,
    );
    expect(await startScript(dir)).toBe('node --env-file=.env server.js');
  });

  it('TypeScript compiled to CommonJS (tsx) with dotenv.config() after its imports: tsx gets --env-file', async () => {
    const dir = app({
      'package.json': JSON.stringify({
        name: 'shop',
        scripts: { start: 'tsx src/server.ts' },
        dependencies: { dotenv: '^16.0.3', express: '^4.21.2' },
        devDependencies: { tsx: '^4.19.0', typescript: '^5.6.0' },
      }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', esModuleInterop: true, strict: true } }),
      'src/server.ts': server("import * as dotenv from 'dotenv';")
        .replace("'./routes.js'", "'./routes'")
        .replace('const app = express();', 'dotenv.config();\n\nconst app = express();'),
      'src/routes.ts': 'export const products = (_req: unknown, _res: unknown, next: () => void) => next();\n',
    });
    expect(await startScript(dir)).toBe('tsx --env-file=.env src/server.ts');
  });

  it('a config module imported first that loads `.env.${NODE_ENV}`: the start script still gets --env-file', async () => {
    const base = files('module', "import './config.js';");
    const loader = (call: string) => `import dotenv from 'dotenv';\n${call}\nexport const port = 5000;\n`;
    // The loader of another file is imported by name; `.env` loaders as a side-effect import.
    const byName = files('module', "import { port } from './config.js';");
    const other = app({
      ...byName,
      'config.js': loader('dotenv.config({ path: `.env.${process.env.NODE_ENV || "development"}` });'),
    });
    expect(await startScript(other)).toBe('node --env-file=.env server.js');
    const named = app({
      ...base,
      'config.js': loader("dotenv.config({ path: path.resolve(process.cwd(), '.env') });"),
    });
    expect(await startScript(named)).toBe('node server.js');
    const plain = app({ ...base, 'config.js': loader('dotenv.config();') });
    expect(await startScript(plain)).toBe('node server.js');
  });
});
