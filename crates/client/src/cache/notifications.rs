//! Avisering in the store: notifications as synced, and the reads made on this device
//! that the server has not heard of yet. A read marked here stays read through every
//! later sync, also a reset, until the server has it.

use super::{db_error, undecodable, Cache};
use crate::error::CoreError;
use kretslopp_api::Notification;
use kretslopp_domain::notifications::Event;
use sqlx::{QueryBuilder, Sqlite, Transaction};

/// Before a reset: everything synced goes, except what this device read and has not sent.
pub(super) async fn reset(tx: &mut Transaction<'_, Sqlite>) -> Result<(), CoreError> {
    sqlx::query("DELETE FROM notifications WHERE read_unsent = 0")
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(())
}

pub(super) async fn upsert(
    tx: &mut Transaction<'_, Sqlite>,
    n: &Notification,
) -> Result<(), CoreError> {
    sqlx::query(
        "INSERT INTO notifications (id, customer_id, event, created_at, read) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, event = excluded.event,
             created_at = excluded.created_at, read = MAX(read, excluded.read)",
    )
    .bind(&n.id)
    .bind(&n.customer_id)
    .bind(serde_json::to_string(&n.event).map_err(db_error)?)
    .bind(n.created_at)
    .bind(n.read)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

impl Cache {
    /// Every notification, newest first.
    pub async fn notifications(&self) -> Result<Vec<Notification>, CoreError> {
        let rows: Vec<(String, String, String, i64, bool)> = sqlx::query_as(
            "SELECT id, customer_id, event, created_at, read FROM notifications
             ORDER BY created_at DESC, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(|(id, customer_id, event, created_at, read)| {
                let event: Event = serde_json::from_str(&event)
                    .map_err(|_| undecodable("notification", &event))?;
                Ok(Notification {
                    id,
                    customer_id,
                    event,
                    created_at,
                    read,
                })
            })
            .collect()
    }

    /// Marks these read here; [`unsent_reads`](Self::unsent_reads) lists them until sent.
    pub async fn mark_read(&self, ids: &[String]) -> Result<(), CoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        let mut q = QueryBuilder::<Sqlite>::new(
            "UPDATE notifications SET read = 1, read_unsent = 1 WHERE read = 0 AND id IN (",
        );
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(id);
        }
        q.push(")");
        q.build().execute(&mut *tx).await.map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    pub async fn unsent_reads(&self) -> Result<Vec<String>, CoreError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM notifications WHERE read_unsent = 1 ORDER BY id")
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The server has these reads.
    pub async fn reads_sent(&self, ids: &[String]) -> Result<(), CoreError> {
        let mut tx = self.begin_write().await?;
        for id in ids {
            sqlx::query("UPDATE notifications SET read_unsent = 0 WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }
}
