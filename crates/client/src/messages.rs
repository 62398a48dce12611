//! The texts the core itself shows, outside the webview: notifications. The UI's texts live
//! in `ui/src/i18n`; these follow the same sv/en pairs.

use kretslopp_domain::Lang;
use time::Date;

const WEEKDAYS_SV: [&str; 7] = [
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "måndag 1 februari" / "Monday 1 February".
pub fn long_date(lang: Lang, d: Date) -> String {
    let (weekdays, months) = match lang {
        Lang::Sv => (WEEKDAYS_SV, MONTHS_SV),
        Lang::En => (WEEKDAYS_EN, MONTHS_EN),
    };
    let weekday = weekdays[usize::from(d.weekday().number_days_from_monday())];
    let month = months[usize::from(u8::from(d.month()) - 1)];
    format!("{weekday} {} {month}", d.day())
}

/// "A, B och C" / "A, B and C".
fn list(lang: Lang, items: &[&str]) -> String {
    let and = match lang {
        Lang::Sv => " och ",
        Lang::En => " and ",
    };
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

/// The reminder notification: title and body.
pub fn reminder(lang: Lang, fractions: &[&str], street: &str, date: Date) -> (String, String) {
    let what = list(lang, fractions);
    let title = match lang {
        Lang::Sv => format!("I morgon hämtas {what}"),
        Lang::En => format!("Collection tomorrow: {what}"),
    };
    (title, format!("{street} · {}", long_date(lang, date)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reminders_read_naturally_in_both_languages() {
        let (title, body) = reminder(
            Lang::Sv,
            &["Restavfall", "Matavfall"],
            "Storgatan 1",
            date!(2027 - 02 - 01),
        );
        assert_eq!(title, "I morgon hämtas Restavfall och Matavfall");
        assert_eq!(body, "Storgatan 1 · måndag 1 februari");
        let (title, body) = reminder(
            Lang::En,
            &["Paper", "Plastic", "Food waste"],
            "Storgatan 1",
            date!(2027 - 12 - 26),
        );
        assert_eq!(title, "Collection tomorrow: Paper, Plastic and Food waste");
        assert_eq!(body, "Storgatan 1 · Sunday 26 December");
    }
}
