//! The offline cache: an SQLite file per person (WAL), holding what the app shows. A reset
//! from the server replaces everything; a delta upserts and removes, in one transaction
//! with the new cursor, so a crash never leaves a cursor ahead of its data.

use crate::error::CoreError;
use kretslopp_api::ErrorCode;
use kretslopp_api::{FractionView, SyncCustomer, SyncResponse, SyncService};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;
use std::path::Path;
use std::str::FromStr;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub struct Cache {
    pool: SqlitePool,
}

fn db_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::new(ErrorCode::CacheError, e.to_string())
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
        Ok(Self { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn set_state(&self, key: &str, value: &str) -> Result<(), CoreError> {
        sqlx::query("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub async fn state(&self, key: &str) -> Result<Option<String>, CoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM sync_state WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.map(|r| r.0))
    }

    pub async fn cursor(&self) -> Result<Option<String>, CoreError> {
        self.state("cursor").await
    }

    pub async fn etag(&self) -> Result<Option<String>, CoreError> {
        self.state("etag").await
    }

    pub async fn set_etag(&self, etag: Option<&str>) -> Result<(), CoreError> {
        let query = match etag {
            Some(e) => {
                sqlx::query("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('etag', ?)")
                    .bind(e.to_owned())
            }
            None => sqlx::query("DELETE FROM sync_state WHERE key = 'etag'"),
        };
        query.execute(&self.pool).await.map_err(db_error)?;
        Ok(())
    }

    /// Drops the cursor and its ETag: the next sync asks for everything.
    pub async fn forget_cursor(&self) -> Result<(), CoreError> {
        sqlx::query("DELETE FROM sync_state WHERE key IN ('cursor', 'etag')")
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Records a successful sync that brought nothing new.
    pub async fn touch(&self, now: i64) -> Result<(), CoreError> {
        self.set_state("last_sync", &now.to_string()).await
    }

    /// Unix milliseconds of the last successful sync.
    pub async fn last_sync(&self) -> Result<Option<i64>, CoreError> {
        Ok(self.state("last_sync").await?.and_then(|v| v.parse().ok()))
    }

    /// Applies one sync answer and records it as the last successful sync at `now`.
    pub async fn apply(&self, r: &SyncResponse, now: i64) -> Result<(), CoreError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        if r.reset {
            for table in ["customers", "fractions", "services"] {
                sqlx::query(&format!("DELETE FROM {table}"))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
            }
        }
        for c in &r.customers {
            sqlx::query("INSERT OR REPLACE INTO customers (id, json) VALUES (?, ?)")
                .bind(&c.id)
                .bind(serde_json::to_string(c).map_err(db_error)?)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        for f in &r.fractions {
            sqlx::query("INSERT OR REPLACE INTO fractions (code, json) VALUES (?, ?)")
                .bind(&f.code)
                .bind(serde_json::to_string(f).map_err(db_error)?)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        for s in &r.services {
            sqlx::query(
                "INSERT OR REPLACE INTO services (id, customer_id, address_id, json) VALUES (?, ?, ?, ?)",
            )
                .bind(&s.service.id)
                .bind(&s.customer_id)
                .bind(&s.service.address.id)
                .bind(serde_json::to_string(s).map_err(db_error)?)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        for id in &r.removed_services {
            sqlx::query("DELETE FROM services WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        for (key, value) in [("cursor", r.cursor.clone()), ("last_sync", now.to_string())] {
            sqlx::query("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)")
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    pub async fn customers(&self) -> Result<Vec<SyncCustomer>, CoreError> {
        self.all("SELECT json FROM customers ORDER BY id", &[])
            .await
    }

    pub async fn fractions(&self) -> Result<Vec<FractionView>, CoreError> {
        self.all("SELECT json FROM fractions ORDER BY code", &[])
            .await
    }

    pub async fn services(&self, customer_id: &str) -> Result<Vec<SyncService>, CoreError> {
        self.all(
            "SELECT json FROM services WHERE customer_id = ? ORDER BY id",
            &[customer_id],
        )
        .await
    }

    /// The services at one address (a month view's query).
    pub async fn services_at(
        &self,
        customer_id: &str,
        address_id: &str,
    ) -> Result<Vec<SyncService>, CoreError> {
        self.all(
            "SELECT json FROM services WHERE customer_id = ? AND address_id = ? ORDER BY id",
            &[customer_id, address_id],
        )
        .await
    }

    /// Records that the reminder `key` was shown at `now`; `false` if it already was.
    /// Records older than a month are dropped on the way.
    pub async fn mark_reminded(&self, key: &str, now: i64) -> Result<bool, CoreError> {
        const MONTH_MS: i64 = 31 * 24 * 3600 * 1000;
        sqlx::query("DELETE FROM reminders_shown WHERE shown_at < ?")
            .bind(now - MONTH_MS)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        let done =
            sqlx::query("INSERT OR IGNORE INTO reminders_shown (key, shown_at) VALUES (?, ?)")
                .bind(key)
                .bind(now)
                .execute(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn was_reminded(&self, key: &str) -> Result<bool, CoreError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM reminders_shown WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.is_some())
    }

    /// The `json` column of the rows `sql` selects with `params`, decoded.
    async fn all<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        params: &[&str],
    ) -> Result<Vec<T>, CoreError> {
        let mut query = sqlx::query_as::<_, (String,)>(sql);
        for p in params {
            query = query.bind(*p);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db_error)?;
        rows.iter()
            .map(|(j,)| serde_json::from_str(j).map_err(db_error))
            .collect()
    }
}
