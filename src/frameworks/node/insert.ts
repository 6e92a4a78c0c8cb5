/**
 * Shared placement of the two lines a Node setup file gains: an import of the
 * generated module after the file's last import, and a registration line.
 */
import type { File, Node, Statement } from '@babel/types';
import type { Splice } from '../../edit/splice.js';
import { indentOfLine, insertLinesAfter, insertLinesBefore, lineStart, nextLineStart } from '../../edit/lines.js';
import { importInsertionOffset, importLine, moduleBindings } from '../../edit/js/modules.js';
import { restyle, type CodeStyle } from '../../edit/style.js';

/** `const fastify = require('fastify')({ logger: true })`: a declaration from a require call chain. */
function declaresFromRequire(statement: Statement): boolean {
  if (statement.type !== 'VariableDeclaration') return false;
  return statement.declarations.every((d) => {
    let node: Node | null | undefined = d.init;
    while (node && (node.type === 'CallExpression' || node.type === 'MemberExpression')) {
      if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require')
        return true;
      node = node.type === 'CallExpression' ? node.callee : node.object;
    }
    return false;
  });
}

/**
 * `usedAt`: where the new binding is first used (the registration's offset). ES imports
 * are hoisted; a CommonJS `require` is not, so when the file's requires are interleaved
 * with code the new one goes after the last require above that use (or right above the
 * top-level statement holding it), never below: that would be a ReferenceError at start.
 */
export function importSplice(
  ast: File,
  text: string,
  style: CodeStyle,
  syntax: 'esm' | 'cjs',
  source: string,
  spec: { default?: string; named?: string[] },
  usedAt?: number,
): Splice {
  const line = restyle(importLine(syntax, source, spec), style);
  const { offset, afterStatement } = importInsertionOffset(ast);
  if (syntax === 'cjs' && usedAt !== undefined && afterStatement && offset > usedAt) {
    const holder = ast.program.body.find((s) => (s.start ?? 0) <= usedAt && usedAt <= (s.end ?? 0));
    const limit = holder?.start ?? usedAt;
    const requires = [
      ...moduleBindings(ast)
        .filter((b) => b.kind === 'require')
        .map((b) => b.statement),
      ...ast.program.body.filter(declaresFromRequire),
    ];
    const above = requires.filter((st) => (st.end ?? 0) <= limit).sort((a, b) => (b.end ?? 0) - (a.end ?? 0))[0];
    if (above) return insertLinesAfter(text, above.end ?? 0, [line], '', style);
    if (holder) return insertLinesBefore(text, holder.start ?? 0, [line], indentOfLine(text, holder.start ?? 0), style);
  }
  if (afterStatement) return insertLinesAfter(text, offset, [line], '', style);
  // No imports: first line of the file, then a blank line to separate it from the code.
  return { start: 0, end: 0, text: line + style.eol + (text.startsWith(style.eol) ? '' : style.eol) };
}

/** Lines after the statement ending at `end`, indented like that statement. */
export function linesAfterStatement(
  text: string,
  statementStart: number,
  end: number,
  lines: string[],
  style: CodeStyle,
): Splice {
  return insertLinesAfter(
    text,
    end,
    lines.map((l) => restyle(l, style)),
    indentOfLine(text, statementStart),
    style,
  );
}

/**
 * The registration lines after the anchor step. When the anchor is the app's creation
 * and that is a class field (`private app = express()`), which holds no statements,
 * they go before the first statement that runs after it (the constructor's, or a
 * method it calls); null when nothing runs after it, where the caller refuses.
 */
export function registrationLines(
  text: string,
  anchor: { start: number; end: number; statementStart?: number },
  app: { block: Statement[]; creation: Statement },
  lines: string[],
  style: CodeStyle,
): Splice | null {
  const creation = app.creation as Node;
  const isField = creation.type === 'ClassProperty' || creation.type === 'ClassPrivateProperty';
  if (!isField || anchor.start !== creation.start)
    return linesAfterStatement(text, anchor.statementStart ?? anchor.start, anchor.end, lines, style);
  const next = app.block[app.block.indexOf(app.creation) + 1];
  return next ? linesBeforeStatement(text, next.start ?? 0, lines, style) : null;
}

/** Lines before the statement starting at `start`, indented like it. */
export function linesBeforeStatement(text: string, start: number, lines: string[], style: CodeStyle): Splice {
  return insertLinesBefore(
    text,
    start,
    lines.map((l) => restyle(l, style)),
    indentOfLine(text, start),
    style,
  );
}

/**
 * `--fix-order`: moves a whole statement (its lines, with a trailing comment) to just
 * after another statement, re-indented there. The only edit that removes user lines,
 * and only when the user asked for it.
 */
export function moveStatementAfter(
  text: string,
  moved: { start: number; end: number },
  anchor: { start: number; end: number },
): Splice[] {
  const from = lineStart(text, moved.start);
  const to = nextLineStart(text, moved.end);
  const lines = text
    .slice(from, to)
    .replace(/\r?\n$/, '')
    .split(/\r?\n/);
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
