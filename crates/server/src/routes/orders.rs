//! Colour-sorting bags (PRODUCT §6): place, list, read and cancel orders. The rules are
//! `domain::bags`; the order id the app makes up is unique forever, so an order sent again
//! after its idempotency record expired is found, not placed twice. Status changes come
//! from operations (`kretslopp-server orders set-status`), never from this API.

use crate::access::{self, Access};
use crate::audit::{self, Entry};
use crate::problem::{ApiError, ApiJson};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::accounts::in_filter;
use crate::store::orders::{self, OrderRecord};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kretslopp_api::{BagOrder, ErrorCode, NewBagOrder, OrderStatus, Problem};
use kretslopp_domain::bags::{check_order, Refusal};
use kretslopp_domain::{Action, Lang};
use serde_json::json;

fn order_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::OrderNotFound,
        "No such order",
    )
}

fn address_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::AddressNotFound,
        "No such address of this customer",
    )
}

fn id_taken() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::OrderIdTaken,
        "This order id belongs to another order",
    )
    .detail("Make up a new id (a random UUID) for a new order")
}

/// Each broken rule has its own code (`ErrorCode::from(&Refusal)`), so the app can say
/// what to change.
fn refused(r: Refusal) -> ApiError {
    let (status, title) = match r {
        Refusal::NoRolls => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "An order needs at least one roll",
        ),
        Refusal::TooManyRolls { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "An order holds at most three rolls",
        ),
        Refusal::UnknownColour(_) => (StatusCode::UNPROCESSABLE_ENTITY, "No such bag colour"),
        Refusal::RetiredColour(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "This bag colour is no longer handed out",
        ),
        Refusal::NotOfferedHere(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "This bag colour is not handed out in the address's kommun",
        ),
        Refusal::OpenOrderExists => (
            StatusCode::CONFLICT,
            "This address already has an open order",
        ),
    };
    ApiError::new(status, ErrorCode::from(&r), title).detail(r.to_string())
}

/// An order id is a UUID in its canonical lower-case form.
fn canonical_id(id: &str) -> Option<String> {
    let parsed = uuid::Uuid::parse_str(id).ok()?;
    let canonical = parsed.hyphenated().to_string();
    (canonical == id).then_some(canonical)
}

fn visible(access: &Access, record: &OrderRecord) -> bool {
    record.order.customer_id == access.customer_id
        && !record.address_removed
        && in_filter(&access.kommuner, &record.kommunkod)
}

/// Beställ påsar: up to three rolls to the mailbox of one address. Needs an
/// `Idempotency-Key`; the app uses the order's id.
#[utoipa::path(post, path = "/v1/customers/{id}/orders", tag = "orders", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    request_body = NewBagOrder,
    responses(
        (status = 201, description = "Placed", body = BagOrder),
        (status = 200, description = "An order with this id was placed before: that order", body = BagOrder),
        (status = 400, description = "No or a malformed Idempotency-Key, or a malformed order id", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown customer or address", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address has an open order, the id is another order's, or the first request with this key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A broken rule (rolls, colours), or the key was used for another request", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(customer_id): Path<String>,
    ApiJson(input): ApiJson<NewBagOrder>,
) -> Result<Response, ApiError> {
    let order_id = canonical_id(&input.id).ok_or_else(|| {
        ApiError::invalid_field(
            "id",
            "format",
            "An order id is a UUID, such as 8e03978e-40d5-43e8-bc93-6894a57f9324",
        )
    })?;
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &customer_id).await?;
    access.require(Action::OrderBags)?;
    let address: Option<(String, String)> = sqlx::query_as(
        "SELECT kommunkod, street FROM addresses WHERE id = $1 AND customer_id = $2 AND deleted_at IS NULL",
    )
    .bind(&input.address_id)
    .bind(&customer_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (kommunkod, street) = address
        .filter(|(k, _)| in_filter(&access.kommuner, k))
        .ok_or_else(address_not_found)?;
    let catalogue = orders::catalogue(&mut *tx).await?;
    if let Some(existing) = orders::by_id(&mut *tx, &order_id).await? {
        // Placed before (a retry after the key's record expired): that order, if it is
        // this person's same order.
        let same = existing.person_id == caller.person_id
            && existing.order.customer_id == customer_id
            && existing.order.address_id == input.address_id
            && check_order(&input.lines, &orders::offers(&catalogue), &kommunkod, false)
                .is_ok_and(|lines| lines == existing.order.lines);
        return if same {
            Ok((StatusCode::OK, Json(existing.order)).into_response())
        } else {
            Err(id_taken())
        };
    }
    let open = orders::has_open_order(&mut *tx, &input.address_id).await?;
    let lines = check_order(&input.lines, &orders::offers(&catalogue), &kommunkod, open)
        .map_err(refused)?;
    let inserted = sqlx::query(
        "INSERT INTO bag_orders (id, customer_id, address_id, person_id, lines, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'received', $6, $6)",
    )
    .bind(&order_id)
    .bind(&customer_id)
    .bind(&input.address_id)
    .bind(&caller.person_id)
    .bind(serde_json::to_string(&lines).expect("serialisable"))
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        // Another request won a race the checks above could not see (PostgreSQL): the
        // one-open-order index or the id.
        if e.as_database_error()
            .is_some_and(|d| d.is_unique_violation())
        {
            return Err(refused(Refusal::OpenOrderExists));
        }
        return Err(e.into());
    }
    let rolls: u32 = lines.iter().map(|l| l.rolls).sum();
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&customer_id),
            actor_id: Some(&caller.person_id),
            action: "bag-order-placed",
            subject_id: Some(&order_id),
            detail: json!({ "addressId": input.address_id, "lines": lines, "rolls": rolls }),
        },
        now,
    )
    .await?;
    let record = orders::by_id(&mut *tx, &order_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    tx.commit().await?;
    confirm_by_mail(
        &state,
        &caller.person_id,
        &customer_id,
        &street,
        &record.order,
        &catalogue,
    )
    .await;
    Ok((StatusCode::CREATED, Json(record.order)).into_response())
}

