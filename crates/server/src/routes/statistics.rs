//! Statistik and Statistikarkivet (PRODUCT §8), as JSON for the app's cache and as CSV for
//! spreadsheets. Every member sees their customer's statistics within their kommun filter.
//! The archive is its own table behind its own paths; nothing here adds the two.

use crate::access;
use crate::problem::{ApiError, ApiQuery, Fields};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::statistics;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kretslopp_api::{CsvQuery, Problem, StatisticsOverview, Year};
use kretslopp_domain::statistics::{csv, file_name, CsvFormat, Filter};
use kretslopp_domain::Lang;

/// The year of a path, 1900–2200 like every date of this API.
fn year_of(s: &str) -> Result<i32, ApiError> {
    s.parse::<i32>()
        .ok()
        .filter(|y| s.len() == 4 && kretslopp_domain::statistics::year_in_range(*y))
        .ok_or_else(|| {
            ApiError::invalid_field("year", "format", "A year is four digits, 1900–2200")
        })
}

/// A year of the pickup records' statistics or of Statistikarkivet (never both), as the
/// caller's membership and kommun filter see it.
async fn load(
    state: &AppState,
    caller: &Caller,
    customer_id: &str,
    year: &str,
    archive: bool,
) -> Result<Year, ApiError> {
    let access = access::load(&state.db, &caller.person_id, customer_id).await?;
    let year = year_of(year)?;
    if archive {
        statistics::archive_year(&state.db, customer_id, &access.kommuner, year).await
    } else {
        statistics::year(&state.db, customer_id, &access.kommuner, year).await
    }
}

/// A JSON answer with an ETag; the same ETag in `If-None-Match` gets a 304.
fn year_response(headers: &HeaderMap, year: &Year) -> Response {
    let json = serde_json::to_vec(year).expect("serialisable");
    let etag = crate::conditional::etag(&json);
    if crate::conditional::none_match(headers, &etag) == Some(true) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        json,
    )
        .into_response()
}

async fn csv_response(
    state: &AppState,
    year: &Year,
    q: &CsvQuery,
    archive: bool,
) -> Result<Response, ApiError> {
    let mut fields = Fields::default();
    let format = match q.format.as_deref() {
        None => CsvFormat::Spreadsheet,
        Some(f) => CsvFormat::parse(f).unwrap_or_else(|| {
            fields.add("format", "format", "The format is spreadsheet or rfc4180");
            CsvFormat::Spreadsheet
        }),
    };
    let lang = fields
        .check(
            "lang",
            q.lang.as_deref().map_or(Ok(Lang::Sv), Lang::parse_code),
        )
        .unwrap_or_default();
    fields.finish()?;
    let catalogue = crate::store::feed::fractions(state, None).await?;
    let name = |code: &str| kretslopp_api::fraction_name(&catalogue, code, lang);
    let body = csv(year, &Filter::default(), format, lang, &name);
    let header_param = "; header=present";
    Ok((
        [
            (
                header::CONTENT_TYPE,
                format!("text/csv; charset=utf-8{header_param}"),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"",
                    file_name(year.year, archive, lang)
                ),
            ),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// Which years there are statistics for, and which are in Statistikarkivet.
#[utoipa::path(get, path = "/v1/customers/{id}/statistics", tag = "statistics", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, body = StatisticsOverview),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<StatisticsOverview>, ApiError> {
    access::load(&state.db, &caller.person_id, &id).await?;
    Ok(Json(statistics::overview(&state.db, &id).await?))
}

/// One year from the pickup records: emptyings and weights per address, fraction and
/// month, within the member's kommun filter.
#[utoipa::path(get, path = "/v1/customers/{id}/statistics/{year}", tag = "statistics", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("year" = String, Path, description = "Four digits")),
    responses(
        (status = 200, body = Year, headers(("ETag" = String, description = "Send back as If-None-Match"))),
        (status = 304, description = "Unchanged since the answer with this ETag"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn year(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((id, year)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let y = load(&state, &caller, &id, &year, false).await?;
    Ok(year_response(&headers, &y))
}

/// The same year as CSV.
#[utoipa::path(get, path = "/v1/customers/{id}/statistics/{year}/csv", tag = "statistics", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("year" = String, Path, description = "Four digits"), CsvQuery),
    responses(
        (status = 200, description = "One row per address, fraction and month", content_type = "text/csv", body = String),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn year_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, year)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<CsvQuery>,
) -> Result<Response, ApiError> {
    let y = load(&state, &caller, &id, &year, false).await?;
    csv_response(&state, &y, &q, false).await
}

/// One year of Statistikarkivet: the old system's figures from before the migration date.
#[utoipa::path(get, path = "/v1/customers/{id}/archive/{year}", tag = "statistics", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("year" = String, Path, description = "Four digits")),
    responses(
        (status = 200, body = Year, headers(("ETag" = String, description = "Send back as If-None-Match"))),
        (status = 304, description = "Unchanged since the answer with this ETag"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn archive_year(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((id, year)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let y = load(&state, &caller, &id, &year, true).await?;
    Ok(year_response(&headers, &y))
}

/// The same archive year as CSV.
#[utoipa::path(get, path = "/v1/customers/{id}/archive/{year}/csv", tag = "statistics", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("year" = String, Path, description = "Four digits"), CsvQuery),
    responses(
        (status = 200, description = "One row per address, fraction and month", content_type = "text/csv", body = String),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn archive_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, year)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<CsvQuery>,
) -> Result<Response, ApiError> {
    let y = load(&state, &caller, &id, &year, true).await?;
    csv_response(&state, &y, &q, true).await
}
