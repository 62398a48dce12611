//! Pickup schedules as rules plus exceptions, and their expansion into dates. The server
//! and the app expand with this one function, so both always show the same calendar.
//!
//! A rule repeats every `interval_weeks` weeks on one weekday, in phase with its `anchor`
//! date. The phase counts whole weeks since the anchor, not ISO week numbers, so a
//! fortnightly pickup keeps alternating across a year with week 53 (counting odd and even
//! week numbers would give two pickups in a row there). A season limits it to a range of ISO
//! weeks, which may wrap over the new year (weeks 40–15) and may include week 53.

use super::holidays::{holiday_on, is_workday};
use time::{Date, Duration, Weekday};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScheduleRule {
    pub weekday: Weekday,
    /// 1 = every week, 2 = every other week, …
    pub interval_weeks: u8,
    /// A date the schedule picks up on; fixes the phase. Its weekday must be `weekday`.
    pub anchor: Date,
    /// Inclusive ISO weeks; `from > to` wraps over the new year.
    pub season: Option<(u8, u8)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleError {
    Interval,
    AnchorWeekday,
    Season,
}

impl ScheduleRule {
    pub fn validate(&self) -> Result<(), ScheduleError> {
        if !(1..=52).contains(&self.interval_weeks) {
            return Err(ScheduleError::Interval);
        }
        if self.anchor.weekday() != self.weekday {
            return Err(ScheduleError::AnchorWeekday);
        }
        if let Some((a, b)) = self.season {
            if !(1..=53).contains(&a) || !(1..=53).contains(&b) {
                return Err(ScheduleError::Season);
            }
        }
        Ok(())
    }

    pub fn in_season(&self, d: Date) -> bool {
        match self.season {
            None => true,
            Some((from, to)) => {
                let w = d.iso_week();
                if from <= to {
                    (from..=to).contains(&w)
                } else {
                    w >= from || w <= to
                }
            }
        }
    }

    /// Whether the rule by itself (no holidays, no exceptions) picks up on `d`.
    pub fn matches(&self, d: Date) -> bool {
        if d.weekday() != self.weekday || !self.in_season(d) {
            return false;
        }
        let weeks = (d - self.anchor).whole_days().div_euclid(7);
        weeks.rem_euclid(i64::from(self.interval_weeks)) == 0
    }
}

/// What happens to a pickup that falls on a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HolidayPolicy {
    /// Collected anyway.
    Keep,
    /// Moved to the next workday (the common Swedish practice).
    #[default]
    NextWorkday,
    /// Moved to the workday before.
    PreviousWorkday,
    /// Not collected.
    Cancel,
}

/// A one-off change to a schedule, entered by the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    /// The pickup planned for `original` happens on `to` instead.
    Moved { original: Date, to: Date },
    /// The pickup planned for `date` does not happen.
    Cancelled { date: Date },
    /// An extra pickup.
    Extra { date: Date },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pickup {
    pub date: Date,
    /// The planned date when the pickup was moved (holiday or exception).
    pub original: Option<Date>,
    pub extra: bool,
}

/// Pickups with dates in `from..=to`, sorted by date, at most one per date.
pub fn expand(
    rule: &ScheduleRule,
    exceptions: &[Exception],
    policy: HolidayPolicy,
    from: Date,
    to: Date,
) -> Vec<Pickup> {
    if from > to || rule.validate().is_err() {
        return Vec::new();
    }
    // Planned dates a little outside the range can be shifted into it.
    let margin = Duration::days(14);
    let start = from.checked_sub(margin).unwrap_or(from);
    let end = to.checked_add(margin).unwrap_or(to);
    let mut out: Vec<Pickup> = Vec::new();
    let mut d = first_weekday_on_or_after(start, rule.weekday);
    while let Some(day) = d.filter(|day| *day <= end) {
        if rule.matches(day) {
            if let Some(p) = planned(day, exceptions, policy) {
                out.push(p);
            }
        }
        d = day.checked_add(Duration::weeks(1));
    }
    for e in exceptions {
        if let Exception::Extra { date } = *e {
            out.push(Pickup {
                date,
                original: None,
                extra: true,
            });
        }
    }
    out.retain(|p| p.date >= from && p.date <= to);
    out.sort();
    out.dedup_by_key(|p| p.date);
    out
}

/// How far ahead "the next pickup" looks (Mina aktiva tjänster, Hem): a year and a day,
/// so a yearly pickup is found whatever today is.
pub const NEXT_PICKUP_HORIZON_DAYS: i64 = 366;

/// The next pickup on or after `today`, within [`NEXT_PICKUP_HORIZON_DAYS`].
pub fn next_pickup(
    rule: &ScheduleRule,
    exceptions: &[Exception],
    policy: HolidayPolicy,
    today: Date,
) -> Option<Pickup> {
    let horizon = today
        .checked_add(Duration::days(NEXT_PICKUP_HORIZON_DAYS))
        .unwrap_or(Date::MAX);
    expand(rule, exceptions, policy, today, horizon)
        .first()
        .copied()
}

