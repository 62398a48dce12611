//! iCalendar (RFC 5545) output of pickups: one all-day VEVENT per pickup with a stable UID
//! (service + planned date), SEQUENCE raised when the pickup has moved, and an optional
//! VALARM the evening before. Lines are folded by the icalendar crate.
//!
//! The output is checked by strict third-party parsers in the tests (`ical`, which Home
//! Assistant's calendar subscriptions use, and `ics.py`): exactly one PRODID, text escaped
//! everywhere (NAME included), and byte-for-byte the same file for the same data — DTSTAMP
//! is when the service last changed, alarm UIDs derive from the event's — so feeds can
//! answer conditional GETs.

use crate::store::services::{format_date, ServiceRecord};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property};
use kretslopp_domain::calendar::{expand, Pickup};
use kretslopp_domain::Lang;
use std::collections::HashSet;
use time::Date;

pub const PRODID: &str = "-//Kretslopp//Hamtkalender//SV";

pub struct IcsOptions {
    pub lang: Lang,
    /// Hour (0–23) of a reminder the day before; none without it.
    pub alarm_hour: Option<u8>,
    pub calendar_name: String,
}

fn ics_date(d: Date) -> String {
    format_date(d).replace('-', "")
}

/// RFC 5545 §3.3.11 TEXT escaping, for properties the icalendar crate does not know are
/// text (RFC 7986's NAME).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn render(services: &[ServiceRecord], from: Date, to: Date, o: &IcsOptions) -> String {
    // Calendar::new() would add the library's own PRODID beside ours.
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", PRODID));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("NAME", escape_text(&o.calendar_name)));
    cal.append_property(Property::new("X-WR-CALNAME", &o.calendar_name));
    cal.append_property(
        Property::new("REFRESH-INTERVAL", "P1D")
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    cal.append_property(Property::new("X-PUBLISHED-TTL", "P1D"));
    let addresses: HashSet<&str> = services
        .iter()
        .map(|s| s.view.address.id.as_str())
        .collect();
    let name_the_address = addresses.len() > 1;
    for s in services {
        for p in expand(&s.rule, &s.exceptions, s.policy, from, to) {
            cal.push(event(s, p, o, name_the_address));
        }
    }
    cal.done().to_string()
}

fn event(s: &ServiceRecord, p: Pickup, o: &IcsOptions, name_the_address: bool) -> Event {
    let v = &s.view;
    let fraction = match o.lang {
        Lang::Sv => &v.fraction.name_sv,
        Lang::En => &v.fraction.name_en,
    };
    let planned = p.original.unwrap_or(p.date);
    let end = p.date.next_day().unwrap_or(p.date);
    let postal = &v.address.postal_code;
    let location = format!(
        "{}, {} {} {}",
        v.address.street,
        postal.get(0..3).unwrap_or(postal),
        postal.get(3..).unwrap_or(""),
        v.address.city
    );
    // With several addresses, events on one day would otherwise look the same in a
    // calendar app; the street tells them apart.
    let summary = if name_the_address {
        format!(
            "{fraction} ({}) – {}",
            s.container.label_in(o.lang),
            v.address.street
        )
    } else {
        format!("{fraction} ({})", s.container.label_in(o.lang))
    };
    let texts = crate::texts::of(o.lang);
    let description = texts.pickup_description(p.original.map(format_date).as_deref());
    let stamp = chrono::DateTime::from_timestamp_millis(s.changed_at).unwrap_or_default();
    let uid = format!("{}-{}@kretslopp.se", v.id, format_date(planned));
    let mut e = Event::new();
    e.uid(&uid)
        .timestamp(stamp)
        .sequence(u32::from(p.original.is_some()))
        .summary(&summary)
        .location(&location)
        .description(&description)
        .append_property(
            Property::new("DTSTART", ics_date(p.date))
                .add_parameter("VALUE", "DATE")
                .done(),
        )
        .append_property(
            Property::new("DTEND", ics_date(end))
                .add_parameter("VALUE", "DATE")
                .done(),
        )
        .append_property(Property::new(
            "CATEGORIES",
            v.fraction.category.to_uppercase(),
        ))
        .append_property(Property::new("TRANSP", "TRANSPARENT"));
    if let Some(hour) = o.alarm_hour {
        let text = texts.collected_tomorrow(fraction);
        let mut alarm = Alarm::display(&text, -chrono::Duration::hours(24 - i64::from(hour)));
        // Without these the crate writes a random UID and the current time: every
        // download would differ, and a calendar would see new alarms each time.
        alarm.uid(&format!("alarm-{uid}")).timestamp(stamp);
        e.alarm(alarm.done());
    }
    e.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_rfc_5545_asks() {
        assert_eq!(
            escape_text("Bageriet, Norr; AB\\1\nrad"),
            "Bageriet\\, Norr\\; AB\\\\1\\nrad"
        );
    }
}
