//! Mina aktiva tjänster and Hämtkalender: a customer's services and their pickups, expanded
//! from schedule rules with `domain::calendar::expand` (the same code the app runs). The
//! member's kommun filter applies.

use crate::access;
use crate::problem::{ApiError, ApiQuery, Fields};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::accounts::in_filter;
use crate::store::services::{date_range, format_date, load_services};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kretslopp_api::{CalendarEntry, CalendarQuery, ErrorCode, Problem, ServiceView};
use kretslopp_domain::calendar::{expand, listing_order};

/// Mina aktiva tjänster, with the next pickup of each.
#[utoipa::path(get, path = "/v1/customers/{id}/services", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, body = [ServiceView]),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn services(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<ServiceView>>, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &id).await?;
    let all = load_services(&state, &id, &access.kommuner).await?;
    Ok(Json(all.into_iter().map(|s| s.view).collect()))
}

/// Hämtkalender: pickups in a date range (at most two years), optionally for one address
/// or service.
#[utoipa::path(get, path = "/v1/customers/{id}/calendar", tag = "services", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), CalendarQuery),
    responses(
        (status = 200, body = [CalendarEntry]),
        (status = 400, description = "Malformed dates, or a range over two years", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown customer, address or service", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn calendar(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<CalendarQuery>,
) -> Result<Json<Vec<CalendarEntry>>, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &id).await?;
    let mut fields = Fields::default();
    let range = date_range(&q.from, &q.to, &mut fields);
    fields.finish()?;
    let (from, to) = range.ok_or_else(ApiError::internal)?;
    // Address and service ids are checked against the customer unfiltered: a filtered-out
    // address is hidden, an unknown one is an error.
    let all = load_services(&state, &id, &[]).await?;
    if let Some(a) = &q.address_id {
        if !all.iter().any(|s| &s.view.address.id == a) {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM addresses WHERE id = $1 AND customer_id = $2")
                    .bind(a)
                    .bind(&id)
                    .fetch_one(&state.db)
                    .await?;
            if n == 0 {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    ErrorCode::AddressNotFound,
                    "No such address of this customer",
                ));
            }
        }
    }
    if let Some(sid) = &q.service_id {
        if !all.iter().any(|s| &s.view.id == sid) {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::ServiceNotFound,
                "No such service of this customer",
            ));
        }
    }
    let mut entries = Vec::new();
    for s in all.iter().filter(|s| {
        in_filter(&access.kommuner, &s.view.address.kommunkod)
            && q.address_id
                .as_ref()
                .is_none_or(|a| &s.view.address.id == a)
            && q.service_id.as_ref().is_none_or(|x| &s.view.id == x)
    }) {
        for p in expand(&s.rule, &s.exceptions, s.policy, from, to) {
            entries.push((
                p.date,
                CalendarEntry {
                    service_id: s.view.id.clone(),
                    address_id: s.view.address.id.clone(),
                    fraction_code: s.view.fraction.code.clone(),
                    date: format_date(p.date),
                    original_date: p.original.map(format_date),
                    extra: p.extra,
                },
            ));
        }
    }
    entries.sort_by(|(d, a), (e, b)| {
        listing_order(*d, &a.address_id, &a.service_id).cmp(&listing_order(
            *e,
            &b.address_id,
            &b.service_id,
        ))
    });
    Ok(Json(entries.into_iter().map(|(_, e)| e).collect()))
}
