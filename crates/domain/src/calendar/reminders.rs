//! Pickup reminders: one notification the evening before a pickup day per address, at the
//! person's chosen time, for the services they chose. Pure planning; the app decides how to
//! deliver (its own timer on desktop, the OS scheduler on mobile).

use super::swedish_time::instant_of;
use crate::validation::Invalid;
use crate::Timestamp;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Time};

/// What most households pick, and the default.
pub const DEFAULT_TIME: Time = time::macros::time!(18:00);
/// "The evening before": no earlier than noon.
const EARLIEST: Time = time::macros::time!(12:00);

/// One person's reminder choices for one customer. Services are listed by what is left
/// out, so a service added later is reminded of without asking again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSettings {
    pub enabled: bool,
    pub time: Time,
    pub excluded: BTreeSet<String>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            time: DEFAULT_TIME,
            excluded: BTreeSet::new(),
        }
    }
}

/// `HH:MM`, between 12:00 and 23:59.
pub fn parse_time(s: &str) -> Result<Time, Invalid> {
    let format = time::macros::format_description!("[hour]:[minute]");
    let t = Time::parse(s.trim(), format)
        .map_err(|_| Invalid::new("format", "A time is written HH:MM"))?;
    if t < EARLIEST {
        return Err(Invalid::new(
            "range",
            "A reminder the evening before is between 12:00 and 23:59",
        ));
    }
    Ok(t)
}

/// The times Påminnelser offers: every half hour that [`parse_time`] accepts, so the app
/// cannot offer a time the rule refuses or hide one it allows.
pub fn time_choices() -> Vec<Time> {
    (0..)
        .map(|i| EARLIEST + time::Duration::minutes(30 * i))
        .take_while(|t| *t >= EARLIEST)
        .take(24)
        .collect()
}

pub fn format_time(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A pickup as the planner needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedPickup<'a> {
    pub service_id: &'a str,
    pub address_id: &'a str,
    pub date: Date,
}

/// One notification: the pickups at one address on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// Stable across replans, so a reminder already shown is not shown again.
    pub key: String,
    /// When to notify (Unix ms).
    pub at: Timestamp,
    /// Until when it still makes sense: the start of the pickup day.
    pub until: Timestamp,
    pub pickup_date: Date,
    pub address_id: String,
    pub service_ids: Vec<String>,
}

impl Reminder {
    pub fn is_due(&self, now: Timestamp) -> bool {
        (self.at..self.until).contains(&now)
    }

    /// A number for platforms that identify notifications by `i32` (FNV-1a of the key).
    pub fn numeric_id(&self) -> i32 {
        let hash = self.key.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        (hash & 0x7fff_ffff) as i32
    }
}

