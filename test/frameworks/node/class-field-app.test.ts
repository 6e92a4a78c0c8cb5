/**
 * Apps kept in a class field (`private app = express()`, `readonly #app = new Koa()`):
 * the field is not a statement, so the session goes beside the code that configures
 * the app (the constructor, or a method it calls), and check follows the same code.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { runChecks } from '../../../src/check/run.js';
import { addWithoutInstall, copyFixture, listFiles, plan, read, recordInstalled } from '../../helpers/fixtures.js';

async function errors(dir: string): Promise<string[]> {
  const [project] = (await runChecks(dir, [], false)).projects;
  return project.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line} ${f.ruleId}`);
}

function write(dir: string, file: string, text: string): void {
  writeFileSync(path.join(dir, file), text);
}

describe('an app created in a class field', () => {
  it('Express: the session goes after the body parsers of the method the constructor calls', async () => {
    const dir = copyFixture('express-class-field');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/app.ts');
    expect(text).toContain(
      '    this.app.use(express.urlencoded({ extended: false }));\n    this.app.use(sessionMiddleware);\n  }',
    );
    expect(text).toContain('  private readonly app = express();\n');
  });

  it('Koa with an ES private field: the session goes first in the constructor, before the routes', async () => {
    const dir = copyFixture('koa-class-field');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const text = read(dir, 'src/main.ts');
    expect(text).toContain(
      '  constructor() {\n    this.#app.keys = sessionKeys;\n    this.#app.use(sessionMiddleware(this.#app));\n    this.#router.get(',
    );
    // A second run recognises the setup it wrote.
    const again = await plan(dir, { store: 'memory' });
    expect(again.files.filter((f) => f.before !== f.after)).toEqual([]);
    expect(again.dependencies).toEqual([]);
  });

  it('check reports a session moved after the routes of a class-field app, with file:line', async () => {
    const dir = copyFixture('koa-class-field');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'src/main.ts');
    expect(await errors(dir)).toEqual([]);
    write(
      dir,
      'src/main.ts',
      correct
        .replace('    this.#app.use(sessionMiddleware(this.#app));\n', '')
        .replace(
          '    this.#app.use(this.#router.routes());\n',
          '    this.#app.use(this.#router.routes());\n    this.#app.use(sessionMiddleware(this.#app));\n',
        ),
    );
    expect(await errors(dir)).toEqual(['src/main.ts:15 koa/session-before-routers']);
  });

  it('Hono: a public field configured in the constructor', async () => {
    const dir = copyFixture('hono-node-ts');
    write(
      dir,
      'src/index.ts',
      [
        "import { serve } from '@hono/node-server';",
        "import { Hono } from 'hono';",
        '',
        'export class Service {',
        '  app = new Hono();',
        '',
        '  constructor() {',
        "    this.app.get('/', (c) => c.text('ok'));",
        '  }',
        '}',
        '',
        'serve({ fetch: new Service().app.fetch, port: 3000 });',
        '',
      ].join('\n'),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/index.ts')).toContain(
      "  constructor() {\n    this.app.use(sessionStorage, sessionMiddleware);\n    this.app.get('/',",
    );
  });

  it('a field that nothing in the class configures is refused with the lines to add, and nothing is written', async () => {
    const dir = copyFixture('express-class-field');
    write(
      dir,
      'src/app.ts',
      "import express from 'express';\n\nexport class Server {\n  readonly app = express();\n}\n",
    );
    const before = listFiles(dir);
    const error = await plan(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const refusal = error as UserError;
    expect(refusal.message).toBe(
      'src/app.ts: the app is created in a class field and no constructor or method configures it, so there is no place to register the session.',
    );
    expect(refusal.manual).toContain('this.app.use(sessionMiddleware);');
    expect(listFiles(dir)).toEqual(before);
  });
});
