//! Statistics as stored: pickup records, the per-year series derived from them
//! (`pickup_series`, what a year view reads), and Statistikarkivet, read from its own
//! table. Both answer a `domain::statistics::Year` within the member's kommun filter;
//! nothing reads both.

use crate::problem::ApiError;
use crate::store::accounts::in_filter;
use kretslopp_api::StatisticsOverview;
use kretslopp_domain::statistics::{Series, StatisticsAddress, Year, MONTHS};
use sqlx::{AnyPool, Row};
use std::collections::HashMap;

/// The day the old system's history ends and pickup records begin. What came before is in
/// Statistikarkivet.
pub const MIGRATION_DATE: &str = "2025-01-01";

/// Builds a `Year` from rows in address order, naming each address and fraction once.
struct Builder {
    year: Year,
    catalogue: Vec<String>,
    kommuner: Vec<String>,
    address_pos: HashMap<String, u32>,
    series_pos: HashMap<(u32, u32), usize>,
}

impl Builder {
    async fn new(db: &AnyPool, year: i32, kommuner: &[String]) -> Result<Self, ApiError> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT code FROM fractions ORDER BY sort_order")
            .fetch_all(db)
            .await?;
        Ok(Self {
            year: Year::empty(year),
            catalogue: rows.into_iter().map(|(c,)| c).collect(),
            kommuner: kommuner.to_vec(),
            address_pos: HashMap::new(),
            series_pos: HashMap::new(),
        })
    }

    /// The series of an address and fraction; `None` outside the member's kommun filter.
    fn series(
        &mut self,
        key: &str,
        label: &str,
        kommunkod: &str,
        fraction: &str,
    ) -> Option<&mut Series> {
        if !in_filter(&self.kommuner, kommunkod) {
            return None;
        }
        let a = match self.address_pos.get(key) {
            Some(a) => *a,
            None => {
                self.year.addresses.push(StatisticsAddress {
                    key: key.to_owned(),
                    label: label.to_owned(),
                    kommunkod: kommunkod.to_owned(),
                });
                let a = self.year.addresses.len() as u32 - 1;
                self.address_pos.insert(key.to_owned(), a);
                a
            }
        };
        // Positions into the catalogue for now; a fraction no longer in it still counted.
        let f = match self.catalogue.iter().position(|c| c == fraction) {
            Some(f) => f,
            None => {
                self.catalogue.push(fraction.to_owned());
                self.catalogue.len() - 1
            }
        } as u32;
        let s = *self.series_pos.entry((a, f)).or_insert_with(|| {
            self.year.series.push(Series {
                address: a,
                fraction: f,
                emptyings: vec![0; MONTHS],
                grams: vec![None; MONTHS],
            });
            self.year.series.len() - 1
        });
        Some(&mut self.year.series[s])
    }

    /// Only the fractions that occur are listed, in the catalogue's order.
    fn finish(mut self) -> Year {
        let mut used = vec![None; self.catalogue.len()];
        for s in &self.year.series {
            used[s.fraction as usize] = Some(0u32);
        }
        for (n, u) in used.iter_mut().flatten().enumerate() {
            *u = n as u32;
        }
        for s in &mut self.year.series {
            s.fraction = used[s.fraction as usize].expect("used");
        }
        self.year.fractions = self
            .catalogue
            .into_iter()
            .zip(&used)
            .filter(|(_, u)| u.is_some())
            .map(|(c, _)| c)
            .collect();
        self.year.series.sort_by_key(|s| (s.address, s.fraction));
        self.year
    }
}

fn month_columns() -> String {
    let e: Vec<String> = (1..=MONTHS).map(|m| format!("s.e{m}")).collect();
    let g: Vec<String> = (1..=MONTHS).map(|m| format!("s.g{m}")).collect();
    format!("{}, {}", e.join(", "), g.join(", "))
}

