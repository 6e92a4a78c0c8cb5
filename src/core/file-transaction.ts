/**
 * The file side of apply: every new content goes to an exclusive temp file with an
 * unpredictable name (fsynced, with the replaced file's mode and owner) before any
 * original is touched; originals are kept as hard links (or copies) until the whole
 * apply succeeded, so a restore is a rename and needs no free disk space.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export interface Original {
  bytes: Buffer;
  mode: number;
  uid: number;
  gid: number;
}

/** One file apply changes: `file` is the path written (a symlink's target inside the project). */
export interface Change {
  file: string;
  /** New content, or null to delete the file. */
  after: string | null;
  original: Original | null;
  /** Mode of a file that does not exist yet. */
  newMode: number;
}

export function readOriginal(file: string): Original | null {
  if (!existsSync(file)) return null;
  const stat = statSync(file);
  return { bytes: readFileSync(file), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** A name beside `file` nobody can guess, so nobody can plant a link there first. */
function sideName(file: string, kind: 'tmp' | 'bak'): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.session-kit-${randomBytes(9).toString('hex')}.${kind}`);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every file system lets a folder be fsynced; the renames are done either way.
  }
}

/**
 * Writes `bytes` to a new exclusive temp file beside `file` and returns its name; it is
 * removed again when anything fails (a full disk included).
 */
export function writeTemp(
  file: string,
  bytes: Buffer | string,
  mode: number,
  owner: { uid: number; gid: number } | null,
): string {
  const temp = sideName(file, 'tmp');
  const fd = openSync(temp, EXCLUSIVE, mode);
  try {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    for (let offset = 0; offset < buffer.length; ) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    // The umask applied at open; the replaced file's mode is what the user chose.
    fchmodSync(fd, mode);
    const stat = fstatSync(fd);
    if (owner && (stat.uid !== owner.uid || stat.gid !== owner.gid)) fchownSync(fd, owner.uid, owner.gid);
    fsyncSync(fd);
    closeSync(fd);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    rmSync(temp, { force: true });
    throw error;
  }
  return temp;
}

/** Keeps the original's bytes under a side name: a hard link (no space needed), else a copy. */
function keepOriginal(file: string, original: Original): string {
  const backup = sideName(file, 'bak');
  try {
    linkSync(file, backup);
    return backup;
  } catch {
    const copy = writeTemp(file, original.bytes, original.mode, original);
    renameSync(copy, backup);
    return backup;
  }
}

function sameBytes(file: string, original: Original): boolean {
  try {
    const stat = lstatSync(file);
    return stat.isFile() && (stat.mode & 0o7777) === original.mode && readFileSync(file).equals(original.bytes);
  } catch {
    return false;
  }
}

interface Entry extends Change {
  temp?: string;
  backup?: string;
  placed: boolean;
}

/** Files (by absolute path) restore could not put back, with where their original is. */
export interface Unrestored {
  file: string;
  copy?: string;
}

export class FileTransaction {
  private readonly entries: Entry[] = [];
  private readonly createdDirs: string[] = [];
  /** Files apply does not write but the package manager may: their bytes, to compare at restore. */
  private readonly watched: { file: string; original: Original | null }[] = [];
  /** Folders (node_modules) that did not exist before and must not exist after a failure. */
  private readonly absentDirs: string[] = [];

  watch(file: string): void {
    if (this.watched.some((w) => w.file === file)) return;
    // Only regular files (or nothing yet): a folder or device by that name is not the package manager's.
    if (existsSync(file) && !statSync(file).isFile()) return;
    this.watched.push({ file, original: readOriginal(file) });
  }

  watchAbsentDir(dir: string): void {
    if (!existsSync(dir) && !this.absentDirs.includes(dir)) this.absentDirs.push(dir);
  }

  /** Writes every temp file, then keeps every original, then renames: the disk fills before anything is replaced. */
  apply(changes: Change[]): void {
    let current: Entry | undefined;
    try {
      for (const change of changes) {
        current = { ...change, placed: false };
        this.entries.push(current);
        if (change.after === null) continue;
        this.ensureDir(path.dirname(change.file));
        current.temp = writeTemp(change.file, change.after, change.original?.mode ?? change.newMode, change.original);
      }
      for (const entry of this.entries)
        if ((current = entry).original) entry.backup = keepOriginal(entry.file, entry.original!);
      const dirs = new Set<string>();
      for (const entry of this.entries) {
        current = entry;
        if (entry.temp) renameSync(entry.temp, entry.file);
        else if (entry.after === null) unlinkSync(entry.file);
        entry.temp = undefined;
        entry.placed = true;
        dirs.add(path.dirname(entry.file));
      }
      for (const dir of dirs) syncDir(dir);
    } catch (error) {
      // Which file it was, for the message (a failed write() names none).
      throw Object.assign(error as Error, { file: current?.file });
    }
  }

  private ensureDir(dir: string): void {
    if (existsSync(dir)) return;
    this.ensureDir(path.dirname(dir));
    mkdirSync(dir);
    this.createdDirs.push(dir);
  }

  /** The apply succeeded: drop the kept originals. */
  commit(): void {
    for (const entry of this.entries) {
      try {
        if (entry.backup) rmSync(entry.backup, { force: true });
      } catch {
        // Everything is in place; a kept original left behind is only clutter.
      }
    }
  }

  /**
   * Puts every original back (idempotent: run again after the package manager stopped),
   * removes created files, folders and what the package manager created.
   */
  restore(): Unrestored[] {
    const failed: Unrestored[] = [];
    for (const entry of [...this.entries].reverse()) {
      try {
        if (entry.temp) {
          rmSync(entry.temp, { force: true });
          entry.temp = undefined;
        }
        if (!entry.original) {
          if (entry.placed) rmSync(entry.file, { force: true });
          continue;
        }
        if (sameBytes(entry.file, entry.original)) {
          if (entry.backup) rmSync(entry.backup, { force: true });
          entry.backup = undefined;
          continue;
        }
        if (entry.backup && existsSync(entry.backup)) {
          renameSync(entry.backup, entry.file);
          entry.backup = undefined;
        } else {
          renameSync(writeTemp(entry.file, entry.original.bytes, entry.original.mode, entry.original), entry.file);
        }
      } catch {
        failed.push({ file: entry.file, copy: entry.backup });
      }
    }
    for (const { file, original } of this.watched) {
      try {
        if (original === null) rmSync(file, { force: true });
        else if (!sameBytes(file, original)) renameSync(writeTemp(file, original.bytes, original.mode, original), file);
      } catch {
        failed.push({ file });
      }
    }
    for (const dir of this.absentDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        failed.push({ file: dir });
      }
    }
    for (const dir of [...this.createdDirs].reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty (the user put something there meanwhile) or already gone.
      }
    }
    return failed;
  }
}
