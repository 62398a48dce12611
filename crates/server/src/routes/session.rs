use crate::problem::{ApiError, ApiJson};
use crate::sessions::{self, Caller};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use kretslopp_api::{Problem, RefreshRequest, SessionTokens};

/// Exchanges a refresh token for a new access and refresh token (rotation).
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "session", request_body = RefreshRequest,
    responses(
        (status = 200, body = SessionTokens),
        (status = 401, description = "Invalid, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refreshed concurrently; retry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<Json<SessionTokens>, ApiError> {
    Ok(Json(sessions::refresh(&state, &req.refresh_token).await?))
}

/// Ends the caller's session; its tokens stop working at once.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "session", security(("bearer" = [])),
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    sessions::revoke(&state.db, &caller.session_id, state.clock.now_ms()).await?;
    tracing::info!(session = %caller.session_id, "logged out");
    Ok(StatusCode::NO_CONTENT)
}
