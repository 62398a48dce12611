//! Calendar views from the cache, expanded with the same `domain::calendar::expand` the
//! server uses, so online and offline show the same dates.

use crate::cache::{CachedService, Schedules};
use crate::view::{MonthPickup, MonthService, MonthView};
use kretslopp_domain::calendar::{
    expand, format_date, listing_order, next_pickup, HolidayPolicy, Pickup,
};
use std::collections::HashMap;
use time::{Date, Weekday};

/// Every pickup of `services` in `from..=to`, by date, then address and service.
pub fn pickups(services: &[CachedService], from: Date, to: Date) -> Vec<(&CachedService, Pickup)> {
    let mut out = Vec::new();
    for s in services {
        for p in expand(&s.rule, &s.exceptions, s.policy, from, to) {
            out.push((s, p));
        }
    }
    out.sort_by(|(a, p), (b, q)| order(a, p).cmp(&order(b, q)));
    out
}

fn order<'a>(s: &'a CachedService, p: &Pickup) -> (Date, &'a str, &'a str) {
    listing_order(p.date, &s.address.id, &s.id)
}

/// The next pickup of each service from `today`, looking a year ahead.
pub fn next_pickups(services: &[CachedService], today: Date) -> Vec<(&CachedService, Pickup)> {
    let mut out: Vec<(&CachedService, Pickup)> = services
        .iter()
        .filter_map(|s| Some((s, next_pickup(&s.rule, &s.exceptions, s.policy, today)?)))
        .collect();
    out.sort_by(|(a, p), (b, q)| order(a, p).cmp(&order(b, q)));
    out
}

/// Rules that pick up on the same days: same weekday, interval, phase and season.
type Phase = (Weekday, u8, i32, Option<(u8, u8)>, HolidayPolicy);

fn phase(s: &CachedService) -> Phase {
    let period = 7 * i32::from(s.rule.interval_weeks.max(1));
    (
        s.rule.weekday,
        s.rule.interval_weeks,
        s.rule.anchor.to_julian_day().rem_euclid(period),
        s.rule.season,
        s.policy,
    )
}

/// One calendar month of a customer's services, in listing order. A company's services
/// mostly share a few schedules, so each schedule without exceptions is expanded once.
pub fn month(schedules: &Schedules, year: i32, month: time::Month) -> MonthView {
    let mut view = MonthView {
        year,
        month: month as u8,
        ..MonthView::default()
    };
    let Ok(first) = Date::from_calendar_date(year, month, 1) else {
        return view;
    };
    let last = Date::from_calendar_date(year, month, month.length(year)).unwrap_or(first);
    let mut shared: HashMap<Phase, Vec<Pickup>> = HashMap::new();
    let mut by_day: Vec<Vec<MonthPickup>> = vec![Vec::new(); 31];
    let mut fractions: HashMap<&str, u32> = HashMap::new();
    for s in &schedules.services {
        let own;
        let pickups: &[Pickup] = if s.exceptions.is_empty() {
            shared
                .entry(phase(s))
                .or_insert_with(|| expand(&s.rule, &[], s.policy, first, last))
        } else {
            own = expand(&s.rule, &s.exceptions, s.policy, first, last);
            &own
        };
        if pickups.is_empty() {
            continue;
        }
        // Services come by address, so a new address is always the last one seen.
        if view.addresses.last().map(|a| a.id.as_str()) != Some(s.address.id.as_str()) {
            view.addresses.push((*s.address).clone());
        }
        let fraction = *fractions.entry(&s.fraction.code).or_insert_with(|| {
            view.fractions.push((*s.fraction).clone());
            (view.fractions.len() - 1) as u32
        });
        let service = view.services.len() as u32;
        view.services.push(MonthService {
            id: s.id.clone(),
            address: (view.addresses.len() - 1) as u32,
            fraction,
            container: s.container.clone(),
        });
        for p in pickups {
            by_day[usize::from(p.date.day() - 1)].push(MonthPickup {
                day: p.date.day(),
                service,
                original_date: p.original.map(format_date),
                extra: p.extra,
            });
        }
    }
    view.pickups = by_day.into_iter().flatten().collect();
    view
}
