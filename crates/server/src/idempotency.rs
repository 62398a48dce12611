//! `Idempotency-Key` for every mutation (PRODUCT §10; draft-ietf-httpapi-idempotency-key-
//! header): one layer around every route, no per-handler code. The first request with a key
//! claims a record scoped by the caller; its answer is stored and replayed to every retry
//! with the same key and the same request. Records live in the database, so two instances
//! agree, and are purged after [`RETENTION_MS`] (`jobs`).
//!
//! - same key, same request, answered → the stored answer (`Idempotent-Replayed: true`),
//!   after checking again that the caller may still act for the customer;
//! - same key, another request → 422 `idempotency-key-reused`;
//! - the first request still being answered → 409 `request-in-progress`;
//! - a record left unanswered for [`STALE_MS`] (its server died mid-request) is taken over.
//!
//! Only answers that are final are stored: successes and refusals. A 5xx, a 401, a 408,
//! a 409 or a 429 drops the claim, so the retry runs again; every handler writes in one
//! transaction, so running again after a failure is safe. What makes a late retry of an
//! order harmless once its record is gone is the order's own id (routes/orders.rs).
//!
//! Routes without a caller (logging in, refreshing, the reopen link) have no scope to store
//! under: their key is checked for form and has no other effect; those endpoints have their
//! own replay rules (a login start is harmless to repeat, refresh has its grace window).

use crate::problem::ApiError;
use crate::sessions::Caller;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, MatchedPath, Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kretslopp_api::ErrorCode;
use sha2::{Digest, Sha256};

pub const HEADER: &str = "idempotency-key";
/// How long an answer is kept for replay. Longer than the app keeps retrying an order
/// before it gives up on the network (it never gives up on one it could not send).
pub const RETENTION_MS: i64 = 30 * 24 * 3600 * 1000;
/// An unanswered claim older than this belongs to a request that cannot still be running
/// (the request timeout is 30 s).
pub const STALE_MS: i64 = 60_000;

/// The mutations that refuse to run without a key: creating something a retry must not
/// create twice.
pub const REQUIRED: &[(&str, &str)] = &[("POST", "/v1/customers/{id}/orders")];

/// A key as the draft has it: a Structured Field string (`"…"`); a bare token is accepted
/// too. 16–255 characters of `A–Z a–z 0–9 - _ . : ~`, so a key has the entropy of a UUID
/// and never needs escaping.
pub fn parse_key(raw: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(raw).ok()?.trim();
    let inner = match s.strip_prefix('"') {
        Some(rest) => rest.strip_suffix('"')?,
        None => s,
    };
    let ok = (16..=255).contains(&inner.len())
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:~".contains(&b));
    ok.then(|| inner.to_owned())
}

fn is_mutation(m: &Method) -> bool {
    matches!(
        *m,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

fn key_required() -> ApiError {
    ApiError::bad_request(
        ErrorCode::IdempotencyKeyRequired,
        "This request needs an Idempotency-Key header",
    )
    .detail(
        "Send a new random key (a UUID) with each new request, and the same key when you retry it",
    )
}

fn key_invalid() -> ApiError {
    ApiError::bad_request(
        ErrorCode::IdempotencyKeyInvalid,
        "The Idempotency-Key header is malformed",
    )
    .detail("Send one key of 16–255 characters A–Z, a–z, 0–9, '-', '_', '.', ':' or '~', such as a UUID")
}

fn key_reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::IdempotencyKeyReused,
        "This Idempotency-Key was used for another request",
    )
    .detail("Use a new key for a new request")
}

fn in_progress() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::RequestInProgress,
        "The first request with this Idempotency-Key is still being answered",
    )
    .retry_after(1)
}

/// Whether an answer is final, so that a retry must get it again rather than a new try.
fn storable(status: StatusCode) -> bool {
    (status.is_success() || status.is_client_error())
        && !matches!(
            status,
            StatusCode::UNAUTHORIZED
                | StatusCode::REQUEST_TIMEOUT
                | StatusCode::CONFLICT
                | StatusCode::TOO_MANY_REQUESTS
        )
}

/// The layer (routes::router applies it to every route).
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match run(&state, req, next).await {
        Ok(resp) => resp,
        Err(e) => e.into_response(),
    }
}

