import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  readdirSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpSync, rmSync } from 'node:fs';
import { KILL_GRACE_MS, applyPlan } from '../../src/core/apply.js';
import { LOCK_FILE } from '../../src/core/apply-lock.js';
import { planRemove } from '../../src/remove/plan.js';
import { UserError } from '../../src/core/errors.js';
import { CLI, assertBuilt, runCli } from '../helpers/app-runner.js';
import { FIXTURES, addWithoutInstall, copyFixture, listFiles, plan } from '../helpers/fixtures.js';

function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** A fake package manager on PATH: records its arguments (and its pid), then behaves as told. */
function fakeNpm(behaviour: 'fail' | 'hang' | 'ignore-term'): { bin: string; log: string; pidFile: string } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'sk-fake-npm-'));
  const log = path.join(bin, 'calls.log');
  const pidFile = path.join(bin, 'pid');
  const body =
    behaviour === 'fail'
      ? 'echo "npm error 404 Not Found - no such package" >&2\nexit 1'
      : behaviour === 'hang'
        ? 'sleep 30'
        : "trap '' TERM\nsleep 30";
  writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho $$ > "${pidFile}"\necho "$@" >> "${log}"\n${body}\n`);
  chmodSync(path.join(bin, 'npm'), 0o755);
  return { bin, log, pidFile };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts the built CLI's `add` with a fake npm and waits until the install runs. */
async function addUntilInstalling(dir: string, npm: { bin: string; log: string }) {
  assertBuilt();
  const child = spawn('node', [CLI, 'add', '--store', 'memory', '--yes'], {
    cwd: dir,
    env: { ...process.env, PATH: `${npm.bin}:${process.env.PATH}` },
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 100 && !existsSync(npm.log); i++) await new Promise((r) => setTimeout(r, 100));
  expect(existsSync(path.join(dir, 'session.js'))).toBe(true);
  return { child, exit, stderr: () => stderr };
}

/** Files session-kit leaves beside the ones it writes while it works (temp files, kept originals, the lock). */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /session-kit-[0-9a-f]+\.(tmp|bak)$|\.session-kit\.lock$/.test(f),
  );
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
    const child = spawn('node', [CLI, 'add', '--store', 'memory', '--yes'], {
      cwd: dir,
      env: { ...process.env, PATH: `${npm.bin}:${process.env.PATH}` },
      stdio: 'pipe',
    });
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

  it('handles a hang-up (SIGHUP) like Ctrl-C: files restored, the package manager stopped', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const npm = fakeNpm('hang');
    const run = await addUntilInstalling(dir, npm);
    const npmPid = Number(readFileSync(npm.pidFile, 'utf8'));
    run.child.kill('SIGHUP');
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/Interrupted; every file was restored/);
    expect(snapshotDir(dir)).toEqual(original);
    expect(isAlive(npmPid)).toBe(false);
  });

  it('restores the files at once and kills a package manager that ignores SIGTERM after the grace period', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const npm = fakeNpm('ignore-term');
    const run = await addUntilInstalling(dir, npm);
    const npmPid = Number(readFileSync(npm.pidFile, 'utf8'));
    const started = Date.now();
    run.child.kill('SIGINT');
    // Restored before waiting for the package manager: it is still running here.
    for (let i = 0; i < 20 && existsSync(path.join(dir, 'session.js')); i++)
      await new Promise((r) => setTimeout(r, 50));
    const { [LOCK_FILE]: lock, ...restored } = snapshotDir(dir);
    expect(lock, 'the lock is held until the run ends').toBeDefined();
    expect(restored).toEqual(original);
    expect(isAlive(npmPid)).toBe(true);
    expect(await run.exit).toBe(2);
    expect(Date.now() - started).toBeLessThan(KILL_GRACE_MS + 4000);
    expect(isAlive(npmPid)).toBe(false);
    expect(snapshotDir(dir)).toEqual(original);
  }, 20_000);

  it('kills the package manager group at once on a second Ctrl-C', async () => {
    const dir = copyFixture('express4-cjs');
    const original = snapshotDir(dir);
    const npm = fakeNpm('ignore-term');
    const run = await addUntilInstalling(dir, npm);
    const npmPid = Number(readFileSync(npm.pidFile, 'utf8'));
    const started = Date.now();
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(2);
    expect(Date.now() - started).toBeLessThan(KILL_GRACE_MS);
    expect(isAlive(npmPid)).toBe(false);
    expect(snapshotDir(dir)).toEqual(original);
  }, 20_000);
});

describe('apply never writes through a planted link, and keeps what it replaces', () => {
  it('creates temp files exclusively under unpredictable names (a planted <file>.session-kit-<pid>.tmp link is not followed)', async () => {
    const dir = copyFixture('express4-cjs');
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sk-outside-'));
    const result = await plan(dir, { store: 'memory' });
    for (const file of result.files) {
      writeFileSync(path.join(outside, path.basename(file.path)), 'outside\n');
      symlinkSync(
        path.join(outside, path.basename(file.path)),
        path.join(dir, `${file.path}.session-kit-${process.pid}.tmp`),
      );
    }
    await applyPlan(result, { install: false });
    for (const file of result.files) {
      expect(readFileSync(path.join(outside, path.basename(file.path)), 'utf8')).toBe('outside\n');
      expect(lstatSync(path.join(dir, file.path)).isFile(), `${file.path} is a regular file`).toBe(true);
      expect(readFileSync(path.join(dir, file.path), 'utf8')).toBe(file.after);
    }
    expect(leftovers(dir).filter((f) => !f.endsWith(`.session-kit-${process.pid}.tmp`))).toEqual([]);
  });

  it('keeps the mode and owner of replaced files and writes a new .env as 0600', async () => {
    const dir = copyFixture('express4-cjs');
    chmodSync(path.join(dir, 'app.js'), 0o755);
    chownSync(path.join(dir, 'app.js'), 1234, 1235);
    await addWithoutInstall(dir, { store: 'memory' });
    const app = statSync(path.join(dir, 'app.js'));
    expect(app.mode & 0o7777).toBe(0o755);
    expect([app.uid, app.gid]).toEqual([1234, 1235]);
    expect(statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, '.env.example')).mode & 0o077).not.toBe(0);
  });

  it('keeps an existing 0600 .env at 0600', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, '.env'), 'PORT=3000\n', { mode: 0o600 });
    chmodSync(path.join(dir, '.env'), 0o600);
    await addWithoutInstall(dir, { store: 'memory' });
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toMatch(/^PORT=3000\nSESSION_SECRET=/);
    expect(statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o600);
  });

  it('refuses to edit a read-only file, saying so, and writes nothing', async () => {
    const dir = copyFixture('express4-cjs');
    chmodSync(path.join(dir, 'app.js'), 0o444);
    const original = snapshotDir(dir);
    const error = await addWithoutInstall(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('read-only');
    expect((error as UserError).where?.file).toBe('app.js');
    expect((error as UserError).message).toMatch(/app\.js is read-only \(mode 0444\)/);
    expect((error as UserError).hint).toMatch(/chmod u\+w app\.js/);
    expect(snapshotDir(dir)).toEqual(original);
    expect(statSync(path.join(dir, 'app.js')).mode & 0o777).toBe(0o444);
  });

  it('edits a symlinked setup file through its target inside the project, keeping the link', async () => {
    const dir = copyFixture('express4-cjs');
    mkdirSync(path.join(dir, 'real'));
    renameSync(path.join(dir, 'app.js'), path.join(dir, 'real/app.js'));
    symlinkSync('real/app.js', path.join(dir, 'app.js'));
    await addWithoutInstall(dir, { store: 'memory' });
    expect(lstatSync(path.join(dir, 'app.js')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(dir, 'app.js'))).toBe('real/app.js');
    expect(readFileSync(path.join(dir, 'real/app.js'), 'utf8')).toMatch(/sessionMiddleware|session/);
  });

  it.each(['app.js', '.env'])(
    'refuses a symlinked %s whose target is outside the project, writing nothing',
    async (name) => {
      const dir = copyFixture('express4-cjs');
      const outside = mkdtempSync(path.join(os.tmpdir(), 'sk-outside-'));
      const target = path.join(outside, name);
      if (name === 'app.js') renameSync(path.join(dir, 'app.js'), target);
      else writeFileSync(target, 'PORT=1\n');
      symlinkSync(target, path.join(dir, name));
      const targetBefore = readFileSync(target, 'utf8');
      const original = snapshotDir(dir);
      const error = await addWithoutInstall(dir, { store: 'memory' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('outside-project');
      expect((error as UserError).where?.file).toBe(name);
      expect((error as UserError).message).toMatch(/outside the project through a symlink/);
      expect(readFileSync(target, 'utf8')).toBe(targetBefore);
      expect(lstatSync(path.join(dir, name)).isSymbolicLink()).toBe(true);
      expect(snapshotDir(dir)).toEqual(original);
    },
  );

  it('refuses a folder where a file is created, naming it, instead of an unexpected EISDIR', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await plan(dir, { store: 'memory' });
    mkdirSync(path.join(dir, 'session.js'));
    const error = await applyPlan(result, { install: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      code: 'not-a-file',
      where: { file: 'session.js' },
      message: 'session.js is a folder, where session-kit creates a file; nothing was written.',
    });
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe(
      readFileSync(path.join(FIXTURES, 'express4-cjs/input/app.js'), 'utf8'),
    );
  });

  it('refuses a file that is not valid UTF-8, naming the byte offset, and leaves its bytes alone', async () => {
    const dir = copyFixture('express4-cjs');
    const bytes = Buffer.concat([
      Buffer.from("'use strict';\n// caf"),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
      readFileSync(path.join(dir, 'app.js')).subarray("'use strict';\n".length),
    ]);
    writeFileSync(path.join(dir, 'app.js'), bytes);
    const error = await addWithoutInstall(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('not-utf8');
    expect((error as UserError).message).toBe(
      `app.js is not valid UTF-8 (byte offset ${"'use strict';\n// caf".length}); session-kit edits UTF-8 text only, so nothing was written.`,
    );
    expect(readFileSync(path.join(dir, 'app.js')).equals(bytes)).toBe(true);
    expect(existsSync(path.join(dir, 'session.js'))).toBe(false);
  });

  it('refuses a .env that is not valid UTF-8 the same way', async () => {
    const dir = copyFixture('express4-cjs');
    const bytes = Buffer.from([...Buffer.from('GREETING=caf'), 0xe9, 0x0a]);
    writeFileSync(path.join(dir, '.env'), bytes);
    const error = await addWithoutInstall(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'not-utf8',
      where: { file: '.env' },
      message: expect.stringContaining('.env is not valid UTF-8 (byte offset 12)'),
    });
    expect(readFileSync(path.join(dir, '.env')).equals(bytes)).toBe(true);
    expect(existsSync(path.join(dir, 'session.js'))).toBe(false);
  });
});

describe('apply refuses to write outside the project', () => {
  function appWithSharedMain(workspace: boolean): { root: string; app: string; shared: string } {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sk-shared-main-'));
    const app = path.join(root, 'app');
    const shared = path.join(root, 'shared');
    mkdirSync(app);
    mkdirSync(shared);
    writeFileSync(path.join(shared, 'server.js'), readFileSync(path.join(copyFixture('express4-cjs'), 'app.js')));
    const pkg = JSON.parse(readFileSync(path.join(FIXTURES, 'express4-cjs/input/package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ ...pkg, main: '../shared/server.js', scripts: {} }, null, 2),
    );
    if (workspace)
      writeFileSync(
        path.join(root, 'package.json'),
        JSON.stringify({ name: 'mono', private: true, workspaces: ['app', 'shared'] }),
      );
    return { root, app, shared };
  }

  it('refuses an edit of package.json "main" ../shared/server.js outside the project, and says why', async () => {
    const { app, shared } = appWithSharedMain(false);
    const before = readFileSync(path.join(shared, 'server.js'), 'utf8');
    const error = await addWithoutInstall(app, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('outside-project');
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toMatch(
      /^session-kit would change \.\.\/shared\/server\.js \(the app's setup file, found from package\.json and its imports\), which leads outside the project \(.*app\); it only changes files inside the project, so nothing was written\.$/,
    );
    expect(readFileSync(path.join(shared, 'server.js'), 'utf8')).toBe(before);
    expect(readdirSync(shared)).toEqual(['server.js']);
    expect(readdirSync(app)).toEqual(['package.json']);
  });

  it('built CLI: add --dry-run refuses it too (exit 2), so the preview never shows what apply would refuse', async () => {
    const { app, shared } = appWithSharedMain(false);
    const result = await runCli(['add', '--store', 'memory', '--dry-run'], app);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^\.\.\/shared\/server\.js: session-kit would change \.\.\/shared\/server\.js \(the app's setup file, found from package\.json and its imports\), which leads outside the project/,
    );
    expect(result.stdout).not.toMatch(/\+\+\+|session/);
    expect(readdirSync(shared)).toEqual(['server.js']);
  });

  it('allows a file elsewhere in the same workspace (the workspace root is the boundary)', async () => {
    const { app, shared } = appWithSharedMain(true);
    await addWithoutInstall(app, { store: 'memory' });
    expect(readFileSync(path.join(shared, 'server.js'), 'utf8')).toMatch(/session/);
  });
});

describe('apply on a full disk', () => {
  const isRoot = process.getuid?.() === 0;
  /** A tiny tmpfs (CI runs as root), filled until `free` bytes are left. */
  function smallDisk(): { dir: string; fill: (free: number) => void; unmount: () => void } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-tmpfs-'));
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    expect(mount.status, `mount a tmpfs: ${mount.stderr}`).toBe(0);
    return {
      dir,
      fill: (free) => {
        const filler = path.join(dir, 'filler');
        const chunk = Buffer.alloc(4096, 1);
        try {
          for (;;) writeFileSync(filler, chunk, { flag: 'a' });
        } catch {
          // Full.
        }
        const size = statSync(filler).size;
        spawnSync('truncate', ['-s', String(size - free), filler]);
      },
      unmount: () => {
        spawnSync('umount', [dir]);
      },
    };
  }

  it.runIf(isRoot)(
    'remove keeps every original and leaves no temp file when a write fails for lack of space',
    async () => {
      const disk = smallDisk();
      try {
        const dir = path.join(disk.dir, 'app');
        cpSync(path.join(FIXTURES, 'express4-cjs/input'), dir, { recursive: true });
        // A setup file bigger than the space left, so its new version cannot be written.
        writeFileSync(
          path.join(dir, 'app.js'),
          `${readFileSync(path.join(dir, 'app.js'), 'utf8')}${'// padding of a big setup file\n'.repeat(1500)}`,
        );
        await addWithoutInstall(dir, { store: 'memory' });
        const afterAdd = snapshotDir(dir);
        const removal = await planRemove(dir);
        disk.fill(8192);
        const error = await applyPlan(removal.plan, { install: false }).catch((e: unknown) => e);
        rmSync(path.join(disk.dir, 'filler'));
        expect(snapshotDir(dir)).toEqual(afterAdd);
        expect(leftovers(dir)).toEqual([]);
        expect(error).toBeInstanceOf(UserError);
        expect((error as UserError).code).toBe('write-failed');
        expect((error as UserError).message).toBe(
          'Writing app.js failed (ENOSPC: no space left on device, write), so session-kit restored every file it had changed.',
        );
        expect((error as UserError).where?.file).toBe('app.js');
      } finally {
        disk.unmount();
      }
    },
  );

  it.runIf(isRoot)('add writes nothing and leaves no temp file when the disk is full', async () => {
    const disk = smallDisk();
    try {
      const dir = path.join(disk.dir, 'app');
      cpSync(path.join(FIXTURES, 'express4-cjs/input'), dir, { recursive: true });
      const original = snapshotDir(dir);
      const planned = await plan(dir, { store: 'memory' });
      disk.fill(8192);
      const error = await applyPlan(planned, { install: false }).catch((e: unknown) => e);
      rmSync(path.join(disk.dir, 'filler'));
      expect(snapshotDir(dir)).toEqual(original);
      expect(leftovers(dir)).toEqual([]);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('write-failed');
      expect((error as UserError).message).toMatch(
        /^Writing \S+ failed \(ENOSPC: no space left on device, \w+\), so session-kit restored every file it had changed\.$/,
      );
    } finally {
      disk.unmount();
    }
  });
});

describe('what the package manager leaves behind', () => {
  it('removes a package-lock.json, node_modules (and Yarn PnP files) it created when the dev install fails after the runtime one succeeded', async () => {
    const dir = copyFixture('express5-esm-ts');
    const original = snapshotDir(dir);
    const result = await plan(dir, { store: 'memory' });
    expect(result.installCommands).toHaveLength(2);
    const error = await applyPlan(result, {
      install: true,
      run: async (command) => {
        if (command.includes('-D')) throw new Error(`${command.join(' ')} exited with 1`);
        // What npm does on the runtime install: package.json, a new lockfile, node_modules.
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          dependencies: Record<string, string>;
        };
        pkg.dependencies['express-session'] = '^1.18.1';
        writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
        writeFileSync(
          path.join(dir, 'package-lock.json'),
          JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/express-session': {} } }),
        );
        mkdirSync(path.join(dir, 'node_modules/express-session'), { recursive: true });
        writeFileSync(path.join(dir, 'node_modules/express-session/index.js'), '');
        // What Yarn Plug'n'Play would leave instead.
        writeFileSync(path.join(dir, '.pnp.cjs'), '');
        mkdirSync(path.join(dir, '.yarn/cache'), { recursive: true });
      },
    }).catch((e: unknown) => e);
    expect((error as UserError).code).toBe('install-failed');
    expect(snapshotDir(dir)).toEqual(original);
    expect(existsSync(path.join(dir, 'package-lock.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(dir, '.yarn'))).toBe(false);
  });

  it('puts back an existing lockfile and keeps an existing node_modules', async () => {
    const dir = copyFixture('express5-esm-ts');
    writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
    mkdirSync(path.join(dir, 'node_modules/express'), { recursive: true });
    const original = snapshotDir(dir);
    const result = await plan(dir, { store: 'memory' });
    await applyPlan(result, {
      install: true,
      run: async (command) => {
        writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3,"changed":true}\n');
        if (command.includes('-D')) throw new Error(`${command.join(' ')} exited with 1`);
      },
    }).catch(() => {});
    expect(snapshotDir(dir)).toEqual(original);
    expect(existsSync(path.join(dir, 'node_modules/express'))).toBe(true);
  });
});

describe('one apply per project at a time', () => {
  function liveProcess(): { pid: number; stop: () => void } {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
  }

  it('refuses a second run while another holds the lock, naming it, and writes nothing', async () => {
    const dir = copyFixture('express4-cjs');
    const other = liveProcess();
    try {
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, nonce: 'x' }));
      const original = snapshotDir(dir);
      const error = await addWithoutInstall(dir, { store: 'memory' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('locked');
      expect((error as UserError).exitCode).toBe(2);
      expect((error as UserError).where?.file).toBe(LOCK_FILE);
      expect((error as UserError).message).toBe(
        `Another session-kit run (pid ${other.pid}) is changing this project; nothing was written.`,
      );
      expect(snapshotDir(dir)).toEqual(original);
    } finally {
      other.stop();
    }
  });

  it('takes over the stale lock of a dead process and removes it when done', async () => {
    const dir = copyFixture('express4-cjs');
    const dead = spawnSync('true');
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead.pid, nonce: 'x' }));
    await addWithoutInstall(dir, { store: 'memory' });
    expect(existsSync(path.join(dir, 'session.js'))).toBe(true);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("refuses a concurrent run while the first installs, and the first one's files are kept; the lock goes on every exit", async () => {
    const dir = copyFixture('express4-cjs');
    const first = await plan(dir, { store: 'memory' });
    const second = await plan(dir, { store: 'memory' });
    let finish: () => void = () => {};
    let installing: () => void = () => {};
    const running = new Promise<void>((resolve) => (installing = resolve));
    const firstApply = applyPlan(first, {
      install: true,
      run: () => (installing(), new Promise<void>((resolve) => (finish = resolve))),
    });
    await running;
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    const error = await applyPlan(second, { install: false }).catch((e: unknown) => e);
    expect((error as UserError).code).toBe('locked');
    finish();
    await firstApply;
    for (const file of first.files) expect(readFileSync(path.join(dir, file.path), 'utf8')).toBe(file.after);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    // A failing run lets go of the lock too.
    const third = await plan(copyFixture('express4-cjs'), { store: 'memory' });
    third.installCommands = [['npm', 'i', 'x']];
    await applyPlan(third, {
      install: true,
      run: async () => Promise.reject(new Error('npm i x exited with 1')),
    }).catch(() => {});
    expect(existsSync(path.join(third.root, LOCK_FILE))).toBe(false);
  });
});
