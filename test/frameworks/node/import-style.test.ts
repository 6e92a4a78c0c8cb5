/**
 * The import of the generated session module resolves the way the app runs: the
 * setup file's own relative-import style first, else what the tsconfig's output needs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectFiles } from '../../../src/detect/project.js';
import { generatedModuleFor } from '../../../src/frameworks/node/generated-module.js';
import { fileImportStyle } from '../../../src/frameworks/node/import-style.js';
import { plan } from '../../helpers/fixtures.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-import-style-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('fileImportStyle', () => {
  it.each([
    ["import a from './a';\nimport b from '../b';\n", 'extensionless'],
    ["import a from './a.js';\nconst b = require('./b');\nimport c from './c.js';\n", 'extension'],
    ["import a from './a.ts';\n", 'ts-extension'],
    ["import data from './data.json';\nimport x from 'express';\n", null],
  ])('%j → %s', (text, style) => {
    expect(fileImportStyle(text)).toBe(style);
  });
});

describe('generatedModuleFor', () => {
  const setup = "import express from 'express';\nconst app = express();\n";
  it('TypeScript compiled to CommonJS (ts-node, ts-node-dev) imports without an extension', () => {
    const dir = project({
      'package.json': '{}',
      'tsconfig.json': '{"extends":"./base.json"}',
      'base.json': '{"compilerOptions":{"module":"commonjs"}}',
      'src/app.ts': setup,
    });
    expect(generatedModuleFor(new ProjectFiles(dir), 'src/app.ts', 'esm').importSource).toBe('./session');
  });
  it('TypeScript with NodeNext in an ES module package keeps .js', () => {
    const dir = project({
      'package.json': '{"type":"module"}',
      'tsconfig.json': '{"compilerOptions":{"module":"NodeNext"}}',
      'src/app.ts': setup,
    });
    expect(generatedModuleFor(new ProjectFiles(dir), 'src/app.ts', 'esm').importSource).toBe('./session.js');
  });
  it('a project importing .ts files directly imports ./session.ts', () => {
    const dir = project({
      'package.json': '{"type":"module"}',
      'tsconfig.json': '{"compilerOptions":{"module":"NodeNext","allowImportingTsExtensions":true,"noEmit":true}}',
      'src/app.ts': `import { db } from './db.ts';\n${setup}`,
    });
    expect(generatedModuleFor(new ProjectFiles(dir), 'src/app.ts', 'esm').importSource).toBe('./session.ts');
  });
});

describe('a tsconfig base that is not installed', () => {
  it('refuses, since esModuleInterop decides how the generated imports compile', async () => {
    const dir = project({
      'package.json': JSON.stringify({
        name: 'api',
        dependencies: { fastify: '^5.2.0' },
        devDependencies: { typescript: '^5.9.0', 'fastify-tsconfig': '^3.0.0' },
      }),
      'tsconfig.json': '{ "extends": "fastify-tsconfig", "compilerOptions": { "outDir": "dist" } }',
      'src/server.ts': "import Fastify from 'fastify';\nconst app = Fastify();\napp.listen({ port: 3000 });\n",
    });
    await expect(plan(dir, { store: 'memory' })).rejects.toMatchObject({
      message:
        'tsconfig.json extends "fastify-tsconfig", which is not installed, so session-kit cannot tell whether esModuleInterop is on.',
      hint: "Install the project's dependencies (fastify-tsconfig comes from node_modules) and run session-kit again.",
      where: { file: 'tsconfig.json' },
    });
  });
});
