//! Contact details people type in: names, e-mail, phone, postal address. Each parser
//! normalises what it accepts, so the stored form is canonical.

use crate::validation::Invalid;

pub const NAME_MAX: usize = 100;

/// A first or last name, an address line, a city: trimmed, 1–100 characters, printable.
pub fn text(input: &str, required: &'static str) -> Result<String, Invalid> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Invalid::new("required", required));
    }
    if s.chars().count() > NAME_MAX {
        return Err(Invalid::new("too-long", "At most 100 characters"));
    }
    if s.chars().any(char::is_control) {
        return Err(Invalid::new(
            "format",
            "Contains characters that are not allowed",
        ));
    }
    Ok(s.to_owned())
}

pub fn name(input: &str) -> Result<String, Invalid> {
    let s = text(input, "Enter a name")?;
    if !s.chars().any(char::is_alphabetic) {
        return Err(Invalid::new("format", "A name needs letters"));
    }
    Ok(s)
}

/// An e-mail address: ASCII `local@domain.tld`, the domain lower-cased. Deliberately
/// stricter than RFC 5321 (no quoted local parts, no IP literals): such addresses are not
/// what people mean to type, and a typo caught here is a lost notification saved.
pub fn email(input: &str) -> Result<String, Invalid> {
    let s = input.trim();
    let bad = || Invalid::new("format", "Enter an e-mail address like namn@exempel.se");
    if s.is_empty() {
        return Err(Invalid::new("required", "Enter an e-mail address"));
    }
    if s.len() > 254 {
        return Err(Invalid::new(
            "too-long",
            "An e-mail address has at most 254 characters",
        ));
    }
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    if !local_ok || !domain_ok {
        return Err(bad());
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// A phone number in E.164 (`+46701234567`). Swedish numbers may be typed nationally
/// (`070-123 45 67`); others need `+` or `00` and the country code.
pub fn phone(input: &str) -> Result<String, Invalid> {
    let s = input.trim();
    let bad = || {
        Invalid::new(
            "format",
            "Enter a phone number like 070-123 45 67 or +46 70 123 45 67",
        )
    };
    if s.is_empty() {
        return Err(Invalid::new("required", "Enter a phone number"));
    }
    let mut digits = String::new();
    for (i, ch) in s.chars().enumerate() {
        match ch {
            '0'..='9' => digits.push(ch),
            '+' if i == 0 => {}
            ' ' | '-' | '(' | ')' => {}
            _ => return Err(bad()),
        }
    }
    let international = if s.starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("46{rest}")
    } else {
        return Err(bad());
    };
    let ok = if let Some(national) = international.strip_prefix("46") {
        (7..=9).contains(&national.len()) && !national.starts_with('0')
    } else {
        (8..=15).contains(&international.len()) && !international.starts_with('0')
    };
    if !ok {
        return Err(bad());
    }
    Ok(format!("+{international}"))
}

/// A Swedish postnummer, stored as five digits (`11122`), shown as `111 22`.
pub fn postnummer(input: &str) -> Result<String, Invalid> {
    let s: String = input.trim().chars().filter(|c| *c != ' ').collect();
    if s.is_empty() {
        return Err(Invalid::new("required", "Enter a postal code"));
    }
    if s.len() != 5 || !s.bytes().all(|b| b.is_ascii_digit()) || s.starts_with('0') {
        return Err(Invalid::new(
            "format",
            "A postal code has five digits, like 111 22",
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            email(" Anna.Svensson@Exempel.SE ").unwrap(),
            "Anna.Svensson@exempel.se"
        );
        assert_eq!(email("a+b@x.io").unwrap(), "a+b@x.io");
        for bad in [
            "anna",
            "anna@",
            "@x.se",
            "a b@x.se",
            "a@x",
            "a@x.s",
            "a@-x.se",
            "a..b@x.se",
            "a@x.se@y.se",
            "å@x.se",
        ] {
            assert_eq!(email(bad).unwrap_err().code, "format", "{bad}");
        }
        assert_eq!(email("  ").unwrap_err().code, "required");
    }

    #[test]
    fn phones() {
        assert_eq!(phone("070-123 45 67").unwrap(), "+46701234567");
        assert_eq!(phone("+46 70 123 45 67").unwrap(), "+46701234567");
        assert_eq!(phone("0046701234567").unwrap(), "+46701234567");
        assert_eq!(phone("08-123 456").unwrap(), "+468123456");
        assert_eq!(phone("+47 412 34 567").unwrap(), "+4741234567");
        for bad in [
            "abc",
            "12345",
            "070",
            "+46 070 123 45 67",
            "070-123 45 67 89 01",
            "0701234567x",
        ] {
            assert_eq!(phone(bad).unwrap_err().code, "format", "{bad}");
        }
    }

    #[test]
    fn names_and_postal_codes() {
        assert_eq!(name("  Anna ").unwrap(), "Anna");
        assert_eq!(name("").unwrap_err().code, "required");
        assert_eq!(name("123").unwrap_err().code, "format");
        assert_eq!(name(&"a".repeat(101)).unwrap_err().code, "too-long");
        assert_eq!(postnummer("111 22").unwrap(), "11122");
        assert_eq!(postnummer("01122").unwrap_err().code, "format");
        assert_eq!(postnummer("1112").unwrap_err().code, "format");
    }
}
