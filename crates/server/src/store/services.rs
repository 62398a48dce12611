//! A customer's services as stored, with what schedule expansion needs, and the date
//! ranges the calendar endpoints accept. Shared by the services, calendar export and sync
//! routes and by the .ics writer.

use crate::problem::{ApiError, Fields};
use crate::state::AppState;
use crate::store::accounts::in_filter;
use kretslopp_api::{AddressView, FractionView, ServiceView};
use kretslopp_domain::calendar::{
    next_pickup, Container, ContainerUnit, Exception, HolidayPolicy, ScheduleRule,
};
use std::collections::HashMap;
use time::Date;

/// The longest calendar range one request may ask for.
pub const MAX_RANGE_DAYS: i64 = 731;

pub use kretslopp_domain::calendar::{format_date, parse_date};

/// `from`..=`to` as dates, at most `MAX_RANGE_DAYS` long; problems go into `fields`.
pub fn date_range(from: &str, to: &str, fields: &mut Fields) -> Option<(Date, Date)> {
    let from = fields.check("from", parse_date(from));
    let to = fields.check("to", parse_date(to));
    let (f, t) = (from?, to?);
    if t < f {
        fields.add("to", "before-from", "The range ends before it starts");
        return None;
    }
    if (t - f).whole_days() > MAX_RANGE_DAYS {
        fields.add(
            "to",
            "range-too-long",
            "Ask for at most two years at a time",
        );
        return None;
    }
    Some((f, t))
}

/// A service as stored, with what expansion needs.
pub struct ServiceRecord {
    pub view: ServiceView,
    pub container: Container,
    pub rule: ScheduleRule,
    pub policy: HolidayPolicy,
    pub exceptions: Vec<Exception>,
    /// When the service, its address, fraction or exceptions last changed (ms).
    pub changed_at: i64,
}

/// An exception as read: service id, kind, date, moved-to date, changed at.
type ExceptionRow = (String, String, String, Option<String>, i64);

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    address_id: String,
    street: String,
    postal_code: String,
    city: String,
    kommunkod: String,
    fraction_code: String,
    name_sv: String,
    name_en: String,
    category: String,
    colour: String,
    icon: String,
    container_kind: String,
    container_size: i64,
    container_unit: String,
    weekday: i64,
    interval_weeks: i64,
    anchor: String,
    season_from: Option<i64>,
    season_to: Option<i64>,
    holiday_policy: String,
    updated_at: i64,
    fraction_updated_at: i64,
    address_updated_at: i64,
}

/// The customer's live services, filtered by the member's kommuner (empty = all).
pub async fn load_services(
    state: &AppState,
    customer_id: &str,
    kommuner: &[String],
) -> Result<Vec<ServiceRecord>, ApiError> {
    let mut all = load_changed_services(state, customer_id, kommuner, None).await?;
    let today = today(state);
    for s in &mut all {
        s.view.next_pickup =
            next_pickup(&s.rule, &s.exceptions, s.policy, today).map(|p| format_date(p.date));
    }
    Ok(all)
}

/// Like [`load_services`], but with `since` only the services that changed after it:
/// the service itself, its address or one of its exceptions (the change feed's question).
/// Without the next pickup: the feed sends rules, and a company's first sync would
/// otherwise expand tens of thousands of schedules only to drop the dates.
pub async fn load_changed_services(
    state: &AppState,
    customer_id: &str,
    kommuner: &[String],
    since: Option<i64>,
) -> Result<Vec<ServiceRecord>, ApiError> {
    // Every stored time is ≥ 0, so no `since` reads as "changed after the beginning".
    let since = since.unwrap_or(i64::MIN);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, a.id AS address_id, a.street, a.postal_code, a.city, a.kommunkod, f.code AS fraction_code,
                f.name_sv, f.name_en, f.category, f.colour, f.icon, s.container_kind, s.container_size,
                s.container_unit, s.weekday, s.interval_weeks, s.anchor, s.season_from, s.season_to, s.holiday_policy,
                s.updated_at, f.updated_at AS fraction_updated_at, a.updated_at AS address_updated_at
         FROM services s JOIN addresses a ON a.id = s.address_id JOIN fractions f ON f.code = s.fraction_code
         WHERE a.customer_id = $1 AND s.deleted_at IS NULL AND a.deleted_at IS NULL
           AND (s.updated_at > $2 OR a.updated_at > $2 OR EXISTS (
                SELECT 1 FROM service_exceptions e WHERE e.service_id = s.id
                AND (e.updated_at > $2 OR e.deleted_at > $2)))
         ORDER BY a.street, a.id, f.sort_order, s.id",
    )
    .bind(customer_id)
    .bind(since)
    .fetch_all(&state.db)
    .await?;
    let exceptions: Vec<ExceptionRow> = sqlx::query_as(
        "SELECT e.service_id, e.kind, e.date, e.moved_to, e.updated_at FROM service_exceptions e
         JOIN services s ON s.id = e.service_id JOIN addresses a ON a.id = s.address_id
         WHERE a.customer_id = $1 AND e.deleted_at IS NULL",
    )
    .bind(customer_id)
    .fetch_all(&state.db)
    .await?;
    // Grouped once: a company has tens of thousands of services.
    let mut by_service: HashMap<&str, Vec<&ExceptionRow>> = HashMap::new();
    for e in &exceptions {
        by_service.entry(e.0.as_str()).or_default().push(e);
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if !in_filter(kommuner, &r.kommunkod) {
            continue;
        }
        let season = r
            .season_from
            .zip(r.season_to)
            .map(|(a, b)| (a as u8, b as u8));
        let Some(rule) = ScheduleRule::from_parts(r.weekday, r.interval_weeks, &r.anchor, season)
        else {
            tracing::error!(service = %r.id, "service with an invalid schedule skipped");
            continue;
        };
        let own = || by_service.get(r.id.as_str()).into_iter().flatten().copied();
        let service_exceptions: Vec<Exception> = own()
            .filter_map(|(_, kind, date, moved_to, _)| {
                Exception::from_parts(kind, date, moved_to.as_deref())
            })
            .collect();
        let changed_at = own().map(|(.., at)| *at).fold(
            r.updated_at
                .max(r.fraction_updated_at)
                .max(r.address_updated_at),
            i64::max,
        );
        let (Some(policy), Some(unit)) = (
            HolidayPolicy::parse(&r.holiday_policy),
            ContainerUnit::parse(&r.container_unit),
        ) else {
            tracing::error!(service = %r.id, "service with an unknown holiday policy or unit skipped");
            continue;
        };
        let container = Container {
            kind: r.container_kind,
            size: r.container_size.clamp(0, i64::from(u32::MAX)) as u32,
            unit,
        };
        out.push(ServiceRecord {
            view: ServiceView {
                id: r.id,
                address: AddressView {
                    id: r.address_id,
                    street: r.street,
                    postal_code: r.postal_code,
                    city: r.city,
                    kommunkod: r.kommunkod,
                },
                fraction: FractionView {
                    code: r.fraction_code,
                    name_sv: r.name_sv,
                    name_en: r.name_en,
                    category: r.category,
                    colour: r.colour,
                    icon: r.icon,
                },
                container: container.label(),
                interval_weeks: rule.interval_weeks,
                weekday: r.weekday as u8,
                season: rule.season,
                next_pickup: None,
            },
            container,
            rule,
            policy,
            exceptions: service_exceptions,
            changed_at,
        });
    }
    Ok(out)
}

pub fn today(state: &AppState) -> Date {
    kretslopp_domain::calendar::today_in_sweden(state.clock.now_ms())
}
