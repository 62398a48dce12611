//! Swedish personal identity numbers (personnummer and samordningsnummer).
//!
//! BankID always reports the 12-digit form; people type the 10-digit form with `-`
//! (or `+` for those aged 100 or more). Everything is normalised to 12 digits.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Personnummer(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonnummerError {
    #[error("a personnummer has 10 or 12 digits")]
    Length,
    #[error("a personnummer contains only digits and one separator")]
    Characters,
    #[error("the date of birth is not a real date")]
    Date,
    #[error("the check digit does not match")]
    CheckDigit,
    #[error("the serial number 000 is never issued")]
    Serial,
}

impl Personnummer {
    /// Parses a 10- or 12-digit personnummer. `current_year` resolves the century of the
    /// 10-digit form (injected so the rule stays pure and testable).
    pub fn parse(input: &str, current_year: i32) -> Result<Self, PersonnummerError> {
        let s = input.trim();
        let mut digits = String::with_capacity(12);
        // The one separator may only stand before the last four digits, as Skatteverket
        // writes it; anywhere else (`8112189876+`) it is a typo, not a century.
        let mut separator = None;
        for ch in s.chars() {
            match ch {
                '0'..='9' => digits.push(ch),
                '-' | '+' if separator.is_none() => separator = Some((ch, digits.len())),
                _ => return Err(PersonnummerError::Characters),
            }
        }
        if !matches!(digits.len(), 10 | 12) {
            return Err(PersonnummerError::Length);
        }
        if separator.is_some_and(|(_, at)| at != digits.len() - 4) {
            return Err(PersonnummerError::Characters);
        }
        let plus = matches!(separator, Some(('+', _)));
        let full = if digits.len() == 12 {
            // The century is written out; a `+` adds nothing to it.
            digits
        } else {
            let yy: i32 = digits[0..2]
                .parse()
                .map_err(|_| PersonnummerError::Characters)?;
            let mut year = current_year - (current_year - yy).rem_euclid(100);
            if plus {
                year -= 100;
            }
            if year < 0 {
                return Err(PersonnummerError::Date);
            }
            format!("{year:04}{}", &digits[2..])
        };
        let year: i32 = full[0..4]
            .parse()
            .map_err(|_| PersonnummerError::Characters)?;
        let month: u32 = full[4..6]
            .parse()
            .map_err(|_| PersonnummerError::Characters)?;
        let mut day: u32 = full[6..8]
            .parse()
            .map_err(|_| PersonnummerError::Characters)?;
        if day > 60 {
            day -= 60; // samordningsnummer
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(PersonnummerError::Date);
        }
        if &full[8..11] == "000" {
            return Err(PersonnummerError::Serial);
        }
        if !luhn_valid(&full[2..]) {
            return Err(PersonnummerError::CheckDigit);
        }
        Ok(Self(full))
    }

    /// Only the 12-digit form `YYYYMMDDNNNC`, as BankID sends it: no separators, no
    /// century to guess.
    pub fn parse_twelve_digits(input: &str) -> Result<Self, PersonnummerError> {
        if input.len() != 12 {
            return Err(PersonnummerError::Length);
        }
        if !input.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonnummerError::Characters);
        }
        // With all twelve digits the reference year is never used.
        Self::parse(input, 0)
    }

    /// The 12-digit form, `YYYYMMDDNNNC`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For showing a person their own number: `YYYYMMDD-****`.
    pub fn masked(&self) -> String {
        format!("{}-****", &self.0[0..8])
    }
}

// Debug and Display never print the number, so a stray `{:?}` cannot leak it into a log.
impl fmt::Display for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Personnummer({})", self.masked())
    }
}

