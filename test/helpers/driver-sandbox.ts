/**
 * A folder with real store drivers and session libraries installed, for testing
 * generated modules in-process (fast) without a full fixture install. Installed once
 * per machine and package set (better-sqlite3 compiles from source), then reused;
 * concurrent test files wait on a lock instead of installing twice.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export const SANDBOX_PACKAGES: Record<string, string> = {
  pg: '^8.13.0',
  '@types/pg': '^8.11.10',
  mysql2: '^3.11.0',
  redis: '^5.0.0',
  'better-sqlite3': '^12.4.1',
  '@types/better-sqlite3': '^7.6.13',
  koa: '^3.0.0',
  '@types/koa': '^3.0.0',
  'koa-session': '^7.0.2',
  hono: '^4.9.0',
  '@hono/session': '^0.2.1',
  '@types/node': '^20.17.0',
  // The connect sqlite store on an app's own knex instance.
  'express-session': '^1.18.1',
  knex: '^3.1.0',
  'connect-session-knex': '^5.0.0',
};

/** Installs (once) and returns the sandbox folder; modules written into it resolve its node_modules. */
export async function driverSandbox(): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(SANDBOX_PACKAGES)).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `session-kit-drivers-${key}`);
  const done = path.join(dir, '.installed');
  if (existsSync(done)) return dir;
  mkdirSync(dir, { recursive: true });
  const pkg = {
    name: 'session-kit-driver-sandbox',
    private: true,
    type: 'module',
    allowScripts: { 'better-sqlite3': true },
    dependencies: SANDBOX_PACKAGES,
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // flock serialises the install between test files; the second one finds `.installed`.
  const script = `test -f .installed || (npm install --prefer-offline --no-audit --no-fund && touch .installed)`;
  const result = await execa('flock', [path.join(dir, '.lock'), 'sh', '-c', script], {
    cwd: dir,
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`driver sandbox install failed in ${dir}:\n${result.all}`);
  return dir;
}