/// The order pickups are listed in everywhere (calendar, lists, Hem): by date, then
/// address, then service. Use as a sort key.
pub fn listing_order<'a>(
    date: Date,
    address_id: &'a str,
    service_id: &'a str,
) -> (Date, &'a str, &'a str) {
    (date, address_id, service_id)
}

fn planned(day: Date, exceptions: &[Exception], policy: HolidayPolicy) -> Option<Pickup> {
    for e in exceptions {
        match *e {
            Exception::Cancelled { date } if date == day => return None,
            Exception::Moved { original, to } if original == day => {
                return Some(Pickup {
                    date: to,
                    original: Some(day),
                    extra: false,
                })
            }
            _ => {}
        }
    }
    let shifted = if holiday_on(day).is_none() {
        Some(day)
    } else {
        match policy {
            HolidayPolicy::Keep => Some(day),
            HolidayPolicy::Cancel => None,
            HolidayPolicy::NextWorkday => step_to_workday(day, 1),
            HolidayPolicy::PreviousWorkday => step_to_workday(day, -1),
        }
    }?;
    Some(Pickup {
        date: shifted,
        original: (shifted != day).then_some(day),
        extra: false,
    })
}

fn step_to_workday(mut d: Date, step: i64) -> Option<Date> {
    loop {
        d = d.checked_add(Duration::days(step))?;
        if is_workday(d) {
            return Some(d);
        }
    }
}

