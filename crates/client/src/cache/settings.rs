//! What only this device keeps: where the change feed stands, reminder choices, the
//! reminders already shown, and the last account answer for starting offline.

use super::{db_error, undecodable, Cache};
use crate::error::CoreError;
use kretslopp_domain::calendar::reminders::{format_time, parse_time, ReminderSettings};
use kretslopp_domain::Lang;

/// One customer's reminder choices and the language its notifications are written in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoredReminders {
    pub settings: ReminderSettings,
    pub lang: Lang,
}

impl Cache {
    async fn sync_state(&self) -> Result<(Option<String>, Option<String>, Option<i64>), CoreError> {
        sqlx::query_as("SELECT cursor, etag, last_sync FROM sync_state WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    pub async fn cursor(&self) -> Result<Option<String>, CoreError> {
        Ok(self.sync_state().await?.0)
    }

    pub async fn etag(&self) -> Result<Option<String>, CoreError> {
        Ok(self.sync_state().await?.1)
    }

    /// Unix milliseconds of the last successful sync.
    pub async fn last_sync(&self) -> Result<Option<i64>, CoreError> {
        Ok(self.sync_state().await?.2)
    }

    pub async fn set_etag(&self, etag: Option<&str>) -> Result<(), CoreError> {
        sqlx::query("UPDATE sync_state SET etag = ? WHERE id = 1")
            .bind(etag)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Replaces the cursor (the next sync sends it as it is).
    pub async fn set_cursor(&self, cursor: &str) -> Result<(), CoreError> {
        sqlx::query("UPDATE sync_state SET cursor = ? WHERE id = 1")
            .bind(cursor)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Drops the cursor and its ETag: the next sync asks for everything.
    pub async fn forget_cursor(&self) -> Result<(), CoreError> {
        sqlx::query("UPDATE sync_state SET cursor = NULL, etag = NULL WHERE id = 1")
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Records a successful sync that brought nothing new.
    pub async fn touch(&self, now: i64) -> Result<(), CoreError> {
        sqlx::query("UPDATE sync_state SET last_sync = ? WHERE id = 1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// The reminder choices for `customer_id`; the defaults if none were saved.
    pub async fn reminders(&self, customer_id: &str) -> Result<StoredReminders, CoreError> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT enabled, time, lang FROM reminder_settings WHERE customer_id = ?",
        )
        .bind(customer_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        let Some((enabled, time, lang)) = row else {
            return Ok(StoredReminders::default());
        };
        let excluded: Vec<(String,)> =
            sqlx::query_as("SELECT service_id FROM reminder_exclusions WHERE customer_id = ?")
                .bind(customer_id)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(StoredReminders {
            settings: ReminderSettings {
                enabled: enabled == 1,
                time: parse_time(&time).map_err(|_| undecodable("reminder time", &time))?,
                excluded: excluded.into_iter().map(|(id,)| id).collect(),
            },
            lang: Lang::parse_code(&lang).map_err(|_| undecodable("language", &lang))?,
        })
    }

    pub async fn save_reminders(
        &self,
        customer_id: &str,
        r: &StoredReminders,
    ) -> Result<(), CoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO reminder_settings (customer_id, enabled, time, lang) VALUES (?, ?, ?, ?)
             ON CONFLICT (customer_id) DO UPDATE SET enabled = excluded.enabled,
                 time = excluded.time, lang = excluded.lang",
        )
        .bind(customer_id)
        .bind(i64::from(r.settings.enabled))
        .bind(format_time(r.settings.time))
        .bind(r.lang.code())
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("DELETE FROM reminder_exclusions WHERE customer_id = ?")
            .bind(customer_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for service_id in &r.settings.excluded {
            sqlx::query("INSERT INTO reminder_exclusions (customer_id, service_id) VALUES (?, ?)")
                .bind(customer_id)
                .bind(service_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
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

    /// Keeps the last `/v1/me` answer for starting offline.
    pub async fn set_account_snapshot(&self, me: &kretslopp_api::Me) -> Result<(), CoreError> {
        let json = serde_json::to_string(me).map_err(db_error)?;
        sqlx::query("INSERT OR REPLACE INTO account_snapshot (id, me) VALUES (1, ?)")
            .bind(json)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub async fn account_snapshot(&self) -> Result<Option<kretslopp_api::Me>, CoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT me FROM account_snapshot WHERE id = 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.map(|(json,)| {
            serde_json::from_str(&json).map_err(|_| undecodable("account answer", "me"))
        })
        .transpose()
    }
}
