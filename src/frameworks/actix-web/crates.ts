/**
 * The crates add puts beside actix-web 4, checked against the crates.io index (2026-12):
 * actix-session 0.11 (and each store's crates) come from store-crates.ts; actix-identity
 * 0.9 is the release built on actix-session 0.11 (0.8 uses 0.10, whose `Session` is
 * another type: identity would find no session at runtime).
 */
export const ACTIX_WEB_MAJOR = 4;

/** actix-identity's line that shares actix-session 0.11 with the session add sets up. */
export const IDENTITY_LINE = '0.9';

export const DOTENVY = { name: 'dotenvy', version: '0.15' };
