/**
 * The built CLI at a terminal (a pseudo-terminal through util-linux `script`): add's
 * clack flow (intro, picker, compact plan, the diff on request, cancel, outro with the
 * numbered next steps), the install spinner with its elapsed time and the package
 * manager's step, and a failed install's last output lines.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { runCli } from '../helpers/app-runner.js';
import { copyFixture, listFiles } from '../helpers/fixtures.js';
import { KEYS, runInPty } from '../helpers/pty.js';

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
    // better-sqlite3 is not in this plan: its build gets no note about native compiles.
    expect(text).not.toContain('native: minutes');
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

  it('a planned native package (sqlite store: better-sqlite3) says its build may take minutes', async () => {
    const dir = copyFixture('express4-cjs');
    const npm = fakeNpm(SLOW_INSTALL);
    const run = runInPty(['add', '--store', 'sqlite', '--yes'], dir, { PATH: npm.path });
    expect(await run.exit, run.text()).toBe(0);
    expect(run.text()).toMatch(/ · building better-sqlite3 \(native: minutes if it compiles from source\) \[\d+s\]/);
  });

  it('Ctrl-C under the spinner reaches the restore: every file back, the spinner stopped, exit 2', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const npm = fakeNpm('echo "npm http fetch GET 200 https://registry.npmjs.org/express-session 5ms" >&2\nsleep 30');
    const run = runInPty(['add', '--store', 'memory', '--yes'], dir, { PATH: npm.path });
    await run.waitFor(/· fetching express-session/);
    run.type(KEYS.ctrlC);
    expect(await run.exit, run.text()).toBe(2);
    expect(run.text()).toMatch(/■ {2}Installing 2 packages with npm failed/);
    expect(run.text()).toMatch(/Interrupted; every file was restored\./);
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('at a terminal under CI, or with --json, there is no spinner', async () => {
    const dir = copyFixture('express4-cjs');
    const npm = fakeNpm(SLOW_INSTALL);
    const ci = runInPty(['add', '--store', 'memory', '--yes'], dir, { PATH: npm.path, CI: '1' });
    expect(await ci.exit, ci.text()).toBe(0);
    expect(ci.text()).toContain('Installing: npm i express-session@');
    expect(ci.text()).not.toMatch(/[◒◐◓◑]/);
    const other = copyFixture('express4-cjs');
    const json = runInPty(['add', '--store', 'memory', '--yes', '--json'], other, { PATH: npm.path });
    expect(await json.exit, json.text()).toBe(0);
    expect(json.text()).not.toMatch(/[◒◐◓◑]|Installing/);
    expect(JSON.parse(json.text().slice(json.text().indexOf('{')))).toMatchObject({ applied: true, installed: true });
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

const STORE_QUESTION = /Where should sessions be stored\?/;
const APPLY_QUESTION = /◆ {2}Apply these changes\?[\s\S]*Show the full diff first[\s\S]*No/;
const ENV_QUESTION = /◆ {2}Load \.env when the app starts\?[\s\S]*● Yes \/ ○ No/;

describe("add's terminal flow", () => {
  it('intro, picker, compact plan, outro with numbered steps, and a same-setup command that runs', async () => {
    const root = copyFixture('express4-cjs');
    const app = path.join(root, 'apps/api');
    mkdirSync(app, { recursive: true });
    for (const file of ['app.js', 'package.json']) renameSync(path.join(root, file), path.join(app, file));
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
    );
    const run = runInPty(['add', '--no-install'], root);
    await run.waitFor(STORE_QUESTION);
    // The default is SQLite (the fourth); up three times is Memory.
    run.type(KEYS.up);
    run.type(KEYS.up);
    run.type(KEYS.up);
    await run.waitFor(/● Memory/);
    run.type(KEYS.enter);
    await run.waitFor(ENV_QUESTION);
    run.type(KEYS.enter);
    await run.waitFor(APPLY_QUESTION);
    run.type(KEYS.enter);
    expect(await run.exit, run.text()).toBe(0);
    const text = run.text();
    expect(text).toMatch(
      /Load \.env when the app starts\? session-kit would change "start": node --env-file=\.env app\.js/,
    );
    expect(text).toMatch(/│ {2}~ package\.json +\+\d+ −\d+ +loads \.env in the "start" script \(--env-file=\.env\)/);
    expect(readFileSync(path.join(app, 'package.json'), 'utf8')).toContain('"start": "node --env-file=.env app.js"');
    expect(text).toMatch(/┌ {2,}session-kit add {2,}Express · setup file app\.js/);
    expect(text).toMatch(/◇ {2}Where should sessions be stored\?\r?\n│ {2}Memory/);
    // The compact plan: one line per file with its counts, the packages, the env keys; no diff.
    expect(text).toMatch(/│ {2}\+ session\.js +new, \d+ lines +session middleware/);
    expect(text).toMatch(/│ {2}~ app\.js +\+2 −0 +imports the session middleware/);
    expect(text).toMatch(/│ {2}Packages: express-session@\S+, memorystore@\S+/);
    expect(text).toMatch(/│ {4}SESSION_SECRET /);
    expect(text).not.toContain('+++ b/app.js');
    // The outro: numbered next steps in the gutter, the command without questions, the last line.
    expect(text).toMatch(
      /◇ {2}Next steps[\s\S]*│ {2}1\. Install the packages \(not installed: --no-install\): npm i\r?\n│ {2}2\. /,
    );
    expect(text).toMatch(/└ {2}Sessions are set up: Express, memory store\./);
    const again = /Same setup without questions: (.+?)\r?\n/.exec(text)?.[1];
    // The same choices: the store picked, the app, --no-install as given.
    expect(again).toMatch(/ add --store memory --no-install --cwd apps\/api --yes$/);
    const rerun = await execa(again as string, { shell: true, cwd: root, reject: false, env: { CI: '1' } });
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/already set up in app\.js \(Express, memory store\)/);
    expect(readFileSync(path.join(app, 'app.js'), 'utf8')).toContain('app.use(sessionMiddleware);');
  });

  it('"Show the full diff first" prints the diffs in the gutter and asks again; no writes nothing', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const run = runInPty(['add', '--store', 'memory', '--no-install'], dir);
    await run.waitFor(ENV_QUESTION);
    run.type(KEYS.enter);
    await run.waitFor(APPLY_QUESTION);
    run.type(KEYS.down);
    await run.waitFor(/● Show the full diff first/);
    run.type(KEYS.enter);
    await run.waitFor(/\+\+\+ b\/app\.js[\s\S]*◆ {2}Apply these changes\?\r?\n│ {2}● Yes \/ ○ No/);
    run.type(KEYS.right);
    await run.waitFor(/○ Yes \/ ● No/);
    run.type(KEYS.enter);
    expect(await run.exit, run.text()).toBe(2);
    const text = run.text();
    expect(text).toMatch(/│ {2}\+app\.use\(sessionMiddleware\);/);
    expect(text).toMatch(/└ {2}Cancelled; nothing was written\./);
    // Said once, by clack's cancel; not repeated as an error.
    expect(text.match(/nothing was written/gi)).toHaveLength(1);
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('choosing No at the plan cancels and writes nothing', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const run = runInPty(['add', '--store', 'memory'], dir);
    await run.waitFor(ENV_QUESTION);
    run.type(KEYS.enter);
    await run.waitFor(APPLY_QUESTION);
    run.type(KEYS.down);
    run.type(KEYS.down);
    await run.waitFor(/● No/);
    run.type(KEYS.enter);
    expect(await run.exit, run.text()).toBe(2);
    expect(run.text()).toMatch(/└ {2}Cancelled; nothing was written\./);
    expect(run.text()).not.toContain('Same setup without questions');
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('No at the .env question leaves package.json, says the edit, and the same setup keeps --no-load-env', async () => {
    const dir = copyFixture('express4-cjs');
    const run = runInPty(['add', '--store', 'memory', '--no-install'], dir);
    await run.waitFor(ENV_QUESTION);
    run.type(KEYS.right);
    await run.waitFor(/○ Yes \/ ● No/);
    run.type(KEYS.enter);
    await run.waitFor(APPLY_QUESTION);
    run.type(KEYS.enter);
    expect(await run.exit, run.text()).toBe(0);
    const text = run.text();
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts).toEqual({ start: 'node app.js' });
    expect(text).toMatch(
      /Load \.env when the app starts: change the script `start` to `node --env-file=\.env app\.js`/,
    );
    expect(text).toMatch(/Same setup without questions: .+ add --store memory --no-install --no-load-env --yes\r?\n/);
  });

  it('Ctrl-C at the .env question cancels and writes nothing', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const run = runInPty(['add', '--store', 'memory'], dir);
    await run.waitFor(ENV_QUESTION);
    run.type(KEYS.ctrlC);
    expect(await run.exit, run.text()).toBe(2);
    expect(run.text()).toMatch(/└ {2}Cancelled; nothing was written\./);
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('Ctrl-C at the store picker cancels and writes nothing', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const run = runInPty(['add'], dir);
    await run.waitFor(STORE_QUESTION);
    run.type(KEYS.ctrlC);
    expect(await run.exit, run.text()).toBe(2);
    expect(run.text()).toMatch(/└ {2}Cancelled; nothing was written\./);
    expect(run.text()).not.toContain('The plan');
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('Ctrl-C at the plan question cancels and writes nothing', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const run = runInPty(['add', '--store', 'memory'], dir);
    await run.waitFor(ENV_QUESTION);
    run.type(KEYS.enter);
    await run.waitFor(APPLY_QUESTION);
    run.type(KEYS.ctrlC);
    expect(await run.exit, run.text()).toBe(2);
    expect(run.text()).toMatch(/└ {2}Cancelled; nothing was written\./);
    expect(snapshotDir(dir)).toEqual(original);
  });
});

describe("the terminal flow's other ends", () => {
  it('--dry-run: the full diff in the gutter, an outro, nothing written', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const run = runInPty(['add', '--store', 'memory', '--dry-run'], dir);
    expect(await run.exit, run.text()).toBe(0);
    const text = run.text();
    expect(text).toMatch(/┌ {2,}session-kit add {2,}Express · setup file app\.js/);
    expect(text).toMatch(/│ {2}\+app\.use\(sessionMiddleware\);/);
    expect(text).toMatch(/└ {2}Dry run: nothing was written\./);
    expect(text).not.toContain('Apply these changes?');
    expect(snapshotDir(dir)).toEqual(original);
  });

  it('remove: the compact plan with deletions and removed lines, Yes, the outro; the setup file is back to its bytes', async () => {
    const dir = copyFixture('express4-cjs');
    const before = readFileSync(path.join(dir, 'app.js'), 'utf8');
    const add = await runCli(['add', '--store', 'memory', '--no-install', '--yes'], dir);
    expect(add.exitCode, add.stderr).toBe(0);
    const run = runInPty(['remove', '--no-install'], dir);
    await run.waitFor(/◆ {2}Remove the session setup\?[\s\S]*● Yes/);
    run.type(KEYS.enter);
    expect(await run.exit, run.text()).toBe(0);
    const text = run.text();
    expect(text).toMatch(/┌ {2,}session-kit remove {2,}Express · setup file app\.js/);
    expect(text).toMatch(/│ {2}- session\.js +deleted, \d+ lines/);
    expect(text).toMatch(/│ {2}~ app\.js +\+0 −2 /);
    expect(text).toMatch(/└ {2}The session setup is removed from Express\./);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe(before);
  });

  it('already set up: says so in the gutter and ends with an outro', async () => {
    const dir = copyFixture('express4-cjs');
    const add = await runCli(['add', '--store', 'memory', '--no-install', '--yes'], dir);
    expect(add.exitCode, add.stderr).toBe(0);
    const run = runInPty(['add', '--store', 'memory'], dir);
    expect(await run.exit, run.text()).toBe(0);
    expect(run.text()).toMatch(/│ {2}Sessions are already set up in app\.js \(Express, memory store\)/);
    expect(run.text()).toMatch(/└ {2}Nothing was written\./);
  });
});
