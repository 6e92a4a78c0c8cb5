/**
 * The options object of each session setup, read from masked text (no second parse):
 * the object literal given to the session factory (`session({...})`,
 * `createSession({...}, app)`) or to `register(fastifySession, {...})`, or the object a
 * local or exported constant holds (`const sessionOptions = {...}`). The rules about
 * session options (save-uninitialized, trust proxy, TTLs) read these.
 */
import { matchingClose, topLevelKeys } from './mask.js';
import { textBindings } from './imports.js';
import type { SessionSetup } from './session-setups.js';
import type { SourceFile } from './sources.js';
import { STORE_MODULES, storeModule } from './store-facts.js';
import type { RuleContext } from './types.js';
import { escapeIdentifier } from '../edit/regex.js';

/** An object literal in a source file. */
export interface ObjectLiteral {
  source: SourceFile;
  /** Offset of its `{`. */
  open: number;
  /** Its top-level keys and their offsets. */
  keys: Map<string, number>;
}

export interface SessionOptions extends ObjectLiteral {
  setup: SessionSetup;
}

export function objectAt(source: SourceFile, open: number): ObjectLiteral {
  return { source, open, keys: topLevelKeys(source.masked, open) };
}

/** `new Store(...)` (or `Store.create(...)`) with its options object, null when it has none. */
export interface StoreConstruction {
  at: number;
  options: ObjectLiteral | null;
}

/**
 * A number written in the source: digits (with `_`), + - * / and parentheses, and local
 * constants holding such expressions (`const MAX_AGE = 1000 * 60 * 60`). null otherwise.
 */
export function numberValue(source: SourceFile, text: string, depth = 0): number | null {
  const expanded = text.replace(/[A-Za-z_$][\w$]*/g, (name) => {
    if (depth >= 2) return 'NaN';
    const match = DECLARATION(name).exec(source.masked.code);
    if (!match) return 'NaN';
    const start = match.index + match[0].length;
    const value = /^[^,;\n]+/.exec(source.masked.code.slice(start))?.[0] ?? '';
    const n = numberValue(source, value.trim(), depth + 1);
    return n === null ? 'NaN' : `(${n})`;
  });
  if (!/^[\d_.\s*+\-/()]+$/.test(expanded)) return null;
  const tokens = expanded.replace(/_/g, '').match(/\d+(?:\.\d+)?|[-+*/()]/g) ?? [];
  let i = 0;
  const primary = (): number => {
    const t = tokens[i++];
    if (t === '(') {
      const v = sum();
      i++;
      return v;
    }
    if (t === '-') return -primary();
    return Number(t);
  };
  const product = (): number => {
    let v = primary();
    while (tokens[i] === '*' || tokens[i] === '/') v = tokens[i++] === '*' ? v * primary() : v / primary();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (tokens[i] === '+' || tokens[i] === '-') v = tokens[i++] === '+' ? v + product() : v - product();
    return v;
  };
  const value = sum();
  return i === tokens.length && Number.isFinite(value) ? value : null;
}

const cache = new WeakMap<RuleContext, SessionOptions[]>();

/** Offset after whitespace from `at`. */
function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Offsets of the top-level arguments of the call whose `(` is at `open`. */
export function argumentStarts(bare: string, open: number): number[] {
  const close = matchingClose(bare, open) - 1;
  const starts = [skipSpace(bare, open + 1)];
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const c = bare[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) starts.push(skipSpace(bare, i + 1));
  }
  return starts.filter((s) => s < close);
}

/** The `(` of the call's own arguments: the last of `f(...)(...)` chains such as `require('x')({...})`. */
export function callArguments(bare: string, start: number): number {
  let open = bare.indexOf('(', start);
  while (open !== -1) {
    const after = skipSpace(bare, matchingClose(bare, open));
    if (bare[after] !== '(') return open;
    open = after;
  }
  return -1;
}

const DECLARATION = (name: string) =>
  new RegExp(`(?<![\\w$.])(?:const|let|var)\\s+${escapeIdentifier(name)}\\s*(?::[^=]+)?=(?![=>])\\s*`);

/** The object literal `name` is declared with, in this file or another session file (an exported constant). */
export function declaredObject(
  ctx: RuleContext,
  source: SourceFile,
  name: string,
): { source: SourceFile; open: number } | null {
  for (const candidate of [source, ...ctx.sessionFiles.filter((s) => s.file !== source.file)]) {
    const match = DECLARATION(name).exec(candidate.masked.code);
    if (!match) continue;
    const at = match.index + match[0].length;
    return candidate.masked.bare[at] === '{' ? { source: candidate, open: at } : null;
  }
  return null;
}

