//! Swedish public holidays (allmänna helgdagar) and the eves that are days off in practice
//! (midsommarafton, julafton, nyårsafton), computed for any year. Easter follows the
//! Gregorian computus; the moving days hang off it or off a weekday window.

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

/// Easter Sunday (Gregorian; the anonymous algorithm in Meeus/Jones/Butcher form).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u8, day as u8)
}

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, Month::try_from(month).expect("1..=12"), day)
        .expect("a real date")
}

/// The first `weekday` on or after `from`.
fn first_on_or_after(from: Date, weekday: Weekday) -> Date {
    let mut d = from;
    while d.weekday() != weekday {
        d = d.next_day().expect("in range");
    }
    d
}

/// Every holiday of `year`, in date order.
pub fn swedish_holidays(year: i32) -> Vec<(Date, Holiday)> {
    let easter = easter_sunday(year);
    let midsommardagen = first_on_or_after(date(year, 6, 20), Weekday::Saturday);
    let mut days = vec![
        (date(year, 1, 1), Holiday::Nyarsdagen),
        (date(year, 1, 6), Holiday::TrettondedagJul),
        (easter - Duration::days(2), Holiday::Langfredagen),
        (easter, Holiday::Paskdagen),
        (easter + Duration::days(1), Holiday::AnnandagPask),
        (date(year, 5, 1), Holiday::ForstaMaj),
        (easter + Duration::days(39), Holiday::KristiHimmelsfardsdag),
        (easter + Duration::days(49), Holiday::Pingstdagen),
        (date(year, 6, 6), Holiday::Nationaldagen),
        (midsommardagen - Duration::days(1), Holiday::Midsommarafton),
        (midsommardagen, Holiday::Midsommardagen),
        (
            first_on_or_after(date(year, 10, 31), Weekday::Saturday),
            Holiday::AllaHelgonsDag,
        ),
        (date(year, 12, 24), Holiday::Julafton),
        (date(year, 12, 25), Holiday::Juldagen),
        (date(year, 12, 26), Holiday::AnnandagJul),
        (date(year, 12, 31), Holiday::Nyarsafton),
    ];
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
            assert_eq!(easter_sunday(year), expected, "{year}");
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
}
