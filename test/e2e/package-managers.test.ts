/**
 * Real installs with the project's own package manager: pnpm (which skips dependency
 * build scripts unless allowed: better-sqlite3 must still work) and yarn classic.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { HttpClient, runCli, startApp, type RunningApp } from '../helpers/app-runner.js';
import { copyFixture } from '../helpers/fixtures.js';

async function available(command: string): Promise<string | null> {
  const result = await execa(command, ['--version'], { reject: false });
  if (result.exitCode === 0) return null;
  const reason = `${command} is not installed`;
  if (process.env.CI === 'true') throw new Error(`${reason}; .ci/run installs it`);
  return reason;
}

describe.each([
  { pm: 'pnpm', store: 'sqlite', lockfile: 'pnpm-lock.yaml' },
  { pm: 'yarn', store: 'memory', lockfile: 'yarn.lock' },
])('$pm project, $store store, real install', ({ pm, store, lockfile }) => {
  it('installs with the project package manager and the app keeps its session', async () => {
    const skip = await available(pm);
    if (skip) {
      console.warn(`skipping: ${skip}`);
      return;
    }
    const dir = copyFixture('express4-cjs');
    await execa(pm, ['install'], { cwd: dir, env: { CI: 'true' } });
    expect(existsSync(path.join(dir, lockfile))).toBe(true);

    const added = await runCli(['add', '--store', store, '--yes'], dir);
    expect(added.exitCode, `${added.stdout}\n${added.stderr}`).toBe(0);
    expect(added.stderr).toMatch(new RegExp(`Installing: ${pm} add `));
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['express-session']).toBeDefined();
    expect(existsSync(path.join(dir, 'node_modules/express-session/package.json'))).toBe(true);
    if (pm === 'pnpm') {
      // pnpm 10 would skip better-sqlite3's build (and the app would crash at the first require).
      expect(pkg.pnpm.onlyBuiltDependencies).toEqual(['better-sqlite3']);
      expect(pkg.allowScripts).toBeUndefined();
    }
    expect(readFileSync(path.join(dir, lockfile), 'utf8')).toContain('express-session');

    let app: RunningApp | undefined;
    try {
      app = await startApp(dir, { command: ['node', '--env-file=.env', 'app.js'], readyPath: '/health' });
      const client = new HttpClient(() => app!.url);
      expect(await client.json('/session/set?value=kept')).toEqual({ ok: true });
      expect(await client.json('/session/get')).toEqual({ value: 'kept' });
      await app.restart();
      expect(await client.json('/session/get')).toEqual({ value: store === 'memory' ? null : 'kept' });
    } finally {
      await app?.stop();
    }
  }, 600_000);
});
