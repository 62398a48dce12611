//! Statistics (PRODUCT §8): emptyings and weights per fraction, address and month of one
//! year. The server builds a [`Year`] from its pickup records, or from Statistikarkivet
//! (never the two mixed); both sides summarise it with [`summarise`] and export it with
//! [`csv`], so the app's charts, tables and CSV made offline from its cache say exactly
//! what the server's CSV says.

use crate::Lang;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

pub const MONTHS: usize = 12;

/// Statistics are for the years every date of the API may be in.
pub fn year_in_range(year: i32) -> bool {
    (crate::calendar::codec::MIN_YEAR..=crate::calendar::codec::MAX_YEAR).contains(&year)
}

/// An address as the statistics name it. For Statistikarkivet this is the old system's
/// address text, so `key` is not necessarily an address id of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StatisticsAddress {
    pub key: String,
    /// "Storgatan 1, Uppsala".
    pub label: String,
    pub kommunkod: String,
}

/// One address and fraction over the year, month by month (January first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Series {
    /// Position in [`Year::addresses`].
    pub address: u32,
    /// Position in [`Year::fractions`].
    pub fraction: u32,
    /// Emptyings per month; 12 numbers.
    pub emptyings: Vec<u32>,
    /// Weighed grams per month; 12 entries, `null` where nothing was weighed (not every
    /// truck weighs every fraction).
    #[cfg_attr(feature = "ts", ts(type = "Array<number | null>"))]
    pub grams: Vec<Option<u64>>,
}

/// One year of one customer's statistics, within the member's kommun filter. Each
/// address and fraction is named once; the series point at them by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Year {
    pub year: i32,
    pub addresses: Vec<StatisticsAddress>,
    /// Fraction codes, in the catalogue's order.
    pub fractions: Vec<String>,
    pub series: Vec<Series>,
}

/// Why a [`Year`] from elsewhere cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("a series points at an address or fraction that is not listed")]
    Dangling,
    #[error("a series does not have 12 months")]
    Months,
    #[error("{0} is not a year statistics can be for")]
    Year(i32),
}

impl Year {
    pub fn empty(year: i32) -> Year {
        Year {
            year,
            addresses: Vec::new(),
            fractions: Vec::new(),
            series: Vec::new(),
        }
    }

    /// Checks what the type cannot: every position points at something, every series
    /// has 12 months.
    pub fn check(&self) -> Result<(), Malformed> {
        if !year_in_range(self.year) {
            return Err(Malformed::Year(self.year));
        }
        for s in &self.series {
            if s.address as usize >= self.addresses.len()
                || s.fraction as usize >= self.fractions.len()
            {
                return Err(Malformed::Dangling);
            }
            if s.emptyings.len() != MONTHS || s.grams.len() != MONTHS {
                return Err(Malformed::Months);
            }
        }
        Ok(())
    }
}

/// Emptyings and weighed grams, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Amount {
    pub emptyings: u32,
    /// `None` when nothing in the sum was weighed.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub grams: Option<u64>,
}

impl Amount {
    pub fn add(&mut self, emptyings: u32, grams: Option<u64>) {
        self.emptyings = self.emptyings.saturating_add(emptyings);
        self.grams = match (self.grams, grams) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
    }

    pub fn is_zero(&self) -> bool {
        self.emptyings == 0 && self.grams.unwrap_or(0) == 0
    }
}

/// Which part of the year to look at: one address, one kommun, or everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    /// An address key of the year.
    pub address: Option<String>,
    pub kommun: Option<String>,
}

impl Filter {
    fn keeps(&self, a: &StatisticsAddress) -> bool {
        self.address.as_ref().is_none_or(|k| *k == a.key)
            && self.kommun.as_ref().is_none_or(|k| *k == a.kommunkod)
    }
}

