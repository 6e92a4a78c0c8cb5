/**
 * Stand-in package managers for counting how many install processes `add`
 * spawns: a directory of `npm`, `pnpm`, `yarn`, `bun` (and `cargo`) scripts that
 * append their argv to a log and succeed. Put the directory first on PATH.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun', 'cargo'];

/** Creates the fake binaries in `dir`; returns { binDir, log }. */
export function createFakePackageManagers(dir) {
  const binDir = path.join(dir, 'bin');
  const log = path.join(dir, 'invocations.log');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(log, '');
  for (const name of PACKAGE_MANAGERS) {
    const file = path.join(binDir, name);
    writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> '${log.replace(/'/g, `'\\''`)}'\nexit 0\n`);
    chmodSync(file, 0o755);
  }
  return { binDir, log };
}

/** The recorded invocations, one string per process ("npm install express-session@…"). */
export function readInvocations(log) {
  if (!existsSync(log)) return [];
  return parseInvocations(readFileSync(log, 'utf8'));
}

export function parseInvocations(text) {
  return text.split('\n').filter((line) => line.trim() !== '');
}
