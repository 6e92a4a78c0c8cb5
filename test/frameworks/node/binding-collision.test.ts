/**
 * A name the setup file already declares (in any scope) is never declared again: the
 * import of the generated module is aliased and the registration uses the alias, so the
 * file still loads (a second `sessionMiddleware` would be a SyntaxError at start).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { addWithoutInstall, copyFixture, plan, read, recordInstalled } from '../../helpers/fixtures.js';

function write(dir: string, file: string, text: string): void {
  writeFileSync(path.join(dir, file), text);
}

async function expectRerunAndCheckClean(dir: string): Promise<void> {
  const again = await plan(dir, { store: 'memory' });
  expect(again.files.filter((f) => f.before !== f.after)).toEqual([]);
  const [project] = (await runChecks(dir, [], false)).projects;
  expect(project.findings.filter((f) => f.severity === 'error')).toEqual([]);
}

describe('inserted names that the file already declares', () => {
  it('Express CommonJS: the require destructures under another name', async () => {
    const dir = copyFixture('express4-cjs');
    const text = read(dir, 'app.js').replace(
      'const app = express();',
      'const app = express();\r\nfunction sessionMiddleware(req, res, next) {\r\n  next();\r\n}',
    );
    write(dir, 'app.js', text);
    const result = await addWithoutInstall(dir, { store: 'memory' });
    recordInstalled(dir, result);
    const after = read(dir, 'app.js');
    expect(after).toContain('const { sessionMiddleware: sessionKitMiddleware } = require("./session");');
    expect(after).toContain('app.use(sessionKitMiddleware);');
    expect(after).toContain('function sessionMiddleware(req, res, next) {');
    expect(result.files.find((f) => f.path === 'app.js')?.reason).toContain(
      'imports the session middleware as sessionKitMiddleware, since the file already declares sessionMiddleware',
    );
    execFileSync(process.execPath, ['--check', path.join(dir, 'app.js')]);
    await expectRerunAndCheckClean(dir);
  });

  it('Koa ESM: a local sessionKeys and a sessionKitKeys too: the alias takes the next free name', async () => {
    const dir = copyFixture('koa-esm-ts');
    write(
      dir,
      'src/app.ts',
      read(dir, 'src/app.ts').replace(
        'const router = new Router();',
        "const router = new Router();\nconst sessionKeys = ['unused'];\nconst sessionKitKeys = sessionKeys;",
      ),
    );
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const after = read(dir, 'src/app.ts');
    expect(after).toContain("import { sessionKeys as sessionKitKeys2, sessionMiddleware } from './session.js';");
    expect(after).toContain('app.keys = sessionKitKeys2;');
    expect(after).toContain('app.use(sessionMiddleware(app));');
    await expectRerunAndCheckClean(dir);
  });

  it('Hono: a parameter named sessionStorage in a nested function counts too', async () => {
    const dir = copyFixture('hono-node-ts');
    write(
      dir,
      'src/index.ts',
      `${read(dir, 'src/index.ts')}\nexport function describeStorage(sessionStorage: string) {\n  return sessionStorage\n}\n`,
    );
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const after = read(dir, 'src/index.ts');
    expect(after).toContain("import { sessionMiddleware, sessionStorage as sessionKitStorage } from './session.js'");
    expect(after).toContain('app.use(sessionKitStorage, sessionMiddleware)');
    await expectRerunAndCheckClean(dir);
  });
});
