/**
 * The code of one function a module exports by name (`export function loadUser`,
 * `export const loadUser = (c, next) => {…}`, `exports.loadUser = function…`), found in
 * its text: what a middleware imported from the app's own module does, rather than what
 * anything else in that module does.
 */
import { maskSource, matchingClose } from '../../check/mask.js';
import { escapeIdentifier } from '../regex.js';

function declarationOf(name: string): RegExp {
  const id = escapeIdentifier(name);
  return new RegExp(
    String.raw`(?:^|[;}\n])\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*${id}\s*[(<]|(?:^|[;}\n])\s*(?:export\s+)?(?:const|let|var)\s+${id}\s*(?::[^=;]+)?=|(?<![\w$.])(?:module\s*\.\s*)?exports\s*\.\s*${id}\s*=`,
  );
}

/**
 * The code of the function `name` (comments blanked) from its declaration to the end of
 * its body; null when it is not found.
 */
export function exportedFunctionCode(text: string, name: string): string | null {
  const { code, bare } = maskSource(text);
  const m = declarationOf(name).exec(bare);
  if (!m) return null;
  const from = m.index + m[0].search(/[^\s;}]/);
  const start = m.index + m[0].length;
  // The body is the first `{…}` after the parameters; an arrow without one ends at the line.
  for (let i = start; i < bare.length; i++) {
    const c = bare[i];
    if (c === '(' || c === '[') i = matchingClose(bare, i) - 1;
    else if (c === '{') return code.slice(from, matchingClose(bare, i));
    else if (c === ';' || (c === '\n' && /=>\s*\S/.test(bare.slice(start, i)))) return code.slice(from, i);
  }
  return code.slice(from);
}
