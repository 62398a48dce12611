//! iCalendar (RFC 5545) output of pickups: one all-day VEVENT per pickup with a stable UID
//! (service + planned date), SEQUENCE raised when the pickup has moved, and an optional
//! VALARM the evening before. Lines are folded by the icalendar crate; tests check it.

use crate::routes::services::{format_date, ServiceRecord};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property};
use kretslopp_domain::calendar::{expand, Pickup};
use kretslopp_domain::{Lang, Timestamp};
use time::Date;

pub struct IcsOptions {
    pub lang: Lang,
    /// Hour (0–23) of a reminder the day before; none without it.
    pub alarm_hour: Option<u8>,
    pub calendar_name: String,
    pub now: Timestamp,
}

fn ics_date(d: Date) -> String {
    format_date(d).replace('-', "")
}

pub fn render(services: &[ServiceRecord], from: Date, to: Date, o: &IcsOptions) -> String {
    let mut cal = Calendar::new();
    cal.name(&o.calendar_name);
    cal.append_property(Property::new("PRODID", "-//Kretslopp//Hamtkalender//SV"));
    cal.append_property(
        Property::new("REFRESH-INTERVAL", "P1D")
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    cal.append_property(Property::new("X-PUBLISHED-TTL", "P1D"));
    let stamp = chrono::DateTime::from_timestamp_millis(o.now).unwrap_or_default();
    for s in services {
        for p in expand(&s.rule, &s.exceptions, s.policy, from, to) {
            cal.push(event(s, p, o, stamp));
        }
    }
    cal.done().to_string()
}

fn event(
    s: &ServiceRecord,
    p: Pickup,
    o: &IcsOptions,
    stamp: chrono::DateTime<chrono::Utc>,
) -> Event {
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
    let description = match (p.original, o.lang) {
        (Some(orig), Lang::Sv) => format!(
            "Flyttad från {}. Ställ ut kärlet senast kl. 06.00.",
            format_date(orig)
        ),
        (Some(orig), Lang::En) => format!(
            "Moved from {}. Put the bin out by 06:00.",
            format_date(orig)
        ),
        (None, Lang::Sv) => "Ställ ut kärlet senast kl. 06.00.".to_owned(),
        (None, Lang::En) => "Put the bin out by 06:00.".to_owned(),
    };
    let mut e = Event::new();
    e.uid(&format!("{}-{}@kretslopp.se", v.id, format_date(planned)))
        .timestamp(stamp)
        .sequence(u32::from(p.original.is_some()))
        .summary(&format!("{fraction} ({})", v.container))
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
        let text = match o.lang {
            Lang::Sv => format!("{fraction} hämtas i morgon"),
            Lang::En => format!("{fraction} is collected tomorrow"),
        };
        e.alarm(Alarm::display(
            &text,
            -chrono::Duration::hours(24 - i64::from(hour)),
        ));
    }
    e.done()
}
