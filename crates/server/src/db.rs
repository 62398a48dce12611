//! The database pool. One code path for SQLite and PostgreSQL: portable SQL with `$n`
//! placeholders through sqlx's `Any` driver, times as Unix milliseconds, ids as text.

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::str::FromStr;

pub type Db = AnyPool;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Starts a transaction that will write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`): a plain `BEGIN` starts as a reader, and a reader that later writes
/// after another connection committed gets SQLITE_BUSY at once — the busy timeout does not
/// apply to that upgrade — which under concurrent writers surfaced as "database is locked"
/// 500s. With the lock taken first, writers queue on the busy timeout instead. PostgreSQL
/// needs nothing special: its row locks (`access::lock_customer`) order the writers.
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if is_sqlite(db.connect_options().database_url.as_str()) {
        db.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.begin().await
    }
}

pub async fn connect(url: &str) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let mut url = url.to_owned();
    if is_sqlite(&url) {
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        if let Some(parent) = std::path::Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        if !url.contains("mode=") {
            url.push_str(if url.contains('?') {
                "&mode=rwc"
            } else {
                "?mode=rwc"
            });
        }
    }
    let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
    let sqlite = is_sqlite(&url);
    let pool = AnyPoolOptions::new()
        .max_connections(if sqlite { 8 } else { 16 })
        // An SQLite connection is a file in this process and cannot break while idle, so
        // no ping before each use (a second thread hand-off per query). A PostgreSQL
        // connection can, when the server restarts or a proxy drops it: it keeps the ping.
        .test_before_acquire(!sqlite)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    // Writers wait up to 15 s for the lock; with BEGIN IMMEDIATE (begin_write)
                    // that wait is the only contention a request can meet.
                    conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 15000; PRAGMA synchronous = NORMAL;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .context("connecting to the database")?;
    if sqlite {
        pool.execute("PRAGMA journal_mode = WAL;").await?;
    }
    MIGRATOR
        .run(&pool)
        .await
        .context("running database migrations")?;
    Ok(pool)
}