/// An address's totals for the year, per fraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AddressTotal {
    pub key: String,
    pub label: String,
    pub kommunkod: String,
    /// Per fraction of [`Summary::fractions`].
    pub amounts: Vec<Amount>,
    pub total: Amount,
}

/// What the charts and tables show for one filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub year: i32,
    /// The fraction codes with anything in the filtered view, in the year's order.
    pub fractions: Vec<String>,
    /// 12 months, each per fraction of `fractions`.
    pub months: Vec<Vec<Amount>>,
    /// 12 months, all fractions together.
    pub month_totals: Vec<Amount>,
    /// The filtered addresses with anything, in the year's order.
    pub addresses: Vec<AddressTotal>,
    /// Per fraction of `fractions`.
    pub totals: Vec<Amount>,
    pub total: Amount,
}

/// Sums the year's series that the filter keeps, by month and fraction and by address.
pub fn summarise(year: &Year, filter: &Filter) -> Summary {
    let kept: Vec<&Series> = year
        .series
        .iter()
        .filter(|s| {
            filter.keeps(&year.addresses[s.address as usize])
                && (s.emptyings.iter().any(|n| *n > 0) || s.grams.iter().any(Option::is_some))
        })
        .collect();
    // Fractions and addresses that have anything, in the year's order.
    let mut fraction_pos = vec![None; year.fractions.len()];
    let mut address_pos = vec![None; year.addresses.len()];
    for s in &kept {
        fraction_pos[s.fraction as usize] = Some(0);
        address_pos[s.address as usize] = Some(0);
    }
    let number = |pos: &mut Vec<Option<usize>>| {
        let mut n = 0;
        for p in pos.iter_mut().flatten() {
            *p = n;
            n += 1;
        }
        n
    };
    let fraction_count = number(&mut fraction_pos);
    number(&mut address_pos);
    let mut months = vec![vec![Amount::default(); fraction_count]; MONTHS];
    let mut month_totals = vec![Amount::default(); MONTHS];
    let mut totals = vec![Amount::default(); fraction_count];
    let mut total = Amount::default();
    let mut addresses: Vec<AddressTotal> = year
        .addresses
        .iter()
        .zip(&address_pos)
        .filter(|(_, p)| p.is_some())
        .map(|(a, _)| AddressTotal {
            key: a.key.clone(),
            label: a.label.clone(),
            kommunkod: a.kommunkod.clone(),
            amounts: vec![Amount::default(); fraction_count],
            total: Amount::default(),
        })
        .collect();
    for s in kept {
        let f = fraction_pos[s.fraction as usize].expect("numbered above");
        let row = &mut addresses[address_pos[s.address as usize].expect("numbered above")];
        for (m, (n, g)) in s.emptyings.iter().zip(&s.grams).enumerate() {
            months[m][f].add(*n, *g);
            month_totals[m].add(*n, *g);
            totals[f].add(*n, *g);
            total.add(*n, *g);
            row.amounts[f].add(*n, *g);
            row.total.add(*n, *g);
        }
    }
    Summary {
        year: year.year,
        fractions: year
            .fractions
            .iter()
            .zip(&fraction_pos)
            .filter(|(_, p)| p.is_some())
            .map(|(c, _)| c.clone())
            .collect(),
        months,
        month_totals,
        addresses,
        totals,
        total,
    }
}

/// The kommuner the year's addresses are in, each once, in first-seen order.
pub fn kommuner(year: &Year) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &year.addresses {
        if !out.contains(&a.kommunkod) {
            out.push(a.kommunkod.clone());
        }
    }
    out
}

/// The two CSV shapes of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CsvFormat {
    /// For a spreadsheet with Swedish settings: `;` between fields, decimal comma,
    /// UTF-8 with a byte-order mark (without it Excel reads UTF-8 as Windows-1252).
    Spreadsheet,
    /// RFC 4180: `,` between fields, decimal point, no byte-order mark.
    Rfc4180,
}

