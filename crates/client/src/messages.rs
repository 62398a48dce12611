//! The texts the core itself shows, outside the webview: notifications. The UI's texts live
//! in `ui/src/i18n`; these follow the same sv/en pairs.

use kretslopp_domain::Lang;
use time::Date;

/// "måndag 1 februari" / "Monday 1 February".
pub fn long_date(lang: Lang, d: Date) -> String {
    format!(
        "{} {} {}",
        lang.weekday_name(d.weekday()),
        d.day(),
        lang.month_name(d.month())
    )
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