/// The reminders for `pickups` whose pickup day has not begun at `now`, by time.
pub fn plan(
    pickups: &[PlannedPickup],
    settings: &ReminderSettings,
    now: Timestamp,
) -> Vec<Reminder> {
    if !settings.enabled {
        return Vec::new();
    }
    let mut groups: BTreeMap<(Date, &str), BTreeSet<&str>> = BTreeMap::new();
    for p in pickups {
        if !settings.excluded.contains(p.service_id) {
            groups
                .entry((p.date, p.address_id))
                .or_default()
                .insert(p.service_id);
        }
    }
    let midnight = Time::MIDNIGHT;
    let mut out: Vec<Reminder> = groups
        .into_iter()
        .filter_map(|((date, address), services)| {
            let until = instant_of(date, midnight);
            let at = instant_of(date.previous_day()?, settings.time);
            (until > now).then(|| Reminder {
                key: format!("{}/{address}", super::format_date(date)),
                at,
                until,
                pickup_date: date,
                address_id: address.to_owned(),
                service_ids: services.into_iter().map(str::to_owned).collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.at, &a.address_id).cmp(&(b.at, &b.address_id)));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_offered_time_is_accepted_and_each_half_hour_is_offered() {
        let choices = time_choices();
        assert_eq!(choices.first(), Some(&time::macros::time!(12:00)));
        assert_eq!(choices.last(), Some(&time::macros::time!(23:30)));
        assert_eq!(choices.len(), 24);
        for t in &choices {
            assert_eq!(parse_time(&format_time(*t)), Ok(*t));
        }
        assert!(parse_time("11:30").is_err());
    }

    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime, time};

    fn pickups() -> Vec<PlannedPickup<'static>> {
        vec![
            PlannedPickup {
                service_id: "a1-rest",
                address_id: "a1",
                date: date!(2027 - 02 - 01),
            },
            PlannedPickup {
                service_id: "a1-mat",
                address_id: "a1",
                date: date!(2027 - 02 - 01),
            },
            PlannedPickup {
                service_id: "a2-rest",
                address_id: "a2",
                date: date!(2027 - 02 - 02),
            },
            PlannedPickup {
                service_id: "a1-rest",
                address_id: "a1",
                date: date!(2027 - 02 - 15),
            },
        ]
    }

    fn on() -> ReminderSettings {
        ReminderSettings {
            enabled: true,
            ..Default::default()
        }
    }

    fn ms(t: time::OffsetDateTime) -> Timestamp {
        t.unix_timestamp() * 1000
    }

    #[test]
    fn one_reminder_per_address_and_day_the_evening_before() {
        let now = ms(datetime!(2027-01-31 12:00 +1));
        let plan = plan(&pickups(), &on(), now);
        assert_eq!(plan.len(), 3);
        assert_eq!(plan[0].at, ms(datetime!(2027-01-31 18:00 +1)));
        assert_eq!(plan[0].until, ms(datetime!(2027-02-01 00:00 +1)));
        assert_eq!(plan[0].service_ids, ["a1-mat", "a1-rest"]);
        assert_eq!(plan[0].key, "2027-02-01/a1");
        assert_eq!(plan[1].address_id, "a2");
        assert!(!plan[0].is_due(now));
        assert!(plan[0].is_due(plan[0].at));
        assert!(!plan[0].is_due(plan[0].until));
    }

    #[test]
    fn left_out_services_disabled_reminders_and_past_days_give_nothing() {
        let now = ms(datetime!(2027-01-31 12:00 +1));
        let mut settings = on();
        settings.excluded = ["a1-rest".to_owned(), "a1-mat".to_owned()].into();
        let plan_without = plan(&pickups(), &settings, now);
        assert_eq!(plan_without.len(), 1);
        assert_eq!(plan_without[0].address_id, "a2");
        assert!(plan(&pickups(), &ReminderSettings::default(), now).is_empty());
        // At 20:00 on the evening before, that reminder is still due; after midnight it is gone.
        let late = ms(datetime!(2027-01-31 20:00 +1));
        assert!(plan(&pickups(), &on(), late)[0].is_due(late));
        let next_day = ms(datetime!(2027-02-01 00:00 +1));
        assert_eq!(plan(&pickups(), &on(), next_day)[0].address_id, "a2");
    }

    #[test]
    fn summer_evenings_are_in_summer_time() {
        let p = [PlannedPickup {
            service_id: "s",
            address_id: "a",
            date: date!(2027 - 06 - 15),
        }];
        let mut settings = on();
        settings.time = time!(21:30);
        let r = &plan(&p, &settings, 0)[0];
        assert_eq!(r.at, ms(datetime!(2027-06-14 21:30 +2)));
    }

    #[test]
    fn times_are_checked() {
        assert_eq!(parse_time("18:00"), Ok(time!(18:00)));
        assert_eq!(parse_time(" 23:59 "), Ok(time!(23:59)));
        assert_eq!(parse_time("07:00").unwrap_err().code, "range");
        assert_eq!(parse_time("11:59").unwrap_err().code, "range");
        assert_eq!(parse_time("24:00").unwrap_err().code, "format");
        assert_eq!(parse_time("kväll").unwrap_err().code, "format");
        assert_eq!(format_time(time!(09:05)), "09:05");
    }

    proptest! {
        #[test]
        fn plans_are_sorted_grouped_and_stable(
            raw in proptest::collection::vec((0u8..4, 0u8..3, 0i64..60), 0..40),
            now_days in 0i64..60,
        ) {
            let ids: Vec<(String, String)> = raw
                .iter()
                .map(|(s, a, _)| (format!("a{a}-s{s}"), format!("a{a}")))
                .collect();
            let start = date!(2027 - 03 - 01);
            let pickups: Vec<PlannedPickup> = raw
                .iter()
                .zip(&ids)
                .map(|((_, _, d), (s, a))| PlannedPickup {
                    service_id: s,
                    address_id: a,
                    date: start + time::Duration::days(*d),
                })
                .collect();
            let now = instant_of(start + time::Duration::days(now_days), time!(12:00));
            let plan = plan(&pickups, &on(), now);
            let keys: BTreeSet<_> = plan.iter().map(|r| r.key.clone()).collect();
            prop_assert_eq!(keys.len(), plan.len());
            prop_assert!(plan.windows(2).all(|w| w[0].at <= w[1].at));
            for r in &plan {
                prop_assert!(r.until > now);
                prop_assert!(r.at < r.until);
                prop_assert_eq!(r.until - r.at, 6 * 3600 * 1000);
                prop_assert!(!r.service_ids.is_empty());
            }
            let mut shuffled = pickups.clone();
            shuffled.reverse();
            prop_assert_eq!(super::plan(&shuffled, &on(), now), plan);
        }
    }
}
