//! Session store written by session-kit (store: mysql). It is yours to edit:
//! session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
//!
//! actix-session ships no SQL store, so this module implements its `SessionStore` over a
//! sqlx `MySqlPool` (MySQL or MariaDB). Rows live in the `sessions` table with the shape
//! express-mysql-session uses (`session_id`, `expires`, `data` JSON text), the table
//! session-kit's other MySQL stores use, so one migration and one `check` serve every
//! framework.
//!
//! Session keys are actix-session's own (`generate_session_key`: 64 random alphanumeric
//! characters) and are stored as they are, like actix-session's Redis store does: the
//! middleware signs or encrypts the cookie with the app's `Key`, so a key read from the
//! table does not make a valid cookie, and a session can be found and ended by its key.
//!
//! Settings come from the environment:
//! - DATABASE_URL: the MySQL/MariaDB database holding the `sessions` table.

// The app calls only part of this API (`connect` or `from_pool`, the cleanup by hand or not).
#![allow(dead_code)]

use std::collections::HashMap;

use actix_session::storage::{
    generate_session_key, LoadError, SaveError, SessionKey, SessionStore, UpdateError,
};
use actix_web::cookie::time::Duration;
use sqlx::mysql::MySqlPool;

/// The store `SessionMiddleware` gets; cloning shares the pool.
pub type AppSessionStore = MySqlSessionStore;

/// How often expired rows are deleted.
pub const CLEANUP_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

type SessionState = HashMap<String, String>;

// `expires` holds unix seconds, as express-mysql-session writes it; written and compared
// through `UNIX_TIMESTAMP()` so the database clock decides what is expired.
const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS `sessions` (
  `session_id` varchar(128) COLLATE utf8mb4_bin NOT NULL,
  `expires` int(11) unsigned NOT NULL,
  `data` mediumtext COLLATE utf8mb4_bin,
  PRIMARY KEY (`session_id`),
  KEY `sessions_expires_idx` (`expires`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
const LOAD: &str =
    "SELECT `data` FROM `sessions` WHERE `session_id` = ? AND `expires` > UNIX_TIMESTAMP()";
const INSERT: &str =
    "INSERT INTO `sessions` (`session_id`, `data`, `expires`) VALUES (?, ?, UNIX_TIMESTAMP() + ?)";
// sqlx asks MySQL for matched (not changed) rows, so an update to the same data still counts.
const UPDATE: &str = "UPDATE `sessions` SET `data` = ?, `expires` = UNIX_TIMESTAMP() + ? WHERE `session_id` = ? AND `expires` > UNIX_TIMESTAMP()";
const UPDATE_TTL: &str = "UPDATE `sessions` SET `expires` = UNIX_TIMESTAMP() + ? WHERE `session_id` = ? AND `expires` > UNIX_TIMESTAMP()";
const DELETE: &str = "DELETE FROM `sessions` WHERE `session_id` = ?";
const DELETE_EXPIRED: &str = "DELETE FROM `sessions` WHERE `expires` <= UNIX_TIMESTAMP()";

#[derive(Clone)]
pub struct MySqlSessionStore {
    pool: MySqlPool,
}

/// Connects to DATABASE_URL, creates the `sessions` table if it does not exist and
/// deletes expired rows every `CLEANUP_EVERY`. Call it once at start-up (inside
/// `#[actix_web::main]`) and clone the store into the `HttpServer::new` closure.
pub async fn connect() -> std::io::Result<AppSessionStore> {
    let url = std::env::var("DATABASE_URL").map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "DATABASE_URL is not set: the session store needs the MySQL or MariaDB database that holds its `sessions` table",
        )
    })?;
    let pool = MySqlPool::connect(&url)
        .await
        .map_err(|err| io_error("cannot connect to DATABASE_URL for the session store", err))?;
    from_pool(pool).await
}

/// The store on the app's own pool: creates the `sessions` table if it does not exist
/// and deletes expired rows every `CLEANUP_EVERY`.
pub async fn from_pool(pool: MySqlPool) -> std::io::Result<AppSessionStore> {
    let store = MySqlSessionStore { pool };
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

impl MySqlSessionStore {
    /// Creates the table (with its expiry index) if it does not exist.
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        sqlx::query(CREATE_TABLE).execute(&self.pool).await?;
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

fn seconds(ttl: &Duration) -> i64 {
    ttl.whole_seconds()
}

impl SessionStore for MySqlSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<SessionState>, LoadError> {
        // Read as bytes: sqlx reports a `utf8mb4_bin` column as BLOB and will not decode it as a String.
        let row: Option<Vec<u8>> = sqlx::query_scalar(LOAD)
            .bind(session_key.as_ref())
            .fetch_optional(&self.pool)
            .await
            .map_err(|err| LoadError::Other(err.into()))?;
        match row {
            None => Ok(None),
            Some(text) => serde_json::from_slice(&text)
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
            .bind(body)
            .bind(seconds(ttl))
            .bind(session_key.as_ref())
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
            .bind(seconds(ttl))
            .bind(session_key.as_ref())
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
