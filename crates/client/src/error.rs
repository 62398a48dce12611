//! The one error shape that crosses into the UI: a stable `code` the UI translates, and a
//! `message` for logs and developers only.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
pub struct CoreError {
    pub code: String,
    pub message: String,
    /// Which input fields were wrong and why (`validation-failed`); the UI shows each
    /// next to its field.
    pub fields: Vec<FieldIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldIssue {
    /// The request's field name, e.g. `email` or `kommuner[0]`.
    pub field: String,
    /// `required`, `format`, `too-long`, `check-digit`, `unknown`, `not-served`, …
    pub code: String,
}

impl CoreError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// The server could not be reached at all.
    pub fn network(e: impl std::fmt::Display) -> Self {
        Self::new("network", e.to_string())
    }

    pub fn keyring(e: impl std::fmt::Display) -> Self {
        Self::new("keyring-unavailable", e.to_string())
    }
}