impl CsvFormat {
    pub fn parse(s: &str) -> Option<CsvFormat> {
        match s {
            "spreadsheet" => Some(CsvFormat::Spreadsheet),
            "rfc4180" => Some(CsvFormat::Rfc4180),
            _ => None,
        }
    }

    fn separator(self) -> char {
        match self {
            CsvFormat::Spreadsheet => ';',
            CsvFormat::Rfc4180 => ',',
        }
    }

    fn decimal(self) -> char {
        match self {
            CsvFormat::Spreadsheet => ',',
            CsvFormat::Rfc4180 => '.',
        }
    }
}

/// Kilograms from grams, with as many decimals as needed (at most 3): `1234,5`. No
/// thousands separator, so every spreadsheet reads it as a number.
pub fn kilograms(grams: u64, decimal: char) -> String {
    let (kg, rest) = (grams / 1000, grams % 1000);
    if rest == 0 {
        return kg.to_string();
    }
    let decimals = format!("{rest:03}");
    format!("{kg}{decimal}{}", decimals.trim_end_matches('0'))
}

/// A text field, quoted when it holds the separator, a quote or a line break (RFC 4180
/// §2.6–2.7). A leading `=`, `+`, `-`, `@`, tab or CR would make a spreadsheet read the
/// field as a formula, so such text gets a `'` first (OWASP, CSV injection).
fn text_field(out: &mut String, value: &str, separator: char) {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if formula {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([separator, '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&value);
    }
}

fn headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Sv => [
            "År",
            "Månad",
            "Adress",
            "Kommun",
            "Fraktion",
            "Antal tömningar",
            "Vikt (kg)",
        ],
        Lang::En => [
            "Year",
            "Month",
            "Address",
            "Municipality",
            "Fraction",
            "Emptyings",
            "Weight (kg)",
        ],
    }
}

/// The year as CSV, one row per address, fraction and month with anything in it, for the
/// addresses the filter keeps. Lines end in CRLF (RFC 4180 §2.1). A month with emptyings
/// but nothing weighed has an empty weight, not 0.
pub fn csv(
    year: &Year,
    filter: &Filter,
    format: CsvFormat,
    lang: Lang,
    fraction_name: &dyn Fn(&str) -> String,
) -> String {
    let sep = format.separator();
    let mut out = String::new();
    if format == CsvFormat::Spreadsheet {
        out.push('\u{feff}');
    }
    for (i, h) in headers(lang).iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        text_field(&mut out, h, sep);
    }
    out.push_str("\r\n");
    let mut series: Vec<&Series> = year
        .series
        .iter()
        .filter(|s| filter.keeps(&year.addresses[s.address as usize]))
        .collect();
    series.sort_by_key(|s| (s.address, s.fraction));
    for s in series {
        let address = &year.addresses[s.address as usize];
        let kommun = crate::kommun::name_or_code(&address.kommunkod);
        let fraction = fraction_name(&year.fractions[s.fraction as usize]);
        for (m, (n, g)) in s.emptyings.iter().zip(&s.grams).enumerate() {
            if *n == 0 && g.is_none() {
                continue;
            }
            let _ = write!(out, "{}{sep}{}{sep}", year.year, m + 1);
            text_field(&mut out, &address.label, sep);
            out.push(sep);
            text_field(&mut out, &kommun, sep);
            out.push(sep);
            text_field(&mut out, &fraction, sep);
            let _ = write!(out, "{sep}{n}{sep}");
            if let Some(g) = g {
                out.push_str(&kilograms(*g, format.decimal()));
            }
            out.push_str("\r\n");
        }
    }
    out
}

