/**
 * Rust source as the regular expressions of the Rust integrations and check's rules
 * read it: comments blanked with spaces (newlines and offsets kept, so a match maps
 * back to the file), string and character literals kept (`code`) or their contents
 * blanked too (`bare`). A Rust lexer, not the JavaScript one: `'a` is a lifetime, not
 * the start of a string; strings span lines; raw strings (`r#"…"#`) have no escapes;
 * block comments nest.
 */
import type { MaskedSource } from '../../check/mask.js';
import { blankKeepingLines } from '../lines.js';

/** The rest of a string literal, escapes included, to its closing quote. */
const STRING_REST = /[^"\\]*(?:\\[\s\S][^"\\]*)*"/y;

/** Offset just past the literal or comment starting at `i`, or -1 when none starts there. */
function literalEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  // r"…", r#"…"#, br"…", cr"…": the quote and as many #s as opened it end it.
  if (c === 114 /* r */ && !identifierBefore(text, i)) {
    let j = i + 1;
    while (text.charCodeAt(j) === 35 /* # */) j++;
    if (text.charCodeAt(j) !== 34 /* " */) return -1;
    const close = `"${'#'.repeat(j - i - 1)}`;
    const end = text.indexOf(close, j + 1);
    return end === -1 ? text.length : end + close.length;
  }
  if (c === 34 /* " */) {
    STRING_REST.lastIndex = i + 1;
    return STRING_REST.test(text) ? STRING_REST.lastIndex : text.length;
  }
  if (c === 39 /* ' */) {
    // '\n', '\'', '\u{1F600}': an escape, then the closing quote.
    if (text.charCodeAt(i + 1) === 92) {
      const end = text.indexOf("'", i + 3);
      return end === -1 || end - i > 12 ? -1 : end + 1;
    }
    // 'x' (one code point) is a character; 'a, 'static, '_ are lifetimes or labels.
    const width = text.codePointAt(i + 1)! > 0xffff ? 2 : 1;
    return text.charCodeAt(i + 1 + width) === 39 ? i + 2 + width : -1;
  }
  return -1;
}

/** True when the character before `i` continues an identifier (`for` in `letter"…"` is not a raw string). */
function identifierBefore(text: string, i: number): boolean {
  if (i === 0) return false;
  const p = text.charCodeAt(i - 1);
  // b and c prefix byte and C strings (br"…", cr"…") and are taken with the r.
  if ((p === 98 || p === 99) && !identifierBefore(text, i - 1)) return false;
  return (p >= 48 && p <= 57) || (p >= 65 && p <= 90) || (p >= 97 && p <= 122) || p === 95 || p > 127;
}

/** Offset just past the block comment opening at `i` (`/*`), counting nested ones. */
function blockCommentEnd(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text.startsWith('/*', j)) {
      depth++;
      j += 2;
    } else if (text.startsWith('*/', j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return text.length;
}

/** A literal with what lies between its quotes blanked (`"…"`, `'x'`, `r#"…"#`: the `r#"` and `"#` kept). */
function bareLiteral(literal: string): string {
  const open = literal.search(/["']/);
  const close = literal.lastIndexOf(literal[open]);
  if (close <= open) return literal;
  return literal.slice(0, open + 1) + blankKeepingLines(literal.slice(open + 1, close)) + literal.slice(close);
}

/** Where a comment or literal can start: `/`, a quote, or an `r` (a raw string's prefix). */
const CANDIDATE = /[/"'r]/g;

// The last text read: the Rust integrations and check's rules mask the same file more than once.
let lastText: string | null = null;
let lastMasked: MaskedSource = { code: '', bare: '' };

/** The text masked both ways, offsets kept. */
export function maskRust(text: string): MaskedSource {
  if (text === lastText) return lastMasked;
  let code = '';
  let bare = '';
  // Plain code is copied a run at a time, up to the comment or literal that ends it.
  let run = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Straight to the next place a comment or literal may start: a loop over every
    // character made V8 optimise this function on each long file (tens of ms of compiling).
    CANDIDATE.lastIndex = i;
    if (!CANDIDATE.test(text)) break;
    i = CANDIDATE.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47 || next === 42 /* * */) {
        let end = next === 42 ? blockCommentEnd(text, i) : text.indexOf('\n', i);
        if (end === -1) end = n;
        const plain = text.slice(run, i);
        const part = blankKeepingLines(text.slice(i, end));
        code += plain + part;
        bare += plain + part;
        i = run = end;
        continue;
      }
    } else if (c === 34 || c === 39 || c === 114) {
      const end = literalEnd(text, i);
      if (end !== -1) {
        const plain = text.slice(run, i);
        const literal = text.slice(i, end);
        code += plain + literal;
        bare += plain + bareLiteral(literal);
        i = run = end;
        continue;
      }
    }
    i++;
  }
  const plain = text.slice(run);
  lastText = text;
  lastMasked = { code: code + plain, bare: bare + plain };
  return lastMasked;
}

/** Code without comments (offsets kept); literals as written. */
export function rustCode(text: string): string {
  return maskRust(text).code;
}
