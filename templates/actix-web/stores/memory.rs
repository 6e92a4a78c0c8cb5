//! Session store written by session-kit (store: memory). It is yours to edit:
//! session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
//!
//! actix-session ships no in-memory store, so this module implements its `SessionStore`
//! over a map shared by every worker. Sessions live in this process only: a restart
//! loses them and two instances do not share them. Use a persistent store in production.
//!
//! Session keys are actix-session's own (`generate_session_key`: 64 random alphanumeric
//! characters) and are kept as they are, like actix-session's Redis store does: the
//! middleware signs or encrypts the cookie with the app's `Key`, so a key alone does not
//! make a valid cookie.

// The app calls only part of this API (`len`, the cleanup by hand or not).
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use actix_session::storage::{
    generate_session_key, LoadError, SaveError, SessionKey, SessionStore, UpdateError,
};
use actix_web::cookie::time::Duration;

/// The store `SessionMiddleware` gets; cloning shares the same sessions.
pub type AppSessionStore = MemorySessionStore;

/// How often expired sessions are dropped from the map.
pub const CLEANUP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

type SessionState = HashMap<String, String>;

#[derive(Clone, Default)]
pub struct MemorySessionStore {
    sessions: Arc<Mutex<HashMap<String, Entry>>>,
}

struct Entry {
    state: SessionState,
    expires: Instant,
}

/// A new, empty store whose expired sessions are dropped every `CLEANUP_EVERY`.
/// Call it once at start-up (inside `#[actix_web::main]`) and clone the store into
/// the `HttpServer::new` closure, so that every worker shares it.
pub async fn connect() -> std::io::Result<AppSessionStore> {
    let store = MemorySessionStore::default();
    store.spawn_cleanup(CLEANUP_EVERY);
    Ok(store)
}

impl MemorySessionStore {
    /// Sessions held, expired ones not yet dropped included.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops expired sessions; returns how many.
    pub fn delete_expired(&self) -> usize {
        let now = Instant::now();
        let mut sessions = self.lock();
        let before = sessions.len();
        sessions.retain(|_, entry| entry.expires > now);
        before - sessions.len()
    }

    /// Drops expired sessions every `every`, on the actix runtime of the caller
    /// (`actix_web::rt::spawn` needs the `#[actix_web::main]` runtime).
    pub fn spawn_cleanup(&self, every: std::time::Duration) {
        let store = self.clone();
        actix_web::rt::spawn(async move {
            let mut interval = actix_web::rt::time::interval(every);
            loop {
                interval.tick().await;
                store.delete_expired();
            }
        });
    }

    // A panic while the lock was held cannot leave a half-written entry: keep serving.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// When a session with this TTL expires; a TTL of zero or less is already expired.
fn expiry(ttl: &Duration) -> Instant {
    let now = Instant::now();
    match std::time::Duration::try_from(*ttl) {
        Ok(ttl) => now.checked_add(ttl).unwrap_or(now),
        Err(_) => now,
    }
}

impl SessionStore for MemorySessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        let sessions = self.lock();
        Ok(sessions
            .get(session_key.as_ref())
            .filter(|entry| entry.expires > Instant::now())
            .map(|entry| entry.state.clone()))
    }

    async fn save(
        &self,
        session_state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        let session_key = generate_session_key();
        let entry = Entry {
            state: session_state,
            expires: expiry(ttl),
        };
        self.lock().insert(session_key.as_ref().to_owned(), entry);
        Ok(session_key)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        session_state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        {
            let mut sessions = self.lock();
            if let Some(entry) = sessions
                .get_mut(session_key.as_ref())
                .filter(|entry| entry.expires > Instant::now())
            {
                entry.state = session_state;
                entry.expires = expiry(ttl);
                return Ok(session_key);
            }
        }
        // Gone (expired or deleted) since it was loaded: save it anew under a fresh key,
        // as actix-session's Redis store does.
        self.save(session_state, ttl)
            .await
            .map_err(|err| match err {
                SaveError::Serialization(err) => UpdateError::Serialization(err),
                SaveError::Other(err) => UpdateError::Other(err),
            })
    }

    async fn update_ttl(
        &self,
        session_key: &SessionKey,
        ttl: &Duration,
    ) -> Result<(), anyhow::Error> {
        let mut sessions = self.lock();
        // An expired session stays expired: only a live one gets the new TTL.
        if let Some(entry) = sessions
            .get_mut(session_key.as_ref())
            .filter(|entry| entry.expires > Instant::now())
        {
            entry.expires = expiry(ttl);
        }
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        self.lock().remove(session_key.as_ref());
        Ok(())
    }
}
