/**
 * Finds, in a file as it is now, the text `add` inserted, even after the user edited
 * other parts of the file: every occurrence of the inserted text is scored by how
 * much of the recorded original text surrounds it, and the best one is undone.
 */
import type { ManifestInsertion } from '../core/manifest.js';
import { lineColumn } from '../edit/lines.js';
import type { Splice } from '../edit/splice.js';

export interface Conflict {
  insertion: ManifestInsertion;
  /** 1-based line where the inserted text was expected. */
  line: number;
}

export interface UndoResult {
  splices: Splice[];
  conflicts: Conflict[];
  /** Insertions the user already removed (the original text is back). */
  alreadyGone: number;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** Where the insertion's surroundings are, to point the user at the right line. */
function expectedLine(text: string, insertion: ManifestInsertion): number {
  const tail = insertion.before.slice(-30);
  const at = tail ? text.indexOf(tail) : -1;
  if (at !== -1) return lineColumn(text, at + tail.length).line;
  return insertion.line;
}

/** Splices (on `text`) that undo the insertions, or the conflicts that prevent it. */
export function undoInsertions(text: string, insertions: readonly ManifestInsertion[]): UndoResult {
  const splices: Splice[] = [];
  const conflicts: Conflict[] = [];
  let alreadyGone = 0;
  const taken: { start: number; end: number }[] = [];
  for (const insertion of insertions) {
    if (insertion.text === '') {
      // A pure deletion: put the original text back where its surroundings meet.
      if (insertion.replaced === '') continue;
      const seam = insertion.before.slice(-20) + insertion.after.slice(0, 20);
      const at = seam ? text.indexOf(seam) : -1;
      if (at !== -1 && text.indexOf(seam, at + 1) === -1) {
        const offset = at + insertion.before.slice(-20).length;
        splices.push({ start: offset, end: offset, text: insertion.replaced });
        taken.push({ start: offset, end: offset });
      } else if (text.includes(insertion.before.slice(-20) + insertion.replaced + insertion.after.slice(0, 20)))
        alreadyGone++;
      else conflicts.push({ insertion, line: expectedLine(text, insertion) });
      continue;
    }
    let best = -1;
    let bestScore = -1;
    for (const at of occurrences(text, insertion.text)) {
      const end = at + insertion.text.length;
      if (taken.some((t) => at < t.end && end > t.start)) continue;
      const score =
        commonSuffix(text.slice(Math.max(0, at - insertion.before.length), at), insertion.before) +
        commonPrefix(text.slice(end, end + insertion.after.length), insertion.after);
      if (score > bestScore) [best, bestScore] = [at, score];
    }
    if (best !== -1) {
      const end = best + insertion.text.length;
      taken.push({ start: best, end });
      splices.push({ start: best, end, text: insertion.replaced });
      continue;
    }
    // Gone already: the original text (context, replaced part, context) reads as before add.
    const edge = (s: string, fromEnd: boolean) => (fromEnd ? s.slice(-20) : s.slice(0, 20));
    if (text.includes(edge(insertion.before, true) + insertion.replaced + edge(insertion.after, false))) {
      alreadyGone++;
      continue;
    }
    conflicts.push({ insertion, line: expectedLine(text, insertion) });
  }
  return { splices, conflicts, alreadyGone };
}
