//! Delta sync for the app's offline cache. The cursor is opaque to the app: it carries the
//! time up to which changes were delivered and a digest of the person's customers (roles,
//! kommun filters, addresses), and is signed (HMAC, bound to the person), so a forged or
//! borrowed cursor is a 400 rather than a delta computed from whatever it claims. When that digest differs, or the cursor is old or from
//! another version, the answer is a reset with everything; otherwise it lists the services
//! changed or removed since then. Nothing changed gives the same small answer and ETag
//! again, so `If-None-Match` gets a 304.

use crate::problem::{ApiError, ApiQuery};
use crate::secrets::sha256_hex;
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::accounts::split_kommuner;
use crate::store::services::{format_date, load_services, ServiceRecord};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use kretslopp_api::{
    AddressView, FractionView, Problem, SyncCustomer, SyncException, SyncQuery, SyncResponse,
    SyncService,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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

fn wire_service(customer_id: &str, s: ServiceRecord) -> SyncService {
    SyncService {
        customer_id: customer_id.to_owned(),
        anchor: format_date(s.rule.anchor),
        holiday_policy: s.policy.as_str().to_owned(),
        exceptions: s
            .exceptions
            .iter()
            .map(|e| {
                let (kind, date, moved_to) = e.to_parts();
                SyncException {
                    kind: kind.into(),
                    date,
                    moved_to,
                }
            })
            .collect(),
        service: s.view,
    }
}

async fn customers_of(state: &AppState, person_id: &str) -> Result<Vec<SyncCustomer>, ApiError> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.id, c.name, c.kind, c.kundnummer, m.role, m.kommuner FROM memberships m
         JOIN customers c ON c.id = m.customer_id
         WHERE m.person_id = $1 AND m.status = 'active' ORDER BY c.id",
    )
    .bind(person_id)
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, name, kind, kundnummer, role, kommuner) in rows {
        let addresses: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, street, postal_code, city, kommunkod FROM addresses WHERE customer_id = $1 ORDER BY id",
        )
        .bind(&id)
        .fetch_all(&state.db)
        .await?;
        out.push(SyncCustomer {
            addresses: addresses
                .into_iter()
                .map(|(id, street, postal_code, city, kommunkod)| AddressView {
                    id,
                    street,
                    postal_code,
                    city,
                    kommunkod,
                })
                .collect(),
            id,
            name,
            kind: crate::access::stored_kind(&kind)?,
            kundnummer,
            role: crate::access::stored_role(&role)?,
            kommuner: split_kommuner(&kommuner),
        });
    }
    Ok(out)
}

async fn fractions_since(
    state: &AppState,
    since: Option<i64>,
) -> Result<Vec<FractionView>, ApiError> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT code, name_sv, name_en, category, colour, icon FROM fractions WHERE updated_at > $1 ORDER BY sort_order",
    )
    .bind(since.unwrap_or(i64::MIN))
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(code, name_sv, name_en, category, colour, icon)| FractionView {
                code,
                name_sv,
                name_en,
                category,
                colour,
                icon,
            },
        )
        .collect())
}

/// Ids of the person's services changed or removed after `since`, their exceptions included.
async fn changed_service_ids(
    state: &AppState,
    person_id: &str,
    since: i64,
) -> Result<HashSet<String>, ApiError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT s.id FROM services s JOIN addresses a ON a.id = s.address_id
         JOIN memberships m ON m.customer_id = a.customer_id AND m.person_id = $1 AND m.status = 'active'
         WHERE s.updated_at > $2 OR s.deleted_at > $2
         UNION
         SELECT e.service_id FROM service_exceptions e JOIN services s ON s.id = e.service_id
         JOIN addresses a ON a.id = s.address_id
         JOIN memberships m ON m.customer_id = a.customer_id AND m.person_id = $1 AND m.status = 'active'
         WHERE e.updated_at > $2 OR e.deleted_at > $2",
    )
    .bind(person_id)
    .bind(since)
    .fetch_all(&state.db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
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
    let customers = customers_of(&state, &caller.person_id).await?;
    let digest =
        sha256_hex(&serde_json::to_string(&customers).expect("serialisable"))[..16].to_owned();
    let delta_since = given
        .as_ref()
        .filter(|c| c.h == digest && now.saturating_sub(c.t) <= MAX_CURSOR_AGE_MS)
        .map(|c| c.t);
    let next = Cursor {
        v: CURSOR_VERSION,
        t: now - OVERLAP_MS,
        h: digest,
    };

    let body = match delta_since {
        None => {
            let mut services = Vec::new();
            for c in &customers {
                for s in load_services(&state, &c.id, &c.kommuner).await? {
                    services.push(wire_service(&c.id, s));
                }
            }
            SyncResponse {
                cursor: encode(&next, &key, &caller.person_id),
                reset: true,
                fractions: fractions_since(&state, None).await?,
                customers,
                services,
                removed_services: Vec::new(),
            }
        }
        Some(since) => {
            let changed = changed_service_ids(&state, &caller.person_id, since).await?;
            let fractions = fractions_since(&state, Some(since)).await?;
            let mut services = Vec::new();
            let mut live = HashSet::new();
            if !changed.is_empty() {
                for c in &customers {
                    for s in load_services(&state, &c.id, &c.kommuner).await? {
                        if changed.contains(&s.view.id) {
                            live.insert(s.view.id.clone());
                            services.push(wire_service(&c.id, s));
                        }
                    }
                }
            }
            let mut removed_services: Vec<String> = changed.difference(&live).cloned().collect();
            removed_services.sort();
            let nothing =
                services.is_empty() && removed_services.is_empty() && fractions.is_empty();
            SyncResponse {
                // Nothing new: the same cursor, so the same answer and ETag as last time.
                cursor: if nothing {
                    q.cursor.clone().unwrap_or_default()
                } else {
                    encode(&next, &key, &caller.person_id)
                },
                reset: false,
                customers: Vec::new(),
                fractions,
                services,
                removed_services,
            }
        }
    };
    let json = serde_json::to_vec(&body).expect("serialisable");
    let etag = format!("\"{}\"", &sha256_hex(&String::from_utf8_lossy(&json))[..32]);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
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
