/**
 * `--fix-order`: moves whole statements (with their own lines) so that ordering
 * violations disappear, e.g. the cookie registration moved above the session.
 * Only statements that sit on lines of their own are moved; anything else is
 * refused by the caller with the lines to move by hand.
 */
import type { OrderingViolation } from '../../core/ordering.js';
import { lineStart, nextLineStart } from '../../edit/lines.js';
import type { Splice } from '../../edit/splice.js';
import type { SessionStep } from '../types.js';

function ownLines(text: string, step: SessionStep): boolean {
  const before = text.slice(lineStart(text, step.start), step.start);
  const lineEnd = text.indexOf('\n', step.end);
  const after = text.slice(step.end, lineEnd === -1 ? text.length : lineEnd);
  return /^[ \t]*$/.test(before) && /^[ \t]*(?:\/\/.*)?\r?$/.test(after);
}

/**
 * Splices that move every out-of-place step above the earliest step it must precede.
 * Returns null when a violation cannot be repaired by moving one statement
 * (an "after" violation, a step inside a chain shared with its target, a moved target).
 */
export function reorderSplices(text: string, violations: OrderingViolation[]): Splice[] | null {
  // One move per statement (a chain holds several steps): above the earliest step it must precede.
  const moves = new Map<number, { step: SessionStep; target: SessionStep }>();
  for (const v of violations) {
    if (v.relation !== 'before') return null;
    const current = moves.get(v.step.start);
    if (!current || v.other.start < current.target.start) moves.set(v.step.start, { step: v.step, target: v.other });
  }
  const splices: Splice[] = [];
  for (const { step, target } of [...moves.values()].sort((a, b) => a.step.start - b.step.start)) {
    // Same statement (a chain holding both), or a target that moves as well: not one clean move.
    if (step.start === target.start || moves.has(target.start) || !ownLines(text, step)) return null;
    const from = lineStart(text, step.start);
    const to = nextLineStart(text, step.end);
    const lines = text.slice(from, to);
    splices.push({ start: from, end: to, text: '' });
    splices.push({
      start: lineStart(text, target.start),
      end: lineStart(text, target.start),
      text: lines.endsWith('\n') ? lines : `${lines}\n`,
    });
  }
  return splices;
}
