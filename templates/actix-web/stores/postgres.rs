//! Session store written by session-kit (store: postgres). It is yours to edit:
//! session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
//!
//! actix-session ships no SQL store, so this module implements its `SessionStore` over a
//! sqlx `PgPool`. Rows live in the `session` table with the shape connect-pg-simple uses
//! (`sid`, `sess` JSON, `expire`), the table session-kit's other PostgreSQL stores use,
//! so one migration and one `check` serve every framework.
//!
//! Session keys are actix-session's own (`generate_session_key`: 64 random alphanumeric
//! characters) and are stored as they are, like actix-session's Redis store does: the
//! middleware signs or encrypts the cookie with the app's `Key`, so a key read from the
//! table does not make a valid cookie, and a session can be found and ended by its key.
//!
//! Settings come from the environment:
//! - DATABASE_URL: the PostgreSQL database holding the `session` table.

// The app calls only part of this API (`connect` or `from_pool`, the cleanup by hand or not).
#![allow(dead_code)]

use std::collections::HashMap;

use actix_session::storage::{
    generate_session_key, LoadError, SaveError, SessionKey, SessionStore, UpdateError,
};
use actix_web::cookie::time::Duration;
use sqlx::postgres::PgPool;

/// The store `SessionMiddleware` gets; cloning shares the pool.
pub type AppSessionStore = PgSessionStore;

/// How often expired rows are deleted.
pub const CLEANUP_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

type SessionState = HashMap<String, String>;

// `expire` is a timestamp without time zone written and compared through `now()`, as
// connect-pg-simple does, so both read the same rows as expired.
const CREATE_TABLE: &str = r#"CREATE TABLE IF NOT EXISTS "session" (
  "sid" varchar NOT NULL COLLATE "default",
  "sess" json NOT NULL,
  "expire" timestamp(6) NOT NULL,
  CONSTRAINT "session_pkey" PRIMARY KEY ("sid")
)"#;
const CREATE_INDEX: &str =
    r#"CREATE INDEX IF NOT EXISTS "IDX_session_expire" ON "session" ("expire")"#;
const LOAD: &str = r#"SELECT "sess"::text FROM "session" WHERE "sid" = $1 AND "expire" > now()"#;
const INSERT: &str = r#"INSERT INTO "session" ("sid", "sess", "expire") VALUES ($1, $2::json, now() + $3::float8 * interval '1 second')"#;
const UPDATE: &str = r#"UPDATE "session" SET "sess" = $2::json, "expire" = now() + $3::float8 * interval '1 second' WHERE "sid" = $1 AND "expire" > now()"#;
const UPDATE_TTL: &str = r#"UPDATE "session" SET "expire" = now() + $2::float8 * interval '1 second' WHERE "sid" = $1 AND "expire" > now()"#;
const DELETE: &str = r#"DELETE FROM "session" WHERE "sid" = $1"#;
const DELETE_EXPIRED: &str = r#"DELETE FROM "session" WHERE "expire" <= now()"#;

#[derive(Clone)]
pub struct PgSessionStore {
    pool: PgPool,
}

/// Connects to DATABASE_URL, creates the `session` table if it does not exist and
/// deletes expired rows every `CLEANUP_EVERY`. Call it once at start-up (inside
/// `#[actix_web::main]`) and clone the store into the `HttpServer::new` closure.
pub async fn connect() -> std::io::Result<AppSessionStore> {
    let url = std::env::var("DATABASE_URL").map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "DATABASE_URL is not set: the session store needs the PostgreSQL database that holds its `session` table",
        )
    })?;
    let pool = PgPool::connect(&url)
        .await
        .map_err(|err| io_error("cannot connect to DATABASE_URL for the session store", err))?;
    from_pool(pool).await
}

/// The store on the app's own pool: creates the `session` table if it does not exist
/// and deletes expired rows every `CLEANUP_EVERY`.
pub async fn from_pool(pool: PgPool) -> std::io::Result<AppSessionStore> {
    let store = PgSessionStore { pool };
    store
        .migrate()
        .await
        .map_err(|err| io_error("cannot create the `session` table", err))?;
    store.spawn_cleanup(CLEANUP_EVERY);
    Ok(store)
}

fn io_error(what: &str, err: sqlx::Error) -> std::io::Error {
    std::io::Error::other(format!("{what}: {err}"))
}

impl PgSessionStore {
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

fn seconds(ttl: &Duration) -> i64 {
    ttl.whole_seconds()
}

impl SessionStore for PgSessionStore {
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
