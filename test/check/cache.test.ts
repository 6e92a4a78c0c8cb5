/**
 * The warm-run cache of `check` (built CLI): a repeated run reuses the stored result,
 * and any change to what the first run read (a file's content, a new file in a folder
 * it listed) makes the next run check again. Never a stale answer.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';
import { runCli } from '../helpers/app-runner.js';

function setup(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-cache-app-'));
  cpSync(path.join(FIXTURES, 'check-secret-literal', 'pass'), dir, { recursive: true });
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sk-cache-dir-'));
  // CI=true turns the cache off by default; these tests turn it on explicitly.
  return { dir, env: { SESSION_KIT_CACHE_DIR: cacheDir, SESSION_KIT_CACHE: '1' } };
}

/** The stored check results (the compiled-code cache keeps its own folder, compile/, beside them). */
const results = (cacheDir: string) =>
  existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => name !== 'compile') : [];

describe('check cache', () => {
  it('stores a result, reuses it while nothing changed, and checks again after any change', async () => {
    const { dir, env } = setup();
    const first = await runCli(['check', '--format', 'json'], dir, env);
    expect(first.exitCode).toBe(0);
    const entries = results(env.SESSION_KIT_CACHE_DIR);
    expect(entries).toHaveLength(1);
    const entry = JSON.parse(readFileSync(path.join(env.SESSION_KIT_CACHE_DIR, entries[0]), 'utf8'));
    expect(entry.observations).toEqual(
      expect.arrayContaining([['read', path.join(dir, 'app.js'), expect.any(String)]]),
    );

    const second = await runCli(['check', '--format', 'json'], dir, env);
    expect(second.stdout).toBe(first.stdout);

    // A changed file: the stored result no longer applies.
    writeFileSync(
      path.join(dir, 'app.js'),
      readFileSync(path.join(dir, 'app.js'), 'utf8').replace(
        "secret: process.env.SESSION_SECRET.split(',')",
        "secret: 'keyboard cat'",
      ),
    );
    const changed = await runCli(['check'], dir, env);
    expect(changed.exitCode).toBe(1);
    expect(changed.stdout).toContain('[secret-literal]');

    // A new file in a folder the run listed (a Dockerfile makes the memory store a production problem).
    writeFileSync(
      path.join(dir, 'app.js'),
      readFileSync(path.join(dir, 'app.js'), 'utf8').replace(
        "secret: 'keyboard cat'",
        'secret: process.env.SESSION_SECRET',
      ),
    );
    expect((await runCli(['check'], dir, env)).exitCode).toBe(0);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20\n');
    const deployed = await runCli(['check'], dir, env);
    expect(deployed.exitCode).toBe(1);
    expect(deployed.stdout).toContain('[memory-store-production]');
  });

  it('keys on the arguments: --strict and file paths are separate results', async () => {
    const { dir, env } = setup();
    writeFileSync(
      path.join(dir, 'app.js'),
      readFileSync(path.join(dir, 'app.js'), 'utf8').replace(
        'saveUninitialized: false',
        'saveUninitialized: false, cookie: { httpOnly: true, secure: false }',
      ),
    );
    expect((await runCli(['check'], dir, env)).exitCode).toBe(0);
    expect((await runCli(['check', '--strict'], dir, env)).exitCode).toBe(1);
    expect((await runCli(['check', 'package.json'], dir, env)).exitCode).toBe(0);
    expect(results(env.SESSION_KIT_CACHE_DIR)).toHaveLength(3);
  });

  it('SESSION_KIT_CACHE=0 reads and writes no cache', async () => {
    const { dir, env } = setup();
    const result = await runCli(['check'], dir, { ...env, SESSION_KIT_CACHE: '0' });
    expect(result.exitCode).toBe(0);
    expect(results(env.SESSION_KIT_CACHE_DIR)).toEqual([]);
  });

  it('is off in CI unless SESSION_KIT_CACHE=1', async () => {
    const { dir, env } = setup();
    await runCli(['check'], dir, {
      SESSION_KIT_CACHE_DIR: env.SESSION_KIT_CACHE_DIR,
      CI: 'true',
      SESSION_KIT_CACHE: '',
    });
    expect(results(env.SESSION_KIT_CACHE_DIR)).toEqual([]);
    await runCli(['check'], dir, { ...env, CI: 'true' });
    expect(results(env.SESSION_KIT_CACHE_DIR)).toHaveLength(1);
  });
});
