//! The typed store: an SQLite file per person (WAL) with one table per synced entity
//! (customers, addresses, fractions, services and their exceptions), the settings only this
//! device knows in their own rows, and where the change feed stands.
//!
//! - `apply`: one `/v1/sync` answer in one transaction with its cursor, so a crash never
//!   leaves a cursor ahead of its data.
//! - `read`: the app's queries, answered from typed columns. A row that does not decode
//!   (an unknown policy, a broken date) is an error, never a silent default.
//! - `settings`: the sync position, reminder choices, reminders shown, the last account
//!   answer.
//!
//! Whole-customer views (a company's month, its next pickups) read the customer's
//! schedules once into [`Schedules`] and keep them until a sync changes the store.
//!
//! - `orders`: the bag catalogue, synced orders and the outbox of orders placed here.
//! - `notifications`: Avisering as synced, and reads made here not yet sent.
//! - `statistics`: each year of Statistik and Statistikarkivet as last fetched.
//!
//! Adding an entity: its table in a migration, its rows in `apply`, its queries in `read`.

mod apply;
mod notifications;
mod orders;
mod read;
mod settings;
mod statistics;

pub use orders::OutboxEntry;
pub use read::{CachedService, Schedules};
pub use settings::StoredReminders;
pub use statistics::{Available, CachedYear};

use crate::error::CoreError;
use kretslopp_api::ErrorCode;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub struct Cache {
    pool: SqlitePool,
    /// Decoded schedules per customer, dropped whenever a sync writes.
    schedules: Mutex<HashMap<String, Arc<Schedules>>>,
}

fn db_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::new(ErrorCode::CacheError, e.to_string())
}

/// A stored value that does not decode: the store is damaged or from a newer app.
fn undecodable(what: &str, value: &str) -> CoreError {
    CoreError::new(
        ErrorCode::CacheError,
        format!("the cache holds an unreadable {what}: {value:?}"),
    )
}

/// Whether every migration is applied already. Then opening writes nothing: the migrator
/// takes write locks even when it has nothing to do, and a second app process opening the
/// cache while the first writes would fail at once instead of waiting.
async fn up_to_date(pool: &SqlitePool) -> bool {
    let applied: Result<Vec<(i64,)>, _> =
        sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await;
    match applied {
        Ok(rows) => MIGRATOR
            .iter()
            .all(|m| rows.iter().any(|(v,)| *v == m.version)),
        Err(_) => false,
    }
}

impl Cache {
    /// Opens (or creates) the cache of `person_id` under `dir`. Each person has their own
    /// file, so nothing of one person is read when another logs in on the same device.
    pub async fn open(dir: &Path, person_id: &str) -> Result<Self, CoreError> {
        if person_id.is_empty()
            || !person_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(CoreError::new(ErrorCode::CacheError, "not a person id"));
        }
        std::fs::create_dir_all(dir).map_err(db_error)?;
        let path = dir.join(format!("cache-{person_id}.sqlite"));
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(db_error)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: under NORMAL a WAL commit may roll back after a power loss, and the
            // outbox promises that an order shown as köad is on disk.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .map_err(db_error)?;
        if !up_to_date(&pool).await {
            MIGRATOR.run(&pool).await.map_err(db_error)?;
        }
        Ok(Self {
            pool,
            schedules: Mutex::new(HashMap::new()),
        })
    }

    /// A write transaction that takes the write lock first: a deferred one that reads and
    /// then writes fails at once ("database is locked") when another connection — a second
    /// app process on the same files — wrote meanwhile, where this one waits its turn.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, CoreError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    fn forget_schedules(&self) {
        self.schedules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache written by the app before the typed store: JSON rows in a key-value bag.
    async fn old_cache(dir: &Path, person: &str) {
        let migrations = dir.join("old-migrations");
        std::fs::create_dir_all(&migrations).unwrap();
        for (name, sql) in [
            (
                "0001_cache.sql",
                include_str!("../../migrations/0001_cache.sql"),
            ),
            (
                "0002_services_by_address.sql",
                include_str!("../../migrations/0002_services_by_address.sql"),
            ),
            (
                "0003_reminders.sql",
                include_str!("../../migrations/0003_reminders.sql"),
            ),
        ] {
            std::fs::write(migrations.join(name), sql).unwrap();
        }
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.join(format!("cache-{person}.sqlite")).display()
        );
        let pool = SqlitePool::connect(&url).await.unwrap();
        sqlx::migrate::Migrator::new(migrations.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        for (key, value) in [
            ("cursor", "old-cursor"),
            ("last_sync", "1800000000000"),
            (
                "reminders:c1",
                r#"{"enabled":true,"time":"19:30","excluded":["s2","s1"],"lang":"en"}"#,
            ),
            ("reminders:c2", r#"{"enabled":false}"#),
            ("me", r#"{"not":"checked here"}"#),
        ] {
            sqlx::query("INSERT INTO sync_state (key, value) VALUES (?, ?)")
                .bind(key)
                .bind(value)
                .execute(&pool)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO services (id, customer_id, json) VALUES ('s1', 'c1', '{}')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }

    #[tokio::test]
    async fn an_old_cache_keeps_its_reminder_choices_and_syncs_afresh() {
        let dir = tempfile::tempdir().unwrap();
        old_cache(dir.path(), "p1").await;
        let cache = Cache::open(dir.path(), "p1").await.unwrap();
        assert_eq!(
            cache.cursor().await.unwrap(),
            None,
            "the next sync is a reset"
        );
        assert!(cache.customers().await.unwrap().is_empty());
        let kept = cache.reminders("c1").await.unwrap();
        assert!(kept.settings.enabled);
        assert_eq!(
            kretslopp_domain::calendar::reminders::format_time(kept.settings.time),
            "19:30"
        );
        assert_eq!(kept.lang, kretslopp_domain::Lang::En);
        assert_eq!(
            kept.settings.excluded.iter().collect::<Vec<_>>(),
            ["s1", "s2"]
        );
        let partial = cache.reminders("c2").await.unwrap();
        assert!(!partial.settings.enabled);
        assert_eq!(partial.lang, kretslopp_domain::Lang::Sv);
        // The old account answer is not one this app reads: an error, not a default.
        assert!(cache.account_snapshot().await.is_err());
        cache.close().await;
    }

    #[tokio::test]
    async fn an_unreadable_row_is_an_error_not_a_default() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), "p2").await.unwrap();
        sqlx::query("INSERT INTO reminder_settings (customer_id, enabled, time, lang) VALUES ('c', 1, '25:00', 'sv')")
            .execute(&cache.pool)
            .await
            .unwrap();
        assert_eq!(
            cache.reminders("c").await.unwrap_err().code,
            ErrorCode::CacheError
        );
        sqlx::query("INSERT INTO customers (id, name, kind, kundnummer, role, kommuner) VALUES ('c', 'C', 'household', '1', 'owner', '')")
            .execute(&cache.pool)
            .await
            .unwrap();
        assert_eq!(
            cache.customers().await.unwrap_err().code,
            ErrorCode::CacheError
        );
        cache.close().await;
    }
}
