/**
 * The only way session-kit changes a user's file: text splices at offsets of the
 * original text. Every byte outside a splice stays identical.
 */
export interface Splice {
  /** Offset in the ORIGINAL text (UTF-16 code units, as JS strings index). */
  start: number;
  /** End offset of the replaced range; equal to start for a pure insertion. */
  end: number;
  text: string;
}

export function insertAt(offset: number, text: string): Splice {
  return { start: offset, end: offset, text };
}

export function removeRange(start: number, end: number): Splice {
  return { start, end, text: '' };
}

/** Applies splices to the original text. Overlapping replacements are a bug. */
export function applySplices(original: string, splices: readonly Splice[]): string {
  // Stable sort keeps the contribution order of insertions at the same offset.
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => a.s.start - b.s.start || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const { s } of ordered) {
    if (s.start < cursor) throw new Error(`internal: overlapping splices at offset ${s.start}`);
    out += original.slice(cursor, s.start) + s.text;
    cursor = s.end;
  }
  return out + original.slice(cursor);
}

/** The single splice that turns `before` into `after` (common prefix and suffix kept). */
export function spliceBetween(before: string, after: string): Splice {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}
