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
    pub error_code: Option<kretslopp_api::ErrorCode>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusView {
    /// Unix milliseconds of the last successful sync ("senast uppdaterad").
    #[ts(type = "number | null")]
    pub last_sync: Option<i64>,
    /// The server could not be reached (or failed); the cache is shown as it was.
    pub offline: bool,
    pub changed: bool,
    /// When to sync again on its own: the normal interval after success, exponential
    /// backoff with jitter after failures, never sooner than the server's Retry-After.
    /// Always set, whatever went wrong: the automatic sync never stops.
    #[ts(type = "number")]
    pub next_sync_in_ms: u64,
    /// Why this sync failed, if it did (the cache is still shown).
    pub problem: Option<kretslopp_api::ErrorCode>,
}

/// One pickup as the calendar screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PickupView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The planned date when the pickup was moved.
    pub original_date: Option<String>,
    pub extra: bool,
    pub service_id: String,
    pub address_id: String,
    pub street: String,
    pub fraction_code: String,
    pub fraction_sv: String,
    pub fraction_en: String,
    pub colour: String,
    pub icon: String,
    pub container: String,
}

impl PickupView {
    pub fn new(s: &kretslopp_api::SyncService, p: kretslopp_domain::calendar::Pickup) -> Self {
        use kretslopp_domain::calendar::format_date as fmt;
        Self {
            date: fmt(p.date),
            original_date: p.original.map(fmt),
            extra: p.extra,
            service_id: s.service.id.clone(),
            address_id: s.service.address.id.clone(),
            street: s.service.address.street.clone(),
            fraction_code: s.service.fraction.code.clone(),
            fraction_sv: s.service.fraction.name_sv.clone(),
            fraction_en: s.service.fraction.name_en.clone(),
            colour: s.service.fraction.colour.clone(),
            icon: s.service.fraction.icon.clone(),
            container: s.service.container.clone(),
        }
    }
}
