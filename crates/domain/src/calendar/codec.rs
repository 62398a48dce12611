//! The text forms of calendar values, as the database and the API carry them: ISO dates,
//! ISO weekday numbers, holiday policies, exception kinds and container units. Server and
//! app both read and write through here, so they cannot disagree on a spelling.

use super::catalogue::ContainerUnit;
use super::schedule::{Exception, HolidayPolicy, ScheduleRule};
use crate::validation::Invalid;
use crate::Timestamp;
use time::{Date, Weekday};

const ISO_DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// The years a date may have anywhere it enters the system (API, database, cache):
/// wide enough for the statistics archive and long-running schedules, narrow enough that
/// date arithmetic a couple of years either side can never leave `time::Date`'s range.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// `YYYY-MM-DD` with a four-digit year in `MIN_YEAR..=MAX_YEAR`.
pub fn parse_date(s: &str) -> Result<Date, Invalid> {
    let s = s.trim();
    // `time` also reads signed and five-digit years; only the plain form is a date here.
    if s.len() != 10 || !s.as_bytes()[0].is_ascii_digit() {
        return Err(Invalid::new("format", "A date is written YYYY-MM-DD"));
    }
    let d = Date::parse(s, ISO_DATE)
        .map_err(|_| Invalid::new("format", "A date is written YYYY-MM-DD"))?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        return Err(Invalid::new(
            "out-of-range",
            "Dates from the years 1900 to 2200 only",
        ));
    }
    Ok(d)
}

pub fn format_date(d: Date) -> String {
    d.format(ISO_DATE).expect("a date formats")
}

/// ISO weekday number: 1 = Monday … 7 = Sunday.
pub fn weekday_from_iso(n: i64) -> Option<Weekday> {
    (1..=7)
        .contains(&n)
        .then(|| Weekday::Monday.nth_next((n - 1) as u8))
}

/// Today's date in Sweden, summer time included.
pub fn today_in_sweden(now_ms: Timestamp) -> Date {
    super::swedish_time::local_datetime(now_ms).date()
}

impl ScheduleRule {
    /// A rule from its stored parts; `None` if any part is unreadable or the rule invalid.
    pub fn from_parts(
        iso_weekday: i64,
        interval_weeks: i64,
        anchor: &str,
        season: Option<(u8, u8)>,
    ) -> Option<Self> {
        let rule = Self {
            weekday: weekday_from_iso(iso_weekday)?,
            interval_weeks: u8::try_from(interval_weeks).ok()?,
            anchor: parse_date(anchor).ok()?,
            season,
        };
        // A stored rule that the domain would refuse is unreadable, not "no pickups".
        rule.validate().ok().map(|()| rule)
    }
}

