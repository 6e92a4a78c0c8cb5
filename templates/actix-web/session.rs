//! Session module written by session-kit (store: {{store}}); `session-kit remove` deletes it.
//!
//! The server creates the key and the store once, before `HttpServer::new`; every worker's
//! App gets `middleware(store, key)` as its LAST `.wrap(...)`, so the session is the
//! outermost middleware: it runs before any middleware that reads it (actix-identity's
//! `IdentityMiddleware`, flash messages, your own). {{about}}
//!
//! Settings come from the environment (`key()` loads `.env`):
{{env}}//! - SESSION_SECRET: at least 64 bytes, signs and encrypts the session cookie;
//! - SESSION_COOKIE_SECURE: `true`/`false`; by default true in release builds and false
//!   in debug builds (plain-HTTP development).

use actix_session::config::{PersistentSession, TtlExtensionPolicy};
use actix_session::storage::{{storage}};
use actix_session::SessionMiddleware;
use actix_web::cookie::{time::Duration, Key, SameSite};

/// How long a session lives without a change.
const TTL: Duration = Duration::days(7);

/// The cookie key, from SESSION_SECRET (never in code: sessions must survive restarts
/// and be shared by every worker). Loads `.env` first.
pub fn key() -> Key {
    let _ = dotenvy::dotenv();
    let secret = std::env::var("SESSION_SECRET")
        .expect("SESSION_SECRET must be set (in .env): at least 64 random bytes that sign the session cookie");
    assert!(
        secret.len() >= 64,
        "SESSION_SECRET must be at least 64 bytes long (it has {})",
        secret.len()
    );
    Key::from(secret.as_bytes())
}

{{store_fn}}/// The session middleware: give it to the App as its last `.wrap(...)`.
pub fn middleware<S: SessionStore>(store: S, key: Key) -> SessionMiddleware<S> {
    SessionMiddleware::builder(store, key)
        .cookie_secure(cookie_secure())
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .session_lifecycle(
            PersistentSession::default()
                .session_ttl(TTL)
                .session_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
        )
        .build()
}

fn cookie_secure() -> bool {
    match std::env::var("SESSION_COOKIE_SECURE").as_deref() {
        Ok("false") | Ok("0") => false,
        Ok(_) => true,
        Err(_) => !cfg!(debug_assertions),
    }
}
