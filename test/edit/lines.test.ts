import { afterEach, describe, expect, it, vi } from 'vitest';
import { blankKeepingLines, LineIndex, lineColumn } from '../../src/edit/lines.js';
import { longSetupFile } from '../../bench/lib/long-file.mjs';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lineColumn', () => {
  it('is 1-based, at line starts, line ends and past a final newline', () => {
    const text = 'ab\ncd\n\nef';
    expect(lineColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumn(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumn(text, 6)).toEqual({ line: 3, column: 1 });
    expect(lineColumn(text, 9)).toEqual({ line: 4, column: 3 });
    expect(new LineIndex('x\n').locate(2)).toEqual({ line: 2, column: 1 });
  });

  it('agrees with counting newlines by hand, for every offset', () => {
    const text = 'a\r\n\nbc\n  d\ne';
    for (let offset = 0; offset <= text.length; offset++) {
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      expect(lineColumn(text, offset)).toEqual({ line, column: offset - (before.lastIndexOf('\n') + 1) + 1 });
    }
  });

  // Work counted, not time: one position per line of a long file (what check asks for a
  // file with a finding or step on every line) must cost about one scan of the file.
  it('asks for positions in a long file with work linear in its length', () => {
    const lines = 3000;
    const text = longSetupFile(lines, true);
    const offsets = [...text.matchAll(/\n/g)].map((m) => (m.index as number) + 1).slice(0, -1);
    const indexOf = vi.spyOn(String.prototype, 'indexOf');
    const found = offsets.map((offset) => lineColumn(text, offset).line);
    const scans = indexOf.mock.calls.length;
    indexOf.mockRestore();
    expect(found.slice(0, 3)).toEqual([2, 3, 4]);
    expect(found.at(-1)).toBe(lines);
    expect(scans).toBeLessThan(3 * lines);
  });
});

describe('blankKeepingLines', () => {
  it('replaces every character but line breaks with a space, runs and single characters alike', () => {
    const text = 'a\r\n\tbc // é\n\n"x"\r';
    const blank = blankKeepingLines(text);
    expect(blank).toBe(' \r\n        \n\n   \r');
    expect(blank.length).toBe(text.length);
    expect(blankKeepingLines('')).toBe('');
  });
});
