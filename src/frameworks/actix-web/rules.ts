/**
 * actix-web's session rules as data: `add` places `.wrap(session::middleware(..))` with
 * them, its verify step refuses a plan that breaks them, and `check` reports them.
 *
 * Order in an App (or Scope) chain: the LAST `.wrap()` is the outermost middleware and
 * runs first, so the session middleware must come after, in code, every middleware that
 * reads the session (actix-identity's IdentityMiddleware, `from_fn` middleware taking
 * `Session`, `wrap_fn` closures calling `get_session()`). Unlike axum, `App::wrap` covers
 * every service of the App wherever it is called in the chain.
 */
import { KEY_GENERATE, KEY_LITERAL } from '../rust-crate/cookie-key.js';
import type { OrderingRule, RequirementRule } from '../types.js';

export const ACTIX_STEP_KINDS: Record<string, string> = {
  'session-middleware': 'the session middleware (.wrap(SessionMiddleware))',
  'session-reader': 'a middleware that reads the session',
  'sql-store': 'a SQL session store',
  'expired-deletion': 'the deletion of expired sessions',
  'memory-store': 'an in-process SessionStore',
};

export const ACTIX_ORDERING: OrderingRule[] = [
  {
    id: 'actix-web/session-inside-reader',
    step: 'session-middleware',
    after: ['session-reader'],
    severity: 'error',
    message:
      'the last .wrap() is the outermost middleware and runs first: a middleware wrapped after the session middleware runs before the session is loaded, so IdentityMiddleware (or any middleware reading the session) finds none and fails at runtime, while everything compiles',
    fix: "Move .wrap(SessionMiddleware …) after every .wrap() that reads the session (IdentityMiddleware first in code, the session middleware last); add's --fix-order option moves it.",
  },
];

export const ACTIX_REQUIREMENTS: RequirementRule[] = [
  {
    id: 'actix-web/expired-deletion',
    when: 'sql-store',
    requires: 'expired-deletion',
    severity: 'warning',
    message:
      'a SQL SessionStore that never deletes expired rows: actix-session only asks the store to load, save and delete, so the session table only grows',
    fix: 'Delete expired rows periodically at start-up (actix_web::rt::spawn a loop running DELETE FROM <table> WHERE <expiry> <= now()).',
  },
];

/** Beyond ordering (checks.ts): how the key is made, and where the session middleware covers. */
export const ACTIX_KEY_GENERATE = {
  id: 'actix-web/key-generate',
  severity: 'error' as const,
  pattern: KEY_GENERATE,
  message:
    'the session key is Key::generate(): a new random key at every start (and per worker when it runs inside the HttpServer::new closure), so every restart logs everyone out and a cookie made by one worker is rejected by the others',
  fix: 'Read the key from the environment: Key::from(std::env::var("SESSION_SECRET")?.as_bytes()) with at least 64 random bytes kept in a git-ignored .env (session-kit add writes this).',
};

export const ACTIX_KEY_LITERAL = {
  id: 'actix-web/key-literal',
  severity: 'error' as const,
  pattern: KEY_LITERAL,
  message:
    'the session key is written in the code: anyone who can read the repository can forge or decrypt every session cookie, and it cannot be rotated without a release',
  fix: 'Read the key from the environment (SESSION_SECRET, at least 64 random bytes, in a git-ignored .env) and remove the literal from the code and its history.',
};

export const ACTIX_SCOPE_ONLY = {
  id: 'actix-web/session-scope-only',
  severity: 'error' as const,
  message:
    'the session middleware wraps a scope (or resource) only, while a handler registered outside it reads the session (Session or Identity extractor): that handler runs without a session and fails at runtime',
  fix: 'Wrap the session middleware on the App (its last .wrap()) so it covers every service, or register the handlers that read the session inside the wrapped scope.',
};
