/**
 * Lines to add by hand are written in the file's module syntax (import in TypeScript
 * and ES modules) and with the app's own name (`this.app` for a class field).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { plan } from '../../helpers/fixtures.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-manual-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function refusal(dir: string): Promise<UserError> {
  try {
    await plan(dir, { store: 'memory' });
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('add was not refused');
}

const expressPkg = JSON.stringify({
  name: 'a',
  dependencies: { express: '^5.1.0' },
  devDependencies: { typescript: '^5.9.0' },
});

describe('manual lines', () => {
  it('a TypeScript project compiled to CommonJS gets import lines, not require()', async () => {
    const dir = project({
      'package.json': expressPkg,
      'tsconfig.json': '{"compilerOptions":{"module":"commonjs"}}',
      'src/routes.ts': "import { Router } from 'express';\nexport const router = Router();\n",
    });
    const error = await refusal(dir);
    expect(error.message).toBe('Could not find the file that creates the Express app (`express()`).');
    expect(error.manual?.split('\n')[0]).toBe("import { sessionMiddleware } from './session.js';");
  });

  it('an app kept in a class field that nothing configures: the lines register on this.app', async () => {
    const dir = project({
      'package.json': expressPkg,
      'tsconfig.json': '{"compilerOptions":{"module":"commonjs","esModuleInterop":true}}',
      'src/app.ts': "import express from 'express';\n\nexport class Server {\n  private app = express();\n}\n",
    });
    const error = await refusal(dir);
    expect(error.manual?.split('\n').at(-1)).toBe('this.app.use(sessionMiddleware);');
  });

  it('an app made as a constructor parameter default beside injected services: the lines register on that parameter', async () => {
    const dir = project({
      'package.json': JSON.stringify({
        name: 'a',
        dependencies: { koa: '^2.16.0' },
        devDependencies: { typescript: '^5.9.0' },
      }),
      'tsconfig.json': '{"compilerOptions":{"module":"commonjs","esModuleInterop":true}}',
      'src/server.ts': [
        "import Koa from 'koa';",
        "import { Settings } from './settings';",
        '',
        'export class Web {',
        '  constructor(',
        '    private settings: Settings,',
        '    private web: Koa = new Koa(),',
        '  ) {}',
        '',
        '  start(): void {',
        '    this.web.listen(this.settings.port);',
        '  }',
        '}',
        '',
      ].join('\n'),
      'src/settings.ts': 'export class Settings {\n  port = 3000;\n}\n',
    });
    const error = await refusal(dir);
    expect(error.manual?.split('\n').slice(-2)).toEqual([
      'this.web.keys = sessionKeys;',
      'this.web.use(sessionMiddleware(this.web));',
    ]);
  });

  it.each([
    [
      'express',
      { express: '^5.1.0' },
      "const express = require('express');\nconst web = wrap(express());\nweb.listen(3000);\n",
      'const app = express()',
      'app.use(sessionMiddleware);',
    ],
    [
      'koa',
      { koa: '^2.16.0' },
      "const Koa = require('koa');\nconst web = wrap(new Koa());\nweb.listen(3000);\n",
      'const app = new Koa()',
      'app.use(sessionMiddleware(app));',
    ],
    [
      'hono',
      { hono: '^4.9.0', '@hono/node-server': '^1.19.0' },
      "import { Hono } from 'hono';\nimport { serve } from '@hono/node-server';\nconst web = wrap(new Hono());\nserve(web);\n",
      'const app = new Hono()',
      'app.use(sessionStorage, sessionMiddleware);',
    ],
  ])(
    '%s: an app session-kit cannot follow is refused, naming the file, with the lines to add by hand',
    async (framework, dependencies, source, creation, last) => {
      const dir = project({
        'package.json': JSON.stringify({
          name: 'a',
          main: 'app.js',
          type: framework === 'hono' ? 'module' : 'commonjs',
          dependencies,
        }),
        'app.js': source,
      });
      const error = await refusal(dir);
      expect(error.code).toBe('app-not-found');
      expect(error.message).toBe(
        `app.js imports ${framework} but no \`${creation}\` was found that session-kit can follow.`,
      );
      expect(error.hint).toBe(
        'Add the lines by hand where the app is created, then run session-kit add again to write the rest.',
      );
      expect(error.where).toEqual({ file: 'app.js' });
      expect(error.manual?.split('\n').at(-1)).toBe(last);
    },
  );
});
