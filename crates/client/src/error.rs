//! The one error shape that crosses into the UI: a stable `code` the UI translates, and a
//! `message` for logs and developers only.

use kretslopp_api::{Disposition, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
pub struct CoreError {
    /// One of the closed set the server, the core and the UI share.
    pub code: ErrorCode,
    pub message: String,
    /// Which input fields were wrong and why (`validation-failed`); the UI shows each
    /// next to its field.
    pub fields: Vec<FieldIssue>,
    /// Seconds the server asked to wait before trying again (`Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldIssue {
    /// The request's field name, e.g. `email` or `kommuner[0]`.
    pub field: String,
    /// `required`, `format`, `too-long`, `check-digit`, `unknown`, `not-served`, …
    pub code: String,
}

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_after: None,
        }
    }

    /// The server could not be reached at all.
    pub fn network(e: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::Network, e.to_string())
    }

    pub fn keyring(e: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::KeyringUnavailable, e.to_string())
    }

    /// Retry later, log in again, or refused for good: the one decision every caller
    /// (sync, login, the session) makes the same way.
    pub fn disposition(&self) -> Disposition {
        self.code.disposition()
    }
}
