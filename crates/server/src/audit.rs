//! The audit log of customer-account changes: who did what to whom, and when. `detail`
//! holds the changed values, never a personal identity number.

use crate::problem::ApiError;
use sqlx::{Any, Executor};

pub struct Entry<'a> {
    pub customer_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub action: &'static str,
    pub subject_id: Option<&'a str>,
    pub detail: serde_json::Value,
}

pub async fn record<'e, E: Executor<'e, Database = Any>>(
    db: E,
    entry: Entry<'_>,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO audit_log (id, customer_id, actor_id, action, subject_id, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(entry.customer_id)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.subject_id)
    .bind(entry.detail.to_string())
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}
