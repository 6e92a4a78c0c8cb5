/**
 * The built CLI at a terminal (a pseudo-terminal through util-linux `script`): the
 * install spinner with its elapsed time and the package manager's step, and a failed
 * install's last output lines.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/app-runner.js';
import { copyFixture, listFiles } from '../helpers/fixtures.js';
import { runInPty } from '../helpers/pty.js';

function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** A fake npm on PATH that runs a shell body; it logs its arguments and the loglevel it was asked for. */
function fakeNpm(body: string): { path: string; log: string } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'sk-term-npm-'));
  const log = path.join(bin, 'calls.log');
  writeFileSync(
    path.join(bin, 'npm'),
    `#!/bin/sh\necho "$@ loglevel=\${npm_config_loglevel:-unset}" >> "${log}"\n${body}\n`,
  );
  chmodSync(path.join(bin, 'npm'), 0o755);
  return { path: `${bin}:${process.env.PATH}`, log };
}

/** npm at loglevel info: a fetch, then a native build that takes a while. */
const SLOW_INSTALL = [
  'echo "npm http fetch GET 200 https://registry.npmjs.org/express-session 12ms (cache hit)" >&2',
  'sleep 1.5',
  'echo "npm info run better-sqlite3@12.4.1 install node_modules/better-sqlite3 prebuild-install || node-gyp rebuild --release" >&2',
  'sleep 2.5',
  'echo "added 1 package in 4s"',
].join('\n');

/** A failing install with more output than the error shows. */
const FAILING_INSTALL = [
  'i=1; while [ $i -le 30 ]; do echo "build line $i" >&2; i=$((i+1)); done',
  'echo "npm info run x@1.0.0 install { code: 1, signal: null }" >&2',
  'echo "npm error code 1" >&2',
  'exit 1',
].join('\n');

describe('the install at a terminal', () => {
  it('shows a spinner with the elapsed time and the package manager step, and asks npm for its step log', async () => {
    const dir = copyFixture('express4-cjs');
    const npm = fakeNpm(SLOW_INSTALL);
    const run = runInPty(['add', '--store', 'memory', '--yes'], dir, { PATH: npm.path });
    expect(await run.exit, run.text()).toBe(0);
    const text = run.text();
    // The spinner redraws one line (carriage returns), with a frame, the title, the step and the time.
    expect(text).toMatch(/[◒◐◓◑] {2}Installing 2 packages with npm · fetching express-session \[0s\]/);
    expect(text).toMatch(
      /[◒◐◓◑] {2}Installing 2 packages with npm · building better-sqlite3 \(its install script\) \[[1-4]s\]/,
    );
    expect(text).toMatch(/◇ {2}Installed express-session, memorystore with npm \[[3-9]s\]\r?\n/);
    // The plain progress line is not printed on a terminal.
    expect(text).not.toContain('Installing: npm');
    expect(readFileSync(npm.log, 'utf8')).toMatch(/ loglevel=info$/m);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toContain('app.use(sessionMiddleware);');
  });

  it('a failed install stops the spinner, shows the last 20 output lines and restores every file', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const npm = fakeNpm(FAILING_INSTALL);
    const run = runInPty(['add', '--store', 'memory', '--yes'], dir, { PATH: npm.path });
    expect(await run.exit, run.text()).toBe(2);
    const text = run.text();
    expect(text).toMatch(/■ {2}Installing 2 packages with npm failed \[\d+s\]/);
    expect(text).toMatch(/The install failed, so session-kit restored every file/);
    expect(text).toContain('build line 12\r\n');
    expect(text).toContain('build line 30\r\nnpm error code 1');
    expect(text).not.toContain('build line 11\r\n');
    expect(text).not.toContain('npm info run');
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('without a terminal keeps the plain progress line and npm its own loglevel', async () => {
    const dir = copyFixture('express4-cjs');
    const npm = fakeNpm(SLOW_INSTALL);
    const result = await runCli(['add', '--store', 'memory', '--yes'], dir, { PATH: npm.path });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('Installing: npm i express-session@');
    expect(result.stderr).not.toMatch(/[◒◐◓◑]/);
    expect(readFileSync(npm.log, 'utf8')).toMatch(/ loglevel=unset$/m);
  });

  it('without a terminal a failed install shows its last 20 output lines too', async () => {
    const dir = copyFixture('express4-cjs');
    const npm = fakeNpm(FAILING_INSTALL);
    const result = await runCli(['add', '--store', 'memory', '--yes'], dir, { PATH: npm.path });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/exited with 1:\nbuild line 12\n/);
    expect(result.stderr).toContain('build line 30\nnpm error code 1');
    expect(result.stderr).not.toContain('build line 11\n');
  });
});
