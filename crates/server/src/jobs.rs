//! Scheduled jobs (PRODUCT §10): housekeeping every instance may run, because each job is
//! one idempotent statement on the shared database.

use crate::state::AppState;
use std::time::Duration;

pub const EVERY: Duration = Duration::from_secs(3600);
/// Ended sessions are kept this long for the devices list and the audit trail.
const ENDED_SESSIONS_KEPT_MS: i64 = 30 * 24 * 3600 * 1000;

/// One round of every job at `now`; returns how many rows each removed (idempotency
/// records, sessions), for logs and tests.
pub async fn run_once(db: &crate::db::Db, now: i64) -> anyhow::Result<(u64, u64)> {
    let idempotency = crate::idempotency::purge(db, now).await?;
    let sessions = sqlx::query(
        "DELETE FROM sessions WHERE (revoked_at IS NOT NULL AND revoked_at < $1) OR refresh_expires_at < $1",
    )
    .bind(now - ENDED_SESSIONS_KEPT_MS)
    .execute(db)
    .await?
    .rows_affected();
    Ok((idempotency, sessions))
}

/// Runs the jobs for the process's lifetime.
pub async fn run(state: AppState) {
    loop {
        match run_once(&state.db, state.clock.now_ms()).await {
            Ok((idempotency, sessions)) => {
                tracing::info!(idempotency, sessions, "housekeeping done")
            }
            Err(e) => tracing::warn!(error = %e, "housekeeping failed; trying again later"),
        }
        tokio::time::sleep(EVERY).await;
    }
}
