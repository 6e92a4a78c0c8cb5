import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { UserError } from '../../../src/core/errors.js';
import { orderingViolations, requirementFindings, violationToFinding } from '../../../src/core/ordering.js';
import { detectAll } from '../../../src/detect/index.js';
import { koa } from '../../../src/frameworks/koa/index.js';
import { KOA_ORDERING, KOA_REQUIREMENTS, KOA_STEP_KINDS } from '../../../src/frameworks/koa/rules.js';
import { addWithoutInstall, copyFixture, plan, read, recordInstalled } from '../../helpers/fixtures.js';

async function steps(dir: string) {
  const { project, detection } = await detectAll({ cwd: dir, interactive: false });
  return koa.recognise(project, detection!);
}

function koaApp(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-koa-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'k',
      main: 'app.js',
      dependencies: { koa: '^3.0.0', 'koa-session': '^7.0.2', '@koa/router': '^15.0.0' },
    }),
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('koa: where add puts the session', () => {
  it('inserts keys and session before the first router, even with middleware after the routers', async () => {
    const dir = copyFixture('koa-esm-ts');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/app.ts');
    expect(lineOf(text, 'app.use(sessionMiddleware(app));')).toBe(lineOf(text, 'app.keys = sessionKeys;') + 1);
    expect(lineOf(text, 'app.keys = sessionKeys;')).toBe(lineOf(text, 'app.use(bodyParser());') + 1);
    expect(lineOf(text, 'app.use(sessionMiddleware(app));')).toBeLessThan(lineOf(text, 'healthRouter.routes()'));
  });

  it('keeps an app’s own app.keys and adds only the middleware', async () => {
    const dir = koaApp({
      'app.js':
        "const Koa = require('koa');\nconst app = new Koa();\napp.keys = ['k1', 'k2'];\napp.use((ctx) => { ctx.body = 'ok'; });\napp.listen(3000);\n",
    });
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'app.js');
    expect(text).toContain("const { sessionMiddleware } = require('./session');\n");
    expect(text).not.toContain('sessionKeys');
    expect(text).toMatch(/app\.keys = \['k1', 'k2'\];\napp\.use\(sessionMiddleware\(app\)\);\napp\.use\(\(ctx\)/);
  });

  it('signs with the app’s own keys: no SESSION_SECRET required or written, check still flags the literal', async () => {
    const dir = koaApp({
      'app.js':
        "const Koa = require('koa');\nconst app = new Koa();\napp.keys = ['k1', 'k2'];\napp.use((ctx) => { ctx.body = 'ok'; });\napp.listen(3000);\n",
    });
    const first = await addWithoutInstall(dir, { store: 'memory' });
    expect(first.env.map((e) => e.key)).not.toContain('SESSION_SECRET');
    expect(existsSync(path.join(dir, '.env'))).toBe(false);
    const session = read(dir, 'session.js');
    expect(session).not.toMatch(/SESSION_SECRET|sessionKeys/);
    expect(session).toContain('module.exports = { sessionMiddleware }');
    recordInstalled(dir, first);
    // A re-run sees its own module and changes nothing.
    const again = await plan(dir, { store: 'memory' });
    expect(again.files.filter((f) => f.before !== f.after && f.path !== '.session-kit.json')).toEqual([]);
    const report = await runChecks(dir, [], false);
    expect(report.projects[0].findings).toMatchObject([{ ruleId: 'secret-literal', file: 'app.js', line: 4 }]);
  });
});

describe('koa: keys set where the app is imported', () => {
  it('are the app’s keys: no second app.keys and no SESSION_SECRET', async () => {
    const dir = koaApp({
      'app.js':
        "const Koa = require('koa');\nconst app = new Koa();\napp.use((ctx) => { ctx.body = 'ok'; });\nmodule.exports = app;\n",
      'server.js': "const app = require('./app');\napp.keys = process.env.APP_KEYS.split(',');\napp.listen(3000);\n",
    });
    const result = await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'app.js')).not.toContain('app.keys');
    expect(read(dir, 'session.js')).not.toContain('SESSION_SECRET');
    expect(result.env.map((e) => e.key)).not.toContain('SESSION_SECRET');
  });
});

