//! Avisering as stored: one row per person and event (`domain::notifications::Event`).
//! Features add events with [`add`] in the transaction of the change they report, so a
//! notification exists exactly when its change does.

use crate::problem::ApiError;
use kretslopp_api::Notification;
use kretslopp_domain::notifications::{Event, KEPT_MS};
use sqlx::AnyConnection;

/// Tells each of `people` about `event` on the customer. `subject_id` names what it is
/// about (an order, a member, a service), so handling it can mark it read for everyone.
pub async fn add(
    db: &mut AnyConnection,
    people: &[String],
    customer_id: &str,
    subject_id: &str,
    event: &Event,
    now: i64,
) -> Result<(), ApiError> {
    let json = serde_json::to_string(event).expect("events serialise");
    for person in people {
        sqlx::query(
            "INSERT INTO notifications (id, person_id, customer_id, kind, subject_id, event, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(person)
        .bind(customer_id)
        .bind(event.kind())
        .bind(subject_id)
        .bind(&json)
        .bind(now)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// The active members of a customer, optionally only its owners (holders and
/// administrators), and only those whose kommun filter shows `kommunkod`.
pub async fn members(
    db: &mut AnyConnection,
    customer_id: &str,
    owners_only: bool,
    kommunkod: Option<&str>,
) -> Result<Vec<String>, ApiError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT person_id, role, kommuner FROM memberships WHERE customer_id = $1 AND status = 'active'",
    )
    .bind(customer_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, role, kommuner)| {
            (!owners_only || kretslopp_domain::Role::parse(role).is_some_and(|r| r.is_owner()))
                && kommunkod.is_none_or(|k| {
                    crate::store::accounts::in_filter(
                        &crate::store::accounts::split_kommuner(kommuner),
                        k,
                    )
                })
        })
        .map(|(p, _, _)| p)
        .collect())
}

/// Marks what is about `subject_id` read for everyone: it has been dealt with.
pub async fn settle(
    db: &mut AnyConnection,
    kind: &str,
    subject_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE notifications SET read_at = $3, updated_at = $3
         WHERE kind = $1 AND subject_id = $2 AND read_at IS NULL",
    )
    .bind(kind)
    .bind(subject_id)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The person's own, of the ids given.
pub async fn mark_read(
    db: &mut AnyConnection,
    person_id: &str,
    ids: &[String],
    now: i64,
) -> Result<(), ApiError> {
    for id in ids {
        sqlx::query(
            "UPDATE notifications SET read_at = $3, updated_at = $3
             WHERE id = $1 AND person_id = $2 AND read_at IS NULL",
        )
        .bind(id)
        .bind(person_id)
        .bind(now)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// The person's notifications changed after `after`, with those removed meanwhile.
pub async fn changed(
    db: &sqlx::AnyPool,
    person_id: &str,
    after: i64,
) -> Result<(Vec<Notification>, Vec<String>), ApiError> {
    type Row = (String, String, String, i64, Option<i64>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, customer_id, event, created_at, read_at, deleted_at FROM notifications
         WHERE person_id = $1 AND (updated_at > $2 OR deleted_at > $2)
         ORDER BY created_at DESC, id",
    )
    .bind(person_id)
    .bind(after)
    .fetch_all(db)
    .await?;
    let mut live = Vec::new();
    let mut gone = Vec::new();
    for (id, customer_id, event, created_at, read_at, deleted_at) in rows {
        if deleted_at.is_some() {
            gone.push(id);
            continue;
        }
        let event: Event = serde_json::from_str(&event).map_err(|e| {
            tracing::error!(notification = %id, error = %e, "a stored event does not parse");
            ApiError::internal()
        })?;
        live.push(Notification {
            id,
            customer_id,
            event,
            created_at,
            read: read_at.is_some(),
        });
    }
    Ok((live, gone))
}

/// Old notifications leave the list (soft delete, so the change feed tells the apps).
pub async fn expire(db: &sqlx::AnyPool, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE notifications SET deleted_at = $1, updated_at = $1
         WHERE deleted_at IS NULL AND created_at < $2",
    )
    .bind(now)
    .bind(now - KEPT_MS)
    .execute(db)
    .await?
    .rows_affected())
}
