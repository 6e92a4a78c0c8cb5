/**
 * Which crates and `from![...]` modules each store needs, checked against the
 * crates.io index (pavex 0.2.1 to 0.2.10): pavex_session_redis starts at 0.2.7,
 * and pavex_session_sqlx has no 0.2.5 or 0.2.6 release.
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
  /** Releases of pavex for which the store crate was not published. */
  missing: string[];
}

export const PAVEX_STORES: Record<StoreId, StoreCrates> = {
  memory: {
    crate: 'pavex_session_memory_store',
    features: [],
    module: 'pavex_session_memory_store',
    sqlx: null,
    since: '0.2.1',
    missing: [],
  },
  postgres: {
    crate: 'pavex_session_sqlx',
    features: ['postgres'],
    module: 'pavex_session_sqlx::postgres',
    sqlx: 'postgres',
    since: '0.2.1',
    missing: ['0.2.5', '0.2.6'],
  },
  mysql: {
    crate: 'pavex_session_sqlx',
    features: ['mysql'],
    module: 'pavex_session_sqlx::mysql',
    sqlx: 'mysql',
    since: '0.2.1',
    missing: ['0.2.5', '0.2.6'],
  },
  sqlite: {
    crate: 'pavex_session_sqlx',
    features: ['sqlite'],
    module: 'pavex_session_sqlx::sqlite',
    sqlx: 'sqlite',
    since: '0.2.1',
    missing: ['0.2.5', '0.2.6'],
  },
  redis: {
    crate: 'pavex_session_redis',
    features: [],
    module: 'pavex_session_redis',
    sqlx: null,
    since: '0.2.7',
    missing: [],
  },
};

/** sqlx as the app needs it to build its own pool: the same major as pavex_session_sqlx, with a runtime. */
export const SQLX = { name: 'sqlx', version: '0.8', runtime: 'runtime-tokio-rustls' };

/** redis as pavex_session_redis 0.2.x uses it (its ConnectionManager type must be the same). */
export const REDIS = { name: 'redis', version: '0.31', features: ['tokio-comp', 'connection-manager'] };

/** The session cookie's name unless the configuration says otherwise. */
export const DEFAULT_SESSION_COOKIE = 'id';
