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
