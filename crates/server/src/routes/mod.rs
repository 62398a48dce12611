use crate::problem::ApiError;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

pub mod account;
pub mod calendar_export;
pub mod customers;
pub mod legacy_reopen;
pub mod login;
pub mod meta;
pub mod onboarding;
pub mod services;
pub mod session;
pub mod sync;

/// Every route of the API. The OpenAPI test checks this list against the document.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/auth/bankid"),
    ("GET", "/v1/auth/bankid/{id}"),
    ("DELETE", "/v1/auth/bankid/{id}"),
    ("POST", "/v1/auth/refresh"),
    ("POST", "/v1/auth/logout"),
    ("GET", "/v1/me"),
    ("DELETE", "/v1/me"),
    ("PUT", "/v1/me/account"),
    ("PUT", "/v1/me/active-customer"),
    ("GET", "/v1/me/sessions"),
    ("DELETE", "/v1/me/sessions"),
    ("DELETE", "/v1/me/sessions/{id}"),
    ("GET", "/v1/me/export"),
    ("POST", "/v1/onboarding/legacy-link"),
    ("POST", "/v1/onboarding/company"),
    ("GET", "/v1/legacy-linking/reopen"),
    ("POST", "/v1/legacy-linking/reopen"),
    ("GET", "/v1/customers/{id}"),
    ("PUT", "/v1/customers/{id}/invoice-address"),
    ("GET", "/v1/customers/{id}/members"),
    ("PATCH", "/v1/customers/{id}/members/{memberId}"),
    ("DELETE", "/v1/customers/{id}/members/{memberId}"),
    ("POST", "/v1/customers/{id}/members/{memberId}/approve"),
    ("PUT", "/v1/customers/{id}/members/{memberId}/kommuner"),
    ("PUT", "/v1/customers/{id}/legacy-linking"),
    ("GET", "/v1/customers/{id}/services"),
    ("GET", "/v1/customers/{id}/calendar"),
    ("GET", "/v1/customers/{id}/calendar.ics"),
    ("POST", "/v1/customers/{id}/calendar-feed"),
    ("DELETE", "/v1/customers/{id}/calendar-feed"),
    ("GET", "/v1/calendar-feeds/{token}"),
    ("GET", "/v1/sync"),
    ("GET", "/v1/kommuner"),
    ("GET", "/v1/openapi.json"),
    ("GET", "/v1/health"),
];

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
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
        .route(
            "/v1/me",
            get(account::me)
                .delete(account::delete_me)
                .fallback(method_not_allowed),
        )
        .route(
            "/v1/me/account",
            put(account::put_account).fallback(method_not_allowed),
        )
        .route(
            "/v1/me/active-customer",
            put(account::put_active_customer).fallback(method_not_allowed),
        )
        .route(
            "/v1/me/sessions",
            get(account::sessions)
                .delete(account::end_all_sessions)
                .fallback(method_not_allowed),
        )
        .route(
            "/v1/me/sessions/{id}",
            axum::routing::delete(account::end_session).fallback(method_not_allowed),
        )
        .route(
            "/v1/me/export",
            get(account::export).fallback(method_not_allowed),
        )
        .route(
            "/v1/onboarding/legacy-link",
            post(onboarding::legacy_link).fallback(method_not_allowed),
        )
        .route(
            "/v1/onboarding/company",
            post(onboarding::register_company_user).fallback(method_not_allowed),
        )
        .route(
            "/v1/legacy-linking/reopen",
            get(legacy_reopen::page)
                .post(legacy_reopen::reopen)
                .fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}",
            get(customers::details).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/invoice-address",
            put(customers::put_invoice_address).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/members",
            get(customers::members).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/members/{memberId}",
            patch(customers::change_role)
                .delete(customers::remove_member)
                .fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/members/{memberId}/approve",
            post(customers::approve).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/members/{memberId}/kommuner",
            put(customers::set_kommuner).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/legacy-linking",
            put(customers::set_legacy_linking).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/services",
            get(services::services).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/calendar",
            get(services::calendar).fallback(method_not_allowed),
        )
        .route(
            "/v1/customers/{id}/calendar.ics",
            get(calendar_export::ics_file)
                .fallback(method_not_allowed)
                .layer(CompressionLayer::new()),
        )
        .route(
            "/v1/customers/{id}/calendar-feed",
            post(calendar_export::create_feed)
                .delete(calendar_export::revoke_feed)
                .fallback(method_not_allowed),
        )
        .route(
            "/v1/calendar-feeds/{token}",
            get(calendar_export::feed)
                .fallback(method_not_allowed)
                .layer(CompressionLayer::new()),
        )
        .route("/v1/sync", get(sync::sync).fallback(method_not_allowed))
        .route(
            "/v1/kommuner",
            get(customers::kommuner).fallback(method_not_allowed),
        )
        .route(
            "/v1/openapi.json",
            get(meta::openapi).fallback(method_not_allowed),
        )
        .route("/v1/health", get(meta::health).fallback(method_not_allowed))
        .fallback(not_found)
        .with_state(state);
    harden(routes, &crate::serve::Timeouts::default())
}

/// The layers every answer passes through, outermost last: size and time limits, a
/// handler panic answered as 500, every error as problem+json, and a tracing span that
/// names the route template, never the raw path (login ids are secrets).
pub fn harden(routes: Router, timeouts: &crate::serve::Timeouts) -> Router {
    routes
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(RequestBodyTimeoutLayer::new(timeouts.body_read))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeouts.request,
        ))
        .layer(CatchPanicLayer::custom(crate::problem::panic_response))
        .layer(axum::middleware::map_response(
            crate::problem::ensure_problem,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default();
            tracing::info_span!("request", method = %req.method(), route)
        }))
}

async fn not_found() -> ApiError {
    ApiError::not_found_route()
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