fn first_weekday_on_or_after(mut d: Date, weekday: Weekday) -> Option<Date> {
    while d.weekday() != weekday {
        d = d.next_day()?;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn biweekly_tuesday() -> ScheduleRule {
        ScheduleRule {
            weekday: Weekday::Tuesday,
            interval_weeks: 2,
            anchor: date!(2026 - 01 - 06),
            season: None,
        }
    }

    #[test]
    fn fortnightly_keeps_alternating_across_week_53() {
        // 2026 has an ISO week 53 (Dec 28 – Jan 3).
        assert_eq!(date!(2026 - 12 - 29).iso_week(), 53);
        let got = expand(
            &biweekly_tuesday(),
            &[],
            HolidayPolicy::Keep,
            date!(2026 - 12 - 01),
            date!(2027 - 01 - 31),
        );
        let dates: Vec<Date> = got.iter().map(|p| p.date).collect();
        assert_eq!(
            dates,
            [
                date!(2026 - 12 - 08),
                date!(2026 - 12 - 22),
                date!(2027 - 01 - 05),
                date!(2027 - 01 - 19)
            ]
        );
    }

    #[test]
    fn holidays_move_to_the_next_workday_and_keep_their_original_date() {
        let monday = ScheduleRule {
            weekday: Weekday::Monday,
            interval_weeks: 1,
            anchor: date!(2026 - 01 - 05),
            season: None,
        };
        let got = expand(
            &monday,
            &[],
            HolidayPolicy::NextWorkday,
            date!(2026 - 04 - 01),
            date!(2026 - 04 - 14),
        );
        assert_eq!(
            got,
            [
                Pickup {
                    date: date!(2026 - 04 - 07),
                    original: Some(date!(2026 - 04 - 06)),
                    extra: false
                },
                Pickup {
                    date: date!(2026 - 04 - 13),
                    original: None,
                    extra: false
                },
            ]
        );
        let cancelled = expand(
            &monday,
            &[],
            HolidayPolicy::Cancel,
            date!(2026 - 04 - 06),
            date!(2026 - 04 - 06),
        );
        assert!(cancelled.is_empty());
        // Christmas Eve, Christmas Day and Boxing Day in a row: Thursday 24 Dec 2026 goes to Monday 28th.
        let thursday = ScheduleRule {
            weekday: Weekday::Thursday,
            interval_weeks: 1,
            anchor: date!(2026 - 01 - 01),
            season: None,
        };
        let got = expand(
            &thursday,
            &[],
            HolidayPolicy::NextWorkday,
            date!(2026 - 12 - 20),
            date!(2026 - 12 - 30),
        );
        assert_eq!(
            got[0],
            Pickup {
                date: date!(2026 - 12 - 28),
                original: Some(date!(2026 - 12 - 24)),
                extra: false
            }
        );
    }

    #[test]
    fn seasons_by_iso_week_including_wrapping_ones() {
        let garden = ScheduleRule {
            season: Some((15, 48)),
            ..biweekly_tuesday()
        };
        let got = expand(
            &garden,
            &[],
            HolidayPolicy::Keep,
            date!(2026 - 01 - 01),
            date!(2026 - 12 - 31),
        );
        assert!(got.iter().all(|p| (15..=48).contains(&p.date.iso_week())));
        assert_eq!(got.first().unwrap().date, date!(2026 - 04 - 14));
        let winter = ScheduleRule {
            season: Some((45, 10)),
            interval_weeks: 1,
            ..biweekly_tuesday()
        };
        let got = expand(
            &winter,
            &[],
            HolidayPolicy::Keep,
            date!(2026 - 01 - 01),
            date!(2026 - 12 - 31),
        );
        assert!(got
            .iter()
            .all(|p| p.date.iso_week() >= 45 || p.date.iso_week() <= 10));
        assert!(got.iter().any(|p| p.date.iso_week() == 53));
    }

    #[test]
    fn exceptions_move_cancel_and_add() {
        let rule = biweekly_tuesday();
        let exceptions = [
            Exception::Moved {
                original: date!(2026 - 01 - 20),
                to: date!(2026 - 01 - 22),
            },
            Exception::Cancelled {
                date: date!(2026 - 02 - 03),
            },
            Exception::Extra {
                date: date!(2026 - 02 - 07),
            },
        ];
        let got = expand(
            &rule,
            &exceptions,
            HolidayPolicy::NextWorkday,
            date!(2026 - 01 - 15),
            date!(2026 - 02 - 20),
        );
        assert_eq!(
            got,
            [
                Pickup {
                    date: date!(2026 - 01 - 22),
                    original: Some(date!(2026 - 01 - 20)),
                    extra: false
                },
                Pickup {
                    date: date!(2026 - 02 - 07),
                    original: None,
                    extra: true
                },
                Pickup {
                    date: date!(2026 - 02 - 17),
                    original: None,
                    extra: false
                },
            ]
        );
    }

    #[test]
    fn invalid_rules_are_named() {
        let mut r = biweekly_tuesday();
        r.interval_weeks = 0;
        assert_eq!(r.validate(), Err(ScheduleError::Interval));
        let mut r = biweekly_tuesday();
        r.weekday = Weekday::Monday;
        assert_eq!(r.validate(), Err(ScheduleError::AnchorWeekday));
        let mut r = biweekly_tuesday();
        r.season = Some((0, 54));
        assert_eq!(r.validate(), Err(ScheduleError::Season));
    }

    fn any_rule() -> impl Strategy<Value = ScheduleRule> {
        (
            0i64..3000,
            1u8..=8,
            proptest::option::of((1u8..=53, 1u8..=53)),
        )
            .prop_map(|(offset, interval, season)| {
                let anchor = date!(2020 - 01 - 01) + Duration::days(offset);
                ScheduleRule {
                    weekday: anchor.weekday(),
                    interval_weeks: interval,
                    anchor,
                    season,
                }
            })
    }

    fn any_policy() -> impl Strategy<Value = HolidayPolicy> {
        prop_oneof![
            Just(HolidayPolicy::Keep),
            Just(HolidayPolicy::NextWorkday),
            Just(HolidayPolicy::PreviousWorkday),
            Just(HolidayPolicy::Cancel)
        ]
    }

    proptest! {
        #[test]
        fn expansion_is_deterministic_sorted_unique_and_in_range(
            rule in any_rule(), policy in any_policy(), start in 0i64..3000, len in 0i64..800,
            cancel in 0i64..800, extra in 0i64..800,
        ) {
            let from = date!(2020 - 01 - 01) + Duration::days(start);
            let to = from + Duration::days(len);
            let exceptions = [
                Exception::Cancelled { date: from + Duration::days(cancel) },
                Exception::Extra { date: from + Duration::days(extra) },
            ];
            let a = expand(&rule, &exceptions, policy, from, to);
            prop_assert_eq!(&a, &expand(&rule, &exceptions, policy, from, to));
            prop_assert!(a.windows(2).all(|w| w[0].date < w[1].date));
            prop_assert!(a.iter().all(|p| p.date >= from && p.date <= to));
            let cancelled = from + Duration::days(cancel);
            for p in &a {
                // Every regular pickup comes from a planned date of the rule, in season,
                // and the cancelled one never appears.
                if !p.extra {
                    let planned = p.original.unwrap_or(p.date);
                    prop_assert!(rule.matches(planned), "{:?}", p);
                    prop_assert_ne!(planned, cancelled);
                }
                if policy != HolidayPolicy::Keep && !p.extra {
                    prop_assert!(holiday_on(p.date).is_none(), "{:?}", p);
                }
            }
            let extra_day = from + Duration::days(extra);
            if extra_day <= to {
                prop_assert!(a.iter().any(|p| p.date == extra_day));
            }
        }

        #[test]
        fn expansion_is_total_over_every_representable_date(
            anchor in Date::MIN.to_julian_day()..=Date::MAX.to_julian_day(),
            start in Date::MIN.to_julian_day()..=Date::MAX.to_julian_day(),
            len in 0i64..60, interval in 1u8..=52, policy in any_policy(),
            moved_by in -20i64..20,
        ) {
            let anchor = Date::from_julian_day(anchor).unwrap();
            let from = Date::from_julian_day(start).unwrap();
            let to = from.checked_add(Duration::days(len)).unwrap_or(Date::MAX);
            let rule = ScheduleRule { weekday: anchor.weekday(), interval_weeks: interval, anchor, season: None };
            let exceptions = [Exception::Moved {
                original: from,
                to: from.checked_add(Duration::days(moved_by)).unwrap_or(from),
            }];
            let got = expand(&rule, &exceptions, policy, from, to);
            prop_assert!(got.iter().all(|p| p.date >= from && p.date <= to));
        }
    }
}
