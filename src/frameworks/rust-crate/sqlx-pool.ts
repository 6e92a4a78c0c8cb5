/**
 * A sqlx pool that a function of the app already binds, which a SQL session store can
 * share instead of opening a second pool to the same database. Found only when it is
 * certainly the right value: the pool type of the chosen store, and a `let` binding
 * that holds the pool itself (awaited and unwrapped), not a future or a Result. Which
 * sqlx lines may share is each framework's own condition (its store crates' sqlx).
 */
import type { RustNode } from '../../edit/rust/syntax-node.js';
import type { StoreId } from '../../stores/types.js';
import { rustCode } from '../../edit/rust/code.js';

interface PoolType {
  type: string;
  /** The start of a value that builds the pool (after any `sqlx::postgres::` path). */
  pattern: RegExp;
  /** A type annotation, without spaces, that names the pool. */
  exact: RegExp;
}

const POOL_TYPES: Partial<Record<StoreId, PoolType>> = {
  postgres: {
    type: 'PgPool',
    pattern: /(?:PgPool(?:Options)?|Pool\s*::\s*<\s*(?:sqlx\s*::\s*)?Postgres\s*>)\s*::/,
    exact: /^(?:sqlx::(?:postgres::)?)?(?:PgPool|Pool<(?:sqlx::)?Postgres>)$/,
  },
  mysql: {
    type: 'MySqlPool',
    pattern: /(?:MySqlPool(?:Options)?|Pool\s*::\s*<\s*(?:sqlx\s*::\s*)?MySql\s*>)\s*::/,
    exact: /^(?:sqlx::(?:mysql::)?)?(?:MySqlPool|Pool<(?:sqlx::)?MySql>)$/,
  },
  sqlite: {
    type: 'SqlitePool',
    pattern: /(?:SqlitePool(?:Options)?|Pool\s*::\s*<\s*(?:sqlx\s*::\s*)?Sqlite\s*>)\s*::/,
    exact: /^(?:sqlx::(?:sqlite::)?)?(?:SqlitePool|Pool<(?:sqlx::)?Sqlite>)$/,
  },
};

export interface SqlxPool {
  /** The binding's name, as `pool`. */
  name: string;
  /** sqlx's type of the pool, as `PgPool`. */
  type: string;
  /** The `let` statement that binds it (a direct statement of the function's body). */
  statement: RustNode;
}

/** The value is the pool: `...connect(..).await?`, `.await.unwrap()`, `.expect(..)`, or `connect_lazy(..)?`. */
function holdsPool(value: string): boolean {
  const code = value.replace(/\s+/g, '');
  const unwrapped = /(?:\?|\.unwrap\(\)|\.expect\([\s\S]*\))$/.test(code);
  if (/(?:\.|::)connect_lazy(?:_with)?\(/.test(code)) return unwrapped;
  return /(?:\.|::)connect(?:_with)?\([\s\S]*\)\.await/.test(code) && unwrapped;
}

/** How a pool binding is told: its type, a type annotation naming it, and a value that holds it. */
export interface PoolShape {
  type: string;
  /** A type annotation, without spaces, that names the pool. */
  exact: RegExp;
  /** The masked, trimmed value of an unannotated `let` holds the pool. */
  holds(code: string): boolean;
}

/**
 * The first `let <name> = ...` among the statements of `body` whose annotation names the
 * pool (`let pool: PgPool = ...`: the compiler then holds the value to be the pool) or,
 * unannotated, whose value holds it; a pattern other than a plain name is never taken.
 */
export function findPoolLet(body: RustNode, shape: PoolShape): SqlxPool | null {
  for (const statement of body.namedChildren) {
    if (statement?.type !== 'let_declaration') continue;
    const pattern = statement.childForFieldName('pattern');
    const value = statement.childForFieldName('value');
    if (pattern?.type !== 'identifier' || !value) continue;
    const annotated = statement.childForFieldName('type');
    const found = annotated
      ? shape.exact.test(annotated.text.replace(/\s+/g, ''))
      : shape.holds(rustCode(value.text).trim());
    if (found) return { name: pattern.text, type: shape.type, statement };
  }
  return null;
}

/** The first `let <name> = <pool of the store's type>;` among the statements of `body`, or null. */
export function findPoolBinding(body: RustNode, store: StoreId): SqlxPool | null {
  const pool = POOL_TYPES[store];
  if (!pool) return null;
  // The value must be the pool's constructor chain, e.g.
  // `PgPoolOptions::new().max_connections(5).connect(&url).await?` (not `Db::new(PgPool::connect(..)..)`).
  const start = new RegExp(`^(?:[A-Za-z_][A-Za-z0-9_]*\\s*::\\s*)*(?:${pool.pattern.source})`);
  return findPoolLet(body, {
    type: pool.type,
    exact: pool.exact,
    holds: (code) => start.test(code) && holdsPool(code),
  });
}

/** The SQL store whose pool `body` already binds, when it is not `store` (both may read DATABASE_URL). */
export function otherDatabasePool(body: RustNode, store: StoreId): StoreId | null {
  for (const other of Object.keys(POOL_TYPES) as StoreId[])
    if (other !== store && findPoolBinding(body, other)) return other;
  return null;
}
