/**
 * The built CLI in a pseudo-terminal, as a person at a terminal runs it: util-linux
 * `script` gives it a pty (stdin, stdout and stderr are a TTY), keys are typed into it,
 * and its screen output is read back. No npm dependency and no native build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { CLI, assertBuilt } from './app-runner.js';

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  enter: '\r',
  ctrlC: '\u0003',
} as const;

export interface PtyRun {
  /** Everything the terminal received, escapes included. */
  raw(): string;
  /** The output without colour and cursor escapes (carriage returns kept). */
  text(): string;
  /** Types into the terminal. */
  type(keys: string): void;
  /** Resolves when the text output matches; fails with the screen so far after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** The CLI's exit code. */
  exit: Promise<number | null>;
}

const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;
export const stripEscapes = (text: string) => text.replace(ESCAPES, '');

const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

function assertScript(): void {
  const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (probe.error || !/util-linux/.test(probe.stdout + probe.stderr))
    throw new Error('the terminal tests need util-linux `script` (apt-get install bsdutils / util-linux)');
}

export function runInPty(args: string[], cwd: string, env: Record<string, string> = {}): PtyRun {
  assertBuilt();
  assertScript();
  // A pty starts with no size: give it one so prompts wrap as on a real screen.
  const command = `stty cols 120 rows 50; exec node ${[CLI, ...args].map(quote).join(' ')}`;
  // A person's terminal: not CI (the test runner's own CI variable is not passed on unless asked for).
  const base: Record<string, string | undefined> = { ...process.env, TERM: 'xterm-256color' };
  delete base.CI;
  delete base.NO_COLOR;
  Object.assign(base, env);
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: base, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    raw: () => out,
    text: () => stripEscapes(out),
    type: (keys) => child.stdin.write(keys),
    waitFor: async (pattern, ms = 20_000) => {
      const until = Date.now() + ms;
      while (!pattern.test(stripEscapes(out))) {
        if (Date.now() > until)
          throw new Error(`timed out waiting for ${pattern}; the screen so far:\n${stripEscapes(out)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exit,
  };
}
