//! Pickup calendars: fractions and containers, Swedish public holidays and schedule
//! expansion.

pub mod catalogue;
pub mod codec;
pub mod holidays;
pub mod reminders;
pub mod schedule;
pub mod swedish_time;

pub use catalogue::{Container, ContainerUnit, Fraction, FractionCategory, DEFAULT_FRACTIONS};
pub use codec::{format_date, parse_date, today_in_sweden, weekday_from_iso};
pub use holidays::{easter_sunday, holiday_on, is_workday, swedish_holidays, Holiday};
pub use schedule::{
    expand, listing_order, next_pickup, Exception, HolidayPolicy, Pickup, ScheduleError,
    ScheduleRule, NEXT_PICKUP_HORIZON_DAYS,
};