/// The file name an export is saved under: `kretslopp-statistik-2026.csv`,
/// `kretslopp-statistikarkiv-2024.csv`.
pub fn file_name(year: i32, archive: bool, lang: Lang) -> String {
    let what = match (archive, lang) {
        (false, Lang::Sv) => "statistik",
        (true, Lang::Sv) => "statistikarkiv",
        (false, Lang::En) => "statistics",
        (true, Lang::En) => "statistics-archive",
    };
    format!("kretslopp-{what}-{year}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn address(key: &str, label: &str, kommun: &str) -> StatisticsAddress {
        StatisticsAddress {
            key: key.into(),
            label: label.into(),
            kommunkod: kommun.into(),
        }
    }

    fn sample() -> Year {
        let mut e = vec![0; 12];
        e[0] = 2;
        e[6] = 3;
        let mut g = vec![None; 12];
        g[0] = Some(12_500);
        g[6] = Some(40_250);
        Year {
            year: 2026,
            addresses: vec![
                address("a1", "Storgatan 1, Uppsala", "0380"),
                address("a2", "Kvarngatan 2; \"Bakgården\", Knivsta", "0330"),
            ],
            fractions: vec!["rest".into(), "papper".into()],
            series: vec![
                Series {
                    address: 0,
                    fraction: 0,
                    emptyings: e.clone(),
                    grams: g.clone(),
                },
                Series {
                    address: 1,
                    fraction: 1,
                    emptyings: e,
                    grams: vec![None; 12],
                },
            ],
        }
    }

    #[test]
    fn kilograms_keep_what_was_weighed() {
        assert_eq!(kilograms(12_500, ','), "12,5");
        assert_eq!(kilograms(40_000, ','), "40");
        assert_eq!(kilograms(1_234_567, '.'), "1234.567");
        assert_eq!(kilograms(5, '.'), "0.005");
    }

    #[test]
    fn a_summary_sums_by_month_fraction_and_address() {
        let s = summarise(&sample(), &Filter::default());
        assert_eq!(s.fractions, ["rest", "papper"]);
        assert_eq!(
            s.months[6][0],
            Amount {
                emptyings: 3,
                grams: Some(40_250)
            }
        );
        assert_eq!(
            s.months[6][1],
            Amount {
                emptyings: 3,
                grams: None
            }
        );
        assert_eq!(
            s.total,
            Amount {
                emptyings: 10,
                grams: Some(52_750)
            }
        );
        assert_eq!(s.addresses.len(), 2);
        let only = summarise(
            &sample(),
            &Filter {
                kommun: Some("0330".into()),
                address: None,
            },
        );
        assert_eq!(only.fractions, ["papper"]);
        assert_eq!(only.addresses[0].key, "a2");
        assert_eq!(only.total.grams, None);
    }

    #[test]
    fn the_spreadsheet_csv_is_what_swedish_excel_expects() {
        let out = csv(
            &sample(),
            &Filter::default(),
            CsvFormat::Spreadsheet,
            Lang::Sv,
            &|c| c.to_uppercase(),
        );
        assert!(out
            .starts_with("\u{feff}År;Månad;Adress;Kommun;Fraktion;Antal tömningar;Vikt (kg)\r\n"));
        assert!(out.contains("2026;1;Storgatan 1, Uppsala;Uppsala;REST;2;12,5\r\n"));
        assert!(out
            .contains("2026;7;\"Kvarngatan 2; \"\"Bakgården\"\", Knivsta\";Knivsta;PAPPER;3;\r\n"));
        let plain = csv(
            &sample(),
            &Filter::default(),
            CsvFormat::Rfc4180,
            Lang::En,
            &|c| c.to_owned(),
        );
        assert!(plain.starts_with("Year,Month,"));
        assert!(plain.contains("2026,7,\"Storgatan 1, Uppsala\",Uppsala,rest,3,40.25\r\n"));
    }

    #[test]
    fn a_formula_in_an_address_stays_text() {
        let mut y = sample();
        y.addresses[0].label = "=HYPERLINK(\"x\")".into();
        let out = csv(&y, &Filter::default(), CsvFormat::Rfc4180, Lang::Sv, &|c| {
            c.to_owned()
        });
        assert!(out.contains(",\"'=HYPERLINK(\"\"x\"\")\","));
    }

    #[test]
    fn a_year_with_dangling_positions_is_refused() {
        let mut y = sample();
        y.series[0].address = 7;
        assert_eq!(y.check(), Err(Malformed::Dangling));
        let mut y = sample();
        y.series[0].grams.pop();
        assert_eq!(y.check(), Err(Malformed::Months));
        assert_eq!(sample().check(), Ok(()));
    }

    fn arb_year() -> impl Strategy<Value = Year> {
        let label = "[a-zA-ZåäöÅÄÖ0-9 ,;\"=\\-\r\n]{0,20}";
        (
            prop::collection::vec(
                (label, prop::sample::select(vec!["0380", "0330", "0180"])),
                1..5,
            ),
            prop::collection::vec(
                (
                    0u32..5,
                    0u32..3,
                    prop::collection::vec(0u32..30, 12),
                    prop::collection::vec(prop::option::of(0u64..5_000_000), 12),
                ),
                0..12,
            ),
        )
            .prop_map(|(addresses, series)| {
                let n = addresses.len() as u32;
                Year {
                    year: 2025,
                    addresses: addresses
                        .into_iter()
                        .enumerate()
                        .map(|(i, (l, k))| address(&format!("a{i}"), &l, k))
                        .collect(),
                    fractions: vec!["rest".into(), "mat".into(), "papper".into()],
                    series: series
                        .into_iter()
                        .map(|(a, f, emptyings, grams)| Series {
                            address: a % n,
                            fraction: f,
                            emptyings,
                            grams,
                        })
                        .collect(),
                }
            })
    }

    proptest! {
        /// The csv crate (an independent RFC 4180 reader) reads back every field as
        /// written, in both formats; and the rows add up to the summary's total.
        #[test]
        fn every_export_reads_back_and_adds_up(year in arb_year(), spreadsheet in any::<bool>()) {
            let format = if spreadsheet { CsvFormat::Spreadsheet } else { CsvFormat::Rfc4180 };
            let out = csv(&year, &Filter::default(), format, Lang::Sv, &|c| c.to_owned());
            let body = out.strip_prefix('\u{feff}').unwrap_or(&out);
            prop_assert_eq!(spreadsheet, body.len() != out.len());
            let mut reader = ::csv::ReaderBuilder::new()
                .delimiter(format.separator() as u8)
                .from_reader(body.as_bytes());
            let mut emptyings = 0u32;
            let mut grams = 0u64;
            let mut weighed = false;
            for record in reader.records() {
                let record = record.expect("a well-formed record");
                prop_assert_eq!(record.len(), 7);
                let label = &record[2];
                let label = label.strip_prefix('\'').filter(|l| l.starts_with(['=', '+', '-', '@', '\t', '\r'])).unwrap_or(label);
                prop_assert!(year.addresses.iter().any(|a| a.label == label), "{label:?}");
                emptyings += record[5].parse::<u32>().unwrap();
                if !record[6].is_empty() {
                    weighed = true;
                    let kg = record[6].replace(format.decimal(), ".");
                    let (whole, part) = kg.split_once('.').unwrap_or((&kg, ""));
                    grams += whole.parse::<u64>().unwrap() * 1000
                        + format!("{part:0<3}").parse::<u64>().unwrap();
                }
            }
            let total = summarise(&year, &Filter::default()).total;
            prop_assert_eq!(total.emptyings, emptyings);
            prop_assert_eq!(total.grams, weighed.then_some(grams));
        }

        #[test]
        fn filters_split_the_total(year in arb_year()) {
            let all = summarise(&year, &Filter::default()).total;
            let mut sum = Amount::default();
            for k in kommuner(&year) {
                let part = summarise(&year, &Filter { kommun: Some(k), address: None }).total;
                sum.add(part.emptyings, part.grams);
            }
            prop_assert_eq!(all, sum);
        }
    }
}
