//! The web page behind an invite e-mail's https link: who invites you to what, "Öppna i
//! appen", and how to get the app. GET and HEAD only read (mail scanners open links);
//! the page never accepts anything. On phones with the app installed, the operating
//! system opens the app instead (the `/.well-known` files in `app_links`).

use crate::html::{escape, page};
use crate::problem::{ApiError, ApiQuery};
use crate::state::AppState;
use crate::store::accounts::display_name;
use crate::store::invites;
use crate::texts::{of, InvitePage};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use kretslopp_domain::invites::usable;
use kretslopp_domain::Lang;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// `sv` or `en`; otherwise the browser's preferred of the two, else Swedish.
    lang: Option<String>,
}

/// The language asked for, else the browser's first of sv/en in `Accept-Language`.
fn language(query: Option<&str>, headers: &HeaderMap) -> Lang {
    if let Some(l) = query.and_then(|q| Lang::parse_code(q).ok()) {
        return l;
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(|tag| {
            tag.trim()
                .split('-')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .find_map(|primary| Lang::parse_code(&primary).ok())
        .unwrap_or(Lang::Sv)
}

/// The invite link's page (the token is in the path, which no log line contains).
#[utoipa::path(get, path = "/inbjudan/{token}", tag = "sharing",
    params(("token" = String, Path, description = "The invite token from the e-mail"), PageQuery),
    responses(
        (status = 200, description = "Who invites you to what, and how to accept in the app", content_type = "text/html"),
        (status = 404, description = "The link is unknown, mistyped, expired, withdrawn or used (a page saying so)", content_type = "text/html"),
    ))]
pub async fn page_for(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = language(query.lang.as_deref(), &headers);
    let texts = of(lang);
    let now = state.clock.now_ms();
    let live = match invites::by_token(&state.db, &token).await? {
        Some(f) if usable(f.state, f.expires_at, now).is_ok() => f,
        _ => {
            let (title, body) = texts.invite_page_dead();
            return Ok(page(StatusCode::NOT_FOUND, Lang::Sv, &title, &body));
        }
    };
    let (inviter, _) = display_name(&state.db, &live.inviter_id).await?;
    let (_, app_url) = invites::links(&state.public_url, &token);
    let other = match lang {
        Lang::Sv => Lang::En,
        Lang::En => Lang::Sv,
    };
    let other_url = format!("/inbjudan/{token}?lang={}", other.code());
    let (title, body) = texts.invite_page(&InvitePage {
        inviter: &escape(&inviter),
        customer: &escape(&live.customer_name),
        role: live.role,
        name: &escape(&live.name),
        expires: invites::expiry_day(live.expires_at),
        app_url: &escape(&app_url),
        other_lang_url: &escape(&other_url),
    });
    Ok(page(StatusCode::OK, lang, &title, &body))
}
