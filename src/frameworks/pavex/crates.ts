/**
 * Which crates and `from![...]` modules each store needs (checked against the
 * crates published on crates.io, release 0.2.10).
 */
import type { StoreId } from '../../stores/types.js';

export interface StoreCrates {
  /** The store crate, added at the app's pavex version. */
  crate: string;
  features: string[];
  /** Module to import into the blueprint with `from![...]`. */
  module: string;
  /** sqlx backend, for the stores that need a pool. */
  sqlx: 'postgres' | 'mysql' | 'sqlite' | null;
  /** First pavex version that ships the store crate. */
  since: string;
}

export const PAVEX_STORES: Record<StoreId, StoreCrates> = {
  memory: { crate: 'pavex_session_memory_store', features: [], module: 'pavex_session_memory_store', sqlx: null, since: '0.2.0' },
  postgres: { crate: 'pavex_session_sqlx', features: ['postgres'], module: 'pavex_session_sqlx::postgres', sqlx: 'postgres', since: '0.2.0' },
  mysql: { crate: 'pavex_session_sqlx', features: ['mysql'], module: 'pavex_session_sqlx::mysql', sqlx: 'mysql', since: '0.2.0' },
  sqlite: { crate: 'pavex_session_sqlx', features: ['sqlite'], module: 'pavex_session_sqlx::sqlite', sqlx: 'sqlite', since: '0.2.0' },
  redis: { crate: 'pavex_session_redis', features: [], module: 'pavex_session_redis', sqlx: null, since: '0.2.5' },
};

/** sqlx as the app needs it to build its own pool: the same major as pavex_session_sqlx, with a runtime. */
export const SQLX = { name: 'sqlx', version: '0.8', runtime: 'runtime-tokio-rustls' };

/** redis as pavex_session_redis 0.2.x uses it (its ConnectionManager type must be the same). */
export const REDIS = { name: 'redis', version: '0.31', features: ['tokio-comp', 'connection-manager'] };

/** The session cookie's name unless the configuration says otherwise. */
export const DEFAULT_SESSION_COOKIE = 'id';
