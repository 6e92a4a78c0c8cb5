/**
 * Applies a plan all-or-nothing: files are written atomically, then packages are
 * installed; if anything fails (a write, the install, Ctrl-C) every touched file
 * gets its original bytes back and created files and folders are removed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';
import type { Plan } from './plan.js';
import { formatCommand } from './install.js';
import { LOCKFILES } from '../detect/package-manager.js';

export interface ApplyOptions {
  install: boolean;
  /** Runs a command (injectable for tests); resolves on success, rejects with an Error on failure. */
  run?: (command: string[], cwd: string, signal: AbortSignal) => Promise<void>;
  onStep?: (message: string) => void;
}

export interface ApplyResult {
  written: string[];
  installed: boolean;
}

interface Snapshot {
  file: string;
  bytes: Buffer | null;
}

function snapshot(file: string): Snapshot {
  return { file, bytes: existsSync(file) ? readFileSync(file) : null };
}

function restore(snapshots: Snapshot[], createdDirs: string[]): void {
  for (const { file, bytes } of [...snapshots].reverse()) {
    try {
      if (bytes === null) rmSync(file, { force: true });
      else writeFileSync(file, bytes);
    } catch {
      // Keep restoring the others; the message lists what to check.
    }
  }
  for (const dir of [...createdDirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (the user put something there meanwhile) or already gone.
    }
  }
}

function writeAtomic(file: string, text: string): void {
  const temp = `${file}.session-kit-${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function ensureDir(dir: string, created: string[]): void {
  if (existsSync(dir)) return;
  ensureDir(path.dirname(dir), created);
  mkdirSync(dir);
  created.push(dir);
}

async function defaultRun(command: string[], cwd: string, signal: AbortSignal): Promise<void> {
  const { execa } = await import('execa');
  // Its own process group, so an interrupt stops the package manager and everything it started.
  const child = execa(command[0], command.slice(1), { cwd, reject: false, all: true, stdin: 'ignore', detached: true });
  const stopGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  signal.addEventListener('abort', stopGroup, { once: true });
  const result = await child;
  signal.removeEventListener('abort', stopGroup);
  if (signal.aborted) throw new UserError('Interrupted; every file was restored.', { code: 'interrupted' });
  if (result.exitCode !== 0 || result.failed) {
    const output = (result.all ?? '').trim().split('\n').slice(-12).join('\n');
    throw new Error(`${formatCommand(command)} exited with ${result.exitCode ?? result.signal ?? 'an error'}${output ? `:\n${output}` : ''}`);
  }
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const abs = (rel: string) => path.resolve(plan.root, rel);
  // Nothing may have changed since the plan was made.
  for (const file of plan.files) {
    const current = existsSync(abs(file.path)) ? readFileSync(abs(file.path), 'utf8') : null;
    if (current !== file.before) {
      throw new UserError(`${file.path} changed while session-kit was planning; nothing was written.`, { where: { file: file.path }, hint: 'Run session-kit again.', code: 'changed' });
    }
  }
  const changed = plan.files.filter((f) => f.before !== f.after);
  const installing = options.install && plan.installCommands.length > 0;
  const pmFiles = installing
    ? ['package.json', ...Object.values(LOCKFILES).flat()].flatMap((name) => {
        const dirs = [plan.root];
        let dir = plan.root;
        // Lockfiles of a workspace live at its root, above the app.
        for (let i = 0; i < 6 && path.dirname(dir) !== dir; i++) dirs.push((dir = path.dirname(dir)));
        return dirs.map((d) => path.join(d, name)).filter((f) => existsSync(f));
      })
    : [];
  const snapshots: Snapshot[] = [...new Set([...changed.map((f) => abs(f.path)), ...pmFiles])].map(snapshot);
  const createdDirs: string[] = [];
  let interrupted = false;
  const abort = new AbortController();
  // `on`, not `once`: while a listener is attached, Ctrl-C cannot kill us half-way.
  const onSignal = () => {
    interrupted = true;
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const step = options.onStep ?? (() => {});
  try {
    for (const file of changed) {
      const target = abs(file.path);
      if (file.after === null) {
        rmSync(target, { force: true });
        continue;
      }
      ensureDir(path.dirname(target), createdDirs);
      writeAtomic(target, file.after);
      if (interrupted) throw new UserError('Interrupted; every file was restored.', { code: 'interrupted' });
    }
    if (installing) {
      const run = options.run ?? defaultRun;
      for (const command of plan.installCommands) {
        step(`Installing: ${formatCommand(command)}`);
        await run(command, plan.root, abort.signal);
        if (interrupted) throw new UserError('Interrupted; every file was restored.', { code: 'interrupted' });
      }
    }
    return { written: changed.map((f) => f.path), installed: installing };
  } catch (error) {
    restore(snapshots, createdDirs);
    if (error instanceof UserError) throw error;
    const message = (error as Error).message;
    const isInstall = installing && /exited with|ENOENT|spawn/.test(message);
    const step = plan.command === 'remove' ? 'uninstall' : 'install';
    throw new UserError(isInstall ? `The ${step} failed, so session-kit restored every file it had changed.\n${message}` : `Writing failed, so session-kit restored every file it had changed: ${message}`, {
      hint: isInstall
        ? `Fix the ${step} problem (network, registry, peer dependencies), then run session-kit ${plan.command} again; or run it with --no-install and ${step} yourself: ${plan.installCommands.map(formatCommand).join(' && ')}`
        : 'Check file permissions and free disk space, then run session-kit again.',
      code: isInstall ? 'install-failed' : 'write-failed',
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
