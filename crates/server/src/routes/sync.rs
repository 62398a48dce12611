//! Delta sync for the app's offline cache, read from the change feed (`store::feed`). The
//! cursor is opaque to the app: it carries the time up to which changes were delivered and
//! a digest of the person's memberships (customers, roles, kommun filters), and is signed
//! (HMAC, bound to the person), so a forged or borrowed cursor is a 400 rather than a delta
//! computed from whatever it claims. When that digest differs, or the cursor is old or from
//! another version, the answer is a reset with everything; otherwise it lists what changed
//! or left the view since then, entity by entity. Nothing changed gives the same small
//! answer and ETag again, so `If-None-Match` gets a 304.

use crate::problem::{ApiError, ApiQuery};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::feed;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use kretslopp_api::{Problem, SyncQuery, SyncResponse};
use serde::{Deserialize, Serialize};

const CURSOR_VERSION: u32 = 2;
/// A signed cursor may come from an instance whose clock runs this much ahead.
const MAX_CLOCK_SKEW_MS: i64 = 60_000;
/// Changes committed this long before a sync may still be in flight; they are sent again.
const OVERLAP_MS: i64 = 5_000;
/// Older cursors get a reset rather than a long delta.
const MAX_CURSOR_AGE_MS: i64 = 30 * 24 * 3600 * 1000;

#[derive(Serialize, Deserialize)]
struct Cursor {
    v: u32,
    t: i64,
    h: String,
}

/// `base64(json).base64(tag)`: the tag is HMAC-SHA256 over the person and the payload,
/// keyed from the server's pepper, so every instance of one deployment accepts it.
fn encode(c: &Cursor, key: &[u8], person_id: &str) -> String {
    let b64 = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = b64.encode(serde_json::to_vec(c).expect("a cursor serialises"));
    let tag = b64.encode(tag(key, person_id, &payload));
    format!("{payload}.{tag}")
}

fn cursor_mac(key: &[u8], person_id: &str, payload: &str) -> hmac::Hmac<sha2::Sha256> {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    mac.update(b"kretslopp-sync-cursor\0");
    mac.update(person_id.as_bytes());
    mac.update(b"\0");
    mac.update(payload.as_bytes());
    mac
}

fn tag(key: &[u8], person_id: &str, payload: &str) -> [u8; 16] {
    use hmac::Mac;
    let mut out = [0u8; 16];
    out.copy_from_slice(&cursor_mac(key, person_id, payload).finalize().into_bytes()[..16]);
    out
}

fn decode(s: &str, key: &[u8], person_id: &str, now: i64) -> Result<Cursor, ApiError> {
    use hmac::Mac;
    let invalid = || {
        ApiError::invalid_field(
            "cursor",
            "format",
            "Not a cursor from this API; sync without one to start over",
        )
    };
    if s.len() > 512 {
        return Err(invalid());
    }
    let b64 = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (payload, given_tag) = s.split_once('.').ok_or_else(invalid)?;
    let given_tag = b64
        .decode(given_tag)
        .ok()
        .filter(|t| t.len() == 16)
        .ok_or_else(invalid)?;
    // Constant-time comparison through the MAC's own verify.
    cursor_mac(key, person_id, payload)
        .verify_truncated_left(&given_tag)
        .map_err(|_| invalid())?;
    let bytes = b64.decode(payload).map_err(|_| invalid())?;
    let c: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    // Signed cursors are ours, but a time outside what this API ever issues is refused
    // too rather than trusted in arithmetic.
    if c.v != CURSOR_VERSION || c.t < 0 || c.t > now.saturating_add(MAX_CLOCK_SKEW_MS) {
        return Err(invalid());
    }
    Ok(c)
}

/// The cursor key, derived from the pepper (never the pepper itself on the wire).
fn cursor_key(state: &AppState) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&state.pepper).expect("any key length");
    mac.update(b"kretslopp-sync-cursor-key");
    mac.finalize().into_bytes().to_vec()
}

/// Changes to everything the app caches since `cursor` (none: everything).
#[utoipa::path(get, path = "/v1/sync", tag = "services", security(("bearer" = [])),
    params(SyncQuery),
    responses(
        (status = 200, body = SyncResponse, headers(("ETag" = String, description = "Send back as If-None-Match"))),
        (status = 304, description = "Nothing changed since the answer with this ETag"),
        (status = 400, description = "Not a cursor of this API", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn sync(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<SyncQuery>,
) -> Result<Response, ApiError> {
    let now = state.clock.now_ms();
    let key = cursor_key(&state);
    let given = q
        .cursor
        .as_deref()
        .map(|c| decode(c, &key, &caller.person_id, now))
        .transpose()?;
    let members = feed::memberships(&state, &caller.person_id).await?;
    let digest = feed::view_digest(&members);
    let delta_since = given
        .as_ref()
        .filter(|c| c.h == digest && now.saturating_sub(c.t) <= MAX_CURSOR_AGE_MS)
        .map(|c| c.t);
    let next = Cursor {
        v: CURSOR_VERSION,
        t: now - OVERLAP_MS,
        h: digest,
    };

    let mut body = SyncResponse {
        cursor: String::new(),
        reset: delta_since.is_none(),
        customers: feed::customers(&members, delta_since),
        addresses: Vec::new(),
        fractions: feed::fractions(&state, delta_since).await?,
        services: Vec::new(),
        bag_colours: feed::bag_colours(&state, delta_since).await?,
        orders: Vec::new(),
        notifications: Vec::new(),
        removed: Vec::new(),
    };
    let notifications =
        feed::notifications(&state, &caller.person_id, &members, delta_since).await?;
    body.notifications = notifications.upserts;
    body.removed.extend(notifications.removed);
    for (customer, _) in &members {
        let addresses = feed::addresses(&state, customer, delta_since).await?;
        body.addresses.extend(addresses.upserts);
        body.removed.extend(addresses.removed);
        let services = feed::services(&state, customer, delta_since).await?;
        body.services.extend(services.upserts);
        body.removed.extend(services.removed);
        let orders = feed::orders(&state, customer, delta_since).await?;
        body.orders.extend(orders.upserts);
        body.removed.extend(orders.removed);
    }
    let nothing = !body.reset
        && body.customers.is_empty()
        && body.addresses.is_empty()
        && body.fractions.is_empty()
        && body.services.is_empty()
        && body.bag_colours.is_empty()
        && body.orders.is_empty()
        && body.notifications.is_empty()
        && body.removed.is_empty();
    // Nothing new: the same cursor, so the same answer and ETag as last time.
    body.cursor = match (&q.cursor, nothing) {
        (Some(same), true) => same.clone(),
        _ => encode(&next, &key, &caller.person_id),
    };
    let json = serde_json::to_vec(&body).expect("serialisable");
    let etag = crate::conditional::etag(&json);
    if crate::conditional::none_match(&headers, &etag) == Some(true) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        json,
    )
        .into_response())
}
