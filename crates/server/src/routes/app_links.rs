//! The files iOS and Android fetch to verify that this server's https invite links may
//! open the app (universal links, app links). Their contents come from configuration
//! (`KRETSLOPP_APPLE_APP_IDS`, `KRETSLOPP_ANDROID_*`); unconfigured, there is nothing
//! to verify and they are 404, so no phone opens an unsigned build for our links.

use crate::problem::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use kretslopp_api::ErrorCode;
use serde_json::{json, Value};

/// The path the app claims; everything else stays in the browser.
pub const APP_PATHS: &str = "/inbjudan/*";

fn not_configured() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::AppLinksNotConfigured,
        "No mobile app is configured for this server's links",
    )
}

/// iOS: which apps may open `/inbjudan/*` links of this host.
#[utoipa::path(get, path = "/.well-known/apple-app-site-association", tag = "reference",
    responses(
        (status = 200, description = "The associated domains file (applinks)", body = Object),
        (status = 404, description = "No iOS app is configured", body = kretslopp_api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn apple(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let ids = &state.app_links.apple_app_ids;
    if ids.is_empty() {
        return Err(not_configured());
    }
    Ok(Json(json!({
        "applinks": {
            "details": [{
                "appIDs": ids,
                "components": [{ "/": APP_PATHS, "comment": "Invitations open in the app" }],
            }],
        },
    })))
}

/// Android: the Digital Asset Links statement for the app's signing certificates.
#[utoipa::path(get, path = "/.well-known/assetlinks.json", tag = "reference",
    responses(
        (status = 200, description = "Digital Asset Links statements", body = Object),
        (status = 404, description = "No Android app is configured", body = kretslopp_api::Problem, content_type = "application/problem+json"),
    ))]
pub async fn android(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let links = &state.app_links;
    if links.android_fingerprints.is_empty() {
        return Err(not_configured());
    }
    Ok(Json(json!([{
        "relation": ["delegate_permission/common.handle_all_urls"],
        "target": {
            "namespace": "android_app",
            "package_name": links.android_package,
            "sha256_cert_fingerprints": links.android_fingerprints,
        },
    }])))
}
