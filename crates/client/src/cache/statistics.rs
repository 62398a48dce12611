//! Statistics in the store: each year as last fetched, per source (the pickup records'
//! statistics or Statistikarkivet, never mixed), in typed rows, and which years the
//! server has. Read back into a `domain::statistics::Year`, so the app summarises and
//! exports offline with the same functions as the server.

use super::{db_error, undecodable, Cache};
use crate::error::CoreError;
use kretslopp_domain::statistics::{Series, StatisticsAddress, Year, MONTHS};
use sqlx::{QueryBuilder, Row, Sqlite};

const ROWS_PER_STATEMENT: usize = 500;

fn month_columns() -> String {
    let e = (1..=MONTHS).map(|m| format!("e{m}"));
    let g = (1..=MONTHS).map(|m| format!("g{m}"));
    e.chain(g).collect::<Vec<_>>().join(", ")
}

fn source(archive: bool) -> &'static str {
    if archive {
        "archive"
    } else {
        "live"
    }
}

/// Which years the server has for one source, and the migration date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Available {
    pub years: Vec<i32>,
    pub migration_date: Option<String>,
}

/// A year as cached.
pub struct CachedYear {
    pub year: Year,
    pub etag: Option<String>,
    pub fetched_at: i64,
}

impl Cache {
    /// Replaces what is known about which years exist.
    pub async fn set_statistics_available(
        &self,
        customer_id: &str,
        overview: &kretslopp_api::StatisticsOverview,
    ) -> Result<(), CoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM statistics_available WHERE customer_id = ?")
            .bind(customer_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for (archive, years) in [(false, &overview.years), (true, &overview.archive_years)] {
            for y in years {
                sqlx::query(
                    "INSERT INTO statistics_available (customer_id, source, year, migration_date) VALUES (?, ?, ?, ?)",
                )
                .bind(customer_id)
                .bind(source(archive))
                .bind(i64::from(*y))
                .bind(&overview.migration_date)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            }
        }
        tx.commit().await.map_err(db_error)
    }

    pub async fn statistics_available(
        &self,
        customer_id: &str,
        archive: bool,
    ) -> Result<Available, CoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT year, migration_date FROM statistics_available
             WHERE customer_id = ? AND source = ? ORDER BY year",
        )
        .bind(customer_id)
        .bind(source(archive))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(Available {
            migration_date: rows.first().map(|(_, d)| d.clone()),
            years: rows.into_iter().map(|(y, _)| y as i32).collect(),
        })
    }

    /// Stores one year in one transaction, replacing what was cached for it.
    pub async fn set_statistics_year(
        &self,
        customer_id: &str,
        archive: bool,
        year: &Year,
        etag: Option<&str>,
        now: i64,
    ) -> Result<(), CoreError> {
        let src = source(archive);
        let y = i64::from(year.year);
        let mut tx = self.begin_write().await?;
        for table in [
            "statistics_series",
            "statistics_addresses",
            "statistics_years",
        ] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE customer_id = ? AND source = ? AND year = ?"
            ))
            .bind(customer_id)
            .bind(src)
            .bind(y)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        sqlx::query(
            "INSERT INTO statistics_years (customer_id, source, year, fractions, etag, fetched_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(customer_id)
        .bind(src)
        .bind(y)
        .bind(year.fractions.join(","))
        .bind(etag)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let addresses: Vec<(usize, &StatisticsAddress)> =
            year.addresses.iter().enumerate().collect();
        for chunk in addresses.chunks(ROWS_PER_STATEMENT) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO statistics_addresses (customer_id, source, year, position, key, label, kommunkod) ",
            );
            q.push_values(chunk, |mut row, (i, a)| {
                row.push_bind(customer_id)
                    .push_bind(src)
                    .push_bind(y)
                    .push_bind(*i as i64)
                    .push_bind(&a.key)
                    .push_bind(&a.label)
                    .push_bind(&a.kommunkod);
            });
            q.build().execute(&mut *tx).await.map_err(db_error)?;
        }
        // 27 parameters a row: well below SQLite's limit of bound parameters.
        for chunk in year.series.chunks(ROWS_PER_STATEMENT / 2) {
            let mut q = QueryBuilder::<Sqlite>::new(format!(
                "INSERT INTO statistics_series (customer_id, source, year, address, fraction, {}) ",
                month_columns()
            ));
            q.push_values(chunk, |mut row, s| {
                row.push_bind(customer_id)
                    .push_bind(src)
                    .push_bind(y)
                    .push_bind(i64::from(s.address))
                    .push_bind(i64::from(s.fraction));
                for n in &s.emptyings {
                    row.push_bind(i64::from(*n));
                }
                for g in &s.grams {
                    row.push_bind(g.map(|g| g as i64));
                }
            });
            q.build().execute(&mut *tx).await.map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    /// One cached year, or `None` when it was never fetched.
    pub async fn statistics_year(
        &self,
        customer_id: &str,
        archive: bool,
        year: i32,
    ) -> Result<Option<CachedYear>, CoreError> {
        let src = source(archive);
        let y = i64::from(year);
        let meta: Option<(String, Option<String>, i64)> = sqlx::query_as(
            "SELECT fractions, etag, fetched_at FROM statistics_years WHERE customer_id = ? AND source = ? AND year = ?",
        )
        .bind(customer_id)
        .bind(src)
        .bind(y)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        let Some((fractions, etag, fetched_at)) = meta else {
            return Ok(None);
        };
        let addresses: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT key, label, kommunkod FROM statistics_addresses
             WHERE customer_id = ? AND source = ? AND year = ? ORDER BY position",
        )
        .bind(customer_id)
        .bind(src)
        .bind(y)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let rows = sqlx::query(&format!(
            "SELECT address, fraction, {} FROM statistics_series
             WHERE customer_id = ? AND source = ? AND year = ? ORDER BY address, fraction",
            month_columns()
        ))
        .bind(customer_id)
        .bind(src)
        .bind(y)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut out = Year::empty(year);
        out.fractions = kretslopp_domain::kommun::split_list(&fractions);
        out.addresses = addresses
            .into_iter()
            .map(|(key, label, kommunkod)| StatisticsAddress {
                key,
                label,
                kommunkod,
            })
            .collect();
        let bad = |what: &str, v: i64| undecodable(what, &v.to_string());
        out.series.reserve(rows.len());
        for row in rows {
            let address: i64 = row.get(0);
            let fraction: i64 = row.get(1);
            let mut s = Series {
                address: u32::try_from(address).map_err(|_| bad("address position", address))?,
                fraction: u32::try_from(fraction)
                    .map_err(|_| bad("fraction position", fraction))?,
                emptyings: Vec::with_capacity(MONTHS),
                grams: Vec::with_capacity(MONTHS),
            };
            for m in 0..MONTHS {
                let n: i64 = row.get(2 + m);
                let g: Option<i64> = row.get(2 + MONTHS + m);
                s.emptyings
                    .push(u32::try_from(n).map_err(|_| bad("emptyings", n))?);
                s.grams.push(
                    g.map(|g| u64::try_from(g).map_err(|_| bad("grams", g)))
                        .transpose()?,
                );
            }
            out.series.push(s);
        }
        out.check()
            .map_err(|e| undecodable("statistics year", &e.to_string()))?;
        Ok(Some(CachedYear {
            year: out,
            etag,
            fetched_at,
        }))
    }
}
