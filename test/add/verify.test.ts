/**
 * The verify step refuses a plan that would break the app, whatever produced it:
 * each test injects a deliberately wrong plan of one class (misorder, duplicate,
 * collision, use before declaration, unparsable) and expects that class's refusal.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPlan } from '../../src/add/verify.js';
import { UserError } from '../../src/core/errors.js';
import type { Plan } from '../../src/core/plan.js';
import { detectAll } from '../../src/detect/index.js';
import { applySplices, insertAt, type Splice } from '../../src/edit/splice.js';
import { copyFixture, plan, read } from '../helpers/fixtures.js';

const SETUP = 'app.js';
const REGISTER = 'app.use(sessionMiddleware);\r\n';
const IMPORT = 'const { sessionMiddleware } = require("./session");\r\n';

async function goodPlan(dir: string): Promise<Plan> {
  return plan(dir, { store: 'memory' });
}

/** The plan with the setup file's change replaced by `splices` (offsets in the original file). */
function withSetupSplices(p: Plan, splices: Splice[]): Plan {
  return {
    ...p,
    files: p.files.map((f) =>
      f.path === SETUP && f.before !== null ? { ...f, splices, after: applySplices(f.before, splices) } : f,
    ),
  };
}

async function verify(dir: string, p: Plan, fixOrder = false): Promise<void> {
  const { project, framework, detection } = await detectAll({ cwd: dir, interactive: false });
  if (!framework || !detection) throw new Error('fixture not detected');
  await verifyPlan(p, { project, framework, detection, fixOrder });
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** Offset of the start of the line holding `needle` in the fixture's app.js. */
function lineOf(dir: string, needle: string): number {
  const text = read(dir, SETUP);
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`no ${needle}`);
  return text.lastIndexOf('\n', at) + 1;
}

describe('verify step (express4-cjs, memory store)', () => {
  it('accepts the plan add makes', async () => {
    const dir = copyFixture('express4-cjs');
    await expect(verify(dir, await goodPlan(dir))).resolves.toBeUndefined();
  });

  it('refuses a misordered plan: the session after the routes', async () => {
    const dir = copyFixture('express4-cjs');
    const p = withSetupSplices(await goodPlan(dir), [
      insertAt(lineOf(dir, 'const path'), IMPORT),
      insertAt(lineOf(dir, 'const port'), REGISTER),
    ]);
    const error = await refusal(verify(dir, p));
    expect(error.code).toBe('verify-failed');
    expect(error.message).toMatch(/^session-kit's plan fails its own check \(express\/session-before-routes\): /);
    expect(error.message).toMatch(/Nothing was written\.$/);
    expect(error.where).toMatchObject({ file: 'app.js', line: 26 });
  });

  it('refuses a plan with a second session setup', async () => {
    const dir = copyFixture('express4-cjs');
    const inline =
      'app.use(require("express-session")({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));\r\n';
    const at = lineOf(dir, 'app.use(express.static');
    const p = withSetupSplices(await goodPlan(dir), [
      insertAt(lineOf(dir, 'const path'), IMPORT),
      insertAt(at, REGISTER),
      insertAt(at, inline),
    ]);
    const error = await refusal(verify(dir, p));
    expect(error.message).toBe(
      "session-kit's plan fails its own check (session-duplicate): the app would have two session setups, app.js:11 (express-session) and session.js:20 (express-session). Nothing was written.",
    );
  });

  it('refuses a plan whose inserted name collides with one the file declares', async () => {
    const dir = copyFixture('express4-cjs');
    const text = read(dir, SETUP).replace(
      'const app = express();',
      'const app = express();\r\nfunction wrap(sessionMiddleware) {\r\n  return sessionMiddleware;\r\n}',
    );
    writeFileSync(path.join(dir, SETUP), text);
    // add itself aliases the import (see test/frameworks/node/binding-collision.test.ts); a plan that does not is refused.
    const p = withSetupSplices(await goodPlan(dir), [
      insertAt(lineOf(dir, 'const express'), IMPORT),
      insertAt(lineOf(dir, 'app.use(express.static'), REGISTER),
    ]);
    const error = await refusal(verify(dir, p));
    expect(error.message).toMatch(
      /^session-kit's plan fails its own check \(verify\/binding-collision\): app\.js:\d+: the inserted `sessionMiddleware` collides with the `sessionMiddleware` the file already declares at line \d+\./,
    );
  });

  it('refuses a plan that uses a CommonJS binding before its require', async () => {
    const dir = copyFixture('express4-cjs');
    const p = withSetupSplices(await goodPlan(dir), [
      insertAt(lineOf(dir, 'app.use(express.static'), REGISTER),
      insertAt(lineOf(dir, 'app.get("/health"'), IMPORT),
    ]);
    const error = await refusal(verify(dir, p));
    expect(error.message).toBe(
      "session-kit's plan fails its own check (verify/use-before-declaration): app.js:9: `sessionMiddleware` is used here before its declaration below (a ReferenceError at start). Nothing was written.",
    );
  });

  it('refuses a plan whose result does not parse', async () => {
    const dir = copyFixture('express4-cjs');
    const p = withSetupSplices(await goodPlan(dir), [
      insertAt(lineOf(dir, 'const path'), IMPORT),
      insertAt(lineOf(dir, 'app.use(express.static'), 'app.use(sessionMiddleware;\r\n'),
    ]);
    const error = await refusal(verify(dir, p));
    expect(error.message).toMatch(
      /^session-kit's plan fails its own check \(verify\/parse\): app\.js would not parse: /,
    );
    expect(error.where).toMatchObject({ file: 'app.js', line: 10 });
  });

  it('refuses a plan that sets up no session at all', async () => {
    const dir = copyFixture('express4-cjs');
    const good = await goodPlan(dir);
    const p = { ...good, files: good.files.filter((f) => f.path !== 'session.js' && f.path !== SETUP) };
    const error = await refusal(verify(dir, p));
    expect(error.message).toMatch(/\(verify\/session-missing\)/);
  });
});
