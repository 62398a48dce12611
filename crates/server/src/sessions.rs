//! Opaque sessions. Access tokens are short-lived; refresh tokens rotate on every use,
//! with a short grace window so a lost response does not log the person out. Reusing a
//! refresh token after that window is treated as theft and ends the session.
//!
//! Within the grace window the previous refresh token gets back exactly the answer that
//! was lost — the same successor tokens, never new ones — so a replay cannot branch the
//! session or log out its rightful holder. Only hashes of live tokens are stored; the
//! successors are kept sealed with a key derived from the previous refresh token, which
//! the server does not have until it is presented again.

use crate::problem::ApiError;
use crate::secrets::{is_well_formed, random_token, sha256_hex};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use kretslopp_api::ErrorCode;
use kretslopp_api::SessionTokens;
use kretslopp_domain::Timestamp;
use sqlx::{Any, Executor};

pub const ACCESS_PREFIX: &str = "kla_";
pub const REFRESH_PREFIX: &str = "klr_";
pub const ACCESS_TTL_MS: i64 = 15 * 60 * 1000;
pub const REFRESH_IDLE_MS: i64 = 30 * 24 * 3600 * 1000;
pub const ABSOLUTE_MS: i64 = 90 * 24 * 3600 * 1000;
pub const REFRESH_GRACE_MS: i64 = 60 * 1000;

#[derive(Debug)]
struct NewTokens {
    access: String,
    refresh: String,
}

/// Keystream for sealing the successors of `previous`: 64 bytes of HMAC-SHA256 keyed
/// with the previous refresh token, one block per successor token.
fn keystream(previous: &str) -> [u8; 64] {
    use hmac::{Hmac, Mac};
    let block = |label: &[u8]| {
        let mut mac =
            Hmac::<sha2::Sha256>::new_from_slice(previous.as_bytes()).expect("any key length");
        mac.update(label);
        mac.finalize().into_bytes()
    };
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&block(b"kretslopp-successor-access"));
    out[32..].copy_from_slice(&block(b"kretslopp-successor-refresh"));
    out
}

fn token_bytes(token: &str, prefix: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token.strip_prefix(prefix)?)
        .ok()
        .filter(|b| b.len() == 32)
}

/// The successors of `previous`, encrypted with its keystream (a one-time pad: each
/// refresh token seals exactly one pair).
fn seal(previous: &str, next: &NewTokens) -> String {
    let mut plain = Vec::with_capacity(64);
    plain.extend(token_bytes(&next.access, ACCESS_PREFIX).expect("generated token"));
    plain.extend(token_bytes(&next.refresh, REFRESH_PREFIX).expect("generated token"));
    let key = keystream(previous);
    hex::encode(
        plain
            .iter()
            .zip(key)
            .map(|(p, k)| p ^ k)
            .collect::<Vec<u8>>(),
    )
}

fn unseal(previous: &str, sealed: &str) -> Option<NewTokens> {
    use base64::Engine;
    let bytes = hex::decode(sealed).ok().filter(|b| b.len() == 64)?;
    let key = keystream(previous);
    let plain: Vec<u8> = bytes.iter().zip(key).map(|(c, k)| c ^ k).collect();
    let enc = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    Some(NewTokens {
        access: format!("{ACCESS_PREFIX}{}", enc(&plain[..32])),
        refresh: format!("{REFRESH_PREFIX}{}", enc(&plain[32..])),
    })
}

impl NewTokens {
    fn generate() -> Self {
        Self {
            access: random_token(ACCESS_PREFIX),
            refresh: random_token(REFRESH_PREFIX),
        }
    }

    fn into_wire(self) -> SessionTokens {
        self.into_wire_expiring_in(ACCESS_TTL_MS)
    }

    fn into_wire_expiring_in(self, ms: i64) -> SessionTokens {
        SessionTokens {
            access_token: self.access,
            refresh_token: self.refresh,
            expires_in: (ms.clamp(0, ACCESS_TTL_MS) / 1000) as u32,
            token_type: "Bearer".into(),
        }
    }
}

/// Starts a session for a person who has just logged in.
pub async fn create<'e, E: Executor<'e, Database = Any>>(
    db: E,
    person_id: &str,
    now: Timestamp,
) -> Result<(String, SessionTokens), ApiError> {
    let id = uuid::Uuid::new_v4().to_string();
    let t = NewTokens::generate();
    sqlx::query(
        "INSERT INTO sessions (id, person_id, access_hash, access_expires_at, refresh_hash, refresh_expires_at, created_at, last_used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(person_id)
    .bind(sha256_hex(&t.access))
    .bind(now + ACCESS_TTL_MS)
    .bind(sha256_hex(&t.refresh))
    .bind(now + REFRESH_IDLE_MS)
    .bind(now)
    .execute(db)
    .await?;
    Ok((id, t.into_wire()))
}

pub async fn revoke<'e, E: Executor<'e, Database = Any>>(
    db: E,
    session_id: &str,
    now: Timestamp,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(session_id)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

fn invalid_refresh() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidRefreshToken,
        "The refresh token is invalid, expired or revoked",
    )
}

