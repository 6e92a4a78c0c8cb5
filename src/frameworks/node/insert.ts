/**
 * Shared placement of the two lines a Node setup file gains: an import of the
 * generated module after the file's last import, and a registration line.
 */
import type { File } from '@babel/types';
import type { Splice } from '../../edit/splice.js';
import { indentOfLine, insertLinesAfter, insertLinesBefore, lineStart, nextLineStart } from '../../edit/lines.js';
import { importInsertionOffset, importLine } from '../../edit/js/modules.js';
import { restyle, type CodeStyle } from '../../edit/style.js';

export function importSplice(ast: File, text: string, style: CodeStyle, syntax: 'esm' | 'cjs', source: string, spec: { default?: string; named?: string[] }): Splice {
  const line = restyle(importLine(syntax, source, spec), style);
  const { offset, afterStatement } = importInsertionOffset(ast);
  if (afterStatement) return insertLinesAfter(text, offset, [line], '', style);
  // No imports: first line of the file, then a blank line to separate it from the code.
  return { start: 0, end: 0, text: line + style.eol + (text.startsWith(style.eol) ? '' : style.eol) };
}

/** Lines after the statement ending at `end`, indented like that statement. */
export function linesAfterStatement(text: string, statementStart: number, end: number, lines: string[], style: CodeStyle): Splice {
  return insertLinesAfter(text, end, lines.map((l) => restyle(l, style)), indentOfLine(text, statementStart), style);
}

/** Lines before the statement starting at `start`, indented like it. */
export function linesBeforeStatement(text: string, start: number, lines: string[], style: CodeStyle): Splice {
  return insertLinesBefore(text, start, lines.map((l) => restyle(l, style)), indentOfLine(text, start), style);
}

/**
 * `--fix-order`: moves a whole statement (its lines, with a trailing comment) to just
 * after another statement, re-indented there. The only edit that removes user lines,
 * and only when the user asked for it.
 */
export function moveStatementAfter(text: string, moved: { start: number; end: number }, anchor: { start: number; end: number }): Splice[] {
  const from = lineStart(text, moved.start);
  const to = nextLineStart(text, moved.end);
  const lines = text.slice(from, to).replace(/\r?\n$/, '').split(/\r?\n/);
  const oldIndent = indentOfLine(text, moved.start);
  const newIndent = indentOfLine(text, anchor.start);
  const body = lines.map((line) => (line.startsWith(oldIndent) ? newIndent + line.slice(oldIndent.length) : line));
  const eol = text.slice(from, to).includes('\r\n') ? '\r\n' : '\n';
  const at = nextLineStart(text, anchor.end);
  return [
    { start: from, end: to, text: '' },
    { start: at, end: at, text: body.join(eol) + eol },
  ];
}
