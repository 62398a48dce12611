//! Services and the pickup calendar as the API sends them. Dates are ISO `YYYY-MM-DD`.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

macro_rules! wire {
    ($($item:item)*) => {$(
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "camelCase")]
        $item
    )*};
}

wire! {
    pub struct FractionView {
        pub code: String,
        pub name_sv: String,
        pub name_en: String,
        /// `residual`, `food`, `packaging`, `paper`, `garden`, `hazardous`.
        pub category: String,
        /// `#rrggbb`.
        pub colour: String,
        pub icon: String,
    }

    pub struct AddressView {
        pub id: String,
        pub street: String,
        /// Five digits.
        pub postal_code: String,
        pub city: String,
        pub kommunkod: String,
    }

    /// Mina aktiva tjänster: one fraction at one address.
    pub struct ServiceView {
        pub id: String,
        pub address: AddressView,
        pub fraction: FractionView,
        /// "Kärl 190 l".
        pub container: String,
        /// 1 = every week, 2 = every other week, …
        pub interval_weeks: u8,
        /// ISO weekday, 1 = Monday.
        pub weekday: u8,
        /// Inclusive ISO weeks when the service runs, if seasonal.
        pub season: Option<(u8, u8)>,
        /// The next pickup from today, if any within a year.
        pub next_pickup: Option<String>,
    }

    /// One pickup in the calendar.
    pub struct CalendarEntry {
        pub service_id: String,
        pub address_id: String,
        pub fraction_code: String,
        pub date: String,
        /// The planned date when the pickup was moved (public holiday or a change).
        pub original_date: Option<String>,
        pub extra: bool,
    }
}

/// `GET /v1/customers/{id}/calendar` query.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day (inclusive), `YYYY-MM-DD`; at most two years after `from`.
    pub to: String,
    /// Only this address.
    pub address_id: Option<String>,
    /// Only this service.
    pub service_id: Option<String>,
}

/// `GET /v1/customers/{id}/calendar.ics` query.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct IcsQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day (inclusive), at most two years after `from`.
    pub to: String,
    /// `sv` (default) or `en`.
    pub lang: Option<String>,
    /// Adds a reminder the day before at this hour (0–23).
    pub alarm_hour: Option<u8>,
}

wire! {
    /// A calendar subscription: the feed URL carries a secret token.
    pub struct CalendarFeed {
        /// `https://…` (or `http://` in the demo) address of the feed.
        pub url: String,
        /// The same as `webcal://`, which calendar apps open as a subscription.
        pub webcal_url: String,
    }
}

/// `POST /v1/customers/{id}/calendar-feed` body.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CalendarFeedRequest {
    /// Language of the events, `sv` (default) or `en`.
    #[serde(default)]
    pub lang: Option<String>,
}
