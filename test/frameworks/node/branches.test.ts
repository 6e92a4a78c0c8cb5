/**
 * Middleware and routers registered under an `if`: check reads them as steps (a router
 * there still runs before a session registered after the `if`), and add never puts the
 * session inside a branch, where it would run only on some paths.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { addWithoutInstall, copyFixture, read, recordInstalled } from '../../helpers/fixtures.js';

async function findings(dir: string): Promise<string[]> {
  const [project] = (await runChecks(dir, [], false)).projects;
  return project.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.ruleId}`);
}

function write(dir: string, file: string, text: string): void {
  writeFileSync(path.join(dir, file), text);
}

const EXPRESS_APP = [
  "import express from 'express';",
  "import { accountRouter } from './account.js';",
  '',
  'export function buildApp(verbose) {',
  '  const app = express();',
  '  app.use(express.json());',
  '  if (verbose) {',
  '    app.use((req, _res, next) => next());',
  "    app.use('/debug', accountRouter);",
  '  } else {',
  '    app.use((_req, _res, next) => next());',
  '  }',
  "  app.use('/account', accountRouter);",
  '  return app;',
  '}',
  '',
].join('\n');

describe('steps under an if', () => {
  it('add: a router inside the branch keeps the session before the whole if', async () => {
    const dir = copyFixture('express-factory-branches');
    write(dir, 'src/app.js', EXPRESS_APP);
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/app.js')).toContain(
      '  app.use(express.json());\n  app.use(sessionMiddleware);\n  if (verbose) {',
    );
  });

  it('add: middleware in both branches and no router there puts the session after the whole if/else', async () => {
    const dir = copyFixture('express-factory-branches');
    write(dir, 'src/app.js', EXPRESS_APP.replace("    app.use('/debug', accountRouter);\n", ''));
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/app.js')).toContain(
      "  }\n  app.use(sessionMiddleware);\n  app.use('/account', accountRouter);",
    );
  });

  it('check: a session-reading router under an if before the session is an error; a session under an if is a warning', async () => {
    const dir = copyFixture('express-factory-branches');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'src/app.js');
    expect(await findings(dir)).toEqual([]);
    write(
      dir,
      'src/app.js',
      correct
        .replace('  app.use(sessionMiddleware);\n', '')
        .replace(
          "  app.use('/account', accountRouter);\n",
          "  app.use(sessionMiddleware);\n  app.use('/account', accountRouter);\n",
        ),
    );
    expect(await findings(dir)).toEqual(['src/app.js:19 error express/session-before-routes']);
    write(
      dir,
      'src/app.js',
      correct
        .replace('  app.use(sessionMiddleware);\n', '')
        .replace('  if (verbose) {\n', '  if (verbose) {\n    app.use(sessionMiddleware);\n'),
    );
    expect(await findings(dir)).toEqual(['src/app.js:13 warning session-conditional']);
  });

  it('Koa: a router registered under an if before the session is reported', async () => {
    const dir = copyFixture('koa-class-field');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const text = read(dir, 'src/main.ts');
    write(
      dir,
      'src/main.ts',
      text
        .replace('    this.#app.use(sessionMiddleware(this.#app));\n', '')
        .replace(
          '    this.#app.use(this.#router.routes());\n',
          '    if (process.env.API !== "off") {\n      this.#app.use(this.#router.routes());\n    }\n    this.#app.use(sessionMiddleware(this.#app));\n',
        ),
    );
    expect(await findings(dir)).toEqual(['src/main.ts:17 error koa/session-before-routers']);
  });

  it('Hono: a session-reading route under an if before the session is reported', async () => {
    const dir = copyFixture('hono-node-ts');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const text = read(dir, 'src/index.ts');
    const registration = 'app.use(sessionStorage, sessionMiddleware)\n';
    expect(text).toContain(registration);
    const moved = text
      .replace(registration, '')
      .replace(
        "app.get('/health', (c) => c.text('ok'))\n",
        `if (process.env.DEMO) {\n  app.get('/demo', async (c) => c.json(await c.var.session.get()))\n}\n${registration}app.get('/health', (c) => c.text('ok'))\n`,
      );
    expect(moved).not.toBe(text);
    write(dir, 'src/index.ts', moved);
    expect(await findings(dir)).toEqual([
      'src/index.ts:13 error hono/storage-before-routes',
      'src/index.ts:13 error hono/session-before-routes',
    ]);
  });
});
