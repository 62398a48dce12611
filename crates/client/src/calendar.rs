//! Calendar views from the cache, expanded with the same `domain::calendar::expand` the
//! server uses, so online and offline show the same dates.

use kretslopp_api::SyncService;
use kretslopp_domain::calendar::{expand, Exception, HolidayPolicy, Pickup, ScheduleRule};
use time::{Date, Weekday};

fn date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &fmt).ok()
}

fn weekday(n: u8) -> Option<Weekday> {
    Some(match n {
        1 => Weekday::Monday,
        2 => Weekday::Tuesday,
        3 => Weekday::Wednesday,
        4 => Weekday::Thursday,
        5 => Weekday::Friday,
        6 => Weekday::Saturday,
        7 => Weekday::Sunday,
        _ => return None,
    })
}

fn policy(s: &str) -> HolidayPolicy {
    match s {
        "keep" => HolidayPolicy::Keep,
        "previous-workday" => HolidayPolicy::PreviousWorkday,
        "cancel" => HolidayPolicy::Cancel,
        _ => HolidayPolicy::NextWorkday,
    }
}

/// The schedule of a cached service, or `None` if the cache holds something unreadable.
pub fn rule_of(s: &SyncService) -> Option<(ScheduleRule, HolidayPolicy, Vec<Exception>)> {
    let rule = ScheduleRule {
        weekday: weekday(s.service.weekday)?,
        interval_weeks: s.service.interval_weeks,
        anchor: date(&s.anchor)?,
        season: s.service.season,
    };
    let exceptions = s
        .exceptions
        .iter()
        .filter_map(|e| {
            let d = date(&e.date)?;
            Some(match e.kind.as_str() {
                "moved" => Exception::Moved {
                    original: d,
                    to: date(e.moved_to.as_deref()?)?,
                },
                "cancelled" => Exception::Cancelled { date: d },
                _ => Exception::Extra { date: d },
            })
        })
        .collect();
    Some((rule, policy(&s.holiday_policy), exceptions))
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
    out.sort_by(|(a, p), (b, q)| {
        (p.date, &a.service.address.id, &a.service.id).cmp(&(
            q.date,
            &b.service.address.id,
            &b.service.id,
        ))
    });
    out
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
    let horizon = today + time::Duration::days(366);
    let mut out: Vec<(&SyncService, Pickup)> = services
        .iter()
        .filter_map(|s| {
            let (rule, policy, exceptions) = rule_of(s)?;
            let next = *expand(&rule, &exceptions, policy, today, horizon).first()?;
            Some((s, next))
        })
        .collect();
    out.sort_by(|(a, p), (b, q)| (p.date, &a.service.id).cmp(&(q.date, &b.service.id)));
    out
}

/// Today's date in Sweden (UTC+1 is close enough for a date-only calendar).
pub fn today(now_ms: i64) -> Date {
    time::OffsetDateTime::from_unix_timestamp(now_ms / 1000 + 3600)
        .map(|t| t.date())
        .unwrap_or(Date::MIN)
}
