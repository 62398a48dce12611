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
//! Adding an entity (orders, the bag-order outbox): its table in a migration, its rows in
//! `apply`, its queries in `read`.

mod apply;
mod read;
mod settings;

pub use read::{CachedService, Schedules};
pub use settings::StoredReminders;

use crate::error::CoreError;
use kretslopp_api::ErrorCode;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
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
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .map_err(db_error)?;
        MIGRATOR.run(&pool).await.map_err(db_error)?;
        Ok(Self {
            pool,
            schedules: Mutex::new(HashMap::new()),
        })
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