/// The Luhn (mod 10) check used by personnummer and organisationsnummer.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, ch) in digits.chars().enumerate() {
        let Some(d) = ch.to_digit(10) else {
            return false;
        };
        let weight = if i % 2 == 0 { 2 } else { 1 };
        let v = d * weight;
        sum += v / 10 + v % 10;
    }
    !digits.is_empty() && sum % 10 == 0
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_common_forms_and_normalises_to_twelve_digits() {
        for input in ["198112189876", "19811218-9876", "8112189876", "811218-9876"] {
            assert_eq!(
                Personnummer::parse(input, 2026).unwrap().as_str(),
                "198112189876",
                "{input}"
            );
        }
    }

    #[test]
    fn plus_separator_means_a_hundred_years_older() {
        assert_eq!(
            Personnummer::parse("121212+1212", 2026).unwrap().as_str(),
            "191212121212"
        );
        assert_eq!(
            Personnummer::parse("121212-1212", 2026).unwrap().as_str(),
            "201212121212"
        );
    }

    #[test]
    fn a_separator_anywhere_but_before_the_last_four_is_refused() {
        for input in [
            "8112189876+",
            "+8112189876",
            "81121+89876",
            "8112-18-9876",
            "811218--9876",
        ] {
            assert_eq!(
                Personnummer::parse(input, 2026),
                Err(PersonnummerError::Characters),
                "{input}"
            );
        }
        // With the century written out, `+` changes nothing.
        assert_eq!(
            Personnummer::parse("19121212+1212", 2026).unwrap().as_str(),
            "191212121212"
        );
    }

    #[test]
    fn serial_number_000_is_never_valid() {
        // 811218-0008 has a correct check digit but serial 000.
        assert!(luhn_valid("8112180008"));
        assert_eq!(
            Personnummer::parse("811218-0008", 2026),
            Err(PersonnummerError::Serial)
        );
        assert_eq!(
            Personnummer::parse_twelve_digits("198112180008"),
            Err(PersonnummerError::Serial)
        );
    }

    #[test]
    fn samordningsnummer_day_plus_sixty_is_valid() {
        assert!(Personnummer::parse("701063-2391", 2026).is_ok());
    }

    #[test]
    fn rejects_bad_input_with_a_specific_reason() {
        assert_eq!(
            Personnummer::parse("19811218987", 2026),
            Err(PersonnummerError::Length)
        );
        assert_eq!(
            Personnummer::parse("19811218-987x", 2026),
            Err(PersonnummerError::Characters)
        );
        assert_eq!(
            Personnummer::parse("19811318-9876", 2026),
            Err(PersonnummerError::Date)
        );
        assert_eq!(
            Personnummer::parse("19810230-9876", 2026),
            Err(PersonnummerError::Date)
        );
        assert_eq!(
            Personnummer::parse("19811218-9875", 2026),
            Err(PersonnummerError::CheckDigit)
        );
    }

    #[test]
    fn twelve_digit_form_only_when_asked() {
        assert_eq!(
            Personnummer::parse_twelve_digits("198112189876")
                .unwrap()
                .as_str(),
            "198112189876"
        );
        assert_eq!(
            Personnummer::parse_twelve_digits("8112189876"),
            Err(PersonnummerError::Length)
        );
        assert_eq!(
            Personnummer::parse_twelve_digits("19811218-987"),
            Err(PersonnummerError::Characters)
        );
        assert_eq!(
            Personnummer::parse_twelve_digits("198112189875"),
            Err(PersonnummerError::CheckDigit)
        );
    }

    #[test]
    fn debug_and_display_never_show_the_whole_number() {
        let p = Personnummer::parse("198112189876", 2026).unwrap();
        assert_eq!(p.to_string(), "19811218-****");
        assert_eq!(format!("{p:?}"), "Personnummer(19811218-****)");
    }

    proptest! {
        #[test]
        fn parser_never_panics(s in "\\PC{0,20}") {
            let _ = Personnummer::parse(&s, 2026);
        }

        #[test]
        fn any_valid_number_round_trips_through_its_ten_digit_form(
            year in 1927i32..2026, month in 1u32..=12, day in 1u32..=28, serial in 1u32..1000
        ) {
            let body = format!("{:02}{month:02}{day:02}{serial:03}", year % 100);
            let check = (0..10).find(|c| luhn_valid(&format!("{body}{c}"))).unwrap();
            let ten = format!("{}-{}{check}", &body[0..6], &body[6..]);
            let p = Personnummer::parse(&ten, 2026).unwrap();
            prop_assert_eq!(p.as_str(), format!("{year}{}{check}", &body[2..]));
        }
    }
}
