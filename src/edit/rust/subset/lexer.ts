/**
 * Rust tokens for the quick parser. It knows a deliberately small part of the
 * language (ASCII words, plain strings, decimal integers, comments, punctuation);
 * anything else throws Unsupported and the caller falls back to tree-sitter.
 */
export class Unsupported extends Error {
  constructor(
    readonly at: number,
    why: string,
  ) {
    super(why);
  }
}

export type TokenKind = 'word' | 'string' | 'integer' | 'char' | 'lifetime' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

export interface Comment {
  type: 'line_comment' | 'block_comment';
  start: number;
  end: number;
}

const INTEGER_SUFFIX = /^(?:[ui](?:8|16|32|64|128|size))$/;
/** Punctuation that is one token of two characters; the rest is lexed a character at a time. */
const PAIRS = new Set(['::', '->', '=>']);

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** End of the string literal opening at `start`; only escapes Rust defines are accepted. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    i = skip(STRING_PLAIN, text, i);
    const c = text[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== undefined && 'nrt\\0\'"'.includes(next)) i += 2;
      else if (next === '\n') i += 2;
      else if (next === 'x' && /^[0-7][0-9a-fA-F]$/.test(text.slice(i + 2, i + 4))) i += 4;
      else if (next === 'u') {
        const m = /^\{[0-9a-fA-F]{1,6}\}/.exec(text.slice(i + 2, i + 10));
        if (!m) throw new Unsupported(i, 'unicode escape');
        i += 2 + m[0].length;
      } else throw new Unsupported(i, 'escape');
      continue;
    }
    i++;
  }
  throw new Unsupported(start, 'unterminated string');
}

/**
 * End of the block comment opening at `start`, found the way tree-sitter-rust's
 * scanner finds it: a `/` right after another `/` does not open a nested comment.
 */
function blockCommentEnd(text: string, start: number): number {
  let depth = 1;
  let state: 'continuing' | 'slash' | 'asterisk' = 'continuing';
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (state === 'slash') {
      if (c === '*') depth++;
      state = 'continuing';
    } else if (state === 'asterisk') {
      if (c === '/') depth--;
      state = c === '*' ? 'asterisk' : 'continuing';
    } else if (c === '/') state = 'slash';
    else if (c === '*') state = 'asterisk';
    if (depth === 0) return i + 1;
  }
  throw new Unsupported(start, 'unterminated block comment');
}

/** `///` and `//!` comments are doc comments: tree-sitter's node then ends after the newline. */
function lineCommentEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  const lineEnd = newline < 0 ? text.length : newline;
  const isDoc = (text.startsWith('///', start) && !text.startsWith('////', start)) || text.startsWith('//!', start);
  return isDoc && newline >= 0 ? newline + 1 : lineEnd;
}

// Runs are consumed by sticky regular expressions: a loop over every character made V8
// optimise tokenize on each file of a few kilobytes (tens of ms of compiling, more than it saved).
const SPACE = /[ \t\n\r]*/y;
const WORD = /[A-Za-z0-9_]*/y;
const DIGITS = /[0-9_]*/y;
const STRING_PLAIN = /[^"\\]*/y;

/** The end of the run `pattern` matches at `i` (`i` itself when it matches nothing). */
function skip(pattern: RegExp, text: string, i: number): number {
  pattern.lastIndex = i;
  pattern.test(text);
  return pattern.lastIndex;
}

export function tokenize(text: string): { tokens: Token[]; comments: Comment[] } {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i = skip(SPACE, text, i);
      continue;
    }
    const start = i;
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      i = lineCommentEnd(text, i);
      comments.push({ type: 'line_comment', start, end: i });
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      i = blockCommentEnd(text, i);
      comments.push({ type: 'block_comment', start, end: i });
      continue;
    }
    if (isWordStart(c)) {
      i = skip(WORD, text, i);
      // Prefixed and raw literals (b"", r#"", c"") and raw identifiers (r#x).
      const after = text.charCodeAt(i);
      if (after === 34 || after === 39 || after === 35) throw new Unsupported(i, 'prefixed literal');
      tokens.push({ kind: 'word', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (isDigit(c)) {
      i = skip(DIGITS, text, i);
      const suffixStart = i;
      i = skip(WORD, text, i);
      const suffix = text.slice(suffixStart, i);
      // A tuple index before a method or field (`row.0.len()`) is an integer; anything else with a dot, a float.
      const previous = tokens[tokens.length - 1];
      const tupleIndex =
        !suffix && previous?.text === '.' && previous.end === start && isWordStart(text.charCodeAt(i + 1));
      if ((suffix && !INTEGER_SUFFIX.test(suffix)) || (text[i] === '.' && !tupleIndex))
        throw new Unsupported(start, 'number');
      tokens.push({ kind: 'integer', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === 34) {
      i = stringEnd(text, i);
      if (isWordChar(text.charCodeAt(i))) throw new Unsupported(i, 'literal suffix');
      tokens.push({ kind: 'string', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === 39) {
      // 'x' and '\n' (a char literal) or 'name (a lifetime); other quotes are left to tree-sitter.
      const char = /^'(?:[ -&(-[\]-~]|\\[nrt0\\'"])'/.exec(text.slice(i, i + 4));
      const lifetime = /^'[A-Za-z_][A-Za-z0-9_]*(?!['A-Za-z0-9_])/.exec(text.slice(i, i + 64));
      if (char) {
        i += char[0].length;
        tokens.push({ kind: 'char', text: char[0], start, end: i });
      } else if (lifetime && lifetime[0].length < 64) {
        i += lifetime[0].length;
        tokens.push({ kind: 'lifetime', text: lifetime[0], start, end: i });
      } else throw new Unsupported(i, 'quote');
      if (isWordChar(text.charCodeAt(i))) throw new Unsupported(i, 'literal suffix');
      continue;
    }
    // `$` metavariables, backslashes and non-ASCII are left to tree-sitter.
    if (c > 126 || c < 32 || c === 36 || c === 92 || c === 96) throw new Unsupported(i, 'character');
    const pair = text.slice(i, i + 2);
    const punct = PAIRS.has(pair) ? pair : text[i];
    i += punct.length;
    tokens.push({ kind: 'punct', text: punct, start, end: i });
  }
  return { tokens, comments };
}
