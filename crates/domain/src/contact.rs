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
    if s.chars().any(is_disallowed) {
        return Err(Invalid::new(
            "format",
            "Contains invisible or control characters that are not allowed",
        ));
    }
    Ok(s.to_owned())
}

/// Characters that have no place in a name or an address line: controls, the invisible
/// format characters (bidirectional overrides such as U+202E, zero-width spaces and
/// joiners, the BOM, tag characters), line and paragraph separators, private-use code
/// points, noncharacters and the replacement character of a broken encoding. They make
/// a name look like another one, reorder what is shown beside it, or break e-mails and
/// calendar files. Combining marks stay allowed: `e` + U+0301 is a legitimate `é`.
pub fn is_disallowed(c: char) -> bool {
    let n = u32::from(c);
    c.is_control()
        || matches!(n,
            0x00AD                  // soft hyphen
            | 0x034F                // combining grapheme joiner
            | 0x061C                // Arabic letter mark
            | 0x115F | 0x1160 | 0x3164 | 0xFFA0 // Hangul fillers
            | 0x17B4 | 0x17B5
            | 0x180B..=0x180F       // Mongolian variation selectors and vowel separator
            | 0x200B..=0x200F       // zero-width space/joiners, LRM, RLM
            | 0x2028 | 0x2029       // line and paragraph separators
            | 0x202A..=0x202E       // bidirectional embeddings and overrides
            | 0x2060..=0x206F       // word joiner, invisible operators, bidi isolates
            | 0xFE00..=0xFE0F       // variation selectors
            | 0xFEFF                // BOM, zero-width no-break space
            | 0xFFF9..=0xFFFD       // interlinear annotations, object and replacement characters
            | 0xE000..=0xF8FF       // private use
            | 0xFDD0..=0xFDEF       // noncharacters
            | 0x1BCA0..=0x1BCA3     // shorthand format controls
            | 0x1D173..=0x1D17A     // musical format controls
            | 0xE0000..=0xE0FFF     // tag characters and variation selectors supplement
            | 0xF0000..=0x10FFFF    // supplementary private use
        )
        || (n & 0xFFFE) == 0xFFFE // U+xxFFFE and U+xxFFFF are noncharacters in every plane
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

    #[test]
    fn real_names_pass_and_invisible_characters_are_refused() {
        for ok in [
            "Åsa-Britt Öberg",
            "Ängla Ågren",
            "José Núñez",
            "Müller-Lüdenscheidt",
            "O'Connor",
            "D\u{2019}Angelo",
            "Zoë Saldaña",
            "Nguyễn Thị Minh",
            "Łukasz Żółw",
            "Søren Ærø",
            "Ahmed Al-Sayed",
            "محمد",
            "Иван Петров",
            "e\u{301}lise",
            "Storgatan 1 B, lgh 1102",
        ] {
            assert!(text(ok, "x").is_ok(), "{ok:?}");
        }
        for bad in [
            "Anna\u{202E}nosrednA",
            "An\u{200B}na",
            "\u{FEFF}Anna",
            "Anna\u{2028}Berg",
            "Anna\u{2029}x",
            "Anna\u{E0041}",
            "Anna\u{FFFF}",
            "Anna\u{FDD0}",
            "Anna\u{1FFFE}",
            "Anna\u{200D}x",
            "Anna\u{2066}x\u{2069}",
            "Anna\u{E000}",
            "Anna\u{FFFD}",
            "Anna\u{7}x",
            "Anna\nBerg",
            "Anna\u{AD}x",
        ] {
            assert_eq!(text(bad, "x").unwrap_err().code, "format", "{bad:?}");
            assert_eq!(name(bad).unwrap_err().code, "format", "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_disallowed_character_anywhere_is_refused(
            before in "[A-Za-zÅÄÖåäöéüÉÜ' -]{1,20}",
            after in "[A-Za-zÅÄÖåäöéüÉÜ' -]{0,20}",
            bad in proptest::sample::select(vec![
                '\u{0}', '\u{1F}', '\u{7F}', '\u{9F}', '\u{AD}', '\u{200B}', '\u{200E}',
                '\u{202A}', '\u{202E}', '\u{2028}', '\u{2029}', '\u{2060}', '\u{2067}',
                '\u{FEFF}', '\u{FFFE}', '\u{FDEF}', '\u{E0001}', '\u{E007F}', '\u{10FFFF}',
                '\u{F8FF}',
            ]),
        ) {
            let input = format!("a{before}{bad}{after}x");
            proptest::prop_assert_eq!(text(&input, "x").unwrap_err().code, "format");
        }

        #[test]
        fn names_of_letters_marks_and_punctuation_pass(
            s in "[\\p{L}][\\p{L}\\p{Mn}' .-]{0,40}",
        ) {
            proptest::prop_assume!(!s.chars().any(is_disallowed));
            proptest::prop_assert!(name(&s).is_ok(), "{:?}", s);
        }
    }
}
