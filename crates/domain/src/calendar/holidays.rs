//! Swedish public holidays (allmänna helgdagar) and the eves that are days off in practice
//! (midsommarafton, julafton, nyårsafton), computed for any year `time::Date` can hold.
//! Easter follows the Gregorian computus; the moving days hang off it or off a weekday
//! window.
//!
//! The list follows the law in force in each year (lag 1989:253 and its predecessors), so
//! past pickups and the statistics archive show the days that were off then:
//! - Nationaldagen (6 June) is a holiday from 2005; Annandag pingst is one until 2004.
//! - Midsommardagen and Alla helgons dag move to a Saturday from 1953; before, they were
//!   24 June and 1 November. Första maj is a holiday from 1939.

use time::{Date, Duration, Month, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    Nyarsdagen,
    TrettondedagJul,
    Langfredagen,
    Paskdagen,
    AnnandagPask,
    ForstaMaj,
    KristiHimmelsfardsdag,
    Pingstdagen,
    /// Whit Monday: a public holiday until 2004, replaced by Nationaldagen.
    AnnandagPingst,
    Nationaldagen,
    Midsommarafton,
    Midsommardagen,
    AllaHelgonsDag,
    Julafton,
    Juldagen,
    AnnandagJul,
    Nyarsafton,
}

impl Holiday {
    pub fn name_sv(self) -> &'static str {
        match self {
            Holiday::Nyarsdagen => "Nyårsdagen",
            Holiday::TrettondedagJul => "Trettondedag jul",
            Holiday::Langfredagen => "Långfredagen",
            Holiday::Paskdagen => "Påskdagen",
            Holiday::AnnandagPask => "Annandag påsk",
            Holiday::ForstaMaj => "Första maj",
            Holiday::KristiHimmelsfardsdag => "Kristi himmelsfärdsdag",
            Holiday::Pingstdagen => "Pingstdagen",
            Holiday::AnnandagPingst => "Annandag pingst",
            Holiday::Nationaldagen => "Sveriges nationaldag",
            Holiday::Midsommarafton => "Midsommarafton",
            Holiday::Midsommardagen => "Midsommardagen",
            Holiday::AllaHelgonsDag => "Alla helgons dag",
            Holiday::Julafton => "Julafton",
            Holiday::Juldagen => "Juldagen",
            Holiday::AnnandagJul => "Annandag jul",
            Holiday::Nyarsafton => "Nyårsafton",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Holiday::Nyarsdagen => "New Year's Day",
            Holiday::TrettondedagJul => "Epiphany",
            Holiday::Langfredagen => "Good Friday",
            Holiday::Paskdagen => "Easter Sunday",
            Holiday::AnnandagPask => "Easter Monday",
            Holiday::ForstaMaj => "May Day",
            Holiday::KristiHimmelsfardsdag => "Ascension Day",
            Holiday::Pingstdagen => "Whit Sunday",
            Holiday::AnnandagPingst => "Whit Monday",
            Holiday::Nationaldagen => "National Day of Sweden",
            Holiday::Midsommarafton => "Midsummer Eve",
            Holiday::Midsommardagen => "Midsummer Day",
            Holiday::AllaHelgonsDag => "All Saints' Day",
            Holiday::Julafton => "Christmas Eve",
            Holiday::Juldagen => "Christmas Day",
            Holiday::AnnandagJul => "Boxing Day",
            Holiday::Nyarsafton => "New Year's Eve",
        }
    }
}

/// The first year with Nationaldagen as a public holiday and without Annandag pingst.
pub const NATIONALDAGEN_FROM: i32 = 2005;
/// The first year with midsommardagen and alla helgons dag on a Saturday.
pub const SATURDAY_MIDSUMMER_FROM: i32 = 1953;
/// The first year with Första maj as a public holiday.
pub const FORSTA_MAJ_FROM: i32 = 1939;

/// Easter Sunday (Gregorian; the anonymous algorithm in Meeus/Jones/Butcher form, with
/// Euclidean division so that it holds for years before 1 too). `None` only where Easter
/// falls outside the range `time::Date` can represent.
pub fn easter_sunday(year: i32) -> Option<Date> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    date(year, (n / 31) as u8, (n % 31 + 1) as u8)
}

