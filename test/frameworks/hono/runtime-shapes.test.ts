/**
 * Hono runtimes as real apps declare them: Bun serving the module's default export
 * `{ port, fetch }` (no serve() call, no Bun lockfile), and the Workers KV snippet,
 * which must only read `c` (bindings exist per request) inside a handler.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Node } from '@babel/types';
import { describe, expect, it } from 'vitest';
import { parseJs } from '../../../src/edit/js/parse.js';
import { walk } from '../../../src/edit/js/walk.js';
import { detectAll } from '../../../src/detect/index.js';
import { WORKERS_MANUAL } from '../../../src/frameworks/hono/add.js';
import { plan } from '../../helpers/fixtures.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-hono-runtime-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('Bun without serve()', () => {
  const app =
    "import { Hono } from 'hono';\nconst app = new Hono();\napp.get('/', (c) => c.text('ok'));\nexport default {\n  port: 4000,\n  fetch: app.fetch,\n};\n";
  it('an entry exporting { port, fetch } is served by Bun', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'a', type: 'module', dependencies: { hono: '^4.7.0' } }),
      'src/index.ts': app,
    });
    const { detection } = await detectAll({ cwd: dir, interactive: false });
    expect(detection?.facts?.runtime).toBe('bun');
    const result = await plan(dir, { store: 'memory' });
    expect(result.files.find((f) => f.path === 'src/index.ts')?.after).toContain(
      'app.use(sessionStorage, sessionMiddleware);',
    );
  });

  it('Bun cannot load better-sqlite3: the sqlite store is refused naming the ones that run', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'a', type: 'module', dependencies: { hono: '^4.7.0' } }),
      'src/index.ts': app,
    });
    await expect(plan(dir, { store: 'sqlite' })).rejects.toThrow(
      /cannot run on Bun \(src\/index\.ts exports \{ port, fetch \} for Bun to serve\)/,
    );
  });
});

describe('the Workers KV snippet', () => {
  it('parses and reads `c` only inside functions that receive it', async () => {
    const ast = await parseJs(WORKERS_MANUAL, 'snippet.ts');
    const outside: number[] = [];
    walk(ast.program, (node: Node, ancestors) => {
      if (node.type !== 'Identifier' || node.name !== 'c') return;
      const parent = ancestors[ancestors.length - 1];
      if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
      const bound = ancestors.some(
        (a) =>
          (a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression') &&
          a.params.some((p) => p.type === 'Identifier' && p.name === 'c'),
      );
      if (!bound) outside.push(node.loc?.start.line ?? 0);
    });
    expect(outside).toEqual([]);
    expect(WORKERS_MANUAL).toMatch(/^import \{ useSession, useSessionStorage \} from '@hono\/session';/);
  });
});
