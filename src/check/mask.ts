/**
 * A tiny JS/TS lexer for text rules: it blanks comments (and, for `bare`, the
 * contents of strings and templates) with spaces, keeping every offset and newline,
 * so regular expressions over the result never match inside a comment.
 */
import { blankKeepingLines } from '../edit/lines.js';

export interface MaskedSource {
  /** Comments blanked; strings kept. */
  code: string;
  /** Comments and string/template contents blanked; quotes kept. */
  bare: string;
}

const REGEX_PREFIX = /[(,=:[!&|?{};+\-*%<>~^]$/;

/** `/\s/.test(text[i])`, without a regular expression per character. */
function isSpaceAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(text[i]);
}

/** Where a comment or a literal can start. */
const CANDIDATE = /[/"'`]/g;

// The last text masked: check's steps and add's verify mask the same file more than once.
let lastText: string | null = null;
let lastMasked: MaskedSource | null = null;

export function maskSource(text: string): MaskedSource {
  if (text === lastText && lastMasked) return lastMasked;
  let code = '';
  let bare = '';
  // Plain code is copied a run at a time (from `run` to the comment or literal that ends it).
  let run = 0;
  let i = 0;
  const n = text.length;
  let lastSignificant = '';
  while (i < n) {
    // Straight to the next place a comment or literal may start, noting the last
    // non-blank character before it (a `/` after it starts a regex or divides).
    CANDIDATE.lastIndex = i;
    if (!CANDIDATE.test(text)) break;
    const at = CANDIDATE.lastIndex - 1;
    for (let k = at - 1; k >= i; k--) {
      if (!isSpaceAt(text, k)) {
        lastSignificant = text[k];
        break;
      }
    }
    i = at;
    const c = text[i];
    const isSlash = c === '/';
    const next = isSlash ? text[i + 1] : '';
    if (isSlash && next === '/') {
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      const part = blankKeepingLines(text.slice(i, end));
      const plain = text.slice(run, i);
      code += plain + part;
      bare += plain + part;
      i = run = end;
      continue;
    }
    if (isSlash && next === '*') {
      let end = text.indexOf('*/', i + 2);
      end = end === -1 ? n : end + 2;
      const part = blankKeepingLines(text.slice(i, end));
      const plain = text.slice(run, i);
      code += plain + part;
      bare += plain + part;
      i = run = end;
      continue;
    }
    if (c === '"' || c === "'" || c === '`' || (isSlash && REGEX_PREFIX.test(lastSignificant || ';'))) {
      let j = i + 1;
      let inClass = false;
      while (j < n) {
        const d = text[j];
        if (d === '\\') {
          j += 2;
          continue;
        }
        if (c === '/') {
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          else if (d === '\n') break;
        } else if (d === c) break;
        else if (d === '\n' && c !== '`') break;
        j++;
      }
      const end = Math.min(j + 1, n);
      const literal = text.slice(i, end);
      const plain = text.slice(run, i);
      code += plain + literal;
      bare +=
        plain +
        (literal.length >= 2 ? c + blankKeepingLines(literal.slice(1, -1)) + literal[literal.length - 1] : literal);
      lastSignificant = c;
      i = run = end;
      continue;
    }
    if (!isSpaceAt(text, i)) lastSignificant = c;
    i++;
  }
  const plain = text.slice(run, n);
  lastText = text;
  lastMasked = { code: code + plain, bare: bare + plain };
  return lastMasked;
}

/** Offset of the `{` opening the object literal that contains `offset`, or -1. */
export function enclosingBrace(bare: string, offset: number): number {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = bare[i];
    if (c === '}' || c === ')' || c === ']') depth++;
    else if (c === '{' || c === '(' || c === '[') {
      if (depth === 0) return c === '{' ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** Offset just past the bracket matching the one at `open`. */
export function matchingClose(bare: string, open: number): number {
  let depth = 0;
  for (let i = open; i < bare.length; i++) {
    const c = bare[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return bare.length;
}

/** Keys at the top level of the object literal opening at `open` (nested objects skipped). */
export function topLevelKeys(source: MaskedSource, open: number): Map<string, number> {
  const { bare, code } = source;
  const keys = new Map<string, number>();
  const close = matchingClose(bare, open);
  let depth = 0;
  const keyAt = /([A-Za-z_$][\w$]*|'[^']*'|"[^"]*")\s*:/y;
  let expectKey = true;
  for (let i = open + 1; i < close - 1; i++) {
    const c = bare[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (depth === 0 && c === ',') expectKey = true;
    else if (depth === 0 && expectKey && /[A-Za-z_$'"]/.test(c)) {
      keyAt.lastIndex = i;
      const match = keyAt.exec(code);
      if (match) {
        keys.set(match[1].replace(/^['"]|['"]$/g, ''), i);
        i += match[0].length - 1;
      } else {
        // Shorthand property (`{ store }`) or spread: the name still counts as a key.
        const word = /[A-Za-z_$][\w$]*/y;
        word.lastIndex = i;
        const w = word.exec(bare);
        if (w) {
          keys.set(w[0], i);
          i += w[0].length - 1;
        }
      }
      expectKey = false;
    }
  }
  return keys;
}
