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
});
