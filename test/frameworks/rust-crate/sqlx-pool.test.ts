/**
 * Which `let` of a function binds a pool the SQL session store can share: only the pool
 * of the chosen store's type, only a binding that holds the pool itself. axum adds its
 * sqlx line condition (the store crates' 0.8), tested here through its `findAppPool`.
 */
import { describe, expect, it } from 'vitest';
import { findAppPool } from '../../../src/frameworks/axum/app-pool.js';
import { findPoolBinding, otherDatabasePool } from '../../../src/frameworks/rust-crate/sqlx-pool.js';
import { parseRust } from '../../../src/edit/rust/parse.js';
import type { RustNode } from '../../../src/edit/rust/syntax-node.js';

async function mainBody(statements: string): Promise<RustNode> {
  const tree = await parseRust(`async fn main() {\n${statements}\n}\n`);
  const fn = tree.rootNode.namedChildren.find((n) => n?.type === 'function_item') as RustNode;
  return fn.childForFieldName('body') as RustNode;
}

async function poolName(statements: string, store: 'postgres' | 'mysql' | 'sqlite' = 'postgres') {
  return findPoolBinding(await mainBody(statements), store)?.name ?? null;
}

describe('findPoolBinding', () => {
  it('finds a pool built by PgPoolOptions and awaited with expect', async () => {
    expect(
      await poolName('let db = PgPoolOptions::new()\n.max_connections(5)\n.connect(&url)\n.await\n.expect("db");'),
    ).toBe('db');
  });

  it('finds a pool behind a sqlx path, unwrapped with ?', async () => {
    expect(await poolName('let pool = sqlx::postgres::PgPool::connect(&url).await?;')).toBe('pool');
  });

  it('trusts a type annotation naming the pool, whatever builds it', async () => {
    expect(await poolName('let pool: sqlx::PgPool = db::connect().await;')).toBe('pool');
    expect(await poolName('let pool: Pool<Postgres> = db::connect().await;')).toBe('pool');
  });

  it('takes a lazily connected pool', async () => {
    expect(await poolName('let pool = PgPool::connect_lazy(&url).unwrap();')).toBe('pool');
  });

  it('ignores a future, a Result and a value that only contains a pool', async () => {
    expect(await poolName('let pool = PgPool::connect(&url);')).toBeNull();
    expect(await poolName('let pool = PgPool::connect(&url).await;')).toBeNull();
    expect(await poolName('let state = AppState::new(PgPool::connect(&url).await?);')).toBeNull();
    expect(await poolName('let pool: AppPool = connect().await;')).toBeNull();
  });

  it('matches the pool type to the store', async () => {
    const pg = 'let pool = PgPool::connect(&url).await.unwrap();';
    expect(await poolName(pg, 'mysql')).toBeNull();
    expect(await poolName('let pool = MySqlPool::connect(&url).await.unwrap();', 'mysql')).toBe('pool');
    expect(await poolName('let pool = SqlitePoolOptions::new().connect(&url).await.unwrap();', 'sqlite')).toBe('pool');
    expect(otherDatabasePool(await mainBody(pg), 'mysql')).toBe('postgres');
    expect(otherDatabasePool(await mainBody(pg), 'postgres')).toBeNull();
  });

  it('takes only plain bindings, not patterns', async () => {
    expect(await poolName('let (pool, _) = (PgPool::connect(&url).await.unwrap(), 1);')).toBeNull();
  });
});

describe('axum findAppPool', () => {
  it('shares only on sqlx 0.8, the sqlx of the store crates (another line has other types)', async () => {
    const body = await mainBody('let pool = PgPool::connect(&url).await.unwrap();');
    const lines = (sqlx: string | null) => ({ sqlx, fred: null });
    expect(findAppPool(body, 'postgres', lines('0.8'), '')?.name).toBe('pool');
    expect(findAppPool(body, 'postgres', lines('0.7'), '')).toBeNull();
    expect(findAppPool(body, 'postgres', lines(null), '')).toBeNull();
  });

  const FRED = 'use fred::prelude::*;\n';
  const fredPool = async (statements: string, fred: string | null = '10.1', file = FRED) =>
    findAppPool(await mainBody(statements), 'redis', { sqlx: null, fred }, `${file}${statements}`)?.name ?? null;

  it('shares a fred 10 pool built by Pool::new or a Builder, unwrapped', async () => {
    expect(await fredPool('let cache = Pool::new(config, None, None, None, 6)?;')).toBe('cache');
    expect(await fredPool('let cache = fred::prelude::Pool::new(config, None, None, None, 6).expect("redis");')).toBe(
      'cache',
    );
    expect(await fredPool('let cache = Builder::from_config(config).build_pool(4).unwrap();')).toBe('cache');
    expect(await fredPool('let cache: Pool = make_pool().await;')).toBe('cache');
    expect(await fredPool('let cache = Pool::new(config, None, None, None, 6)?;', '10')).toBe('cache');
  });

  it('does not share a Result, another fred major, or a Pool of a file that does not use fred', async () => {
    expect(await fredPool('let cache = Pool::new(config, None, None, None, 6);')).toBeNull();
    expect(await fredPool('let cache = Pool::new(config, None, None, None, 6)?;', '9.4')).toBeNull();
    expect(await fredPool('let cache = Pool::new(config, None, None, None, 6)?;', null)).toBeNull();
    expect(await fredPool('let db = Pool::new(manager)?;', '10.1', 'use deadpool_postgres::Pool;\n')).toBeNull();
  });
});
