/**
 * Runs one command once and measures it: wall time (from here, around the whole
 * process), CPU time and peak RSS. /usr/bin/time reports CPU and RSS from the
 * kernel (wait4); without it a tiny preload (rss-probe.cjs) reports them from
 * inside the process, for the floor and the CLI alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-probe.cjs');

/** 'time' when GNU time is usable, else 'probe'. */
export function resourceMethod() {
  if (!existsSync(GNU_TIME)) return 'probe';
  const r = spawnSync(GNU_TIME, ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/m.test(r.stderr) ? 'time' : 'probe';
}

/**
 * A measured run of `node <nodeArgs>`: { ms, cpuMs, rssKb, status, stdout, stderr }.
 * stdin is closed (the CLI sees no terminal and asks nothing).
 */
export function runNode(nodeArgs, { cwd, env, method }) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'sk-bench-run-'));
  const report = path.join(scratch, 'usage');
  let command;
  let args;
  if (method === 'time') {
    command = GNU_TIME;
    args = ['-f', '%U %S %M', '-o', report, process.execPath, ...nodeArgs];
  } else {
    command = process.execPath;
    args = ['-r', PROBE, ...nodeArgs];
  }
  const runEnv = method === 'probe' ? { ...env, SK_BENCH_PROBE: report } : env;
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: runEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  let cpuMs = null;
  let rssKb = null;
  try {
    // GNU time prefixes "Command exited with non-zero status N" lines; the numbers are the last line.
    const last = readFileSync(report, 'utf8').trim().split('\n').pop() ?? '';
    const [user, sys, rss] = last.trim().split(/\s+/).map(Number);
    if (method === 'time') {
      cpuMs = (user + sys) * 1000;
      rssKb = rss;
    } else {
      cpuMs = user;
      rssKb = sys;
    }
  } catch {
    // The process died before reporting; the caller sees the status.
  }
  rmSync(scratch, { recursive: true, force: true });
  if (result.error) throw result.error;
  return { ms, cpuMs, rssKb, status: result.status ?? 128, stdout: result.stdout, stderr: result.stderr };
}