describe('koa: a router registered before the session', () => {
  it('is reported by recognise() with file:line after a later edit, refused by add, and moved back with --fix-order', async () => {
    const dir = copyFixture('koa-esm-ts');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'src/app.ts');
    // The user later registers the router whose handlers use ctx.session above the session.
    const broken = correct
      .replace('app.use(router.routes());\n', '')
      .replace('app.keys = sessionKeys;\n', 'app.use(router.routes());\napp.keys = sessionKeys;\n');
    writeFileSync(path.join(dir, 'src/app.ts'), broken);

    const violations = orderingViolations(await steps(dir), KOA_ORDERING);
    expect(violations.map((v) => v.rule.id)).toEqual(['koa/session-before-routers']);
    const finding = violationToFinding(violations[0], KOA_STEP_KINDS);
    expect(finding).toMatchObject({
      file: 'src/app.ts',
      line: lineOf(broken, 'sessionMiddleware(app)'),
      severity: 'error',
    });
    expect(finding.message).toContain(
      `a router whose handlers read ctx.session (src/app.ts:${lineOf(broken, 'router.routes()')})`,
    );

    const error = await plan(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toMatchObject({
      file: 'src/app.ts',
      line: lineOf(broken, 'sessionMiddleware(app)'),
    });
    expect((error as UserError).hint).toMatch(/--fix-order/);

    await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    const repaired = read(dir, 'src/app.ts');
    expect(lineOf(repaired, 'sessionMiddleware(app)')).toBeLessThan(lineOf(repaired, 'app.use(router.routes())'));
    expect(orderingViolations(await steps(dir), KOA_ORDERING)).toEqual([]);
  });
});

describe('koa: a session without app.keys', () => {
  it('is reported with the line of the session', async () => {
    const dir = koaApp({
      'app.js':
        "const Koa = require('koa');\nconst session = require('koa-session');\n\nconst app = new Koa();\napp.use(session({ store }, app));\napp.listen(3000);\n",
    });
    const findings = requirementFindings(await steps(dir), KOA_REQUIREMENTS);
    expect(findings).toMatchObject([{ ruleId: 'koa/keys-required', file: 'app.js', line: 5 }]);
  });

  it('is refused by a re-run of add when the app.keys line was removed later, naming the session line', async () => {
    const dir = copyFixture('koa-esm-ts');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const edited = read(dir, 'src/app.ts').replace('app.keys = sessionKeys;\n', '');
    writeFileSync(path.join(dir, 'src/app.ts'), edited);
    const error = await plan(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('missing-keys');
    expect((error as UserError).where).toMatchObject({
      file: 'src/app.ts',
      line: lineOf(edited, 'sessionMiddleware(app)'),
    });
    expect((error as UserError).message).toMatch(/app\.keys/);
  });

  it('is refused by add when the app already has its own koa-session', async () => {
    const dir = koaApp({
      'app.js':
        "const Koa = require('koa');\nconst session = require('koa-session');\n\nconst app = new Koa();\napp.keys = ['a'];\napp.use(session({}, app));\napp.listen(3000);\n",
    });
    const error = await plan(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('session-exists');
    expect((error as UserError).where).toMatchObject({ file: 'app.js', line: 6 });
  });
});

describe('koa: files session-kit cannot edit', () => {
  it('a file that does not parse is refused with file:line and the lines to add by hand', async () => {
    const dir = koaApp({ 'app.js': "const Koa = require('koa');\nconst app = new Koa(;\n" });
    const error = await plan(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toMatchObject({ file: 'app.js', line: 2 });
    expect((error as UserError).manual).toContain('app.use(sessionMiddleware(app));');
  });
});
