use serde::{Deserialize, Serialize};

/// The UI languages. Swedish is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// Exactly `sv` or `en`, as the API takes a language; anything else is invalid.
    pub fn parse_code(code: &str) -> Result<Lang, crate::Invalid> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .ok_or(crate::Invalid::new(
                "unknown",
                "The language must be sv or en",
            ))
    }

    /// A month's name as written mid-sentence: "januari" / "January".
    pub fn month_name(self, month: time::Month) -> &'static str {
        const SV: [&str; 12] = [
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
        const EN: [&str; 12] = [
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
        let i = usize::from(u8::from(month) - 1);
        match self {
            Lang::Sv => SV[i],
            Lang::En => EN[i],
        }
    }

    /// A weekday's name as written mid-sentence: "måndag" / "Monday".
    pub fn weekday_name(self, day: time::Weekday) -> &'static str {
        const SV: [&str; 7] = [
            "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
        ];
        const EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let i = usize::from(day.number_days_from_monday());
        match self {
            Lang::Sv => SV[i],
            Lang::En => EN[i],
        }
    }

    /// Accepts BCP 47 tags such as `sv-SE` or `en-GB`; anything else falls back to Swedish.
    pub fn from_tag(tag: &str) -> Lang {
        match tag
            .split(['-', '_'])
            .next()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("en") => Lang::En,
            _ => Lang::Sv,
        }
    }
}
