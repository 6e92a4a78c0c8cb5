import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/core/apply.js';
import { UserError } from '../../src/core/errors.js';
import { CLI, assertBuilt, runCli } from '../helpers/app-runner.js';
import { copyFixture, listFiles, plan } from '../helpers/fixtures.js';

function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** A fake package manager on PATH: records its arguments, then behaves as told. */
function fakeNpm(behaviour: 'fail' | 'hang'): { bin: string; log: string } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'sk-fake-npm-'));
  const log = path.join(bin, 'calls.log');
  const body = behaviour === 'fail' ? 'echo "npm error 404 Not Found - no such package" >&2\nexit 1' : 'sleep 30';
  writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "$@" >> "${log}"\n${body}\n`);
  chmodSync(path.join(bin, 'npm'), 0o755);
  return { bin, log };
}

describe('applyPlan', () => {
  it('restores every file and removes created ones when the install fails', async () => {
    const dir = copyFixture('express5-esm-ts');
    const original = snapshotDir(dir);
    const result = await plan(dir, { store: 'sqlite' });
    result.installCommands = [['npm', 'install', 'x']];
    const error = await applyPlan(result, {
      install: true,
      run: async () => {
        // The files are already written when the install runs.
        expect(existsSync(path.join(dir, 'src/session.ts'))).toBe(true);
        throw new Error('npm install x exited with 1');
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('install-failed');
    expect((error as UserError).message).toMatch(/restored every file/);
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('refuses when a file changed after planning, writing nothing', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await plan(dir, { store: 'memory' });
    writeFileSync(path.join(dir, 'app.js'), '// changed meanwhile\n');
    const snapshot = snapshotDir(dir);
    await expect(applyPlan(result, { install: false })).rejects.toThrow(/changed while session-kit was planning/);
    expect(snapshotDir(dir)).toEqual(snapshot);
  });
});

describe('the built CLI with a failing or interrupted install', () => {
  it('reports the install failure, exits 2, and leaves the project byte-identical', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const npm = fakeNpm('fail');
    const result = await runCli(['add', '--store', 'memory', '--yes'], dir, { PATH: `${npm.bin}:${process.env.PATH}` });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/The install failed, so session-kit restored every file/);
    expect(result.stderr).toMatch(/404 Not Found/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotDir(dir)).toEqual(original);
    expect(readFileSync(npm.log, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('restores every file on Ctrl-C during the install', async () => {
    assertBuilt();
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const npm = fakeNpm('hang');
    const child = spawn('node', [CLI, 'add', '--store', 'memory', '--yes'], { cwd: dir, env: { ...process.env, PATH: `${npm.bin}:${process.env.PATH}` }, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Wait until the fake install is running, then interrupt like a terminal would.
    for (let i = 0; i < 100 && !existsSync(npm.log); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(path.join(dir, 'session.js'))).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/restored/);
    expect(snapshotDir(dir)).toEqual(original);
  });
});
