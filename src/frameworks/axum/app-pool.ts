/**
 * The app's own pool, bound in `fn main`, that the tower-sessions store can share
 * (finding a sqlx binding: rust-crate/sqlx-pool.ts). axum's own conditions: the app on
 * sqlx 0.8 for the SQL stores, and on fred 10 for redis, the versions the store crates
 * are built on, so the pool types are the same.
 */
import type { RustNode } from '../../edit/rust/syntax-node.js';
import type { StoreId } from '../../stores/types.js';
import { rustCode } from '../../edit/rust/code.js';
import { findPoolBinding, findPoolLet, type SqlxPool } from '../rust-crate/sqlx-pool.js';

export { otherDatabasePool } from '../rust-crate/sqlx-pool.js';

/** The sqlx line tower-sessions-sqlx-store 0.14 and 0.15 are built on. */
export const STORE_SQLX_LINE = '0.8';
/** The fred major tower-sessions-redis-store 0.15 and 0.16 are built on. */
export const STORE_FRED_MAJOR = '10';

export type AppPool = SqlxPool;

/** The app's dependency lines that decide whether its pool is the store's type. */
export interface AppClientLines {
  sqlx: string | null;
  fred: string | null;
}

/** fred's `Pool` (fred 10 names it so, re-exported by its prelude and clients modules). */
const FRED_POOL_TYPE = /^(?:fred::(?:prelude::|clients::)?)?Pool$/;
/** A value that builds a fred pool and unwraps it: `Pool::new(config, None, None, None, 4)?`, `Builder::..build_pool(4).expect(..)`. */
const FRED_POOL_VALUE =
  /^(?:fred\s*::\s*(?:prelude\s*::\s*|clients\s*::\s*)?)?(?:Pool\s*::\s*new\s*\(|Builder\s*::[\s\S]*\.build_pool\s*\()[\s\S]*(?:\?|\.unwrap\(\)|\.expect\([\s\S]*\))$/;

function findFredPool(body: RustNode, fileText: string): AppPool | null {
  // `Pool` alone names fred's only where the file takes it from fred.
  if (!/\buse\s+fred\s*::/.test(rustCode(fileText))) return null;
  return findPoolLet(body, {
    type: 'Pool',
    exact: FRED_POOL_TYPE,
    holds: (code) => FRED_POOL_VALUE.test(code.replace(/\s+/g, ' ')),
  });
}

/** The first `let <name> = <pool of the store's type>;` in `body`, when the app is on the store crates' client versions. */
export function findAppPool(body: RustNode, store: StoreId, lines: AppClientLines, fileText: string): AppPool | null {
  if (store === 'redis') return lines.fred?.split('.')[0] === STORE_FRED_MAJOR ? findFredPool(body, fileText) : null;
  if (lines.sqlx !== STORE_SQLX_LINE) return null;
  return findPoolBinding(body, store);
}
