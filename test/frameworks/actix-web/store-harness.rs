//! Drives one generated actix-session store (the module `src/<store>.rs`, built with the
//! cargo feature of the same name) through `SessionStore` directly and through
//! `SessionMiddleware`, and prints what it saw as one JSON object for the test to assert.
//! Rows are read with a pool of its own on the same database, so the table is observed
//! apart from the store: stored state, expired rows kept until the cleanup task runs.
//!
//! Usage: harness <store>            run the scenario (DATABASE_URL / SESSION_SQLITE_FILE)
//!        harness <store> connect    only `connect()`, printing its error if any

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration as StdDuration;

use actix_session::storage::{SessionKey, SessionStore};
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::{time::Duration, Key};
use actix_web::{test, web, App, HttpResponse};

#[cfg(feature = "memory")]
mod memory;
#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

/// The report: `"name": value` pairs written as JSON (values are ASCII).
#[derive(Default)]
struct Report(Vec<String>);

impl Report {
    fn raw(&mut self, name: &str, json: String) {
        self.0.push(format!("{name:?}: {json}"));
    }
    fn bool(&mut self, name: &str, value: bool) {
        self.raw(name, value.to_string());
    }
    fn num(&mut self, name: &str, value: i64) {
        self.raw(name, value.to_string());
    }
    fn str(&mut self, name: &str, value: Option<&str>) {
        self.raw(name, value.map_or("null".into(), |v| format!("{v:?}")));
    }
    fn state(&mut self, name: &str, value: Option<HashMap<String, String>>) {
        let json = value.map_or("null".into(), |state| {
            let mut pairs: Vec<_> = state.into_iter().collect();
            pairs.sort();
            let mut out = String::from("{");
            for (i, (k, v)) in pairs.iter().enumerate() {
                let _ = write!(out, "{}{k:?}: {v:?}", if i > 0 { ", " } else { "" });
            }
            out + "}"
        });
        self.raw(name, json);
    }
    fn print(&self) {
        println!("{{{}}}", self.0.join(", "));
    }
}

/// The store's backend read apart from the store: raw rows, expired or not.
enum Db {
    None,
    #[cfg(feature = "postgres")]
    Pg(sqlx::PgPool),
    #[cfg(feature = "mysql")]
    My(sqlx::MySqlPool),
    #[cfg(feature = "sqlite")]
    Lite(sqlx::SqlitePool),
}