/// One year from the series; addresses removed since are not in view.
pub async fn year(
    db: &AnyPool,
    customer_id: &str,
    kommuner: &[String],
    year: i32,
) -> Result<Year, ApiError> {
    let rows = sqlx::query(&format!(
        "SELECT s.address_id, a.street || ', ' || a.city, a.kommunkod, s.fraction_code, {}
         FROM pickup_series s JOIN addresses a ON a.id = s.address_id
         WHERE s.customer_id = $1 AND s.year = $2 AND a.deleted_at IS NULL
         ORDER BY a.street, a.city, s.address_id",
        month_columns()
    ))
    .bind(customer_id)
    .bind(i64::from(year))
    .fetch_all(db)
    .await?;
    let mut b = Builder::new(db, year, kommuner).await?;
    for row in rows {
        let (key, label, kommun, fraction): (String, String, String, String) = (
            row.try_get(0)?,
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
        );
        let Some(s) = b.series(&key, &label, &kommun, &fraction) else {
            continue;
        };
        for m in 0..MONTHS {
            let e: i64 = row.try_get(4 + m)?;
            let g: Option<i64> = row.try_get(4 + MONTHS + m)?;
            s.emptyings[m] = u32::try_from(e).unwrap_or(u32::MAX);
            s.grams[m] = g.and_then(|g| u64::try_from(g).ok());
        }
    }
    Ok(b.finish())
}

/// One year of Statistikarkivet.
pub async fn archive_year(
    db: &AnyPool,
    customer_id: &str,
    kommuner: &[String],
    year: i32,
) -> Result<Year, ApiError> {
    let cells: Vec<(String, String, String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT address_label, kommunkod, fraction_code, month, emptyings, weight_g
         FROM statistics_archive WHERE customer_id = $1 AND year = $2
         ORDER BY address_label",
    )
    .bind(customer_id)
    .bind(i64::from(year))
    .fetch_all(db)
    .await?;
    let mut b = Builder::new(db, year, kommuner).await?;
    for (label, kommun, fraction, month, emptyings, grams) in cells {
        let Some(m) = usize::try_from(month - 1).ok().filter(|m| *m < MONTHS) else {
            continue;
        };
        if let Some(s) = b.series(&label, &label, &kommun, &fraction) {
            s.emptyings[m] = u32::try_from(emptyings).unwrap_or(u32::MAX);
            s.grams[m] = grams.and_then(|g| u64::try_from(g).ok());
        }
    }
    Ok(b.finish())
}

/// Derives a customer's series for `year` from its pickup records again: after records
/// were written (a truck's report, the demo seed), in the same transaction.
pub async fn rebuild(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    customer_id: &str,
    year: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pickup_series WHERE customer_id = $1 AND year = $2")
        .bind(customer_id)
        .bind(i64::from(year))
        .execute(&mut **tx)
        .await?;
    let month = |m: usize| format!("substr(date, 6, 2) = '{m:02}'");
    let e: Vec<String> = (1..=MONTHS)
        .map(|m| {
            format!(
                "CAST(SUM(CASE WHEN {} THEN emptied ELSE 0 END) AS BIGINT)",
                month(m)
            )
        })
        .collect();
    let g: Vec<String> = (1..=MONTHS)
        .map(|m| {
            format!(
                "CAST(SUM(CASE WHEN {} THEN weight_g END) AS BIGINT)",
                month(m)
            )
        })
        .collect();
    let names: Vec<String> = (1..=MONTHS)
        .map(|m| format!("e{m}"))
        .chain((1..=MONTHS).map(|m| format!("g{m}")))
        .collect();
    sqlx::query(&format!(
        "INSERT INTO pickup_series (customer_id, address_id, fraction_code, year, {})
         SELECT customer_id, address_id, fraction_code, $2, {}, {}
         FROM pickup_records WHERE customer_id = $1 AND date >= $3 AND date < $4
         GROUP BY customer_id, address_id, fraction_code",
        names.join(", "),
        e.join(", "),
        g.join(", ")
    ))
    .bind(customer_id)
    .bind(i64::from(year))
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{:04}-01-01", year + 1))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The years with pickup records and the years in the archive.
pub async fn overview(db: &AnyPool, customer_id: &str) -> Result<StatisticsOverview, ApiError> {
    let years: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT year FROM pickup_series WHERE customer_id = $1 ORDER BY year",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?;
    let archive: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT year FROM statistics_archive WHERE customer_id = $1 ORDER BY year",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?;
    Ok(StatisticsOverview {
        years: years.into_iter().map(|(y,)| y as i32).collect(),
        archive_years: archive.into_iter().map(|(y,)| y as i32).collect(),
        migration_date: MIGRATION_DATE.to_owned(),
    })
}
