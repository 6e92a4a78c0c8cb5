/**
 * Parses JS/TS to locate positions. Never used to print: edits are splices.
 * @babel/parser is loaded on first use so commands that do not parse stay fast.
 */
import type { File } from '@babel/types';
import { UserError } from '../../core/errors.js';

type BabelParse = typeof import('@babel/parser').parse;
let parser: BabelParse | null = null;

async function loadParser(): Promise<BabelParse> {
  parser ??= (await import('@babel/parser')).parse;
  return parser;
}

export function isTypeScriptFile(file: string): boolean {
  return /\.(?:ts|mts|cts|tsx)$/.test(file);
}

/**
 * Parses a file; a syntax error becomes a UserError naming file:line, with the
 * lines to add by hand when the caller knows them.
 */
export async function parseJs(text: string, file: string, manual?: string): Promise<File> {
  const known = recent.find((entry) => entry.text === text && entry.file === file);
  if (known) return known.ast;
  const ast = await parseUncached(text, file, manual);
  recent.unshift({ file, text, ast });
  if (recent.length > RECENT_PARSES) recent.pop();
  return ast;
}

// add reads the same few files several times (plan, then verify: parse, scopes, session
// setups, recogniser): the trees are only read, never changed, so the last few are kept.
const RECENT_PARSES = 8;
const recent: { file: string; text: string; ast: File }[] = [];

async function parseUncached(text: string, file: string, manual?: string): Promise<File> {
  const parse = await loadParser();
  const ts = isTypeScriptFile(file);
  const jsx = /\.(?:jsx|tsx)$/.test(file) || (!ts && /\.js$/.test(file));
  try {
    return parse(text, {
      sourceType: 'unambiguous',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      allowUndeclaredExports: true,
      errorRecovery: false,
      // No reader looks at comments through the nodes (walks pass them over); the file's
      // `comments` list stays. Attaching them costs time on well-commented files.
      attachComment: false,
      plugins: [
        ...(ts ? (['typescript', 'decorators-legacy'] as const) : (['decorators-legacy'] as const)),
        ...(jsx ? (['jsx'] as const) : []),
      ],
    });
  } catch (error) {
    if (isStackOverflow(error)) throw tooDeeplyNested(file, manual);
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    // Babel's messages carry the position and sometimes their own full stop.
    const reason = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, '').replace(/\.+$/, '');
    throw new UserError(`${file} does not parse: ${reason}. session-kit edits only files that parse.`, {
      where: { file, line: loc?.line, column: loc ? loc.column + 1 : undefined },
      hint: 'Fix the syntax error and run session-kit again.',
      manual,
      code: 'parse-error',
    });
  }
}

/** The parser (or a recursive walk over its tree) ran out of stack: the file is valid, only too deep. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export function tooDeeplyNested(file: string, manual?: string): UserError {
  return new UserError(
    `${file} is nested too deeply for session-kit to analyse (hundreds of brackets inside one another): it is not a syntax error.`,
    {
      where: { file },
      hint: manual
        ? 'Add the session setup by hand, or move the deeply nested part into a file of its own and run session-kit again.'
        : 'Move the deeply nested part (e.g. a large generated literal) into a file of its own and run session-kit again.',
      manual,
      code: 'too-deeply-nested',
    },
  );
}
