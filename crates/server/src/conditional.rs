//! Conditional GETs: one weak ETag per answer body and the `If-None-Match` check, for
//! every answer the app or a calendar asks for again and again.

use crate::secrets::sha256_hex;
use axum::http::{header, HeaderMap};

/// Weak, because the same answer may travel gzip-compressed or not.
pub fn etag(body: &[u8]) -> String {
    format!(
        "W/\"{}\"",
        &sha256_hex(&String::from_utf8_lossy(body))[..32]
    )
}

/// `Some(answer)` when the request sent `If-None-Match` (`None` without the header).
pub fn none_match(request: &HeaderMap, etag: &str) -> Option<bool> {
    let tags = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())?;
    Some(tags.split(',').any(|t| {
        let t = t.trim();
        t == "*" || t.trim_start_matches("W/") == etag.trim_start_matches("W/")
    }))
}
