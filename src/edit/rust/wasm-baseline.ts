/**
 * Compiles WebAssembly so that it stays on V8's baseline compiler (Liftoff). By
 * default V8 also optimises hot wasm functions with TurboFan on background
 * threads; the Rust grammar's lexer is one huge function, and a run that parses a
 * few files then waits 60-90 ms at exit for an optimisation it never uses
 * (`npm run bench`, Rust fixtures). Baseline code parses our files just as fast.
 *
 * The tiering budget (no implied flags) is raised only while a module compiles and
 * then set back to V8's default. Both matter: V8 keys compiled-code caches (ours,
 * and Node's for its own modules) by a hash of the flags that differ from their
 * defaults, so flags that stay changed would make every cache miss (a V8 with
 * another default would only rewrite our cache on each run that parses Rust: speed, not
 * results; test/commands/compile-cache.test.ts fails on such a Node).
 */
// node:v8 is loaded when a module compiles, not with this file: loading it (and the heap
// utilities it brings) cost every Pavex check a few ms, parsed by tree-sitter or not.
// (require, not import(): the CLI's bundles run as vm scripts, which resolve no import()).
import { createRequire } from 'node:module';

type V8 = typeof import('node:v8');
let v8: V8 | null = null;

/**
 * V8's default --wasm-tiering-budget, as `node --v8-options` prints it: 1800000 on
 * Node 20 (V8 11), 13000000 on Node 22, 24 and 26 (V8 12 to 14).
 * test/edit/rust/wasm-baseline.test.ts compares it with the running Node's.
 */
export function defaultTieringBudget(v8Version = process.versions.v8): number {
  return Number(v8Version.split('.')[0]) >= 12 ? 13_000_000 : 1_800_000;
}
const NEVER = 2_000_000_000;

let compiling = 0;

/** A budget set on the command line or in NODE_OPTIONS is the user's choice: left alone. */
export function budgetSetByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('wasm-tiering-budget'));
}

export async function withBaselineWasm<T>(compile: () => Promise<T>): Promise<T> {
  if (budgetSetByUser()) return compile();
  const flags = (v8 ??= createRequire(import.meta.url)('node:v8') as V8);
  if (compiling++ === 0) flags.setFlagsFromString(`--wasm-tiering-budget=${NEVER}`);
  try {
    return await compile();
  } finally {
    if (--compiling === 0) flags.setFlagsFromString(`--wasm-tiering-budget=${defaultTieringBudget()}`);
  }
}
