/**
 * Applies a plan all-or-nothing: under a project lock, every file is checked (inside
 * the project, unchanged, writable, UTF-8), written through a file transaction, then
 * packages are installed; if anything fails (a write, a full disk, the install, Ctrl-C,
 * a hang-up) every touched file gets its original bytes, mode and owner back, and what
 * was created (files, folders, a lockfile, node_modules) is removed.
 */
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { acquireLock } from './apply-lock.js';
import { UserError } from './errors.js';
import { FileTransaction, readOriginal, type Change, type Unrestored } from './file-transaction.js';
import { formatCommand } from './install.js';
import { meaningfulLines } from './install-progress.js';
import type { Plan, PlannedFile } from './plan.js';
import { outsideReason, projectBoundary } from './project-paths.js';
import { invalidUtf8Offset } from './utf8.js';
import { LOCKFILES } from '../detect/package-manager.js';

/** How long a package manager gets to stop after SIGTERM before its process group is killed. */
export const KILL_GRACE_MS = 3000;

export interface ApplyOptions {
  install: boolean;
  /** Runs a command (injectable for tests); resolves on success, rejects with an Error on failure. */
  run?: (command: string[], cwd: string, signal: AbortSignal, onLine?: (line: string) => void) => Promise<void>;
  /** A progress line; an install step also passes its command. */
  onStep?: (message: string, command?: string[]) => void;
  /**
   * Each line the package manager prints, as it comes (the install spinner reads its step
   * from them). Given, npm is asked for its info-level log, which names each fetch and build.
   */
  onOutput?: (line: string) => void;
}

/** How many of the package manager's last output lines a failed install shows. */
export const FAILURE_LINES = 20;

export interface ApplyResult {
  written: string[];
  installed: boolean;
}

const interruptedError = () => new UserError('Interrupted; every file was restored.', { code: 'interrupted' });

async function defaultRun(
  command: string[],
  cwd: string,
  signal: AbortSignal,
  urgent: AbortSignal,
  onLine?: (line: string) => void,
): Promise<void> {
  const { execa } = await import('execa');
  if (signal.aborted) throw interruptedError();
  // Every line passes through unchanged; it is only read on its way.
  const tap = onLine
    ? function* (line: unknown) {
        onLine(String(line));
        yield line;
      }
    : undefined;
  const env =
    onLine && path.basename(command[0]) === 'npm' && !process.env.npm_config_loglevel
      ? { npm_config_loglevel: 'info' }
      : undefined;
  // Its own process group, so an interrupt stops the package manager and everything it started.
  const child = execa(command[0], command.slice(1), {
    cwd,
    reject: false,
    all: true,
    stdin: 'ignore',
    detached: true,
    ...(tap ? { stdout: tap, stderr: tap } : {}),
    ...(env ? { env } : {}),
  });
  const killGroup = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  let timer: NodeJS.Timeout | undefined;
  // SIGTERM first; a package manager that ignores it loses its whole group after the grace period.
  const stop = () => {
    killGroup('SIGTERM');
    timer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
  };
  const kill = () => killGroup('SIGKILL');
  signal.addEventListener('abort', stop, { once: true });
  urgent.addEventListener('abort', kill, { once: true });
  // A signal that came while execa was loading has fired already.
  if (urgent.aborted) kill();
  else if (signal.aborted) stop();
  const result = await child;
  clearTimeout(timer);
  signal.removeEventListener('abort', stop);
  urgent.removeEventListener('abort', kill);
  if (signal.aborted) throw interruptedError();
  if (result.exitCode !== 0 || result.failed) {
    const output = meaningfulLines(String(result.all ?? ''), FAILURE_LINES).join('\n');
    throw new Error(
      `${formatCommand(command)} exited with ${result.exitCode ?? result.signal ?? 'an error'}${output ? `:\n${output}` : ''}`,
    );
  }
}

/** A `.env` session-kit creates holds a secret: readable by its owner only. */
function newFileMode(file: PlannedFile): number {
  const base = path.posix.basename(file.path);
  return file.role === 'env' && /^\.env(?:\..+)?$/.test(base) && !/\.(?:example|sample|template)$/.test(base)
    ? 0o600
    : 0o666;
}

const refuse = (file: string, message: string, hint: string, code: string) =>
  new UserError(message, { where: { file }, hint, code });

