/** The install spinner's line: one terminal line with the elapsed time, however long the step. */
import { describe, expect, it } from 'vitest';
import { canSpin, formatElapsed, startSpinner } from '../../src/core/spinner.js';

const plain = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

function fakeStream(columns: number) {
  const writes: string[] = [];
  const stream = { isTTY: true, columns, write: (chunk: string) => writes.push(chunk) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, writes };
}

describe('startSpinner', () => {
  it('cuts a long step to the terminal width and keeps the elapsed time; stop ends the line', async () => {
    const { stream, writes } = fakeStream(50);
    const spinner = startSpinner('Installing 4 packages with npm', stream);
    spinner.step('building better-sqlite3 (native: minutes if it compiles from source)');
    await new Promise((r) => setTimeout(r, 300));
    spinner.step(null);
    spinner.stop('Installed a, b with npm');
    const redraws = writes.map(plain).filter((w) => w.startsWith('\r') && !w.endsWith('\n'));
    expect(redraws.length).toBeGreaterThan(1);
    const last = redraws.at(-1) as string;
    expect(last.length - 1).toBeLessThanOrEqual(49);
    expect(last).toMatch(/^\r[◒◐◓◑] {2}Installing 4 packages with npm · buil.*… \[0s\]$/);
    expect(plain(writes.at(-1) as string)).toBe('\r◇  Installed a, b with npm [0s]\n');
    const count = writes.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(writes.length).toBe(count);
  });

  it('formats the elapsed time in seconds, then minutes and seconds', () => {
    expect(formatElapsed(4_900)).toBe('4s');
    expect(formatElapsed(90_000)).toBe('1m 30s');
  });

  it('spins only on a terminal, outside CI and dumb terminals', () => {
    const { stream } = fakeStream(80);
    expect(canSpin(stream, {})).toBe(true);
    expect(canSpin(stream, { CI: 'true' })).toBe(false);
    expect(canSpin(stream, { TERM: 'dumb' })).toBe(false);
    expect(canSpin({ isTTY: false } as NodeJS.WriteStream, {})).toBe(false);
  });
});