/// The orderer's confirmation, in their language, to their registered e-mail.
async fn confirm_by_mail(
    state: &AppState,
    person_id: &str,
    customer_id: &str,
    street: &str,
    order: &BagOrder,
    catalogue: &[kretslopp_api::BagColour],
) {
    let to: Option<(String, String, String)> = match sqlx::query_as(
        "SELECT u.email, u.lang, c.name FROM user_accounts u, customers c WHERE u.person_id = $1 AND c.id = $2",
    )
    .bind(person_id)
    .bind(customer_id)
    .fetch_optional(&state.db)
    .await
    {
        Ok(row) => row,
        Err(e) => {
            tracing::error!(error = %e, "could not read where to confirm an order");
            return;
        }
    };
    let Some((email, lang, customer)) = to else {
        return;
    };
    let lang = Lang::from_tag(&lang);
    let lines: Vec<(String, u32)> = order
        .lines
        .iter()
        .map(|l| {
            let name = catalogue
                .iter()
                .find(|c| c.code == l.colour)
                .map(|c| match lang {
                    Lang::Sv => c.name_sv.clone(),
                    Lang::En => c.name_en.clone(),
                })
                .unwrap_or_else(|| l.colour.clone());
            (name, l.rolls)
        })
        .collect();
    let mail = crate::texts::of(lang).order_confirmed(
        &customer,
        street,
        &lines,
        &kretslopp_domain::bags::order_number(&order.id),
    );
    state.mailer.send(&email, &mail).await;
}

/// Mina beställningar: the customer's orders at the addresses in the member's view, newest
/// first.
#[utoipa::path(get, path = "/v1/customers/{id}/orders", tag = "orders", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, body = [BagOrder]),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(customer_id): Path<String>,
) -> Result<Json<Vec<BagOrder>>, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &customer_id).await?;
    let all = orders::of_customer(&state.db, &customer_id, i64::MIN).await?;
    Ok(Json(
        all.into_iter()
            .filter(|r| visible(&access, r))
            .map(|r| r.order)
            .collect(),
    ))
}

/// One order.
#[utoipa::path(get, path = "/v1/customers/{id}/orders/{orderId}", tag = "orders", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("orderId" = String, Path, description = "Order id")),
    responses(
        (status = 200, body = BagOrder),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((customer_id, order_id)): Path<(String, String)>,
) -> Result<Json<BagOrder>, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &customer_id).await?;
    let record = orders::by_id(&state.db, &order_id)
        .await?
        .filter(|r| visible(&access, r))
        .ok_or_else(order_not_found)?;
    Ok(Json(record.order))
}

/// Avbryt: only while the order is mottagen.
#[utoipa::path(post, path = "/v1/customers/{id}/orders/{orderId}/cancel", tag = "orders", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("orderId" = String, Path, description = "Order id")),
    responses(
        (status = 200, description = "Cancelled (or cancelled before)", body = BagOrder),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is already on its way or delivered", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path((customer_id, order_id)): Path<(String, String)>,
) -> Result<Json<BagOrder>, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &customer_id).await?;
    access.require(Action::OrderBags)?;
    let record = orders::by_id(&mut *tx, &order_id)
        .await?
        .filter(|r| visible(&access, r))
        .ok_or_else(order_not_found)?;
    match record.order.status {
        OrderStatus::Cancelled => return Ok(Json(record.order)),
        status if status.may_cancel() => {}
        _ => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::OrderNotCancellable,
                "Only an order that is received can be cancelled",
            )
            .detail("The order is already on its way or delivered"))
        }
    }
    if !orders::set_status(
        &mut *tx,
        &order_id,
        record.order.status,
        OrderStatus::Cancelled,
        now,
    )
    .await?
    {
        return Err(ApiError::internal());
    }
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&customer_id),
            actor_id: Some(&caller.person_id),
            action: "bag-order-cancelled",
            subject_id: Some(&order_id),
            detail: json!({ "from": record.order.status }),
        },
        now,
    )
    .await?;
    let updated = orders::by_id(&mut *tx, &order_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    tx.commit().await?;
    Ok(Json(updated.order))
}
