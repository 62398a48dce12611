//! Request limits counted in the database (not in memory), so they hold across instances
//! and restarts.

use crate::db::Db;
use crate::problem::ApiError;
use axum::http::StatusCode;
use kretslopp_api::ErrorCode;
use kretslopp_domain::Timestamp;

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

/// Counts one hit for `key` and refuses it with 429 once the window's limit is reached.
pub async fn hit(db: &Db, limit: &Limit, key: &str, now: Timestamp) -> Result<(), ApiError> {
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
        // The first hit of a window tidies up windows that are over.
        sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(window_start - limit.window_ms)
            .execute(db)
            .await?;
    }
    if hits > limit.max {
        let retry_after_secs = (window_start + limit.window_ms - now + 999) / 1000;
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyRequests,
            "Too many requests; wait and try again",
        )
        .retry_after(retry_after_secs as u64));
    }
    Ok(())
}
