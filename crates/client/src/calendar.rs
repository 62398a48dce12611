//! Calendar views from the cache, expanded with the same `domain::calendar::expand` the
//! server uses, so online and offline show the same dates.

use crate::cache::{CachedService, Schedules};
use crate::view::{MonthPickup, MonthService, MonthView};
use kretslopp_domain::calendar::{expand, format_date, listing_order, next_pickup, Pickup};
use std::collections::HashMap;
use time::Date;

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

/// One calendar month of a customer's services, in listing order. A company's services
/// mostly share a few schedules ([`Schedules::phases`]), so each schedule without
/// exceptions is expanded once.
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
    let mut shared: Vec<Option<Vec<Pickup>>> = vec![None; schedules.phase_count];
    let mut by_day: Vec<Vec<MonthPickup>> = vec![Vec::new(); 31];
    let mut fractions: HashMap<&str, u32> = HashMap::new();
    let mut last_fraction: Option<(&str, u32)> = None;
    for (s, phase) in schedules.services.iter().zip(&schedules.phases) {
        let own;
        let pickups: &[Pickup] = match phase {
            Some(p) => {
                shared[*p].get_or_insert_with(|| expand(&s.rule, &[], s.policy, first, last))
            }
            None => {
                own = expand(&s.rule, &s.exceptions, s.policy, first, last);
                &own
            }
        };
        if pickups.is_empty() {
            continue;
        }
        // Services come by address, so a new address is always the last one seen.
        if view.addresses.last().map(|a| a.id.as_str()) != Some(s.address.id.as_str()) {
            view.addresses.push((*s.address).clone());
        }
        let code = s.fraction.code.as_str();
        let fraction = match last_fraction {
            Some((c, i)) if c == code => i,
            _ => *fractions.entry(code).or_insert_with(|| {
                view.fractions.push((*s.fraction).clone());
                (view.fractions.len() - 1) as u32
            }),
        };
        last_fraction = Some((code, fraction));
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
    view.pickups = Vec::with_capacity(by_day.iter().map(Vec::len).sum());
    for day in by_day {
        view.pickups.extend(day);
    }
    view
}
