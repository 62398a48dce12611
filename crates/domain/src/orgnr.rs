//! Swedish organisationsnummer: ten digits `NNNNNN-NNNN`, the third and fourth together at
//! least 20 (which tells them from a personnummer), the last a Luhn check digit. Some
//! registers write a `16` century-style prefix; it is accepted and dropped.

use crate::personnummer::luhn_valid;
use crate::validation::Invalid;
use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Orgnr(String);

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
        if digits.len() == 12 && digits.starts_with("16") {
            digits.drain(0..2);
        }
        if dashes > 1 || digits.len() != 10 {
            return Err(Invalid::new(
                "format",
                "An organisation number has ten digits, written NNNNNN-NNNN",
            ));
        }
        let middle: u32 = digits[2..4].parse().unwrap_or(0);
        if middle < 20 || digits.starts_with('0') {
            return Err(Invalid::new(
                "format",
                "This is not an organisation number (it looks like a personnummer)",
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
        // A personnummer (month position < 20) is not an organisation number.
        assert_eq!(code("850312-2387"), "format");
    }
}
