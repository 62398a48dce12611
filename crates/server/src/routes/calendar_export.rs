//! Calendar export: an .ics file for a date range, and a subscription feed (webcal) with a
//! per-person, revocable token. The feed checks the person's membership on every fetch, so
//! a removed member's feed stops at once.

use crate::access;
use crate::ics::{self, IcsOptions};
use crate::problem::{ApiError, ApiJson, ApiQuery, Fields};
use crate::secrets::{is_well_formed, random_token, sha256_hex};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::services::{date_range, load_services, ServiceRecord};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kretslopp_api::{CalendarFeed, CalendarFeedRequest, ErrorCode, IcsQuery, Problem};
use kretslopp_domain::Lang;
use time::Duration;

pub const FEED_PREFIX: &str = "klc_";

fn lang_of(s: Option<&str>, fields: &mut Fields) -> Lang {
    fields
        .check("lang", s.map_or(Ok(Lang::Sv), Lang::parse_code))
        .unwrap_or_default()
}

/// The calendar, or 304 when the client's copy is current. The ETag is weak because the
/// same calendar may travel gzip-compressed or not; `If-None-Match` wins over
/// `If-Modified-Since`, as RFC 9110 §13.2.2 orders them.
fn calendar_response(
    request: &HeaderMap,
    body: String,
    last_modified_ms: i64,
    filename: &str,
) -> Response {
    let etag = crate::conditional::etag(body.as_bytes());
    let last_modified = httpdate::fmt_http_date(
        std::time::UNIX_EPOCH
            + std::time::Duration::from_secs(u64::try_from(last_modified_ms / 1000).unwrap_or(0)),
    );
    let not_modified = match crate::conditional::none_match(request, &etag) {
        Some(matched) => matched,
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .and_then(|since| since.duration_since(std::time::UNIX_EPOCH).ok())
            .is_some_and(|since| since.as_secs() as i64 >= last_modified_ms / 1000),
    };
    let cache = [
        (header::ETAG, etag),
        (header::LAST_MODIFIED, last_modified),
        (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
    ];
    if not_modified {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (
        cache,
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The newest change among the services shown, and not before `floor`.
fn last_change(services: &[ServiceRecord], floor: i64) -> i64 {
    services.iter().map(|s| s.changed_at).fold(floor, i64::max)
}

/// The pickups of a date range as an .ics file (at most two years).
#[utoipa::path(get, path = "/v1/customers/{id}/calendar.ics", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), IcsQuery),
    responses(
        (status = 200, description = "text/calendar", content_type = "text/calendar", body = String),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn ics_file(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<IcsQuery>,
) -> Result<Response, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &id).await?;
    let mut fields = Fields::default();
    let range = date_range(&q.from, &q.to, &mut fields);
    if q.alarm_hour.is_some_and(|h| h > 23) {
        fields.add("alarmHour", "format", "An hour is 0–23");
    }
    let lang = lang_of(q.lang.as_deref(), &mut fields);
    fields.finish()?;
    let (from, to) = range.ok_or_else(ApiError::internal)?;
    let services = load_services(&state, &id, &access.kommuner).await?;
    let body = ics::render(
        &services,
        from,
        to,
        &IcsOptions {
            lang,
            alarm_hour: q.alarm_hour,
            calendar_name: calendar_name(&state, &id, lang).await?,
        },
    );
    let changed = last_change(&services, 0);
    Ok(calendar_response(
        &headers,
        body,
        changed,
        "hamtkalender.ics",
    ))
}

async fn calendar_name(
    state: &AppState,
    customer_id: &str,
    lang: Lang,
) -> Result<String, ApiError> {
    let (name,): (String,) = sqlx::query_as("SELECT name FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(&state.db)
        .await?;
    Ok(crate::texts::of(lang).calendar_name(&name))
}

/// Creates the caller's subscription feed for this customer, revoking an earlier one.
#[utoipa::path(post, path = "/v1/customers/{id}/calendar-feed", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    request_body = CalendarFeedRequest,
    responses(
        (status = 201, body = CalendarFeed),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_feed(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CalendarFeedRequest>,
) -> Result<(StatusCode, Json<CalendarFeed>), ApiError> {
    let mut fields = Fields::default();
    let lang = lang_of(req.lang.as_deref(), &mut fields);
    fields.finish()?;
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    access::load(&mut *tx, &caller.person_id, &id).await?;
    // Concurrent creations by one person queue here; otherwise, under PostgreSQL's read
    // committed, each would revoke the old feed and insert its own: two live feeds.
    access::lock_person(&mut *tx, &caller.person_id).await?;
    sqlx::query(
        "UPDATE calendar_feeds SET revoked_at = $3 WHERE person_id = $1 AND customer_id = $2 AND revoked_at IS NULL",
    )
    .bind(&caller.person_id)
    .bind(&id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let token = random_token(FEED_PREFIX);
    sqlx::query(
        "INSERT INTO calendar_feeds (id, token_hash, person_id, customer_id, lang, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(sha256_hex(&token))
    .bind(&caller.person_id)
    .bind(&id)
    .bind(lang.code())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let url = format!(
        "{}/v1/calendar-feeds/{token}",
        state.public_url.trim_end_matches('/')
    );
    let webcal_url = match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.clone(),
    };
    Ok((StatusCode::CREATED, Json(CalendarFeed { url, webcal_url })))
}

/// Revokes the caller's subscription feed for this customer.
#[utoipa::path(delete, path = "/v1/customers/{id}/calendar-feed", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 204, description = "Revoked (or there was none)"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_feed(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    access::load(&state.db, &caller.person_id, &id).await?;
    sqlx::query(
        "UPDATE calendar_feeds SET revoked_at = $3 WHERE person_id = $1 AND customer_id = $2 AND revoked_at IS NULL",
    )
    .bind(&caller.person_id)
    .bind(&id)
    .bind(state.clock.now_ms())
    .execute(&state.db)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn feed_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::FeedNotFound,
        "No such calendar feed (it may have been revoked)",
    )
}

/// A subscription feed: the last month and the coming 13 months. The token in the path is
/// the only credential, as calendar apps send no other.
#[utoipa::path(get, path = "/v1/calendar-feeds/{token}", tag = "services",
    params(("token" = String, Path, description = "The feed token from POST …/calendar-feed")),
    responses(
        (status = 200, description = "text/calendar", content_type = "text/calendar", body = String),
        (status = 404, description = "Unknown or revoked feed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !is_well_formed(&token, FEED_PREFIX) {
        return Err(feed_not_found());
    }
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT person_id, customer_id, lang, created_at FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(sha256_hex(&token))
    .fetch_optional(&state.db)
    .await?;
    let (person_id, customer_id, lang, created_at) = row.ok_or_else(feed_not_found)?;
    let access = access::load(&state.db, &person_id, &customer_id)
        .await
        .map_err(|_| feed_not_found())?;
    let lang = Lang::from_tag(&lang);
    let services = load_services(&state, &customer_id, &access.kommuner).await?;
    let today = crate::store::services::today(&state);
    let body = ics::render(
        &services,
        today - Duration::days(31),
        today + Duration::days(396),
        &IcsOptions {
            lang,
            alarm_hour: None,
            calendar_name: calendar_name(&state, &customer_id, lang).await?,
        },
    );
    // The window moves every day, so the feed is at least as new as today's start.
    let window_start =
        kretslopp_domain::calendar::swedish_time::instant_of(today, time::Time::MIDNIGHT);
    let changed = last_change(&services, window_start.max(created_at));
    Ok(calendar_response(
        &headers,
        body,
        changed,
        "hamtkalender.ics",
    ))
}
