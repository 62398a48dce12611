//! Swedish local time: CET (UTC+1) in winter, CEST (UTC+2) from the last Sunday of March to
//! the last Sunday of October, switching at 01:00 UTC (the EU rule). Computed rather than
//! read from a tz database, so the server and every app platform agree on what "today" and
//! "18:00 the evening before" mean.

use crate::Timestamp;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

const CET: i64 = 3600;
const CEST: i64 = 7200;

fn last_sunday(year: i32, month: Month) -> Date {
    let last = Date::from_calendar_date(year, month, month.length(year)).expect("a real day");
    let back = last.weekday().number_days_from_sunday();
    last - time::Duration::days(i64::from(back))
}

/// Unix seconds at which summer time starts and ends in `year`.
fn summer(year: i32) -> (i64, i64) {
    let at_one_utc = |d: Date| {
        d.with_time(Time::from_hms(1, 0, 0).expect("01:00"))
            .assume_utc()
    };
    (
        at_one_utc(last_sunday(year, Month::March)).unix_timestamp(),
        at_one_utc(last_sunday(year, Month::October)).unix_timestamp(),
    )
}

fn offset_secs(unix_secs: i64) -> i64 {
    let Ok(utc) = OffsetDateTime::from_unix_timestamp(unix_secs) else {
        return CET;
    };
    let (start, end) = summer(utc.year());
    if (start..end).contains(&unix_secs) {
        CEST
    } else {
        CET
    }
}

/// Sweden's offset from UTC at `now_ms`.
pub fn offset_at(now_ms: Timestamp) -> UtcOffset {
    UtcOffset::from_whole_seconds(offset_secs(now_ms.div_euclid(1000)) as i32).expect("±2 h")
}

/// The wall-clock date and time in Sweden at `now_ms`.
pub fn local_datetime(now_ms: Timestamp) -> PrimitiveDateTime {
    let secs = now_ms.div_euclid(1000);
    OffsetDateTime::from_unix_timestamp(secs + offset_secs(secs))
        .map(|t| PrimitiveDateTime::new(t.date(), t.time()))
        .unwrap_or(PrimitiveDateTime::MIN)
}

/// The instant of a Swedish wall-clock time. A time skipped in spring (02:00–03:00) counts
/// as the hour after; a time that happens twice in autumn is its first occurrence.
pub fn instant_of(date: Date, time: Time) -> Timestamp {
    let naive = date.with_time(time).assume_utc().unix_timestamp();
    let secs = if offset_secs(naive - CEST) == CEST {
        naive - CEST
    } else {
        naive - CET
    };
    secs * 1000
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    fn ms(t: OffsetDateTime) -> Timestamp {
        t.unix_timestamp() * 1000
    }

    #[test]
    fn summer_time_follows_the_eu_rule() {
        // 2027: summer time from 28 March to 31 October.
        assert_eq!(last_sunday(2027, Month::March), date!(2027 - 03 - 28));
        assert_eq!(last_sunday(2027, Month::October), date!(2027 - 10 - 31));
        let before = ms(datetime!(2027-03-28 00:59:59 UTC));
        let after = ms(datetime!(2027-03-28 01:00:00 UTC));
        assert_eq!(offset_at(before).whole_hours(), 1);
        assert_eq!(offset_at(after).whole_hours(), 2);
        assert_eq!(local_datetime(before).time(), time!(01:59:59));
        assert_eq!(local_datetime(after).time(), time!(03:00:00));
        assert_eq!(
            offset_at(ms(datetime!(2027-10-31 01:00:00 UTC))).whole_hours(),
            1
        );
    }

    #[test]
    fn the_date_turns_at_swedish_midnight_in_summer_too() {
        // 22:30 UTC on 30 June is already 1 July in Sweden.
        let t = ms(datetime!(2027-06-30 22:30 UTC));
        assert_eq!(local_datetime(t).date(), date!(2027 - 07 - 01));
        let winter = ms(datetime!(2027-01-15 22:30 UTC));
        assert_eq!(local_datetime(winter).date(), date!(2027 - 01 - 15));
    }

    #[test]
    fn wall_clock_times_map_to_instants_around_the_switches() {
        assert_eq!(
            instant_of(date!(2027 - 01 - 31), time!(18:00)),
            ms(datetime!(2027-01-31 17:00 UTC))
        );
        assert_eq!(
            instant_of(date!(2027 - 06 - 30), time!(18:00)),
            ms(datetime!(2027-06-30 16:00 UTC))
        );
        // 02:30 does not exist on 28 March 2027: it is read as 03:30 CEST.
        assert_eq!(
            instant_of(date!(2027 - 03 - 28), time!(02:30)),
            ms(datetime!(2027-03-28 01:30 UTC))
        );
        // 02:30 happens twice on 31 October 2027: the first, still CEST.
        assert_eq!(
            instant_of(date!(2027 - 10 - 31), time!(02:30)),
            ms(datetime!(2027-10-31 00:30 UTC))
        );
        for d in [
            date!(2027 - 03 - 27),
            date!(2027 - 10 - 30),
            date!(2028 - 02 - 29),
        ] {
            let t = instant_of(d, time!(20:15));
            assert_eq!(local_datetime(t), d.with_time(time!(20:15)));
        }
    }

    proptest::proptest! {
        #[test]
        fn local_time_is_total_over_every_timestamp(ms: i64) {
            let local = local_datetime(ms);
            let _ = offset_at(ms);
            let _ = crate::calendar::today_in_sweden(ms);
            let back = instant_of(local.date(), local.time());
            // Round trips wherever the instant is representable.
            if local != PrimitiveDateTime::MIN && (-9_000_000_000_000_000..9_000_000_000_000_000).contains(&ms) {
                proptest::prop_assert!((back - ms.div_euclid(1000) * 1000).abs() <= 3_600_000);
            }
        }
    }
}
