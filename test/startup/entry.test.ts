/**
 * The built entry (dist/cli.cjs): which bundle runs for which arguments, and a
 * broken install (a bundle missing) is one clear message with exit 2, not a stack.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/app-runner.js';
import { REPO } from '../helpers/fixtures.js';

/** A copy of the built package (bin, dist, templates, package.json; node_modules linked). */
function copyOfBuild(): string {
  assertBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-entry-'));
  for (const part of ['bin', 'dist', 'templates', 'package.json'])
    cpSync(path.join(REPO, part), path.join(dir, part), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const run = (pkg: string, args: string[], cwd: string) =>
  execa('node', [path.join(pkg, 'bin/session-kit.cjs'), ...args], {
    cwd,
    reject: false,
    env: { SESSION_KIT_COMPILE_CACHE: '0', NO_COLOR: '1' },
  });

describe('built entry', () => {
  it('runs plain check from the check bundle and everything else from the main bundle', async () => {
    const pkg = copyOfBuild();
    const main = readdirSync(path.join(pkg, 'dist')).find((n) => n.startsWith('main-')) as string;
    rmSync(path.join(pkg, 'dist', main));
    const empty = mkdtempSync(path.join(os.tmpdir(), 'sk-entry-app-'));
    writeFileSync(
      path.join(empty, 'package.json'),
      JSON.stringify({ name: 'app', dependencies: { express: '^5.0.0' } }),
    );
    // The check bundle is there: plain check works.
    const check = await run(pkg, ['check', '--format', 'json'], empty);
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toMatchObject({ schemaVersion: 1, ok: true });
    // --version needs no bundle at all.
    expect((await run(pkg, ['--version'], empty)).stdout).toMatch(/^\d+\.\d+\.\d+$/);
    // info needs the main bundle, which is gone: one line, exit 2, no stack trace.
    const info = await run(pkg, ['info'], empty);
    expect(info.exitCode).toBe(2);
    expect(info.stderr).toMatch(
      /^session-kit: unexpected error: ENOENT: no such file or directory, open '.*main-\w+\.cjs'$/,
    );
  });
});
