//! Request limits counted in the database (not in memory), so they hold across instances
//! and restarts.

use crate::db::Db;
use crate::problem::ApiError;
use axum::http::StatusCode;
use kretslopp_api::ErrorCode;
use kretslopp_domain::Timestamp;

/// No limit's window is longer (tidying up relies on it).
const LONGEST_WINDOW_MS: i64 = 24 * 3600 * 1000;

pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_ms: i64,
}

/// Login starts per client IP: each one creates a BankID order.
pub const LOGIN_START: Limit = Limit {
    name: "login-start",
    max: 30,
    window_ms: 10 * 60 * 1000,
};

/// Invites sent (or sent again) per person, and per customer: the mail goes to addresses
/// the sender types, so both are capped.
pub const INVITES_PER_PERSON: Limit = Limit {
    name: "invites-person",
    max: 30,
    window_ms: 24 * 3600 * 1000,
};
pub const INVITES_PER_CUSTOMER: Limit = Limit {
    name: "invites-customer",
    max: 50,
    window_ms: 24 * 3600 * 1000,
};

/// Invite tokens that named nothing usable, per person: guessing is pointless at 256 bits,
/// but a client that tries is stopped.
pub const INVITE_FAILURES: Limit = Limit {
    name: "invite-failures",
    max: 10,
    window_ms: 3600 * 1000,
};

/// Counts one hit for `key` and refuses it with 429 once the window's limit is reached.
pub async fn hit(db: &Db, limit: &Limit, key: &str, now: Timestamp) -> Result<(), ApiError> {
    let hits = count(db, limit, key, now).await?;
    if hits > limit.max {
        return Err(too_many(limit, now));
    }
    Ok(())
}

/// Refuses with 429 if `key` has used up the window, without counting: for limits on
/// failures, which [`hit`] counts only when one happens.
pub async fn check(db: &Db, limit: &Limit, key: &str, now: Timestamp) -> Result<(), ApiError> {
    let window_start = now - now.rem_euclid(limit.window_ms);
    let hits: Option<(i64,)> =
        sqlx::query_as("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2")
            .bind(format!("{}:{key}", limit.name))
            .bind(window_start)
            .fetch_optional(db)
            .await?;
    if hits.is_some_and(|(h,)| h >= limit.max) {
        return Err(too_many(limit, now));
    }
    Ok(())
}

async fn count(db: &Db, limit: &Limit, key: &str, now: Timestamp) -> Result<i64, ApiError> {
    let window_start = now - now.rem_euclid(limit.window_ms);
    let bucket = format!("{}:{key}", limit.name);
    let (hits,): (i64,) = sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits",
    )
    .bind(&bucket)
    .bind(window_start)
    .fetch_one(db)
    .await?;
    if hits == 1 {
        // The first hit of a window tidies up windows that are over, for every limit: none
        // is longer than a day.
        sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(now - 2 * LONGEST_WINDOW_MS)
            .execute(db)
            .await?;
    }
    Ok(hits)
}

fn too_many(limit: &Limit, now: Timestamp) -> ApiError {
    let window_start = now - now.rem_euclid(limit.window_ms);
    let retry_after_secs = (window_start + limit.window_ms - now + 999) / 1000;
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TooManyRequests,
        "Too many requests; wait and try again",
    )
    .retry_after(retry_after_secs as u64)
}
