//! What the UI receives. Only view data crosses into the webview: no tokens, no
//! personnummer. These types are exported to TypeScript (see `src-tauri`'s bindings).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LoginPhase {
    /// No login in progress.
    Idle,
    /// Waiting for the person in the BankID app.
    Waiting,
    /// Logged in.
    Complete,
    /// BankID or the server ended the login; `rfa` or `errorCode` says why.
    Failed,
    /// The person cancelled in this app.
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LoginMethodView {
    Qr,
    SameDevice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginView {
    pub phase: LoginPhase,
    pub method: LoginMethodView,
    /// BankID's recommended user message, e.g. `RFA1` (texts are in the UI catalogues).
    pub rfa: Option<String>,
    /// Error code when the login could not go on for a reason other than BankID's.
    pub error_code: Option<String>,
    /// The current QR code as an SVG document.
    pub qr_svg: Option<String>,
    /// Whether "Försök igen" makes sense now.
    pub can_retry: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    pub given_name: String,
    pub surname: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub logged_in: bool,
    pub person: Option<PersonView>,
    /// The person's account and customers, when the server could be asked.
    pub me: Option<kretslopp_api::Me>,
    /// Logged in, but the server could not be reached to confirm it.
    pub offline: bool,
}
