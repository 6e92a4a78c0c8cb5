/**
 * The built CLI keeps V8's compiled code between runs (src/startup): a second run
 * reuses it without rewriting it (also on Pavex projects, whose wasm compilation
 * touches V8 flags that key the cache), a damaged cache costs nothing but speed, and
 * the cache can be turned off or be unwritable without changing any answer.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture as copyPavexFixture } from '../frameworks/pavex/harness.js';
import { runCli } from '../helpers/app-runner.js';
import { copyFixture } from '../helpers/fixtures.js';

function cacheEnv() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-compile-cache-'));
  // The check result cache is off so every run does the work.
  return { dir, compile: path.join(dir, 'compile'), env: { SESSION_KIT_CACHE_DIR: dir, SESSION_KIT_CACHE: '0' } };
}

/** name → [size, mtime, bytes] of every cache file. */
function snapshot(dir: string) {
  return Object.fromEntries(
    readdirSync(dir).map((name) => {
      const file = path.join(dir, name);
      return [name, { mtimeMs: statSync(file).mtimeMs, bytes: readFileSync(file).toString('base64') }];
    }),
  );
}

async function setUp(app: string, env: Record<string, string>) {
  const added = await runCli(['add', '--yes', '--no-install'], app, env);
  expect(added.exitCode, added.stderr).toBe(0);
}

describe('compiled-code cache of the built CLI', () => {
  it('keeps one cache per bundle, command and kind of project, and reuses it unchanged on a Node project', async () => {
    const app = copyFixture('express4-cjs');
    const { compile, env } = cacheEnv();
    await setUp(app, env);
    const first = await runCli(['check'], app, env);
    expect(first.exitCode, first.stderr).toBe(0);
    const names = readdirSync(compile).sort();
    expect(names).toEqual([
      expect.stringMatching(/^check-\w+\.check-express\.node-v[\d.]+-\w+\.v8cache$/),
      expect.stringMatching(/^main-\w+\.add-express\.node-v[\d.]+-\w+\.v8cache$/),
    ]);
    const before = snapshot(compile);
    const second = await runCli(['check'], app, env);
    expect(second).toEqual(first);
    expect(snapshot(compile)).toEqual(before);
  });

  it('reuses the caches of a Pavex project unchanged (wasm compilation leaves V8 flags as they were)', async () => {
    const app = copyPavexFixture('pavex-new');
    const { compile, env } = cacheEnv();
    await setUp(app, env);
    // The store setUp chose (the default): another store is refused as a switch.
    const dryRun = await runCli(['add', '--dry-run', '--yes', '--no-install', '--store', 'sqlite'], app, env);
    expect(dryRun.exitCode, dryRun.stderr).toBe(0);
    const first = await runCli(['check'], app, env);
    expect(first.exitCode, first.stderr).toBe(0);
    const before = snapshot(compile);
    expect(Object.keys(before).sort()).toEqual([
      expect.stringMatching(/^check-\w+\.check-rust\./),
      expect.stringMatching(/^main-\w+\.add-rust\./),
    ]);
    expect(await runCli(['check'], app, env)).toEqual(first);
    expect(await runCli(['add', '--dry-run', '--yes', '--no-install', '--store', 'sqlite'], app, env)).toEqual(dryRun);
    expect(snapshot(compile)).toEqual(before);
  });

  it('answers the same with a damaged cache, and replaces it', async () => {
    const app = copyFixture('express4-cjs');
    const { compile, env } = cacheEnv();
    await setUp(app, env);
    const first = await runCli(['check', '--format', 'json'], app, env);
    const [checkCache] = readdirSync(compile).filter((n) => n.startsWith('check-'));
    const garbage = Buffer.alloc(statSync(path.join(compile, checkCache)).size, 0x5a);
    writeFileSync(path.join(compile, checkCache), garbage);
    const second = await runCli(['check', '--format', 'json'], app, env);
    expect(second).toEqual(first);
    expect(readFileSync(path.join(compile, checkCache)).equals(garbage)).toBe(false);
  });

  it('writes nothing when turned off, and answers the same when the cache folder cannot be written', async () => {
    const app = copyFixture('express4-cjs');
    const off = cacheEnv();
    const offEnv = { ...off.env, SESSION_KIT_COMPILE_CACHE: '0' };
    await setUp(app, offEnv);
    const expected = await runCli(['check'], app, offEnv);
    expect(expected.exitCode, expected.stderr).toBe(0);
    expect(readdirSync(off.dir)).toEqual([]);
    const blocked = path.join(off.dir, 'a-file');
    writeFileSync(blocked, '');
    expect(await runCli(['check'], app, { SESSION_KIT_CACHE_DIR: blocked, SESSION_KIT_CACHE: '0' })).toEqual(expected);
  });
});
