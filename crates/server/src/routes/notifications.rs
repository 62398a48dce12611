//! Avisering (PRODUCT §9): the list itself travels in the change feed (`/v1/sync`); this
//! is how the app says what the person has read. Marking read is idempotent by nature.

use crate::problem::{ApiError, ApiJson};
use crate::sessions::Caller;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use kretslopp_api::{MarkRead, Problem};

/// How many ids one request may name.
pub const MAX_IDS: usize = 500;

/// Marks the caller's notifications with these ids read; ids that are not theirs change
/// nothing.
#[utoipa::path(post, path = "/v1/notifications/read", tag = "notifications", security(("bearer" = [])),
    request_body = MarkRead,
    responses(
        (status = 204, description = "Marked read"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<MarkRead>,
) -> Result<StatusCode, ApiError> {
    if req.ids.len() > MAX_IDS || req.ids.iter().any(|id| id.is_empty() || id.len() > 64) {
        return Err(ApiError::invalid_field(
            "ids",
            "format",
            "At most 500 notification ids, each 1–64 characters",
        ));
    }
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    crate::store::notifications::mark_read(&mut tx, &caller.person_id, &req.ids, now).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
