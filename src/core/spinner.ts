/**
 * The install spinner: one redrawn line with the elapsed time and the package manager's
 * current step, in the look of the clack prompts around it. Kept here rather than clack's
 * own spinner, which puts stdin in raw mode and exits with 0 on Ctrl-C: during an install
 * Ctrl-C must reach apply's signal handler, which restores every file.
 */
import pc from 'picocolors';

const FRAMES = ['◒', '◐', '◓', '◑'];
const INTERVAL_MS = 120;

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m ${seconds % 60}s` : `${seconds}s`;
}

export interface Spinner {
  /** The step beside the title; null keeps the one shown. */
  step(text: string | null): void;
  stop(text: string): void;
  fail(text: string): void;
}

/** Whether a spinner may be drawn on this stream: a terminal, not CI, colours allowed or not. */
export function canSpin(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

export function startSpinner(title: string, stream: NodeJS.WriteStream = process.stderr): Spinner {
  const started = Date.now();
  let frame = 0;
  let current = '';
  let done = false;
  const width = () => Math.max(20, (stream.columns || 80) - 1);
  // One terminal line (the frame takes one column), so the redraw always lands on it; a
  // long step is cut, the elapsed time always shown.
  const draw = () => {
    const time = ` [${formatElapsed(Date.now() - started)}]`;
    const room = width() - 1 - time.length;
    let text = `  ${title}${current ? ` · ${current}` : ''}`;
    if (text.length > room) text = `${text.slice(0, Math.max(0, room - 1))}…`;
    stream.write(`\r\u001b[2K${pc.magenta(FRAMES[frame])}${text}${time}`);
    frame = (frame + 1) % FRAMES.length;
  };
  stream.write(`${pc.gray('│')}\n`);
  draw();
  const timer = setInterval(draw, INTERVAL_MS);
  timer.unref();
  const finish = (symbol: string, text: string) => {
    if (done) return;
    done = true;
    clearInterval(timer);
    stream.write(`\r\u001b[2K${symbol}  ${text} [${formatElapsed(Date.now() - started)}]\n`);
  };
  return {
    step: (text) => {
      if (text !== null) current = text;
    },
    stop: (text) => finish(pc.green('◇'), text),
    fail: (text) => finish(pc.red('■'), text),
  };
}
