/**
 * axum's session rules as data: `add` places `.layer(session_layer)` with them, its
 * verify step refuses a plan that breaks them, and `check` reports them.
 *
 * Order in a Router chain: `Router::layer(L)` wraps only the routes added before it,
 * and the last `.layer()` is the outermost (it runs first). Steps carry the offset of
 * their call in the chain; the layers inside a `ServiceBuilder` carry mirrored offsets,
 * since there the first `.layer()` is the outermost.
 */
import { KEY_GENERATE, KEY_LITERAL } from '../rust-crate/cookie-key.js';
import type { OrderingRule, RequirementRule } from '../types.js';

export const AXUM_STEP_KINDS: Record<string, string> = {
  route: 'a route (.route/.merge/.nest/.fallback)',
  'session-layer': 'the session layer (.layer(SessionManagerLayer))',
  'session-reader': 'a layer that reads the session',
  'sql-store': 'a SQL session store',
  'expired-deletion': 'the expired-session deletion task',
  'memory-store': 'the in-process MemoryStore',
};

export const AXUM_ORDERING: OrderingRule[] = [
  {
    id: 'axum/session-layer-before-routes',
    step: 'session-layer',
    after: ['route'],
    severity: 'error',
    message:
      'Router::layer wraps only the routes added before it: the routes after the session layer get no session, and their Session extractor fails at runtime (500), while everything compiles',
    fix: 'Move .layer(session_layer) after the last .route/.merge/.nest of the router (it must be the last .layer that touches sessions).',
  },
  {
    id: 'axum/session-reader-outside-session',
    step: 'session-layer',
    after: ['session-reader'],
    severity: 'error',
    message:
      'the last .layer() is the outermost and runs first: a layer added after the session layer (or a route_layer after it) runs before the session is loaded, and fails at runtime',
    fix: 'Add the layers that read the session (axum-login, CSRF, from_fn middleware taking Session) before .layer(session_layer) in the chain (inside a ServiceBuilder: after it).',
  },
];

export const AXUM_REQUIREMENTS: RequirementRule[] = [
  {
    id: 'axum/expired-deletion',
    when: 'sql-store',
    requires: 'expired-deletion',
    severity: 'warning',
    message:
      'a SQL session store without the deletion task: tower-sessions never removes expired rows by itself, so the session table only grows',
    fix: 'Spawn the deletion task at start-up: tokio::task::spawn(store.clone().continuously_delete_expired(Duration::from_secs(3600))); (use tower_sessions::ExpiredDeletion).',
  },
];

/** Beyond ordering (checks.ts): the cookie's SameSite against routes that arrive cross-site. */
export const AXUM_SAMESITE_OAUTH = {
  id: 'axum/samesite-strict-oauth',
  severity: 'warning' as const,
  /** Route paths that an identity provider redirects back to, from another site. */
  crossSiteRoute: /["'`][^"'`]*(?:oauth|callback|\/auth\/|openid|\/sso\b|saml)[^"'`]*["'`]/i,
  message:
    "the session cookie is SameSite=Strict (tower-sessions' default when with_same_site is not called), so the browser does not send it on the redirect back from an identity provider: the OAuth/OpenID callback finds no session and the login fails",
  fix: 'Use .with_same_site(SameSite::Lax) on the SessionManagerLayer (Lax still blocks cross-site POSTs).',
};

/** Beyond ordering (checks.ts): how the key that signs or encrypts the session cookie is made. */
export const AXUM_KEY_GENERATE = {
  id: 'axum/key-generate',
  severity: 'error' as const,
  pattern: KEY_GENERATE,
  message:
    'the session cookie key is Key::generate(): a new random key at every start, so every restart (and every other instance behind a load balancer) rejects the cookies already issued and logs everyone out',
  fix: 'Read the key from the environment: Key::from(std::env::var("SESSION_SECRET")?.as_bytes()) with at least 64 random bytes kept in a git-ignored .env (session-kit add writes this), and pass it to .with_signed(..) or .with_private(..).',
};

export const AXUM_KEY_LITERAL = {
  id: 'axum/key-literal',
  severity: 'error' as const,
  pattern: KEY_LITERAL,
  message:
    'the session cookie key is written in the code: anyone who can read the repository can forge (with_signed) or read (with_private) every session cookie, and it cannot be rotated without a release',
  fix: 'Read the key from the environment (SESSION_SECRET, at least 64 random bytes, in a git-ignored .env) and remove the literal from the code and its history.',
};