/**
 * Refuses a plan that would change a file outside the project (the workspace root of a
 * monorepo), as written or through a symlink; run before the preview too, so a dry run
 * never shows what apply would refuse.
 */
export function refuseOutsideProject(plan: Plan, boundary = projectBoundary(plan.root)): void {
  const verb = plan.command === 'remove' ? 'removed' : 'written';
  // The setup file first: when it lies outside, that is the reason for the rest.
  const files = [...plan.files].sort(
    (a, b) => Number(b.path === plan.framework.setupFile) - Number(a.path === plan.framework.setupFile),
  );
  for (const file of files) {
    if (file.before === file.after) continue;
    const reason = outsideReason(plan.root, boundary, file.path);
    if (reason) {
      throw refuse(
        file.path,
        `session-kit would change ${file.path}${file.path === plan.framework.setupFile ? " (the app's setup file, found from package.json and its imports)" : ''}, which ${reason}; it only changes files inside the project, so nothing was ${verb}.`,
        plan.command === 'add'
          ? 'Run session-kit with --cwd on the package (or workspace) that holds this file, or make the change by hand.'
          : 'Make this change by hand.',
        'outside-project',
      );
    }
  }
}

/**
 * Checks every planned file before anything is written, and says where each goes:
 * the file itself, or a symlink's target when that is inside the project.
 */
function prepare(plan: Plan, boundary: string, changed: PlannedFile[]): Change[] {
  const verb = plan.command === 'remove' ? 'removed' : 'written';
  refuseOutsideProject(plan, boundary);
  const changes: Change[] = [];
  for (const file of changed) {
    const target = path.resolve(plan.root, file.path);
    let link = false;
    try {
      link = lstatSync(target).isSymbolicLink();
    } catch {
      // Absent: created.
    }
    // Writing through a link keeps it a link; outsideReason already checked where it leads.
    const real = link && existsSync(target) ? realpathSync(target) : target;
    if (existsSync(real) && !statSync(real).isFile()) {
      const what = statSync(real).isDirectory() ? 'a folder' : 'not a regular file';
      throw refuse(
        file.path,
        `${file.path} is ${what}, where session-kit ${file.before === null ? 'creates' : 'edits'} a file; nothing was ${verb}.`,
        `Rename or remove ${file.path}, or make the change by hand.`,
        'not-a-file',
      );
    }
    const original = readOriginal(real);
    const current = original?.bytes ?? null;
    if (current && file.before !== null) {
      const bad = invalidUtf8Offset(current);
      if (bad !== null) {
        throw refuse(
          file.path,
          `${file.path} is not valid UTF-8 (byte offset ${bad}); session-kit edits UTF-8 text only, so nothing was ${verb}.`,
          'Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8), or make the change by hand.',
          'not-utf8',
        );
      }
    }
    if ((current === null ? null : current.toString('utf8')) !== file.before) {
      throw refuse(
        file.path,
        `${file.path} changed while session-kit was planning; nothing was ${verb}.`,
        'Run session-kit again.',
        'changed',
      );
    }
    if (original && (original.mode & 0o222) === 0) {
      throw refuse(
        file.path,
        `${file.path} is read-only (mode ${(original.mode & 0o777).toString(8).padStart(4, '0')}); nothing was ${verb}.`,
        `Make it writable (chmod u+w ${file.path}) and run session-kit again, or make the change by hand.`,
        'read-only',
      );
    }
    const uid = process.getuid?.();
    if (original && uid !== undefined && uid !== 0 && original.uid !== uid) {
      throw refuse(
        file.path,
        `${file.path} belongs to another user (uid ${original.uid}), whose ownership session-kit could not keep; nothing was ${verb}.`,
        'Run session-kit as that user, or make the change by hand.',
        'other-owner',
      );
    }
    changes.push({ file: real, after: file.after, original, newMode: newFileMode(file) });
  }
  return changes;
}

/** Folders from the app up to the boundary: a workspace keeps its lockfile and node_modules at its root. */
function packageManagerDirs(root: string, boundary: string): string[] {
  const dirs = [root];
  for (let dir = root; dir !== boundary && path.dirname(dir) !== dir; ) dirs.push((dir = path.dirname(dir)));
  return dirs;
}

