//! Sweden's 290 kommuner with their SCB codes (four digits, kept as text: `0180`).

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kommun {
    pub code: &'static str,
    pub name: &'static str,
}

static DATA: &str = include_str!("../data/kommuner.csv");

pub fn all() -> &'static [Kommun] {
    static ALL: OnceLock<Vec<Kommun>> = OnceLock::new();
    ALL.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (code, name) = l.split_once(',').expect("code,name");
                Kommun { code, name }
            })
            .collect()
    })
}

pub fn by_code(code: &str) -> Option<Kommun> {
    all().iter().find(|k| k.code == code).copied()
}

/// The kommun's name, or the code itself for one not in the list (old data).
pub fn name_or_code(code: &str) -> String {
    by_code(code).map_or_else(|| code.to_owned(), |k| k.name.to_owned())
}

/// A list of kommunkoder as stored (`0180,0380`; empty text: no kommun named).
pub fn split_list(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `code` is in a list where an empty list means every kommun: a member's view
/// filter, and where a bag colour is handed out.
pub fn in_list(list: &[String], code: &str) -> bool {
    list.is_empty() || list.iter().any(|k| k == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_290_with_unique_well_formed_codes() {
        let all = all();
        assert_eq!(all.len(), 290);
        let codes: std::collections::HashSet<_> = all.iter().map(|k| k.code).collect();
        assert_eq!(codes.len(), 290);
        assert!(all
            .iter()
            .all(|k| k.code.len() == 4 && k.code.bytes().all(|b| b.is_ascii_digit())));
        let counties: std::collections::HashSet<_> = all.iter().map(|k| &k.code[0..2]).collect();
        assert_eq!(counties.len(), 21);
        assert_eq!(by_code("0180").unwrap().name, "Stockholm");
        assert_eq!(by_code("1280").unwrap().name, "Malmö");
        assert_eq!(by_code("0980").unwrap().name, "Gotland");
        assert!(by_code("0100").is_none());
    }
}
