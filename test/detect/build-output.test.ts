/**
 * Build output is never taken for the app's source: compiled entries map back to
 * src/ through tsconfig (followed through `extends`), and nothing under outDir or a
 * git-ignored folder is chosen by info, add or check.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOutputOf } from '../../src/detect/build-output.js';
import { resolveSourceFile } from '../../src/detect/entry.js';
import { detectAll } from '../../src/detect/index.js';
import { ProjectFiles } from '../../src/detect/project.js';
import { readTsConfig } from '../../src/detect/tsconfig.js';
import { runCli } from '../helpers/app-runner.js';
import { FIXTURES, plan } from '../helpers/fixtures.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-build-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const copy = (fixture: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sk-${fixture}-`));
  cpSync(path.join(FIXTURES, fixture, 'input'), dir, { recursive: true });
  return dir;
};

describe('readTsConfig', () => {
  it('follows a package base in node_modules (package.json "tsconfig" field), a scoped subpath and a relative base, later entries winning', () => {
    const dir = project({
      'tsconfig.json':
        '{ // comment\n "extends": ["@acme/tsconfig/node.json", "./configs/base"], "compilerOptions": { "outDir": "build" } }',
      'configs/base.json':
        '{ "extends": "strict-preset", "compilerOptions": { "module": "CommonJS", "rootDir": "../src" } }',
      'node_modules/@acme/tsconfig/node.json':
        '{ "compilerOptions": { "module": "NodeNext", "esModuleInterop": false } }',
      'node_modules/strict-preset/package.json': '{ "name": "strict-preset", "tsconfig": "presets/strict.json" }',
      'node_modules/strict-preset/presets/strict.json': '{ "compilerOptions": { "esModuleInterop": true } }',
    });
    const config = readTsConfig(new ProjectFiles(dir));
    expect(config?.options).toEqual({ module: 'commonjs', esModuleInterop: true, rootDir: 'src', outDir: 'build' });
    expect(config?.chain).toEqual([
      'tsconfig.json',
      'node_modules/@acme/tsconfig/node.json',
      'configs/base.json',
      'node_modules/strict-preset/presets/strict.json',
    ]);
    expect(config?.missing).toEqual([]);
  });

  it('lists a base that is not installed, and reads nothing outside the project', () => {
    const dir = project({
      'tsconfig.json':
        '{ "extends": ["fastify-tsconfig", "../outside.json"], "compilerOptions": { "outDir": "../../tmp" } }',
    });
    writeFileSync(path.join(dir, '..', 'outside.json'), '{ "compilerOptions": { "esModuleInterop": true } }');
    const config = readTsConfig(new ProjectFiles(dir));
    expect(config?.missing).toEqual(['fastify-tsconfig', '../outside.json']);
    expect(config?.options).toEqual({});
  });
});

describe('compiled entries map back to their sources', () => {
  it('through outDir and rootDir, through the include folder, and through a git-ignored build folder', () => {
    const withRootDir = new ProjectFiles(
      project({
        'tsconfig.json': '{"compilerOptions":{"outDir":"dist","rootDir":"."}}',
        'dist/src/app.js': '',
        'src/app.ts': '',
      }),
    );
    expect(resolveSourceFile(withRootDir, 'dist/src/app.js')).toBe('src/app.ts');
    const withInclude = new ProjectFiles(
      project({
        'tsconfig.json': '{"compilerOptions":{"outDir":"out"},"include":["lib/**/*.ts"]}',
        'out/main.js': '',
        'lib/main.ts': '',
        'main.ts': '',
      }),
    );
    expect(resolveSourceFile(withInclude, './out/main.js')).toBe('lib/main.ts');
    const bundled = new ProjectFiles(
      project({ '.gitignore': 'node_modules\n/build/\n', 'build/index.js': '', 'src/index.ts': '' }),
    );
    expect(resolveSourceFile(bundled, 'build/index.js')).toBe('src/index.ts');
    expect(buildOutputOf(bundled).dirs).toEqual(['build']);
  });

  it('never answers with a file inside build output, even when it is the only match', () => {
    const files = new ProjectFiles(
      project({ '.gitignore': 'dist\n', 'dist/server.js': 'require("express")', 'tools/gen.js': '' }),
    );
    expect(resolveSourceFile(files, 'dist/server.js')).toBeNull();
    expect(resolveSourceFile(files, 'tools/gen.js')).toBe('tools/gen.js');
  });
});

describe('a TypeScript app that is already built (express-ts-dist)', () => {
  it('detection takes src/, and add edits only src/', async () => {
    const dir = copy('express-ts-dist');
    const { detection } = await detectAll({ cwd: dir, interactive: false });
    expect(detection?.setupFile).toBe('src/server.ts');
    const result = await plan(dir, { store: 'memory' });
    const changed = result.files.filter((f) => f.before !== f.after).map((f) => f.path);
    expect(changed.filter((p) => p.startsWith('dist/'))).toEqual([]);
    expect(changed).toContain('src/server.ts');
  });

  it('check reads src/ (misordered) and not dist/ (in order)', async () => {
    const dir = copy('express-ts-dist');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    pkg.dependencies['express-session'] = '^1.18.1';
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const app = (sessionFirst: boolean, compiled: boolean) => {
      const lines = compiled
        ? [
            '"use strict";',
            'const express = require("express");',
            'const session = require("express-session");',
            'const orders_1 = require("./routes/orders");',
            'const app = express();',
          ]
        : [
            "import express from 'express';",
            "import session from 'express-session';",
            "import { ordersRouter } from './routes/orders';",
            'const app = express();',
          ];
      const use = compiled
        ? 'app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));'
        : 'app.use(session({ secret: process.env.SESSION_SECRET as string, resave: false, saveUninitialized: false }));';
      const router = compiled ? "app.use('/orders', orders_1.ordersRouter);" : "app.use('/orders', ordersRouter);";
      return [...lines, ...(sessionFirst ? [use, router] : [router, use]), 'app.listen(3000);', ''].join('\n');
    };
    // A router that reads the session: before the session it is an error (one that never reads it is not).
    writeFileSync(
      path.join(dir, 'src/routes/orders.ts'),
      "import { Router } from 'express';\n\nexport const ordersRouter = Router();\n\nordersRouter.get('/', (req, res) => {\n  res.json({ user: req.session });\n});\n",
    );
    writeFileSync(path.join(dir, 'src/server.ts'), app(false, false));
    writeFileSync(path.join(dir, 'dist/server.js'), app(true, true));
    const result = await runCli(['check', '--format', 'json'], dir);
    expect(result.exitCode).toBe(1);
    const findings = JSON.parse(result.stdout).findings as { file: string; ruleId: string }[];
    expect(findings.map((f) => f.file)).toContain('src/server.ts');
    expect(findings.filter((f) => f.file.startsWith('dist/'))).toEqual([]);
    const info = await runCli(['info', '--json'], dir);
    expect(JSON.parse(info.stdout).setupFile).toBe('src/server.ts');
  });
});

describe('Deno', () => {
  it('a deno.json project without package.json is refused as Deno, not as a missing package.json', async () => {
    const dir = project({
      'deno.json': '{ "tasks": { "dev": "deno run -A main.ts" } }',
      'main.ts': "import { Hono } from 'jsr:@hono/hono';\n",
    });
    const result = await runCli(['add', '--store', 'memory', '--yes'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr + result.stdout).toContain(
      'Deno is not supported yet: deno.json has no package.json beside it.',
    );
    expect(result.stderr + result.stdout).not.toMatch(/No package\.json/);
  });
});
