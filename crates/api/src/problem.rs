//! RFC 9457 problem details. `code` is stable and what clients branch on; `title` and
//! `detail` are for people and logs.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` style: `urn:kretslopp:problem:<code>`).
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code, e.g. `login-not-found`: one of a closed set.
    pub code: crate::ErrorCode,
    /// Field-level validation errors, when the request body was at fault.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// JSON pointer-ish field name, e.g. `platform`.
    pub field: String,
    /// Stable code of what is wrong, e.g. `required`, `invalid`.
    pub code: String,
    pub message: String,
}
