/**
 * Line-aware insertion points: new code goes on lines of its own, next to a
 * statement, keeping whatever trails the statement (comments) on its line.
 */
import { insertAt, type Splice } from './splice.js';
import type { CodeStyle } from './style.js';

export function lineStart(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return nl === -1 ? 0 : nl + 1;
}

/** Offset just past the end-of-line that follows `offset`, or the text's end. */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function indentOfLine(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** The text with every character but line breaks replaced by a space: offsets and lines kept. */
export function blankKeepingLines(text: string): string {
  // A run at a time: one replacement per character made long comments costly.
  return text.replace(/[^\n\r]+/g, (run) => ' '.repeat(run.length));
}

/** Offsets where each line starts: built once per text, then every lookup is a binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  locate(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
}

// The few texts being reported on (a setup file, its session module): callers ask one
// position at a time, so rescanning the text per call would make a file's report
// quadratic in its length.
const recent: LineIndex[] = [];

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let index = recent.find((entry) => entry.text === text);
  if (!index) {
    index = new LineIndex(text);
    recent.unshift(index);
    if (recent.length > 4) recent.pop();
  }
  return index.locate(offset);
}

function indentLines(lines: string[], indent: string, eol: string): string {
  return lines.map((line) => (line ? indent + line : line)).join(eol);
}

/** Insert whole lines after the line holding `offset` (e.g. a statement's end). */
export function insertLinesAfter(
  text: string,
  offset: number,
  lines: string[],
  indent: string,
  style: CodeStyle,
): Splice {
  const at = nextLineStart(text, offset);
  const body = indentLines(lines, indent, style.eol);
  if (at === text.length && !text.endsWith('\n')) return insertAt(at, style.eol + body);
  return insertAt(at, body + style.eol);
}

/** Insert whole lines before the line holding `offset` (e.g. a statement's start). */
export function insertLinesBefore(
  text: string,
  offset: number,
  lines: string[],
  indent: string,
  style: CodeStyle,
): Splice {
  return insertAt(lineStart(text, offset), indentLines(lines, indent, style.eol) + style.eol);
}
