/**
 * What each session store adds to an actix-web 4 app's Cargo.toml, checked with cargo
 * against the crates.io index (2026-12). actix-session 0.11 ships the Redis and cookie
 * stores behind features; memory, postgres, mysql and sqlite are generated modules
 * (templates/actix-web/stores/) whose crates are listed here. Test:
 * test/frameworks/actix-web/stores.test.ts builds the templates with exactly these crates.
 */
import type { StoreId } from '../../stores/types.js';

export interface CrateSpec {
  name: string;
  version: string;
  features: string[];
  /** Written as `default-features = false` (sqlx: no macros, migrations or `any` driver to build). */
  noDefaultFeatures?: boolean;
  /** The lines an app may already declare and keep (default: the line of `version`). */
  lines?: readonly string[];
}

/** actix-session 0.11 needs actix-web 4 (its MSRV is 1.80). */
export const ACTIX_SESSION_VERSION = '0.11';

/** actix-session with the feature that builds the store it ships, if any. */
export function actixSessionCrate(store: StoreId): CrateSpec {
  return {
    name: 'actix-session',
    version: ACTIX_SESSION_VERSION,
    features: store === 'redis' ? ['redis-session'] : [],
  };
}

/** The stores whose `SessionStore` session-kit generates into the app (`src/session_store.rs`). */
export const GENERATED_STORES: readonly StoreId[] = ['memory', 'postgres', 'mysql', 'sqlite'];

/** The template a generated store is written from, relative to templates/. */
export function actixStoreTemplate(store: StoreId): string | null {
  return GENERATED_STORES.includes(store) ? `actix-web/stores/${store}.rs` : null;
}

/** sqlx 0.8 for an app without sqlx: 0.9 needs Rust 1.94 and most apps with a pool are on 0.8. */
export const SQLX_VERSION = '0.8';

/**
 * The sqlx lines the SQL templates compile with: an app that already has one of them
 * keeps it (with these features added), since `from_pool` takes that sqlx's pool type.
 */
export const SQLX_LINES: readonly string[] = ['0.8', '0.9'];

/**
 * sqlx on actix's tokio runtime; the servers over rustls with the webpki roots (no
 * system OpenSSL), so a `sslmode=require` URL connects. A SQLite file needs no TLS.
 */
function sqlxFeatures(store: 'postgres' | 'mysql' | 'sqlite'): string[] {
  return store === 'sqlite' ? ['runtime-tokio', 'sqlite'] : ['runtime-tokio', 'tls-rustls', store];
}

// The trait's `update_ttl`/`delete` return `anyhow::Error`, which the module names.
const ANYHOW: CrateSpec = { name: 'anyhow', version: '1', features: [] };
// Session state is stored as JSON text, as actix-session's Redis store does.
const SERDE_JSON: CrateSpec = { name: 'serde_json', version: '1', features: [] };

/**
 * Crates a store's module needs besides actix-web and actix-session: none for the
 * stores actix-session ships (redis, cookie).
 */
export function actixStoreCrates(store: StoreId): CrateSpec[] {
  switch (store) {
    case 'redis':
      return [];
    case 'memory':
      return [ANYHOW];
    case 'postgres':
    case 'mysql':
    case 'sqlite':
      return [
        ANYHOW,
        SERDE_JSON,
        {
          name: 'sqlx',
          version: SQLX_VERSION,
          features: sqlxFeatures(store),
          noDefaultFeatures: true,
          lines: SQLX_LINES,
        },
      ];
  }
}

/**
 * A feature the app's own declaration already provides: its sqlx on any tokio runtime
 * feature, or with any TLS backend, keeps it (a second runtime or TLS stack is not added).
 */
export function featureCovered(crate: string, feature: string, have: readonly string[]): boolean {
  if (have.includes(feature)) return true;
  if (crate !== 'sqlx') return false;
  if (feature === 'runtime-tokio') return have.some((f) => /^runtime-tokio\b/.test(f));
  if (feature === 'tls-rustls') return have.some((f) => /^tls-|^runtime-[a-z-]+-(?:rustls|native-tls)$/.test(f));
  return false;
}
