use axum::http::header;
use axum::response::IntoResponse;

#[utoipa::path(get, path = "/v1/openapi.json", tag = "meta", responses((status = 200, description = "This document")))]
pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::json(),
    )
}

#[utoipa::path(get, path = "/v1/health", tag = "meta", responses((status = 200, description = "The server is up")))]
pub async fn health() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok" }))
}
