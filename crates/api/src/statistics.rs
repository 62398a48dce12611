//! Statistics and Avisering as the API sends them. The statistics' shape and rules are
//! `kretslopp_domain::statistics`; events are `kretslopp_domain::notifications::Event`.

pub use kretslopp_domain::notifications::Event;
pub use kretslopp_domain::statistics::{
    AddressTotal, Amount, CsvFormat, Filter, Series, StatisticsAddress, Summary, Year,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

wire! {
    /// Which years a customer has statistics for.
    pub struct StatisticsOverview {
        /// Years with pickup records, oldest first.
        pub years: Vec<i32>,
        /// Years in Statistikarkivet (before the migration date), oldest first.
        pub archive_years: Vec<i32>,
        /// `YYYY-MM-DD`: Statistikarkivet holds what came before it.
        pub migration_date: String,
    }

    /// Something that needs the person's attention.
    pub struct Notification {
        pub id: String,
        /// The customer it concerns.
        pub customer_id: String,
        pub event: Event,
        /// Unix milliseconds.
        pub created_at: i64,
        pub read: bool,
    }

    /// `POST /v1/notifications/read`.
    pub struct MarkRead {
        /// At most 500 ids of the caller's notifications; others are ignored.
        pub ids: Vec<String>,
    }
}

/// `GET …/statistics/{year}/csv` and `…/archive/{year}/csv` query.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CsvQuery {
    /// `spreadsheet` (default: `;`, decimal comma, UTF-8 with BOM) or `rfc4180`.
    pub format: Option<String>,
    /// Headers in `sv` (default) or `en`.
    pub lang: Option<String>,
}
