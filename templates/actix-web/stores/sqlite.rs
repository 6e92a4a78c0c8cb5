//! Session store written by session-kit (store: sqlite). It is yours to edit:
//! session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
//!
//! actix-session ships no SQL store, so this module implements its `SessionStore` over a
//! sqlx `SqlitePool`. Rows live in the `sessions` table with the shape connect-session-knex
//! uses (`sid`, `sess` JSON text, `expired`), the table session-kit's other SQLite stores
//! use, so one migration and one `check` serve every framework.
//!
//! Session keys are actix-session's own (`generate_session_key`: 64 random alphanumeric
//! characters) and are stored as they are, like actix-session's Redis store does: the
//! middleware signs or encrypts the cookie with the app's `Key`, so a key read from the
//! table does not make a valid cookie, and a session can be found and ended by its key.
//!
//! Settings come from the environment:
//! - SESSION_SQLITE_FILE: the database file (created when missing), as session-kit's
//!   other SQLite stores read it.

// The app calls only part of this API (`connect` or `from_pool`, the cleanup by hand or not).
#![allow(dead_code)]

use std::collections::HashMap;

use actix_session::storage::{
    generate_session_key, LoadError, SaveError, SessionKey, SessionStore, UpdateError,
};
use actix_web::cookie::time::Duration;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};

/// The store `SessionMiddleware` gets; cloning shares the pool.
pub type AppSessionStore = SqliteSessionStore;

/// How often expired rows are deleted.
pub const CLEANUP_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

type SessionState = HashMap<String, String>;

// `expired` holds ISO-8601 UTC text with milliseconds (as connect-session-knex writes it),
// which sorts by time; written and compared through SQLite's own clock.
const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS `sessions` (`sid` varchar(255) NOT NULL PRIMARY KEY, `sess` json NOT NULL, `expired` datetime NOT NULL)";
const CREATE_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS `sessions_expired_index` ON `sessions` (`expired`)";
const LOAD: &str = "SELECT `sess` FROM `sessions` WHERE `sid` = ?1 AND `expired` > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const INSERT: &str = "INSERT INTO `sessions` (`sid`, `sess`, `expired`) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?3))";
const UPDATE: &str = "UPDATE `sessions` SET `sess` = ?2, `expired` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?3) WHERE `sid` = ?1 AND `expired` > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const UPDATE_TTL: &str = "UPDATE `sessions` SET `expired` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?2) WHERE `sid` = ?1 AND `expired` > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const DELETE: &str = "DELETE FROM `sessions` WHERE `sid` = ?1";
const DELETE_EXPIRED: &str =
    "DELETE FROM `sessions` WHERE `expired` <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

#[derive(Clone)]
pub struct SqliteSessionStore {
    pool: SqlitePool,
}

/// Opens SESSION_SQLITE_FILE, creates the `sessions` table if it does not exist and
/// deletes expired rows every `CLEANUP_EVERY`. Call it once at start-up (inside
/// `#[actix_web::main]`) and clone the store into the `HttpServer::new` closure.
pub async fn connect() -> std::io::Result<AppSessionStore> {
    let file = std::env::var("SESSION_SQLITE_FILE").map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "SESSION_SQLITE_FILE is not set: the session store needs the SQLite file that holds its `sessions` table",
        )
    })?;
    // WAL lets readers run while a session is written.
    let options = SqliteConnectOptions::new()
        .filename(&file)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePool::connect_with(options).await.map_err(|err| {
        io_error(
            &format!("cannot open SESSION_SQLITE_FILE ({file}) for the session store"),
            err,
        )
    })?;
    from_pool(pool).await
}

/// The store on the app's own pool: creates the `sessions` table if it does not exist
/// and deletes expired rows every `CLEANUP_EVERY`.
pub async fn from_pool(pool: SqlitePool) -> std::io::Result<AppSessionStore> {
    let store = SqliteSessionStore { pool };
    store
        .migrate()
        .await
        .map_err(|err| io_error("cannot create the `sessions` table", err))?;
    store.spawn_cleanup(CLEANUP_EVERY);
    Ok(store)
}

fn io_error(what: &str, err: sqlx::Error) -> std::io::Error {
    std::io::Error::other(format!("{what}: {err}"))
}

impl SqliteSessionStore {
    /// Creates the table and its expiry index if they do not exist.
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        sqlx::query(CREATE_TABLE).execute(&self.pool).await?;
        sqlx::query(CREATE_INDEX).execute(&self.pool).await?;
        Ok(())
    }

    /// Deletes expired rows; returns how many.
    pub async fn delete_expired(&self) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query(DELETE_EXPIRED)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Deletes expired rows every `every`, on the actix runtime of the caller
    /// (`actix_web::rt::spawn` needs the `#[actix_web::main]` runtime).
    pub fn spawn_cleanup(&self, every: std::time::Duration) {
        let store = self.clone();
        actix_web::rt::spawn(async move {
            let mut interval = actix_web::rt::time::interval(every);
            loop {
                interval.tick().await;
                if let Err(err) = store.delete_expired().await {
                    eprintln!("session store: deleting expired sessions failed: {err}");
                }
            }
        });
    }
}

/// The TTL as a date modifier of SQLite's `strftime`, as `+3600 seconds`.
fn seconds(ttl: &Duration) -> String {
    format!("{:+} seconds", ttl.whole_seconds())
}

impl SessionStore for SqliteSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        let row: Option<String> = sqlx::query_scalar(LOAD)
            .bind(session_key.as_ref())
            .fetch_optional(&self.pool)
            .await
            .map_err(|err| LoadError::Other(err.into()))?;
        match row {
            None => Ok(None),
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|err| LoadError::Deserialization(err.into())),
        }
    }

    async fn save(
        &self,
        session_state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        let body = serde_json::to_string(&session_state)
            .map_err(|err| SaveError::Serialization(err.into()))?;
        let session_key = generate_session_key();
        sqlx::query(INSERT)
            .bind(session_key.as_ref())
            .bind(body)
            .bind(seconds(ttl))
            .execute(&self.pool)
            .await
            .map_err(|err| SaveError::Other(err.into()))?;
        Ok(session_key)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        session_state: SessionState,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let body = serde_json::to_string(&session_state)
            .map_err(|err| UpdateError::Serialization(err.into()))?;
        let updated = sqlx::query(UPDATE)
            .bind(session_key.as_ref())
            .bind(body)
            .bind(seconds(ttl))
            .execute(&self.pool)
            .await
            .map_err(|err| UpdateError::Other(err.into()))?
            .rows_affected();
        if updated > 0 {
            return Ok(session_key);
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
        // An expired row stays expired: only a live session gets the new TTL.
        sqlx::query(UPDATE_TTL)
            .bind(session_key.as_ref())
            .bind(seconds(ttl))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        sqlx::query(DELETE)
            .bind(session_key.as_ref())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