async fn run(state: &AppState, req: Request, next: Next) -> Result<Response, ApiError> {
    if !is_mutation(req.method()) {
        return Ok(next.run(req).await);
    }
    let template = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let route = (req.method().as_str().to_owned(), template);
    let mut keys = req.headers().get_all(HEADER).iter();
    let key = match (keys.next(), keys.next()) {
        (None, _) => {
            if REQUIRED.iter().any(|(m, t)| *m == route.0 && *t == route.1) {
                return Err(key_required());
            }
            return Ok(next.run(req).await);
        }
        (Some(one), None) => parse_key(one.as_bytes()).ok_or_else(key_invalid)?,
        (Some(_), Some(_)) => return Err(key_invalid()),
    };
    if !for_callers().contains(&route) {
        return Ok(next.run(req).await);
    }
    let (mut parts, body) = req.into_parts();
    let caller = match Caller::from_request_parts(&mut parts, state).await {
        Ok(c) => c,
        // No caller, no scope: the handler answers (401, or its own rules).
        Err(_) => return Ok(next.run(Request::from_parts(parts, body)).await),
    };
    let bytes = axum::body::to_bytes(body, crate::routes::MAX_BODY)
        .await
        .map_err(|e| crate::problem::unreadable_body(&e))?;
    let fingerprint = {
        let mut h = Sha256::new();
        h.update(parts.method.as_str());
        h.update(b"\n");
        h.update(parts.uri.path_and_query().map_or("", |p| p.as_str()));
        h.update(b"\n");
        h.update(&bytes);
        hex::encode(h.finalize())
    };
    let customer_id = customer_of(&mut parts, state).await;
    let now = state.clock.now_ms();

    if !claim(
        state,
        &caller.person_id,
        &key,
        &fingerprint,
        customer_id.as_deref(),
        now,
    )
    .await?
    {
        let stored: Option<StoredRecord> = sqlx::query_as(
            "SELECT fingerprint, status, content_type, body, created_at FROM idempotency_records
                 WHERE person_id = $1 AND idem_key = $2",
        )
        .bind(&caller.person_id)
        .bind(&key)
        .fetch_optional(&state.db)
        .await?;
        let Some((stored_fp, status, content_type, body, created_at)) = stored else {
            // Purged between the two statements: a retry comes again.
            return Err(in_progress());
        };
        if stored_fp != fingerprint {
            return Err(key_reused());
        }
        match status {
            Some(status) => {
                // Authorization again: a member removed since must not read the answer.
                if let Some(customer) = &customer_id {
                    crate::access::load(&state.db, &caller.person_id, customer).await?;
                }
                return Ok(replay(status, content_type, body.unwrap_or_default()));
            }
            None if now - created_at > STALE_MS => {
                let taken = sqlx::query(
                    "UPDATE idempotency_records SET created_at = $3
                     WHERE person_id = $1 AND idem_key = $2 AND status IS NULL AND created_at = $4",
                )
                .bind(&caller.person_id)
                .bind(&key)
                .bind(now)
                .bind(created_at)
                .execute(&state.db)
                .await?
                .rows_affected();
                if taken != 1 {
                    return Err(in_progress());
                }
            }
            None => return Err(in_progress()),
        }
    }

    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = resp.status();
    if !storable(status) {
        release(state, &caller.person_id, &key).await;
        return Ok(resp);
    }
    let (parts, body) = resp.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            release(state, &caller.person_id, &key).await;
            return Err(ApiError::internal());
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match std::str::from_utf8(&body) {
        Ok(text) => {
            sqlx::query(
                "UPDATE idempotency_records SET status = $3, content_type = $4, body = $5
                 WHERE person_id = $1 AND idem_key = $2",
            )
            .bind(&caller.person_id)
            .bind(&key)
            .bind(i64::from(status.as_u16()))
            .bind(content_type)
            .bind(text)
            .execute(&state.db)
            .await?;
        }
        // Every answer of this API is text; anything else is not kept, and runs again.
        Err(_) => release(state, &caller.person_id, &key).await,
    }
    Ok(Response::from_parts(parts, Body::from(body)))
}

/// fingerprint, status (none while running), content type, body, claimed at
type StoredRecord = (String, Option<i64>, Option<String>, Option<String>, i64);

