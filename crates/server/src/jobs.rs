//! Scheduled jobs (PRODUCT §10): housekeeping every instance may run, because each job is
//! one idempotent statement on the shared database.

use crate::state::AppState;
use std::time::Duration;

pub const EVERY: Duration = Duration::from_secs(3600);
/// Ended sessions are kept this long for the devices list and the audit trail.
const ENDED_SESSIONS_KEPT_MS: i64 = 30 * 24 * 3600 * 1000;

/// How many rows one round removed, for logs and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    pub idempotency: u64,
    pub sessions: u64,
    pub invites: u64,
    /// Notifications older than `notifications::KEPT_MS`, taken off the list.
    pub notifications: u64,
}

/// One round of every job at `now`.
pub async fn run_once(db: &crate::db::Db, now: i64) -> anyhow::Result<Removed> {
    let idempotency = crate::idempotency::purge(db, now).await?;
    let sessions = sqlx::query(
        "DELETE FROM sessions WHERE (revoked_at IS NOT NULL AND revoked_at < $1) OR refresh_expires_at < $1",
    )
    .bind(now - ENDED_SESSIONS_KEPT_MS)
    .execute(db)
    .await?
    .rows_affected();
    let invites = crate::store::invites::purge(db, now).await?;
    let notifications = crate::store::notifications::expire(db, now).await?;
    Ok(Removed {
        idempotency,
        sessions,
        invites,
        notifications,
    })
}

/// Runs the jobs for the process's lifetime.
pub async fn run(state: AppState) {
    loop {
        match run_once(&state.db, state.clock.now_ms()).await {
            Ok(r) => tracing::info!(
                idempotency = r.idempotency,
                sessions = r.sessions,
                invites = r.invites,
                notifications = r.notifications,
                "housekeeping done"
            ),
            Err(e) => tracing::warn!(error = %e, "housekeeping failed; trying again later"),
        }
        tokio::time::sleep(EVERY).await;
    }
}
