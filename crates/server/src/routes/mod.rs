use crate::problem::ApiError;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

pub mod account;
pub mod app_links;
pub mod calendar_export;
pub mod customers;
pub mod invite_page;
pub mod invites;
pub mod legacy_reopen;
pub mod login;
pub mod meta;
pub mod notifications;
pub mod onboarding;
pub mod orders;
pub mod services;
pub mod session;
pub mod statistics;
pub mod sync;

/// The largest request body any route accepts (413 beyond).
pub const MAX_BODY: usize = 64 * 1024;

/// Every route of the API, declared once: each handler's `#[utoipa::path]` names its
/// method and path, and `routes!` turns that into both the axum route and the OpenAPI
/// operation. Handlers sharing a path go in one `routes!`.
pub fn api() -> OpenApiRouter<AppState> {
    // gzip's fastest level: a company's first sync is megabytes of repetitive JSON that
    // it still shrinks ~25×, in a fraction of the default level's CPU time (which was a
    // large part of that sync's time on the server).
    let compressed = |(schemas, paths, method_router): UtoipaMethodRouter<AppState>| {
        let gzip = CompressionLayer::new().quality(CompressionLevel::Fastest);
        (schemas, paths, method_router.layer(gzip))
    };
    OpenApiRouter::with_openapi(crate::openapi::ApiDoc::openapi())
        .routes(routes!(login::start))
        .routes(routes!(login::poll, login::cancel))
        .routes(routes!(session::refresh))
        .routes(routes!(session::logout))
        .routes(routes!(account::me, account::delete_me))
        .routes(routes!(account::put_account))
        .routes(routes!(account::put_active_customer))
        .routes(routes!(account::sessions, account::end_all_sessions))
        .routes(routes!(account::end_session))
        .routes(routes!(account::export))
        .routes(routes!(onboarding::legacy_link))
        .routes(routes!(onboarding::register_company_user))
        .routes(routes!(legacy_reopen::page, legacy_reopen::reopen))
        .routes(routes!(customers::details))
        .routes(routes!(customers::put_invoice_address))
        .routes(routes!(customers::members))
        .routes(routes!(customers::change_role, customers::remove_member))
        .routes(routes!(customers::approve))
        .routes(routes!(customers::set_kommuner))
        .routes(routes!(customers::set_legacy_linking))
        .routes(routes!(customers::kommuner))
        .routes(routes!(invites::create, invites::list))
        .routes(routes!(invites::resend))
        .routes(routes!(invites::revoke))
        .routes(routes!(invites::lookup))
        .routes(routes!(invites::accept))
        .routes(routes!(invites::decline))
        .routes(routes!(invite_page::page_for))
        .routes(routes!(app_links::apple))
        .routes(routes!(app_links::android))
        .routes(routes!(orders::create, orders::list))
        .routes(routes!(orders::get))
        .routes(routes!(orders::cancel))
        .routes(routes!(services::services))
        .routes(routes!(services::calendar))
        .routes(compressed(routes!(calendar_export::ics_file)))
        .routes(routes!(
            calendar_export::create_feed,
            calendar_export::revoke_feed
        ))
        .routes(compressed(routes!(calendar_export::feed)))
        .routes(compressed(routes!(sync::sync)))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(statistics::overview))
        .routes(compressed(routes!(statistics::year)))
        .routes(compressed(routes!(statistics::year_csv)))
        .routes(compressed(routes!(statistics::archive_year)))
        .routes(compressed(routes!(statistics::archive_csv)))
        .routes(routes!(meta::openapi))
        .routes(routes!(meta::health))
}

/// Every `(METHOD, path template)` the API serves, from the one declaration.
pub fn list() -> Vec<(String, String)> {
    let doc = crate::openapi::document();
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            ("GET", &item.get),
            ("PUT", &item.put),
            ("POST", &item.post),
            ("DELETE", &item.delete),
            ("PATCH", &item.patch),
            ("HEAD", &item.head),
            ("OPTIONS", &item.options),
            ("TRACE", &item.trace),
        ] {
            if op.is_some() {
                out.push((method.to_owned(), path.clone()));
            }
        }
    }
    out.sort();
    out
}

pub fn router(state: AppState) -> Router {
    let (routes, _) = api().split_for_parts();
    let routes = routes
        // After routing, so the layer sees the route template (which routes need a key).
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::idempotency::guard,
        ))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
        .with_state(state);
    harden(routes, &crate::serve::Timeouts::default())
}

/// The layers every answer passes through, outermost last: size and time limits, a
/// handler panic answered as 500, every error as problem+json, and a tracing span that
/// names the route template, never the raw path (login ids are secrets).
pub fn harden(routes: Router, timeouts: &crate::serve::Timeouts) -> Router {
    routes
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
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
