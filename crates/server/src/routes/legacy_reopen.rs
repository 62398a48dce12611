//! The customer's way back from a locked legacy link, from the lock e-mail: a small page in
//! Swedish and English. Opening the link (GET or HEAD) changes nothing — mail scanners
//! open links — it shows a button that POSTs; only that reopens linking.

use crate::audit::{self, Entry};
use crate::problem::{ApiError, ApiQuery};
use crate::secrets::{is_well_formed, sha256_hex, LEGACY_REOPEN_PREFIX};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReopenQuery {
    /// The token from the e-mail.
    token: Option<String>,
}

/// The page behind the link in the lock e-mail: what the button will do.
#[utoipa::path(get, path = "/v1/legacy-linking/reopen", tag = "onboarding",
    params(ReopenQuery),
    responses(
        (status = 200, description = "A page with a button that reopens linking", content_type = "text/html"),
        (status = 404, description = "The link is unknown, used or expired (a page saying so)", content_type = "text/html"),
    ))]
pub async fn page(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ReopenQuery>,
) -> Result<Response, ApiError> {
    let token = query.token.unwrap_or_default();
    Ok(match reopen_target(&state, &token).await? {
        Some(customer) => {
            let name = escape(&customer);
            let action = format!("/v1/legacy-linking/reopen?token={}", escape(&token));
            html(
                StatusCode::OK,
                &format!(
                    "<h1>Öppna kopplingen av gamla kundnummer för {name}</h1>\
                     <p>Kopplingen i appen spärrades efter flera felaktiga försök. Öppnar ni den kan era medarbetare koppla sig med ett gammalt kundnummer igen.</p>\
                     <form method=\"post\" action=\"{action}\"><button type=\"submit\">Öppna kopplingen igen / Reopen linking</button></form>\
                     <h2 lang=\"en\">Reopen linking of old customer numbers for {name}</h2>\
                     <p lang=\"en\">Linking in the app was locked after several wrong attempts. Reopening it lets your colleagues link with an old customer number again.</p>"
                ),
            )
        }
        None => invalid_link(),
    })
}

/// Reopens linking (the button on the page).
#[utoipa::path(post, path = "/v1/legacy-linking/reopen", tag = "onboarding",
    params(ReopenQuery),
    responses(
        (status = 200, description = "Reopened (a page saying so)", content_type = "text/html"),
        (status = 404, description = "The link is unknown, used or expired (a page saying so)", content_type = "text/html"),
    ))]
pub async fn reopen(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ReopenQuery>,
) -> Result<Response, ApiError> {
    let token = query.token.unwrap_or_default();
    Ok(match reopen_with_token(&state, &token).await? {
        Some(customer) => {
            let name = escape(&customer);
            html(
                StatusCode::OK,
                &format!(
                    "<h1>Kopplingen är öppen igen för {name}</h1>\
                     <p>Era medarbetare kan nu logga in med BankID i Kretslopp-appen och koppla sig med ett gammalt kundnummer.</p>\
                     <h2 lang=\"en\">Linking is open again for {name}</h2>\
                     <p lang=\"en\">Your colleagues can now log in to the Kretslopp app with BankID and link with an old customer number.</p>"
                ),
            )
        }
        None => invalid_link(),
    })
}

/// Reopens linking with the token from the lock e-mail. Single use; `None` if the token is
/// unknown, used or expired. Returns the customer's name.
async fn reopen_with_token(state: &AppState, token: &str) -> Result<Option<String>, ApiError> {
    if !is_well_formed(token, LEGACY_REOPEN_PREFIX) {
        return Ok(None);
    }
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let row: Option<(String, String)> = sqlx::query_as(
        "UPDATE customers SET legacy_link_locked_at = NULL, legacy_link_reopen_hash = NULL,
             legacy_link_reopen_expires_at = NULL, legacy_link_reopened_at = $2
         WHERE legacy_link_reopen_hash = $1 AND legacy_link_reopen_expires_at > $2
         RETURNING id, name",
    )
    .bind(sha256_hex(token))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((customer_id, name)) = row else {
        return Ok(None);
    };
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&customer_id),
            actor_id: None,
            action: "legacy-linking-reopened-by-email",
            subject_id: None,
            detail: json!({}),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(name))
}

/// Whether a reopen token is live, for the page that shows what the button will do.
async fn reopen_target(state: &AppState, token: &str) -> Result<Option<String>, ApiError> {
    if !is_well_formed(token, LEGACY_REOPEN_PREFIX) {
        return Ok(None);
    }
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT name FROM customers WHERE legacy_link_reopen_hash = $1 AND legacy_link_reopen_expires_at > $2",
    )
    .bind(sha256_hex(token))
    .bind(state.clock.now_ms())
    .fetch_optional(&state.db)
    .await?;
    Ok(row.map(|(n,)| n))
}

fn invalid_link() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "<h1>Länken fungerar inte längre</h1>\
         <p>Den är redan använd, har gått ut eller är felskriven. Kontakta kundservice om ni behöver hjälp.</p>\
         <h2 lang=\"en\">This link no longer works</h2>\
         <p lang=\"en\">It has been used, has expired or is mistyped. Contact customer service if you need help.</p>",
    )
}

fn html(status: StatusCode, body: &str) -> Response {
    crate::html::page(status, kretslopp_domain::Lang::Sv, "Kretslopp", body)
}

fn escape(s: &str) -> String {
    crate::html::escape(s)
}
