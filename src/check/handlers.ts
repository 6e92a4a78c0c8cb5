/**
 * Function bodies around an offset, read from masked text (no parser): what the rules
 * about request handlers (login, redirect) call "the handler". A body is a `{` after
 * `=>` or after a parameter list (`function (req, res) {`, a method), not after
 * `if (…)`, `for (…)` and the like.
 */
import { matchingClose } from './mask.js';

const CONTROL = /(?:^|[^\w$.])(?:if|for|while|switch|catch|with)\s*$/;

/** Offset of the `(` matching the `)` at `close`, or -1. */
function openingParen(bare: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = bare[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return c === '(' ? i : -1;
    }
  }
  return -1;
}

function isFunctionBody(bare: string, open: number): boolean {
  let i = open - 1;
  while (i >= 0 && /\s/.test(bare[i])) i--;
  if (bare[i] === '>' && bare[i - 1] === '=') return true;
  if (bare[i] !== ')') {
    // A return type annotation: `(req): Promise<void> {`.
    const from = Math.max(0, open - 120);
    const typed = /\)\s*:\s*[\w$<>[\]|.,\s]+$/.exec(bare.slice(from, open));
    if (!typed) return false;
    i = from + typed.index;
  }
  const paren = openingParen(bare, i);
  return paren !== -1 && !CONTROL.test(bare.slice(Math.max(0, paren - 12), paren));
}

export interface FunctionBody {
  /** Offset of its `{` and just past its `}`. */
  open: number;
  close: number;
}

/** The function bodies holding `offset`, innermost first. */
export function enclosingFunctions(bare: string, offset: number): FunctionBody[] {
  const out: FunctionBody[] = [];
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = bare[i];
    if (c === '}' || c === ')' || c === ']') depth++;
    else if (c === '{' || c === '(' || c === '[') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (c === '{' && isFunctionBody(bare, i)) out.push({ open: i, close: matchingClose(bare, i) });
    }
  }
  return out;
}
