//! Statistik and Statistikarkivet in [`Core`]: each year is fetched (conditionally) when
//! the screen asks for it online and kept in the cache, and every view and CSV export is
//! made from the cache with `domain::statistics`, so they work the same offline.

use crate::api_client::IfChanged;
use crate::core::Core;
use crate::error::CoreError;
use crate::view::StatisticsView;
use kretslopp_api::{KommunRef, StatisticsOverview, Year};
use kretslopp_domain::statistics::{self, CsvFormat, Filter};
use kretslopp_domain::Lang;

fn year_path(customer_id: &str, archive: bool, year: i32) -> String {
    let area = if archive { "archive" } else { "statistics" };
    format!("v1/customers/{customer_id}/{area}/{year}")
}

impl Core {
    /// What the cache holds for `year` (none: the newest year there is), through `filter`.
    pub async fn statistics(
        &self,
        customer_id: &str,
        archive: bool,
        year: Option<i32>,
        filter: &Filter,
    ) -> Result<StatisticsView, CoreError> {
        let cache = self.open_cache().await?;
        let available = cache.statistics_available(customer_id, archive).await?;
        let year = year.or_else(|| available.years.last().copied());
        let cached = match year {
            Some(y) => cache.statistics_year(customer_id, archive, y).await?,
            None => None,
        };
        let catalogue = cache.fractions().await?;
        let mut view = StatisticsView {
            archive,
            years: available.years,
            migration_date: available.migration_date,
            year,
            fetched_at: cached.as_ref().map(|c| c.fetched_at),
            summary: None,
            addresses: Vec::new(),
            kommuner: Vec::new(),
            fractions: Vec::new(),
        };
        if let Some(c) = cached {
            // A filter for an address or kommun the year does not have shows everything.
            let mut filter = filter.clone();
            if filter
                .address
                .as_ref()
                .is_some_and(|a| !c.year.addresses.iter().any(|x| x.key == *a))
            {
                filter.address = None;
            }
            let summary = statistics::summarise(&c.year, &filter);
            view.fractions = summary
                .fractions
                .iter()
                .filter_map(|code| catalogue.iter().find(|f| f.code == *code).cloned())
                .collect();
            view.kommuner = statistics::kommuner(&c.year)
                .into_iter()
                .map(|code| KommunRef {
                    name: kretslopp_domain::kommun::name_or_code(&code),
                    code,
                })
                .collect();
            view.addresses = c.year.addresses;
            view.summary = Some(summary);
        }
        Ok(view)
    }

    /// Asks the server which years there are and fetches `year` (none: the newest) unless
    /// the cached copy is current; then answers as [`statistics`](Self::statistics).
    pub async fn refresh_statistics(
        &self,
        customer_id: &str,
        archive: bool,
        year: Option<i32>,
        filter: &Filter,
    ) -> Result<StatisticsView, CoreError> {
        let cache = self.open_cache().await?;
        let overview: StatisticsOverview = self
            .send(
                reqwest::Method::GET,
                &format!("v1/customers/{customer_id}/statistics"),
                None::<&()>,
            )
            .await?;
        cache
            .set_statistics_available(customer_id, &overview)
            .await?;
        let years = if archive {
            &overview.archive_years
        } else {
            &overview.years
        };
        if let Some(y) = year.filter(|y| years.contains(y)).or(years.last().copied()) {
            let etag = cache
                .statistics_year(customer_id, archive, y)
                .await?
                .and_then(|c| c.etag);
            let api = &self.api;
            let path = year_path(customer_id, archive, y);
            let answer = self
                .session
                .authorized(|token| {
                    let (path, etag) = (path.clone(), etag.clone());
                    async move {
                        api.get_if_changed::<Year>(&path, &token, etag.as_deref())
                            .await
                    }
                })
                .await?;
            let now = self.clock.now_ms();
            match answer {
                IfChanged::NotModified => {
                    if let Some(c) = cache.statistics_year(customer_id, archive, y).await? {
                        cache
                            .set_statistics_year(
                                customer_id,
                                archive,
                                &c.year,
                                c.etag.as_deref(),
                                now,
                            )
                            .await?;
                    }
                }
                IfChanged::Changed { body, etag } => {
                    body.check().map_err(|e| {
                        CoreError::new(kretslopp_api::ErrorCode::BadResponse, e.to_string())
                    })?;
                    cache
                        .set_statistics_year(customer_id, archive, &body, etag.as_deref(), now)
                        .await?;
                }
            }
        }
        self.statistics(customer_id, archive, year, filter).await
    }

    /// The cached year through `filter` as CSV, named for saving.
    pub async fn statistics_csv(
        &self,
        customer_id: &str,
        archive: bool,
        year: i32,
        filter: &Filter,
        format: CsvFormat,
        lang: Lang,
    ) -> Result<(String, String), CoreError> {
        let cache = self.open_cache().await?;
        let cached = cache
            .statistics_year(customer_id, archive, year)
            .await?
            .ok_or_else(|| {
                CoreError::new(
                    kretslopp_api::ErrorCode::StatisticsNotCached,
                    "this year's statistics are not on this device",
                )
            })?;
        let catalogue = cache.fractions().await?;
        let name = |code: &str| kretslopp_api::fraction_name(&catalogue, code, lang);
        Ok((
            statistics::file_name(year, archive, lang),
            statistics::csv(&cached.year, filter, format, lang, &name),
        ))
    }
}
