//! Swedish organisationsnummer: ten digits `NNNNNN-NNNN`, the third and fourth together at
//! least 20 (which tells them from a personnummer), the last a Luhn check digit. Some
//! registers write a `16` century-style prefix; it is accepted and dropped.
//!
//! A sole trader (enskild firma) has no number of its own: the owner's personnummer is the
//! organisation number (Skatteverket, Bolagsverket). Where an organisation number is asked
//! for, a valid personnummer is therefore accepted too, in its ten-digit form.

use crate::personnummer::luhn_valid;
use crate::validation::Invalid;
use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Orgnr(String);

// A sole trader's number is a personnummer, so Debug never prints it whole.
impl fmt::Debug for Orgnr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Orgnr({})", self.masked())
    }
}

impl Orgnr {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Invalid::new("required", "Enter the organisation number"));
        }
        let mut digits = String::with_capacity(12);
        let mut dashes = 0;
        for ch in s.chars() {
            match ch {
                '0'..='9' => digits.push(ch),
                '-' => dashes += 1,
                _ => {
                    return Err(Invalid::new(
                        "format",
                        "An organisation number has ten digits, written NNNNNN-NNNN",
                    ))
                }
            }
        }
        let with_century =
            digits.len() == 12 && (digits.starts_with("19") || digits.starts_with("20"));
        if digits.len() == 12 && digits.starts_with("16") {
            digits.drain(0..2);
        }
        if dashes > 1 || !(digits.len() == 10 || with_century) {
            return Err(Invalid::new(
                "format",
                "An organisation number has ten digits, written NNNNNN-NNNN",
            ));
        }
        if with_century || digits[2..4].parse::<u32>().unwrap_or(0) < 20 {
            return sole_trader(&digits);
        }
        if digits.starts_with('0') {
            return Err(Invalid::new(
                "format",
                "An organisation number has ten digits, written NNNNNN-NNNN",
            ));
        }
        if !luhn_valid(&digits) {
            return Err(Invalid::new(
                "check-digit",
                "The organisation number's check digit does not match",
            ));
        }
        Ok(Self(format!("{}-{}", &digits[0..6], &digits[6..10])))
    }

    /// Whether this is a sole trader's number, i.e. the owner's personnummer.
    pub fn is_sole_trader(&self) -> bool {
        self.0[2..4].parse::<u32>().unwrap_or(0) < 20
    }

    /// `NNNNNN-NNNN`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The four digits the old shared company login used as its password.
    pub fn last_four(&self) -> &str {
        &self.0[7..11]
    }

    /// `NNNNNN-****`: the last four digits were the old company password, so they are not
    /// shown around.
    pub fn masked(&self) -> String {
        format!("{}-****", &self.0[0..6])
    }
}

/// A personnummer (10 digits, or 12 with the century) standing as a sole trader's
/// organisation number, normalised to its ten-digit form.
fn sole_trader(digits: &str) -> Result<Orgnr, Invalid> {
    use crate::personnummer::{Personnummer, PersonnummerError};
    // Any reference year in the 2000s keeps 29 February valid for a `00` year.
    match Personnummer::parse(digits, 2099) {
        Ok(p) => {
            let ten = &p.as_str()[2..];
            Ok(Orgnr(format!("{}-{}", &ten[0..6], &ten[6..10])))
        }
        Err(PersonnummerError::CheckDigit) => Err(Invalid::new(
            "check-digit",
            "The organisation number's check digit does not match",
        )),
        Err(_) => Err(Invalid::new(
            "format",
            "Not an organisation number, nor the personnummer of a sole trader",
        )),
    }
}

impl fmt::Display for Orgnr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_the_usual_spellings() {
        for input in [
            "556036-0793",
            "5560360793",
            " 165560360793 ",
            "16556036-0793",
        ] {
            let o = Orgnr::parse(input).unwrap();
            assert_eq!(o.as_str(), "556036-0793", "{input}");
            assert_eq!(o.last_four(), "0793");
            assert_eq!(o.masked(), "556036-****");
        }
        assert_eq!(Orgnr::parse("212000-0142").unwrap().as_str(), "212000-0142");
    }

    #[test]
    fn rejects_with_a_reason() {
        let code = |s: &str| Orgnr::parse(s).unwrap_err().code;
        assert_eq!(code(""), "required");
        assert_eq!(code("556036-0794"), "check-digit");
        assert_eq!(code("556036-079"), "format");
        assert_eq!(code("55603607933"), "format");
        assert_eq!(code("556036 0793x"), "format");
        assert_eq!(code("55-6036-0793"), "format");
        // A personnummer-shaped number must be a real personnummer.
        assert_eq!(code("851312-2387"), "format");
        assert_eq!(code("850312-2388"), "check-digit");
        assert_eq!(code("850312-0001"), "format");
    }

    #[test]
    fn a_sole_traders_personnummer_is_its_organisation_number() {
        for input in ["850312-2387", "8503122387", "19850312-2387", "198503122387"] {
            let o = Orgnr::parse(input).unwrap();
            assert_eq!(o.as_str(), "850312-2387", "{input}");
            assert!(o.is_sole_trader());
            assert_eq!(o.last_four(), "2387");
            assert_eq!(format!("{o:?}"), "Orgnr(850312-****)");
        }
        // A samordningsnummer owner too.
        assert!(Orgnr::parse("701063-2391").unwrap().is_sole_trader());
        assert!(!Orgnr::parse("556036-0793").unwrap().is_sole_trader());
    }
}