/// The mutations that act for a logged-in caller (bearer security in the OpenAPI
/// document, which the routes declare): only those have a scope to keep answers under.
fn for_callers() -> &'static std::collections::HashSet<(String, String)> {
    static SET: std::sync::OnceLock<std::collections::HashSet<(String, String)>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let doc = crate::openapi::document();
        let mut set = std::collections::HashSet::new();
        for (path, item) in &doc.paths.paths {
            for (method, op) in [
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ] {
                if op
                    .as_ref()
                    .is_some_and(|o| o.security.as_ref().is_some_and(|s| !s.is_empty()))
                {
                    set.insert((method.to_owned(), path.clone()));
                }
            }
        }
        set
    })
}

/// `true` if this request now owns the key.
async fn claim(
    state: &AppState,
    person_id: &str,
    key: &str,
    fingerprint: &str,
    customer_id: Option<&str>,
    now: i64,
) -> Result<bool, ApiError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_records (person_id, idem_key, fingerprint, customer_id, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, idem_key) DO NOTHING",
    )
    .bind(person_id)
    .bind(key)
    .bind(fingerprint)
    .bind(customer_id)
    .bind(now)
    .execute(&state.db)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Gives the key back after an answer that is not final, so the retry runs again.
async fn release(state: &AppState, person_id: &str, key: &str) {
    let done = sqlx::query(
        "DELETE FROM idempotency_records WHERE person_id = $1 AND idem_key = $2 AND status IS NULL",
    )
    .bind(person_id)
    .bind(key)
    .execute(&state.db)
    .await;
    if let Err(e) = done {
        // The claim then goes stale and is taken over by the next retry.
        tracing::warn!(error = %e, "an idempotency claim could not be released");
    }
}

fn replay(status: i64, content_type: Option<String>, body: String) -> Response {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (status, body).into_response();
    if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
        resp.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    resp.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    resp
}

/// The customer a `/v1/customers/{id}/…` route acts for, for the replay's access check:
/// the route's own `{id}`, decoded by axum as the handler gets it.
async fn customer_of(parts: &mut axum::http::request::Parts, state: &AppState) -> Option<String> {
    let template = parts.extensions.get::<MatchedPath>()?.as_str();
    if !template.starts_with("/v1/customers/{id}") {
        return None;
    }
    let Path(mut params) =
        Path::<std::collections::HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .ok()?;
    params.remove("id")
}

/// Deletes records older than the retention period; the scheduled job calls it.
pub async fn purge(db: &crate::db::Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM idempotency_records WHERE created_at < $1")
            .bind(now - RETENTION_MS)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_are_structured_strings_or_bare_tokens() {
        let uuid = "8e03978e-40d5-43e8-bc93-6894a57f9324";
        assert_eq!(
            parse_key(format!("\"{uuid}\"").as_bytes()).as_deref(),
            Some(uuid)
        );
        assert_eq!(parse_key(uuid.as_bytes()).as_deref(), Some(uuid));
        for bad in [
            "",
            "\"\"",
            "short",
            "\"8e03978e-40d5-43e8-bc93",
            "8e03978e 40d5 43e8 bc93 6894a57f9324",
            "\"8e03978e\\\"40d5-43e8-bc93-6894a57f9324\"",
            "åäö-åäö-åäö-åäö-åäö",
        ] {
            assert_eq!(parse_key(bad.as_bytes()), None, "{bad:?}");
        }
        assert_eq!(parse_key(&[b'a'; 256]), None);
        assert!(parse_key(&[b'a'; 255]).is_some());
        assert_eq!(parse_key(&[0xff; 20]), None);
    }

    #[test]
    fn only_final_answers_are_kept() {
        for s in [200, 201, 204, 400, 403, 404, 422] {
            assert!(storable(StatusCode::from_u16(s).unwrap()), "{s}");
        }
        for s in [401, 408, 409, 429, 500, 503] {
            assert!(!storable(StatusCode::from_u16(s).unwrap()), "{s}");
        }
    }

    proptest! {
        #[test]
        fn any_header_bytes_parse_or_are_refused_without_panic(raw in prop::collection::vec(any::<u8>(), 0..300)) {
            if let Some(k) = parse_key(&raw) {
                prop_assert!((16..=255).contains(&k.len()));
            }
        }
    }
}