function unrestoredNote(failed: Unrestored[], root: string): string {
  return failed
    .map(
      (f) =>
        `  ${path.relative(root, f.file) || f.file}${f.copy ? ` (its original is kept in ${path.relative(root, f.copy)})` : ''}`,
    )
    .join('\n');
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const boundary = projectBoundary(plan.root);
  const release = acquireLock(boundary, plan.command);
  const onSignal = () => signalHandler();
  let signalHandler = () => {};
  try {
    const changed = plan.files.filter((f) => f.before !== f.after);
    const changes = prepare(plan, boundary, changed);
    const installing = options.install && plan.installCommands.length > 0;
    const transaction = new FileTransaction();
    if (installing) {
      const ours = new Set(changes.map((c) => c.file));
      for (const dir of packageManagerDirs(plan.root, boundary)) {
        // Yarn Plug'n'Play writes its loader files instead of node_modules.
        for (const name of ['package.json', ...Object.values(LOCKFILES).flat(), '.pnp.cjs', '.pnp.loader.mjs']) {
          const file = path.join(dir, name);
          if (!ours.has(file) && (name !== 'package.json' || existsSync(file))) transaction.watch(file);
        }
        for (const folder of ['node_modules', '.yarn']) transaction.watchAbsentDir(path.join(dir, folder));
      }
    }
    let signals = 0;
    const abort = new AbortController();
    const urgent = new AbortController();
    // `on`, not `once`: while a listener is attached, Ctrl-C or a hang-up cannot kill us half-way.
    signalHandler = () => {
      signals++;
      if (signals === 1) {
        // Put the files back now; the package manager may take a while to stop.
        transaction.restore();
        abort.abort();
      } else urgent.abort();
    };
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, onSignal);
    const step = options.onStep ?? (() => {});
    try {
      transaction.apply(changes);
      if (installing) {
        const run =
          options.run ??
          ((command: string[], cwd: string, signal: AbortSignal, onLine?: (line: string) => void) =>
            defaultRun(command, cwd, signal, urgent.signal, onLine));
        for (const command of plan.installCommands) {
          if (signals) throw interruptedError();
          step(`Installing: ${formatCommand(command)}`, command);
          await run(command, plan.root, abort.signal, options.onOutput);
        }
      }
      if (signals) throw interruptedError();
      transaction.commit();
      return { written: changed.map((f) => f.path), installed: installing };
    } catch (error) {
      // Again after the package manager stopped: it may have written after the early restore.
      const failed = transaction.restore();
      throw failureError(plan, error, failed, installing, signals > 0);
    }
  } finally {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(name, onSignal);
    release();
  }
}

function failureError(
  plan: Plan,
  error: unknown,
  failed: Unrestored[],
  installing: boolean,
  interrupted: boolean,
): UserError {
  const restored =
    failed.length === 0
      ? 'restored every file it had changed'
      : `restored what it could; these files could not be put back:\n${unrestoredNote(failed, plan.root)}\n`;
  if (interrupted)
    return new UserError(
      failed.length === 0 ? 'Interrupted; every file was restored.' : `Interrupted; session-kit ${restored}`,
      { code: 'interrupted', hint: failed.length ? 'Put those files back from version control.' : undefined },
    );
  if (error instanceof UserError && failed.length === 0) return error;
  const message = (error as Error).message;
  const code = (error as NodeJS.ErrnoException).code;
  const isInstall = installing && !code && /exited with|ENOENT|spawn/.test(message);
  const step = plan.command === 'remove' ? 'uninstall' : 'install';
  const file = (error as { file?: string }).file;
  const rel = file ? path.relative(plan.root, file).split(path.sep).join('/') : null;
  // A failed write names the file itself (not the temp file beside it).
  const written = rel
    ? `Writing ${rel} failed (${message.replace(/, \w+ '[^']*'$/, '')})`
    : `Writing failed (${message})`;
  return new UserError(
    isInstall
      ? `The ${step} failed, so session-kit ${restored}.\n${message}`
      : `${written}, so session-kit ${restored}${failed.length ? '' : '.'}`,
    {
      hint: isInstall
        ? `Fix the ${step} problem (network, registry, peer dependencies), then run session-kit ${plan.command} again; or run it with --no-install and ${step} yourself: ${plan.installCommands.map(formatCommand).join(' && ')}`
        : failed.length
          ? 'Put those files back from version control, free disk space or fix permissions, then run session-kit again.'
          : 'Check file permissions and free disk space, then run session-kit again.',
      code: isInstall ? 'install-failed' : 'write-failed',
      ...(!isInstall && rel ? { where: { file: rel } } : {}),
    },
  );
}