fn date(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// The first `weekday` on or after `from`.
fn first_on_or_after(from: Date, weekday: Weekday) -> Option<Date> {
    let ahead = (i64::from(weekday.number_days_from_monday())
        - i64::from(from.weekday().number_days_from_monday()))
    .rem_euclid(7);
    from.checked_add(Duration::days(ahead))
}

/// Every holiday of `year`, in date order. Total: a day that cannot be represented at the
/// edges of `time::Date`'s range is left out rather than panicking.
pub fn swedish_holidays(year: i32) -> Vec<(Date, Holiday)> {
    let easter = easter_sunday(year);
    let after_easter = |days: i64| easter.and_then(|e| e.checked_add(Duration::days(days)));
    let saturday_rule = year >= SATURDAY_MIDSUMMER_FROM;
    let midsommardagen = if saturday_rule {
        date(year, 6, 20).and_then(|d| first_on_or_after(d, Weekday::Saturday))
    } else {
        date(year, 6, 24)
    };
    let alla_helgon = if saturday_rule {
        date(year, 10, 31).and_then(|d| first_on_or_after(d, Weekday::Saturday))
    } else {
        date(year, 11, 1)
    };
    let modern = year >= NATIONALDAGEN_FROM;
    let candidates = [
        (date(year, 1, 1), Holiday::Nyarsdagen, true),
        (date(year, 1, 6), Holiday::TrettondedagJul, true),
        (after_easter(-2), Holiday::Langfredagen, true),
        (easter, Holiday::Paskdagen, true),
        (after_easter(1), Holiday::AnnandagPask, true),
        (
            date(year, 5, 1),
            Holiday::ForstaMaj,
            year >= FORSTA_MAJ_FROM,
        ),
        (after_easter(39), Holiday::KristiHimmelsfardsdag, true),
        (after_easter(49), Holiday::Pingstdagen, true),
        (after_easter(50), Holiday::AnnandagPingst, !modern),
        (date(year, 6, 6), Holiday::Nationaldagen, modern),
        (
            midsommardagen.and_then(Date::previous_day),
            Holiday::Midsommarafton,
            true,
        ),
        (midsommardagen, Holiday::Midsommardagen, true),
        (alla_helgon, Holiday::AllaHelgonsDag, true),
        (date(year, 12, 24), Holiday::Julafton, true),
        (date(year, 12, 25), Holiday::Juldagen, true),
        (date(year, 12, 26), Holiday::AnnandagJul, true),
        (date(year, 12, 31), Holiday::Nyarsafton, true),
    ];
    let mut days: Vec<(Date, Holiday)> = candidates
        .into_iter()
        .filter(|(_, _, in_force)| *in_force)
        .filter_map(|(d, h, _)| Some((d?, h)))
        .collect();
    days.sort_by_key(|(d, _)| *d);
    days
}

pub fn holiday_on(d: Date) -> Option<Holiday> {
    swedish_holidays(d.year())
        .into_iter()
        .find(|(h, _)| *h == d)
        .map(|(_, h)| h)
}

/// A weekday (Monday–Friday) that is no holiday: a day collection runs.
pub fn is_workday(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && holiday_on(d).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn easter_matches_the_almanac() {
        for (year, expected) in [
            (2024, date!(2024 - 03 - 31)),
            (2025, date!(2025 - 04 - 20)),
            (2026, date!(2026 - 04 - 05)),
            (2027, date!(2027 - 03 - 28)),
            (2038, date!(2038 - 04 - 25)),
            (2285, date!(2285 - 03 - 22)),
        ] {
            assert_eq!(easter_sunday(year), Some(expected), "{year}");
        }
    }

    #[test]
    fn swedish_holidays_of_2026() {
        let got: Vec<_> = swedish_holidays(2026).into_iter().collect();
        let find = |h: Holiday| got.iter().find(|(_, x)| *x == h).unwrap().0;
        assert_eq!(find(Holiday::Langfredagen), date!(2026 - 04 - 03));
        assert_eq!(find(Holiday::AnnandagPask), date!(2026 - 04 - 06));
        assert_eq!(find(Holiday::KristiHimmelsfardsdag), date!(2026 - 05 - 14));
        assert_eq!(find(Holiday::Pingstdagen), date!(2026 - 05 - 24));
        assert_eq!(find(Holiday::Midsommarafton), date!(2026 - 06 - 19));
        assert_eq!(find(Holiday::Midsommardagen), date!(2026 - 06 - 20));
        assert_eq!(find(Holiday::AllaHelgonsDag), date!(2026 - 10 - 31));
        assert_eq!(got.len(), 16);
        assert!(got.windows(2).all(|w| w[0].0 <= w[1].0));
        assert!(!is_workday(date!(2026 - 04 - 06)));
        assert!(is_workday(date!(2026 - 04 - 07)));
        assert_eq!(Holiday::AllaHelgonsDag.name_en(), "All Saints' Day");
    }

    #[test]
    fn midsommar_and_alla_helgon_stay_in_their_windows() {
        for year in 1990..2100 {
            let all = swedish_holidays(year);
            let day = |h: Holiday| all.iter().find(|(_, x)| *x == h).unwrap().0;
            let m = day(Holiday::Midsommardagen);
            assert_eq!(m.weekday(), Weekday::Saturday);
            assert!(m.month() == Month::June && (20..=26).contains(&m.day()));
            let a = day(Holiday::AllaHelgonsDag);
            assert_eq!(a.weekday(), Weekday::Saturday);
            assert!(
                (a.month() == Month::October && a.day() == 31)
                    || (a.month() == Month::November && a.day() <= 6)
            );
        }
    }

    #[test]
    fn holidays_follow_the_law_of_their_year() {
        let names =
            |year| -> Vec<Holiday> { swedish_holidays(year).into_iter().map(|(_, h)| h).collect() };
        // 2004: Annandag pingst (31 May) off, 6 June an ordinary Sunday.
        assert_eq!(
            holiday_on(date!(2004 - 05 - 31)),
            Some(Holiday::AnnandagPingst)
        );
        assert_eq!(holiday_on(date!(2004 - 06 - 06)), None);
        assert!(!names(2004).contains(&Holiday::Nationaldagen));
        // 2005: the other way round.
        assert_eq!(holiday_on(date!(2005 - 05 - 16)), None);
        assert!(is_workday(date!(2005 - 05 - 16)));
        assert_eq!(
            holiday_on(date!(2005 - 06 - 06)),
            Some(Holiday::Nationaldagen)
        );
        assert!(!names(2005).contains(&Holiday::AnnandagPingst));
        // Before 1953 midsommar and alla helgon had fixed dates.
        assert_eq!(
            holiday_on(date!(1950 - 06 - 24)),
            Some(Holiday::Midsommardagen)
        );
        assert_eq!(
            holiday_on(date!(1950 - 06 - 23)),
            Some(Holiday::Midsommarafton)
        );
        assert_eq!(
            holiday_on(date!(1950 - 11 - 01)),
            Some(Holiday::AllaHelgonsDag)
        );
        assert_eq!(holiday_on(date!(1935 - 05 - 01)), None);
        assert_eq!(holiday_on(date!(1939 - 05 - 01)), Some(Holiday::ForstaMaj));
        assert_eq!(names(1990).len(), 16);
        assert_eq!(names(2026).len(), 16);
    }

    #[test]
    fn the_edges_of_the_date_range_do_not_panic() {
        for year in [
            Date::MIN.year(),
            Date::MIN.year() + 1,
            -1,
            0,
            1,
            Date::MAX.year(),
        ] {
            let days = swedish_holidays(year);
            assert!(days.windows(2).all(|w| w[0].0 <= w[1].0), "{year}");
        }
        assert!(holiday_on(Date::MIN).is_none() || holiday_on(Date::MIN).is_some());
        let _ = is_workday(Date::MAX);
    }

    proptest::proptest! {
        #[test]
        fn holidays_are_total_over_every_representable_date(
            julian in Date::MIN.to_julian_day()..=Date::MAX.to_julian_day()
        ) {
            let d = Date::from_julian_day(julian).unwrap();
            let days = swedish_holidays(d.year());
            proptest::prop_assert!(days.iter().all(|(h, _)| h.year() == d.year()));
            proptest::prop_assert!(days.len() >= 14 && days.len() <= 16, "{}", days.len());
            let _ = is_workday(d);
            if let Some(e) = easter_sunday(d.year()) {
                proptest::prop_assert_eq!(e.weekday(), Weekday::Sunday);
                proptest::prop_assert!(
                    (e.month() == Month::March && e.day() >= 22)
                        || (e.month() == Month::April && e.day() <= 25)
                );
            }
        }
    }
}
