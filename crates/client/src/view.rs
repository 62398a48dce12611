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

/// What the first screen shows, in one call: the session and, for a person with an
/// account, the active customer's next pickups and the unread count from the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupView {
    pub session: SessionView,
    pub pickups: Vec<PickupView>,
    pub unread: u32,
    /// A link that started the app holds an invite to show.
    pub invite_waiting: bool,
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
    pub fn new(s: &crate::cache::CachedService, p: kretslopp_domain::calendar::Pickup) -> Self {
        use kretslopp_domain::calendar::format_date as fmt;
        Self {
            date: fmt(p.date),
            original_date: p.original.map(fmt),
            extra: p.extra,
            service_id: s.id.clone(),
            address_id: s.address.id.clone(),
            street: s.address.street.clone(),
            fraction_code: s.fraction.code.clone(),
            fraction_sv: s.fraction.name_sv.clone(),
            fraction_en: s.fraction.name_en.clone(),
            colour: s.fraction.colour.clone(),
            icon: s.fraction.icon.clone(),
            container: s.container.clone(),
        }
    }
}

/// Hämtkalender, one month of one customer. Each address, fraction and service is named
/// once and the pickups refer to them by position, so a company's month with tens of
/// thousands of pickups stays small.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthView {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// The addresses with pickups this month, in listing order.
    pub addresses: Vec<kretslopp_api::AddressView>,
    pub fractions: Vec<kretslopp_api::FractionView>,
    pub services: Vec<MonthService>,
    /// By date, then address and service.
    pub pickups: Vec<MonthPickup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthService {
    pub id: String,
    /// Position in `addresses`.
    pub address: u32,
    /// Position in `fractions`.
    pub fraction: u32,
    pub container: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthPickup {
    /// Day of the month.
    pub day: u8,
    /// Position in `services`.
    pub service: u32,
    /// `YYYY-MM-DD` the pickup was planned for, when it was moved (maybe another month).
    pub original_date: Option<String>,
    pub extra: bool,
}

impl MonthView {
    pub fn is_empty(&self) -> bool {
        self.pickups.is_empty()
    }

    /// The pickups spelled out one by one, as the list screens show them.
    pub fn pickup_views(&self) -> Vec<PickupView> {
        self.pickups
            .iter()
            .filter_map(|p| {
                let s = self.services.get(p.service as usize)?;
                let a = self.addresses.get(s.address as usize)?;
                let f = self.fractions.get(s.fraction as usize)?;
                Some(PickupView {
                    date: format!("{:04}-{:02}-{:02}", self.year, self.month, p.day),
                    original_date: p.original_date.clone(),
                    extra: p.extra,
                    service_id: s.id.clone(),
                    address_id: a.id.clone(),
                    street: a.street.clone(),
                    fraction_code: f.code.clone(),
                    fraction_sv: f.name_sv.clone(),
                    fraction_en: f.name_en.clone(),
                    colour: f.colour.clone(),
                    icon: f.icon.clone(),
                    container: s.container.clone(),
                })
            })
            .collect()
    }
}

/// Statistik or Statistikarkivet for one year and filter, from the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatisticsView {
    pub archive: bool,
    /// The years there are, oldest first (as last heard from the server).
    pub years: Vec<i32>,
    /// Statistikarkivet holds what came before this date (`YYYY-MM-DD`).
    pub migration_date: Option<String>,
    /// The year shown; `None` when there is none.
    pub year: Option<i32>,
    /// When the year shown was fetched; `None` when it is not in the cache.
    #[ts(type = "number | null")]
    pub fetched_at: Option<i64>,
    pub summary: Option<kretslopp_domain::statistics::Summary>,
    /// The year's addresses and kommuner, for the pickers.
    pub addresses: Vec<kretslopp_domain::statistics::StatisticsAddress>,
    pub kommuner: Vec<kretslopp_api::KommunRef>,
    /// Names and colours of the summary's fractions.
    pub fractions: Vec<kretslopp_api::FractionView>,
}

/// One notification, for Avisering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    pub id: String,
    pub customer_id: String,
    /// The customer's name, when the person has more than one.
    pub customer_name: Option<String>,
    pub event: kretslopp_domain::notifications::Event,
    /// The fraction a moved pickup is of, from the catalogue.
    pub fraction: Option<kretslopp_api::FractionView>,
    #[ts(type = "number")]
    pub created_at: i64,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotificationsView {
    /// Newest first.
    pub items: Vec<NotificationView>,
    pub unread: u32,
}

/// What to export from Statistik or Statistikarkivet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatisticsExportInput {
    pub archive: bool,
    pub year: i32,
    pub filter: kretslopp_domain::statistics::Filter,
    pub format: kretslopp_domain::statistics::CsvFormat,
    /// Column headers and fraction names in `sv` or `en`.
    pub lang: String,
}