impl Db {
    /// The stored state text of a key, whether expired or not.
    async fn row(&self, key: &str) -> Option<String> {
        match self {
            Db::None => None,
            #[cfg(feature = "postgres")]
            Db::Pg(pool) => {
                sqlx::query_scalar(r#"SELECT "sess"::text FROM "session" WHERE "sid" = $1"#)
                    .bind(key)
                    .fetch_optional(pool)
                    .await
                    .unwrap()
            }
            #[cfg(feature = "mysql")]
            Db::My(pool) => sqlx::query_scalar(
                "SELECT CAST(`data` AS CHAR) FROM `sessions` WHERE `session_id` = ?",
            )
            .bind(key)
            .fetch_optional(pool)
            .await
            .unwrap(),
            #[cfg(feature = "sqlite")]
            Db::Lite(pool) => sqlx::query_scalar("SELECT `sess` FROM `sessions` WHERE `sid` = ?")
                .bind(key)
                .fetch_optional(pool)
                .await
                .unwrap(),
        }
    }

    /// Rows whose state contains `needle`; -1 without a database.
    async fn containing(&self, needle: &str) -> i64 {
        let like = format!("%{needle}%");
        match self {
            Db::None => {
                let _ = like;
                -1
            }
            #[cfg(feature = "postgres")]
            Db::Pg(pool) => {
                sqlx::query_scalar(r#"SELECT count(*) FROM "session" WHERE "sess"::text LIKE $1"#)
                    .bind(like)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
            #[cfg(feature = "mysql")]
            Db::My(pool) => {
                sqlx::query_scalar("SELECT count(*) FROM `sessions` WHERE `data` LIKE ?")
                    .bind(like)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
            #[cfg(feature = "sqlite")]
            Db::Lite(pool) => {
                sqlx::query_scalar("SELECT count(*) FROM `sessions` WHERE `sess` LIKE ?")
                    .bind(like)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        }
    }
}

fn state(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn key(text: &str) -> SessionKey {
    text.to_owned().try_into().unwrap()
}

const HOUR: Duration = Duration::hours(1);
const SECOND: Duration = Duration::seconds(1);

/// `SessionStore` called directly; `cleanup` starts the store's own deletion task,
/// `held` counts what an in-memory store holds (None for the SQL stores).
async fn scenario<S: SessionStore>(
    store: &S,
    db: &Db,
    report: &mut Report,
    cleanup: impl Fn(StdDuration),
    held: impl Fn() -> Option<usize>,
) {
    let alice = state(&[("user", "\"alice\"")]);
    let k1 = store.save(alice.clone(), &HOUR).await.unwrap();
    report.str("key", Some(k1.as_ref()));
    report.state("loaded", store.load(&k1).await.unwrap());
    report.str("row", db.row(k1.as_ref()).await.as_deref());

    let k1_text = k1.as_ref().to_owned();
    let bob = state(&[("user", "\"bob\""), ("n", "1")]);
    let k1 = store.update(k1, bob.clone(), &HOUR).await.unwrap();
    report.bool("updateKeepsKey", k1.as_ref() == k1_text);
    report.state("loadedAfterUpdate", store.load(&k1).await.unwrap());
    // The same state again (no column changes): still the same session.
    let k1 = store.update(k1, bob, &HOUR).await.unwrap();
    report.bool("sameUpdateKeepsKey", k1.as_ref() == k1_text);

    let missing = "m".repeat(64);
    let fresh = store
        .update(key(&missing), state(&[("user", "\"nobody\"")]), &HOUR)
        .await
        .unwrap();
    report.bool("updateMissingNewKey", fresh.as_ref() != missing);
    report.state("loadedUpdateMissing", store.load(&fresh).await.unwrap());
    report.bool("missingRowWritten", db.row(&missing).await.is_some());

    // Three one-second sessions: one left to expire, one whose TTL is extended, one updated with an hour.
    let short = state(&[("user", "\"short\"")]);
    let k2 = store.save(short.clone(), &SECOND).await.unwrap();
    let k4 = store.save(short.clone(), &SECOND).await.unwrap();
    store.update_ttl(&k4, &HOUR).await.unwrap();
    let k5 = store.save(short.clone(), &SECOND).await.unwrap();
    let k5 = store
        .update(k5, state(&[("user", "\"longer\"")]), &HOUR)
        .await
        .unwrap();
    actix_web::rt::time::sleep(StdDuration::from_millis(2200)).await;
    report.state("expiredLoaded", store.load(&k2).await.unwrap());
    report.state("ttlExtendedLoaded", store.load(&k4).await.unwrap());
    report.state("updateExtendedLoaded", store.load(&k5).await.unwrap());
    store.update_ttl(&k2, &HOUR).await.unwrap();
    report.state("expiredAfterUpdateTtl", store.load(&k2).await.unwrap());
    report.str("expiredKey", Some(k2.as_ref()));
    report.bool(
        "expiredRowBeforeCleanup",
        db.row(k2.as_ref()).await.is_some(),
    );
    let k2_text = k2.as_ref().to_owned();
    let k2u = store.update(k2, short, &HOUR).await.unwrap();
    report.bool("updateExpiredNewKey", k2u.as_ref() != k2_text);
    report.num("heldBeforeCleanup", held().map_or(-1, |n| n as i64));

    cleanup(StdDuration::from_millis(300));
    actix_web::rt::time::sleep(StdDuration::from_millis(1200)).await;
    report.bool("expiredRowAfterCleanup", db.row(&k2_text).await.is_some());
    report.bool("liveRowAfterCleanup", db.row(&k1_text).await.is_some());
    report.state("liveLoadedAfterCleanup", store.load(&k1).await.unwrap());
    report.num("heldAfterCleanup", held().map_or(-1, |n| n as i64));

    let k3 = store
        .save(state(&[("user", "\"gone\"")]), &HOUR)
        .await
        .unwrap();
    report.bool("rowBeforeDelete", db.row(k3.as_ref()).await.is_some());
    store.delete(&k3).await.unwrap();
    report.state("deletedLoaded", store.load(&k3).await.unwrap());
    report.bool("deletedRow", db.row(k3.as_ref()).await.is_some());
    report.str("deletedKey", Some(k3.as_ref()));
}

async fn set(session: Session, query: web::Query<HashMap<String, String>>) -> HttpResponse {
    session
        .insert("value", query.get("value").cloned().unwrap_or_default())
        .unwrap();
    HttpResponse::Ok().body("ok")
}

async fn get(session: Session) -> HttpResponse {
    HttpResponse::Ok().body(session.get::<String>("value").unwrap().unwrap_or_default())
}

async fn logout(session: Session) -> HttpResponse {
    session.purge();
    HttpResponse::Ok().body("bye")
}

/// The store behind `SessionMiddleware`: set a value, read it with the cookie, log out.
async fn middleware<S: SessionStore + Clone + 'static>(store: S, db: &Db, report: &mut Report) {
    let app = test::init_service(
        App::new()
            .wrap(
                SessionMiddleware::builder(store, Key::from(&[7u8; 64][..]))
                    .cookie_secure(false)
                    .build(),
            )
            .route("/set", web::post().to(set))
            .route("/get", web::get().to(get))
            .route("/logout", web::post().to(logout)),
    )
    .await;

    let set_req = test::TestRequest::post()
        .uri("/set?value=carol-1")
        .to_request();
    let res = test::call_service(&app, set_req).await;
    let cookie = res
        .response()
        .cookies()
        .next()
        .expect("a session cookie")
        .into_owned();
    report.num("httpRowsAfterSet", db.containing("carol-1").await);
    let res = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/get")
            .cookie(cookie.clone())
            .to_request(),
    )
    .await;
    report.str(
        "httpRead",
        Some(std::str::from_utf8(&test::read_body(res).await).unwrap()),
    );
    let res = test::call_service(
        &app,
        test::TestRequest::post()
            .uri("/logout")
            .cookie(cookie.clone())
            .to_request(),
    )
    .await;
    report.bool("httpLogoutOk", res.status().is_success());
    report.num("httpRowsAfterLogout", db.containing("carol-1").await);
    let res = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/get")
            .cookie(cookie)
            .to_request(),
    )
    .await;
    report.str(
        "httpReadAfterLogout",
        Some(std::str::from_utf8(&test::read_body(res).await).unwrap()),
    );

    // A session left in place for the test to find in the database.
    let res = test::call_service(
        &app,
        test::TestRequest::post()
            .uri("/set?value=dave-2")
            .to_request(),
    )
    .await;
    report.bool("httpKeptOk", res.status().is_success());
}

#[actix_web::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let store = args.get(1).map(String::as_str).unwrap_or("");
    let connect_only = args.get(2).map(String::as_str) == Some("connect");
    let mut report = Report::default();
    match store {
        #[cfg(feature = "memory")]
        "memory" => {
            let s = memory::connect().await.unwrap();
            let (a, b) = (s.clone(), s.clone());
            scenario(
                &s,
                &Db::None,
                &mut report,
                move |every| a.spawn_cleanup(every),
                move || Some(b.len()),
            )
            .await;
            middleware(s, &Db::None, &mut report).await;
        }
        #[cfg(feature = "postgres")]
        "postgres" => {
            let s = match postgres::connect().await {
                Ok(s) if !connect_only => s,
                other => return report_connect(other.map(|_| ())),
            };
            let db = Db::Pg(
                sqlx::PgPool::connect(&std::env::var("DATABASE_URL").unwrap())
                    .await
                    .unwrap(),
            );
            let a = s.clone();
            scenario(
                &s,
                &db,
                &mut report,
                move |every| a.spawn_cleanup(every),
                || None,
            )
            .await;
            middleware(s, &db, &mut report).await;
        }
        #[cfg(feature = "mysql")]
        "mysql" => {
            let s = match mysql::connect().await {
                Ok(s) if !connect_only => s,
                other => return report_connect(other.map(|_| ())),
            };
            let db = Db::My(
                sqlx::MySqlPool::connect(&std::env::var("DATABASE_URL").unwrap())
                    .await
                    .unwrap(),
            );
            let a = s.clone();
            scenario(
                &s,
                &db,
                &mut report,
                move |every| a.spawn_cleanup(every),
                || None,
            )
            .await;
            middleware(s, &db, &mut report).await;
        }
        #[cfg(feature = "sqlite")]
        "sqlite" => {
            let s = match sqlite::connect().await {
                Ok(s) if !connect_only => s,
                other => return report_connect(other.map(|_| ())),
            };
            let file = std::env::var("SESSION_SQLITE_FILE").unwrap();
            let db = Db::Lite(
                sqlx::SqlitePool::connect(&format!("sqlite://{file}"))
                    .await
                    .unwrap(),
            );
            let a = s.clone();
            scenario(
                &s,
                &db,
                &mut report,
                move |every| a.spawn_cleanup(every),
                || None,
            )
            .await;
            middleware(s, &db, &mut report).await;
        }
        other => panic!("no store {other:?} in this build"),
    }
    report.print();
}

fn report_connect(result: std::io::Result<()>) {
    let mut report = Report::default();
    report.str(
        "connectError",
        result.err().map(|e| e.to_string()).as_deref(),
    );
    report.print();
}
