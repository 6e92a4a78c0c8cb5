/**
 * End-to-end machinery: copy a fixture, run the BUILT CLI on it (real installs),
 * start the app on a free port, talk to it over HTTP with a cookie jar, restart it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { REPO, copyFixture } from './fixtures.js';

export const CLI = path.join(REPO, 'bin/session-kit.cjs');

/** Fails loudly when the CLI was not built (`npm run build`). */
export function assertBuilt(): void {
  if (!existsSync(path.join(REPO, 'dist/cli.cjs')))
    throw new Error('dist/cli.cjs missing: run `npm run build` first (the e2e suites test the built CLI)');
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI like a user would (no TTY, CI-like environment). */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  assertBuilt();
  const result = await execa('node', [CLI, ...args], {
    cwd,
    reject: false,
    stdin: 'ignore',
    env: {
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      NO_COLOR: '1',
      ...env,
    },
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Copies a fixture and runs `add` on it with a real install. */
export async function addToFixture(fixture: string, args: string[]): Promise<{ dir: string; result: CliResult }> {
  const dir = copyFixture(fixture);
  const result = await runCli(['add', '--yes', ...args], dir);
  if (result.exitCode !== 0)
    throw new Error(`session-kit add failed in ${dir} (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
  return { dir, result };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  port: number;
  /** Process id of the running app (changes on restart). */
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
  restart: () => Promise<void>;
}

export interface StartOptions {
  /** Command and args, e.g. ['node', '--env-file=.env', 'app.js']. */
  command: string[];
  env?: Record<string, string>;
  /** Path polled until the app answers (any HTTP status counts). */
  readyPath?: string;
  timeoutMs?: number;
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} before answering:\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`app did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the app in `dir` on a free port. `restart` takes a new free port: reusing the
 * old one races with other suites grabbing it meanwhile (cookies ignore ports, so a
 * client keeps its session across the move).
 */
export async function startApp(dir: string, options: StartOptions): Promise<RunningApp> {
  let port = 0;
  let child: ChildProcess;
  let log = '';
  const launch = async () => {
    port = await freePort();
    child = spawn(options.command[0], options.command.slice(1), {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'development', ...options.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    // Shows in failure messages whether the app died under the test, and how.
    child.once('exit', (code, signal) => (log += `[app exited: ${signal ?? `code ${code}`}]\n`));
    await waitForHttp(
      `http://127.0.0.1:${port}${options.readyPath ?? '/'}`,
      child,
      () => log,
      options.timeoutMs ?? 20_000,
    );
    // Whoever answered, it must be our process, still running.
    await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} right after starting:\n${log}`);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      // This process, not whatever `child` points at in 3 s (a restart replaces it).
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return resolve();
      const fallback = setTimeout(
        () => current.exitCode === null && current.signalCode === null && current.kill('SIGKILL'),
        3000,
      );
      fallback.unref();
      current.once('exit', () => {
        clearTimeout(fallback);
        resolve();
      });
      current.kill('SIGTERM');
    });
  await launch();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return child.pid ?? -1;
    },
    output: () => log,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}

/** A minimal cookie jar client: one per simulated browser. */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: () => string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Set-Cookie attributes of the last response, for asserting HttpOnly/SameSite. */
  lastSetCookie: string[] = [];

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader);
    const response = await fetch(this.baseUrl() + pathname, { ...init, headers, redirect: 'manual' });
    this.lastSetCookie = response.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async json<T = unknown>(pathname: string, init: RequestInit = {}): Promise<T> {
    const response = await this.request(pathname, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${pathname} → ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  clear(): void {
    this.cookies.clear();
  }
}

/** Headless Chromium from Debian, when installed. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-proxy-server',
];

/** Runs `npx tsc` in a fixture that builds TypeScript, failing with its output. */
export async function buildTypeScript(
  dir: string,
  args: string[] = ['-p', 'tsconfig.json'],
  env: Record<string, string> = {},
): Promise<void> {
  const result = await execa('npx', ['tsc', ...args], { cwd: dir, env, reject: false });
  if (result.exitCode !== 0) throw new Error(`tsc failed in ${dir}:\n${result.stdout}\n${result.stderr}`);
}