#[derive(sqlx::FromRow)]
struct RefreshRow {
    id: String,
    refresh_hash: String,
    access_hash: String,
    access_expires_at: i64,
    rotated_at: Option<i64>,
    refresh_expires_at: i64,
    created_at: i64,
    revoked_at: Option<i64>,
    successor_sealed: Option<String>,
}

pub async fn refresh(state: &AppState, token: &str) -> Result<SessionTokens, ApiError> {
    if !is_well_formed(token, REFRESH_PREFIX) {
        return Err(invalid_refresh());
    }
    let now = state.clock.now_ms();
    let hash = sha256_hex(token);
    let row: Option<RefreshRow> = sqlx::query_as(
        "SELECT id, refresh_hash, access_hash, access_expires_at, rotated_at, refresh_expires_at,
                created_at, revoked_at, successor_sealed
         FROM sessions WHERE refresh_hash = $1 OR prev_refresh_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&state.db)
    .await?;
    let Some(row) = row else {
        return Err(invalid_refresh());
    };
    if row.revoked_at.is_some()
        || row.refresh_expires_at <= now
        || row.created_at + ABSOLUTE_MS <= now
    {
        return Err(invalid_refresh());
    }
    if row.refresh_hash != hash {
        // The previous token again. Shortly after rotation the answer was probably lost:
        // the same successors, which the current holder (if any) already has. Later, or
        // if they no longer match, it is reuse of a stolen token.
        let in_grace = row
            .rotated_at
            .is_some_and(|at| now - at <= REFRESH_GRACE_MS);
        let lost = row
            .successor_sealed
            .as_deref()
            .and_then(|sealed| unseal(token, sealed))
            .filter(|t| {
                sha256_hex(&t.refresh) == row.refresh_hash
                    && sha256_hex(&t.access) == row.access_hash
            });
        return match (in_grace, lost) {
            (true, Some(tokens)) => Ok(tokens.into_wire_expiring_in(row.access_expires_at - now)),
            _ => {
                tracing::warn!(session = %row.id, "refresh token reused after rotation; ending the session");
                revoke(&state.db, &row.id, now).await?;
                Err(invalid_refresh())
            }
        };
    }
    let t = NewTokens::generate();
    let updated = sqlx::query(
        "UPDATE sessions SET prev_refresh_hash = refresh_hash, refresh_hash = $3, access_hash = $4,
             access_expires_at = $5, refresh_expires_at = $6, rotated_at = $7, last_used_at = $7,
             successor_sealed = $8
         WHERE id = $1 AND refresh_hash = $2 AND revoked_at IS NULL",
    )
    .bind(&row.id)
    .bind(&hash)
    .bind(sha256_hex(&t.refresh))
    .bind(sha256_hex(&t.access))
    .bind(now + ACCESS_TTL_MS)
    .bind(now + REFRESH_IDLE_MS)
    .bind(now)
    .bind(seal(token, &t))
    .execute(&state.db)
    .await?;
    if updated.rows_affected() != 1 {
        // Another request rotated the same token at the same moment; its answer is the
        // one this client will get from the grace path on retry.
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::RefreshInProgress,
            "The session was refreshed concurrently; retry",
        ));
    }
    Ok(t.into_wire())
}

/// The authenticated caller of a request, from `Authorization: Bearer <access token>`.
#[derive(Debug, Clone)]
pub struct Caller {
    pub session_id: String,
    pub person_id: String,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or_else(ApiError::unauthenticated)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or_else(ApiError::unauthenticated)?
            .trim();
        if !is_well_formed(token, ACCESS_PREFIX) {
            return Err(ApiError::invalid_token());
        }
        let now = state.clock.now_ms();
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT id, person_id, last_used_at FROM sessions
             WHERE access_hash = $1 AND revoked_at IS NULL AND access_expires_at > $2",
        )
        .bind(sha256_hex(token))
        .bind(now)
        .fetch_optional(&state.db)
        .await?;
        let (session_id, person_id, last_used) = row.ok_or_else(ApiError::invalid_token)?;
        // "Last active" for the devices list; a minute's precision spares a write per request.
        if now - last_used > 60_000 {
            sqlx::query("UPDATE sessions SET last_used_at = $2 WHERE id = $1")
                .bind(&session_id)
                .bind(now)
                .execute(&state.db)
                .await?;
        }
        Ok(Caller {
            session_id,
            person_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_successors_open_only_with_the_previous_token() {
        let previous = random_token(REFRESH_PREFIX);
        let next = NewTokens::generate();
        let sealed = seal(&previous, &next);
        let opened = unseal(&previous, &sealed).unwrap();
        assert_eq!(
            (opened.access, opened.refresh),
            (next.access.clone(), next.refresh.clone())
        );
        let other = unseal(&random_token(REFRESH_PREFIX), &sealed).unwrap();
        assert_ne!(other.refresh, next.refresh);
        assert!(!sealed.contains(&next.refresh[4..]));
        assert!(unseal(&previous, "zz").is_none());
    }
}
