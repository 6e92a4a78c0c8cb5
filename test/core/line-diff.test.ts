/**
 * The trimmed diff prints what jsdiff prints for the whole files (same hunks, same line
 * numbers), and applying it to the old text gives the new one.
 */
import * as diff from 'diff';
import { describe, expect, it } from 'vitest';
import { changedLineCounts, unifiedPatch } from '../../src/core/line-diff.js';

/** A deterministic pseudo-random sequence (no flaky seeds). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function file(lines: number, rnd: () => number): string[] {
  return Array.from({ length: lines }, (_, i) => `line ${i} ${Math.floor(rnd() * 1e6)}\n`);
}

/** A few insertions, deletions and replacements at random places. */
function edited(lines: string[], rnd: () => number): string[] {
  const out = [...lines];
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = rnd();
    if (kind < 0.4) out.splice(at, 0, `inserted ${e}\n`, `inserted ${e} again\n`);
    else if (kind < 0.7 && out.length) out.splice(Math.min(at, out.length - 1), 1);
    else if (out.length) out.splice(Math.min(at, out.length - 1), 1, `replaced ${e}\n`);
  }
  return out;
}

describe('unifiedPatch', () => {
  it('equals the whole-file patch and applies back, for random edits of files of 0 to 400 lines', () => {
    const rnd = random(7);
    for (let round = 0; round < 300; round++) {
      const lines = file(Math.floor(rnd() * 400), rnd);
      const before = lines.join('');
      let after = edited(lines, rnd).join('');
      // Some files lose or never had their last newline.
      if (round % 7 === 0) after = after.replace(/\n$/, '');
      const whole = diff.createTwoFilesPatch('a/f', 'b/f', before, after, '', '', { context: 3 });
      const trimmed = unifiedPatch(diff, 'a/f', 'b/f', before, after, 3);
      expect(trimmed, `round ${round}`).toBe(whole);
      expect(diff.applyPatch(before, trimmed)).toBe(after);
      const counts = { added: 0, removed: 0 };
      for (const c of diff.diffLines(before, after)) {
        if (c.added) counts.added += c.count ?? 0;
        else if (c.removed) counts.removed += c.count ?? 0;
      }
      expect(changedLineCounts(diff, before, after)).toEqual(counts);
    }
  });

  it('equals jsdiff for a file created or emptied, with or without its last newline', () => {
    const rnd = random(13);
    const texts = ['', '\n', 'one', 'one\n', '\n\n', 'a\r\nb\r\n'];
    for (let round = 0; round < 40; round++) {
      let text = file(Math.floor(rnd() * 50), rnd).join('');
      if (round % 3 === 0) text = text.replace(/\n$/, '');
      texts.push(text);
    }
    for (const text of texts) {
      for (const [before, after, a, b] of [
        ['', text, '/dev/null', 'b/f'],
        [text, '', 'a/f', '/dev/null'],
      ]) {
        const whole = diff.createTwoFilesPatch(a, b, before, after, '', '', { context: 3 });
        expect(unifiedPatch(diff, a, b, before, after, 3), JSON.stringify(text)).toBe(whole);
      }
    }
  });

  it('applies back when lines repeat (where several diffs are equally short)', () => {
    const rnd = random(11);
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: Math.floor(rnd() * 60) }, () => (rnd() < 0.5 ? '});\n' : '\n'));
      const before = lines.join('');
      const after = edited(lines, rnd).join('');
      expect(diff.applyPatch(before, unifiedPatch(diff, 'a/f', 'b/f', before, after, 3)), `round ${round}`).toBe(after);
    }
  });

  it('numbers a change deep in a long file as the whole diff does', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `app.get('/r${i}');\n`);
    const before = lines.join('');
    const after = [...lines.slice(0, 30_000), 'app.use(session);\n', ...lines.slice(30_000)].join('');
    const patch = unifiedPatch(diff, 'a/app.js', 'b/app.js', before, after, 3);
    expect(patch).toContain('@@ -29998,6 +29998,7 @@');
    expect(diff.applyPatch(before, patch)).toBe(after);
  });
});
