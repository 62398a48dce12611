use crate::problem::ApiError;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request};
use axum::routing::{get, post};
use axum::Router;
use tower_http::trace::TraceLayer;

pub mod login;
pub mod meta;
pub mod session;

/// Every route of the API. The OpenAPI test checks this list against the document.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/auth/bankid"),
    ("GET", "/v1/auth/bankid/{id}"),
    ("DELETE", "/v1/auth/bankid/{id}"),
    ("POST", "/v1/auth/refresh"),
    ("POST", "/v1/auth/logout"),
    ("GET", "/v1/me"),
    ("GET", "/v1/openapi.json"),
    ("GET", "/v1/health"),
];

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/v1/auth/bankid",
            post(login::start).fallback(method_not_allowed),
        )
        .route(
            "/v1/auth/bankid/{id}",
            get(login::poll)
                .delete(login::cancel)
                .fallback(method_not_allowed),
        )
        .route(
            "/v1/auth/refresh",
            post(session::refresh).fallback(method_not_allowed),
        )
        .route(
            "/v1/auth/logout",
            post(session::logout).fallback(method_not_allowed),
        )
        .route("/v1/me", get(session::me).fallback(method_not_allowed))
        .route(
            "/v1/openapi.json",
            get(meta::openapi).fallback(method_not_allowed),
        )
        .route("/v1/health", get(meta::health).fallback(method_not_allowed))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        // Spans name the route template, never the raw path: login ids are secrets.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default();
            tracing::info_span!("request", method = %req.method(), route)
        }))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found_route()
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