impl HolidayPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayPolicy::Keep => "keep",
            HolidayPolicy::NextWorkday => "next-workday",
            HolidayPolicy::PreviousWorkday => "previous-workday",
            HolidayPolicy::Cancel => "cancel",
        }
    }

    /// `None` for an unknown spelling: a stored value nobody wrote is an error, not the
    /// default (which would move pickups nobody moved).
    pub fn parse(s: &str) -> Option<Self> {
        [
            HolidayPolicy::Keep,
            HolidayPolicy::NextWorkday,
            HolidayPolicy::PreviousWorkday,
            HolidayPolicy::Cancel,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

impl Exception {
    /// `(kind, date, moved_to)` as stored: `moved`, `cancelled` or `extra`.
    pub fn from_parts(kind: &str, date: &str, moved_to: Option<&str>) -> Option<Self> {
        let date = parse_date(date).ok()?;
        match kind {
            "moved" => Some(Exception::Moved {
                original: date,
                to: parse_date(moved_to?).ok()?,
            }),
            "cancelled" => Some(Exception::Cancelled { date }),
            "extra" => Some(Exception::Extra { date }),
            _ => None,
        }
    }

    pub fn to_parts(&self) -> (&'static str, String, Option<String>) {
        match *self {
            Exception::Moved { original, to } => {
                ("moved", format_date(original), Some(format_date(to)))
            }
            Exception::Cancelled { date } => ("cancelled", format_date(date), None),
            Exception::Extra { date } => ("extra", format_date(date), None),
        }
    }
}

impl ContainerUnit {
    /// `l` or `m3` as stored; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "l" => Some(ContainerUnit::Litre),
            "m3" => Some(ContainerUnit::CubicMetre),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    proptest! {
        #[test]
        fn parse_date_accepts_exactly_the_dates_in_range(s in "[-+0-9]{0,6}-[0-9]{1,3}-[0-9]{1,3}|\\PC{0,14}") {
            if let Ok(d) = parse_date(&s) {
                prop_assert!((MIN_YEAR..=MAX_YEAR).contains(&d.year()));
                prop_assert_eq!(format_date(d), s.trim());
            }
        }

        #[test]
        fn every_date_in_range_round_trips(
            julian in time::macros::date!(1900 - 01 - 01).to_julian_day()
                ..=time::macros::date!(2200 - 12 - 31).to_julian_day()
        ) {
            let d = Date::from_julian_day(julian).unwrap();
            prop_assert_eq!(parse_date(&format_date(d)), Ok(d));
        }
    }

    #[test]
    fn text_forms_round_trip() {
        assert_eq!(
            format_date(parse_date(" 2027-01-18 ").unwrap()),
            "2027-01-18"
        );
        assert_eq!(parse_date("2027-13-01").unwrap_err().code, "format");
        assert_eq!(parse_date("1899-12-31").unwrap_err().code, "out-of-range");
        assert_eq!(parse_date("2201-01-01").unwrap_err().code, "out-of-range");
        assert_eq!(parse_date("0000-01-01").unwrap_err().code, "out-of-range");
        assert_eq!(parse_date("-2000-01-01").unwrap_err().code, "format");
        assert_eq!(parse_date("+2000-01-01").unwrap_err().code, "format");
        assert_eq!(parse_date("12000-01-01").unwrap_err().code, "format");
        assert_eq!(parse_date("1900-01-01").unwrap(), date!(1900 - 01 - 01));
        assert_eq!(parse_date("2200-12-31").unwrap(), date!(2200 - 12 - 31));
        assert_eq!(weekday_from_iso(1), Some(Weekday::Monday));
        assert_eq!(weekday_from_iso(7), Some(Weekday::Sunday));
        assert_eq!(weekday_from_iso(0), None);
        for p in [
            HolidayPolicy::Keep,
            HolidayPolicy::NextWorkday,
            HolidayPolicy::PreviousWorkday,
            HolidayPolicy::Cancel,
        ] {
            assert_eq!(HolidayPolicy::parse(p.as_str()), Some(p));
        }
        for e in [
            Exception::Moved {
                original: date!(2027 - 01 - 18),
                to: date!(2027 - 01 - 20),
            },
            Exception::Cancelled {
                date: date!(2027 - 02 - 01),
            },
            Exception::Extra {
                date: date!(2027 - 03 - 01),
            },
        ] {
            let (kind, d, to) = e.to_parts();
            assert_eq!(Exception::from_parts(kind, &d, to.as_deref()), Some(e));
        }
        assert_eq!(Exception::from_parts("moved", "2027-01-18", None), None);
        assert_eq!(HolidayPolicy::parse("next_workday"), None);
        assert_eq!(ContainerUnit::parse("m3"), Some(ContainerUnit::CubicMetre));
        assert_eq!(ContainerUnit::parse("kg"), None);
        assert_eq!(today_in_sweden(1_800_000_000_000), date!(2027 - 01 - 15));
        let rule = ScheduleRule::from_parts(2, 2, "2026-01-06", None).unwrap();
        assert_eq!(rule.weekday, Weekday::Tuesday);
    }
}