function optionsOf(ctx: RuleContext, setup: SessionSetup): SessionOptions | null {
  const source = ctx.sources.get(setup.file);
  if (!source) return null;
  const { bare } = source.masked;
  const open = callArguments(bare, setup.start);
  if (open === -1) return null;
  const args = argumentStarts(bare, open);
  // `app.register(fastifySession, {...})`: the options are the second argument.
  const arg = /\bregister\s*$/.test(bare.slice(setup.start, open)) ? args[1] : args[0];
  if (arg === undefined) return null;
  let found: { source: SourceFile; open: number } | null = null;
  if (bare[arg] === '{') found = { source, open: arg };
  else {
    const name = /^[A-Za-z_$][\w$]*(?![\w$.(])/.exec(bare.slice(arg, arg + 100))?.[0];
    if (name) found = declaredObject(ctx, source, name);
  }
  if (!found) return null;
  return { setup, ...found, keys: topLevelKeys(found.source.masked, found.open) };
}

/** The options object of every session setup whose options session-kit can read. */
export function sessionOptions(ctx: RuleContext): SessionOptions[] {
  let out = cache.get(ctx);
  if (!out) {
    out = ctx.sessionSetups.flatMap((setup) => optionsOf(ctx, setup) ?? []);
    cache.set(ctx, out);
  }
  return out;
}

/** The value text of `key` in the options (up to the next top-level comma or the close), or null. */
export function optionValue(options: ObjectLiteral, key: string): { text: string; at: number } | null {
  const at = options.keys.get(key);
  if (at === undefined) return null;
  const { code, bare } = options.source.masked;
  const colon = /^[\w$'"]+\s*:\s*/.exec(code.slice(at));
  if (!colon) return { text: key, at };
  const start = at + colon[0].length;
  let depth = 0;
  let i = start;
  for (; i < bare.length; i++) {
    const c = bare[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) break;
  }
  return { text: code.slice(start, i).trim(), at: start };
}

/** The nested object literal a key holds (`cookie: {...}`), as options of its own. */
export function nestedObject<T extends ObjectLiteral>(options: T, key: string): T | null {
  const value = optionValue(options, key);
  if (!value || options.source.masked.bare[value.at] !== '{') return null;
  return { ...options, open: value.at, keys: topLevelKeys(options.source.masked, value.at) };
}

/**
 * The persistent store package the session files import (connect-pg-simple, connect-redis...),
 * when the options name a store that is not an in-process one; null otherwise.
 */
export function persistentStore(ctx: RuleContext, options: SessionOptions): string | null {
  const store = optionValue(options, 'store');
  if (!store || /^(?:undefined|null)$|MemoryStore|memory/i.test(store.text)) return null;
  const files = [options.source, ...ctx.sessionFiles.filter((s) => s.file !== options.source.file)];
  for (const file of files) {
    for (const binding of textBindings(file.masked)) {
      const facts = storeModule(binding.source);
      if (facts && !facts.memory) return binding.source;
    }
  }
  return null;
}

export const PERSISTENT_STORES = STORE_MODULES.filter((s) => !s.memory).map((s) => s.package);

/** A store's constructions in this file: `new X(` for the class a binding gives, directly or through `X = factory(session)`. */
export function storeConstructions(ctx: RuleContext, source: SourceFile, locals: string[]): StoreConstruction[] {
  const { code, bare } = source.masked;
  const classes = new Set(locals);
  for (const local of locals) {
    const derived = new RegExp(`(?:const|let|var)\\s+([\\w$]+)\\s*=\\s*${escapeIdentifier(local)}\\s*\\(`, 'g');
    for (const m of code.matchAll(derived)) classes.add(m[1]);
  }
  const out: StoreConstruction[] = [];
  for (const name of classes) {
    const create = new RegExp(
      `\\bnew\\s+${escapeIdentifier(name)}\\s*\\(|(?<![\\w$.])${escapeIdentifier(name)}\\.create\\s*\\(`,
      'g',
    );
    for (const m of bare.matchAll(create)) {
      const open = (m.index ?? 0) + m[0].length - 1;
      const arg = argumentStarts(bare, open)[0];
      let options: ObjectLiteral | null = null;
      if (arg !== undefined && bare[arg] === '{') options = objectAt(source, arg);
      else if (arg !== undefined) {
        const ref = /^[A-Za-z_$][\w$]*/.exec(bare.slice(arg, arg + 100))?.[0];
        const found = ref ? declaredObject(ctx, source, ref) : null;
        if (found) options = objectAt(found.source, found.open);
        else if (ref) continue; // options read at run time: nothing to say
      }
      out.push({ at: m.index ?? 0, options });
    }
  }
  return out;
}
