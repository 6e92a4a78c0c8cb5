/**
 * The app's own sqlx pool, bound in `fn main`, that the tower-sessions SQL store can
 * share (finding the binding: rust-crate/sqlx-pool.ts). axum's own condition: the app
 * on sqlx 0.8, the sqlx the store crates are built on, so the pool types are the same.
 */
import type { RustNode } from '../../edit/rust/syntax-node.js';
import type { StoreId } from '../../stores/types.js';
import { findPoolBinding, type SqlxPool } from '../rust-crate/sqlx-pool.js';

export { otherDatabasePool } from '../rust-crate/sqlx-pool.js';

/** The sqlx line tower-sessions-sqlx-store 0.14 and 0.15 are built on. */
export const STORE_SQLX_LINE = '0.8';

export type AppPool = SqlxPool;

/** The first `let <name> = <pool of the store's type>;` in `body`, when the app is on the store crates' sqlx. */
export function findAppPool(body: RustNode, store: StoreId, sqlxLine: string | null): AppPool | null {
  if (sqlxLine !== STORE_SQLX_LINE) return null;
  return findPoolBinding(body, store);
}
