/**
 * One session-kit apply per project at a time: `.session-kit.lock` at the project's
 * boundary (the workspace root of a monorepo, where the package manager writes too),
 * created exclusively, holding our pid. A lock whose pid is dead is taken over.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, lstatSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';
import { writeTemp } from './file-transaction.js';

export const LOCK_FILE = '.session-kit.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): { pid: number; nonce: string } | null {
  try {
    if (!lstatSync(file).isFile()) return null;
    const value = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; nonce?: unknown };
    return typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0
      ? { pid: value.pid, nonce: String(value.nonce) }
      : null;
  } catch {
    return null;
  }
}

function lockedError(lock: string, where: string, holder: { pid: number } | null): UserError {
  return new UserError(
    holder
      ? `Another session-kit run (pid ${holder.pid}) is changing this project; nothing was written.`
      : `${where} exists but is not a session-kit lock this run can read; nothing was written.`,
    {
      where: { file: where },
      hint: holder
        ? `Wait for it to finish, then run session-kit again (if no session-kit is running, delete ${lock}).`
        : `If no session-kit is running, delete ${lock} and run session-kit again.`,
      code: 'locked',
    },
  );
}

/** Takes the lock or refuses; returns the release function (safe to call more than once). */
export function acquireLock(dir: string, command: string): () => void {
  const lock = path.join(dir, LOCK_FILE);
  const nonce = randomBytes(9).toString('hex');
  const body = `${JSON.stringify({ pid: process.pid, command, nonce, started: new Date().toISOString() })}\n`;
  let temp: string;
  try {
    temp = writeTemp(lock, body, 0o644, null);
  } catch (error) {
    throw new UserError(
      `Could not create the lock file ${LOCK_FILE} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was written.`,
      {
        where: { file: LOCK_FILE },
        hint: 'Check that the project folder is writable and the disk has free space, then run session-kit again.',
        code: 'write-failed',
      },
    );
  }
  try {
    let taken = false;
    try {
      // link() fails when the lock exists, like O_EXCL, and the lock appears with its content.
      linkSync(temp, lock);
      taken = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!taken) {
      const holder = holderOf(lock);
      if (!holder || isAlive(holder.pid)) throw lockedError(lock, LOCK_FILE, holder);
      // The run that held it died without cleaning up: take it over, then check we won.
      renameSync(temp, lock);
      if (holderOf(lock)?.nonce !== nonce) throw lockedError(lock, LOCK_FILE, holderOf(lock));
    }
  } finally {
    rmSync(temp, { force: true });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (holderOf(lock)?.nonce === nonce) rmSync(lock, { force: true });
  };
}
