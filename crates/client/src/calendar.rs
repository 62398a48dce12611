//! Calendar views from the cache, expanded with the same `domain::calendar::expand` the
//! server uses, so online and offline show the same dates.

use kretslopp_api::SyncService;
use kretslopp_domain::calendar::{
    expand, listing_order, next_pickup, Exception, HolidayPolicy, Pickup, ScheduleRule,
};
use time::Date;

/// The schedule of a cached service, or `None` if the cache holds something unreadable.
pub fn rule_of(s: &SyncService) -> Option<(ScheduleRule, HolidayPolicy, Vec<Exception>)> {
    let rule = ScheduleRule::from_parts(
        i64::from(s.service.weekday),
        i64::from(s.service.interval_weeks),
        &s.anchor,
        s.service.season,
    )?;
    let exceptions = s
        .exceptions
        .iter()
        .filter_map(|e| Exception::from_parts(&e.kind, &e.date, e.moved_to.as_deref()))
        .collect();
    Some((rule, HolidayPolicy::parse(&s.holiday_policy)?, exceptions))
}

/// Every pickup of `services` in `from..=to`, by date, then address and service.
pub fn pickups(services: &[SyncService], from: Date, to: Date) -> Vec<(&SyncService, Pickup)> {
    let mut out = Vec::new();
    for s in services {
        if let Some((rule, policy, exceptions)) = rule_of(s) {
            for p in expand(&rule, &exceptions, policy, from, to) {
                out.push((s, p));
            }
        }
    }
    out.sort_by(|(a, p), (b, q)| order(a, p).cmp(&order(b, q)));
    out
}

fn order<'a>(s: &'a SyncService, p: &Pickup) -> (Date, &'a str, &'a str) {
    listing_order(p.date, &s.service.address.id, &s.service.id)
}

/// The pickups of one calendar month.
pub fn month(
    services: &[SyncService],
    year: i32,
    month: time::Month,
) -> Vec<(&SyncService, Pickup)> {
    let Ok(first) = Date::from_calendar_date(year, month, 1) else {
        return Vec::new();
    };
    let last = Date::from_calendar_date(year, month, month.length(year)).unwrap_or(first);
    pickups(services, first, last)
}

/// The next pickup of each service from `today`, looking a year ahead.
pub fn next_pickups(services: &[SyncService], today: Date) -> Vec<(&SyncService, Pickup)> {
    let mut out: Vec<(&SyncService, Pickup)> = services
        .iter()
        .filter_map(|s| {
            let (rule, policy, exceptions) = rule_of(s)?;
            Some((s, next_pickup(&rule, &exceptions, policy, today)?))
        })
        .collect();
    out.sort_by(|(a, p), (b, q)| order(a, p).cmp(&order(b, q)));
    out
}
