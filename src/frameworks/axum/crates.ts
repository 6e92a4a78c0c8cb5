/**
 * Which tower-sessions crates go with which axum, checked against the crates.io index
 * (2026-12). The store crates follow tower-sessions-core, not tower-sessions: the
 * newest sqlx and redis stores (0.15 and 0.16) are built on tower-sessions-core 0.14,
 * so an axum 0.8 app gets tower-sessions 0.14 (0.15 has no store yet, and axum-login
 * 0.18 uses 0.14 too); axum 0.7 (axum-core 0.4) gets tower-sessions 0.13 with the
 * stores built on core 0.13.
 */
import type { StoreId } from '../../stores/types.js';

export interface AxumLine {
  /** axum minor line, as `0.8`. */
  axum: string;
  towerSessions: string;
  sqlxStore: string;
  redisStore: string;
}

export const AXUM_LINES: AxumLine[] = [
  { axum: '0.8', towerSessions: '0.14', sqlxStore: '0.15', redisStore: '0.16' },
  { axum: '0.7', towerSessions: '0.13', sqlxStore: '0.14', redisStore: '0.15' },
];

/** What a store adds to Cargo.toml besides tower-sessions. */
export function storeCrate(
  line: AxumLine,
  store: StoreId,
): { name: string; version: string; features: string[] } | null {
  switch (store) {
    case 'memory':
      return null;
    case 'redis':
      return { name: 'tower-sessions-redis-store', version: line.redisStore, features: [] };
    default:
      return { name: 'tower-sessions-sqlx-store', version: line.sqlxStore, features: [store] };
  }
}

export const DOTENVY = { name: 'dotenvy', version: '0.15' };

/** The stores whose table needs the expired-session deletion task. */
export const SQL_STORES: readonly StoreId[] = ['postgres', 'mysql', 'sqlite'];
