//! Services and the pickup calendar as the API sends them. Dates are ISO `YYYY-MM-DD`.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

wire! {
    /// One service with its schedule, as the app caches it and expands it offline. Its
    /// address and fraction are named by id; each is sent once, in `addresses` and
    /// `fractions`.
    pub struct SyncService {
        pub id: String,
        pub customer_id: String,
        pub address_id: String,
        pub fraction_code: String,
        /// "Kärl 190 l".
        pub container: String,
        /// 1 = every week, 2 = every other week, …
        pub interval_weeks: u8,
        /// ISO weekday, 1 = Monday.
        pub weekday: u8,
        /// Inclusive ISO weeks when the service runs, if seasonal.
        pub season: Option<(u8, u8)>,
        /// The first date the rule picks up on; fixes the fortnightly phase.
        pub anchor: String,
        /// `keep`, `next-workday`, `previous-workday` or `cancel`.
        pub holiday_policy: String,
        pub exceptions: Vec<SyncException>,
    }

    pub struct SyncException {
        /// `moved`, `cancelled` or `extra`.
        pub kind: String,
        pub date: String,
        pub moved_to: Option<String>,
    }

    pub struct SyncCustomer {
        pub id: String,
        pub name: String,
        pub kind: kretslopp_domain::CustomerKind,
        pub kundnummer: String,
        pub role: kretslopp_domain::Role,
        /// The member's kommun filter (already applied to `addresses` and `services`).
        pub kommuner: Vec<String>,
    }

    /// An address of one of the person's customers (within their kommun filter).
    pub struct SyncAddress {
        pub id: String,
        pub customer_id: String,
        pub street: String,
        /// Five digits.
        pub postal_code: String,
        pub city: String,
        pub kommunkod: String,
    }

    /// Something the app may hold and should not any more: it was removed, or it left the
    /// person's view (a kommun filter). Removing an address removes its services too.
    pub struct SyncRemoval {
        pub entity: SyncEntity,
        pub id: String,
    }

    /// Changes since the cursor, one list per entity of the change feed. With `reset`,
    /// this is everything and the app replaces its cache; otherwise it upserts what is
    /// listed and drops what is in `removed`.
    pub struct SyncResponse {
        /// Opaque; send it back as `cursor` next time.
        pub cursor: String,
        pub reset: bool,
        pub customers: Vec<SyncCustomer>,
        pub addresses: Vec<SyncAddress>,
        pub fractions: Vec<FractionView>,
        pub services: Vec<SyncService>,
        /// The bag catalogue, retired colours included.
        #[serde(default)]
        pub bag_colours: Vec<crate::BagColour>,
        /// Bag orders at the addresses in view.
        #[serde(default)]
        pub orders: Vec<crate::BagOrder>,
        /// The person's notifications (Avisering), newest first.
        #[serde(default)]
        pub notifications: Vec<crate::Notification>,
        pub removed: Vec<SyncRemoval>,
    }
}

/// The name of fraction `code` in `lang`, from a catalogue; a code no longer in it stands
/// for itself (old statistics can name one).
pub fn fraction_name(
    catalogue: &[FractionView],
    code: &str,
    lang: kretslopp_domain::Lang,
) -> String {
    catalogue.iter().find(|f| f.code == code).map_or_else(
        || code.to_owned(),
        |f| match lang {
            kretslopp_domain::Lang::Sv => f.name_sv.clone(),
            kretslopp_domain::Lang::En => f.name_en.clone(),
        },
    )
}

/// The kinds of record `/v1/sync` carries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SyncEntity {
    Customer,
    Address,
    Fraction,
    Service,
    BagColour,
    Order,
    Notification,
}

/// `GET /v1/sync` query.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// The cursor of the previous answer; none for a full sync.
    pub cursor: Option<String>,
}
