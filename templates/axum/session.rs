//! Session module written by session-kit (store: {{store}}); `session-kit remove` deletes it.
//!
//! `init()` runs once at start-up{{about}}.
//! `session_layer()` is the layer the router gets as its last `.layer(...)`, so that it
//! covers every route and runs before any layer that reads the session.
//!
//! Settings come from the environment (`.env` is loaded here):
{{env}}//! - SESSION_SECRET: at least 64 bytes, signs the session cookie;
//! - SESSION_COOKIE_SECURE: `true`/`false`; by default true in release builds and false
//!   in debug builds (plain-HTTP development).

use std::sync::OnceLock;

use tower_sessions::cookie::{time::Duration, Key, SameSite};
use tower_sessions::service::SignedCookie;
use tower_sessions::{Expiry, SessionManagerLayer};
{{imports}}

/// How long a session lives without a request.
const INACTIVITY: Duration = Duration::days(7);

static STORE: OnceLock<Store> = OnceLock::new();

/// {{init_doc}}
pub async fn init({{params}}) {
    let _ = dotenvy::dotenv();
    if STORE.get().is_some() {
        return;
    }
{{init}}
    let _ = STORE.set(store);
}

/// The session layer: add it with `.layer(...)` after every route, `merge` and `nest`.
pub fn session_layer() -> SessionManagerLayer<Store, SignedCookie> {
    let store = STORE
        .get()
        .expect("session::init().await must run at start-up, before the router is built")
        .clone();
    SessionManagerLayer::new(store)
        .with_secure(cookie_secure())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(INACTIVITY))
        .with_signed(signing_key())
}

fn signing_key() -> Key {
    let secret = std::env::var("SESSION_SECRET")
        .expect("SESSION_SECRET must be set (in .env): at least 64 random bytes that sign the session cookie");
    assert!(
        secret.len() >= 64,
        "SESSION_SECRET must be at least 64 bytes long (it has {})",
        secret.len()
    );
    Key::from(secret.as_bytes())
}

fn cookie_secure() -> bool {
    match std::env::var("SESSION_COOKIE_SECURE").as_deref() {
        Ok("false") | Ok("0") => false,
        Ok(_) => true,
        Err(_) => !cfg!(debug_assertions),
    }
}
{{env_var}}
