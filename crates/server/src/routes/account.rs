//! The logged-in person's own account: contact details, active customer (Byt kund),
//! devices, data export and account deletion.

use crate::access;
use crate::access::stored_role;
use crate::problem::{ApiError, ApiJson, Fields};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::accounts::{split_kommuner, upsert_account, validate_account};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use kretslopp_api::{
    AccountInput, ActiveCustomerRequest, CustomerSummary, DeviceSession, ErrorCode, Me, Problem,
    UserAccount,
};
use kretslopp_domain::{Permissions, Role};
use serde_json::json;

/// The one person row that deleted accounts' bag orders point at; its `pnr_hmac` is not
/// hex, so no personnummer can ever map to it.
const DELETED_PERSON: &str = "deleted-person";

pub async fn load_me(state: &AppState, person_id: &str) -> Result<Me, ApiError> {
    let (given_name, surname): (String, String) =
        sqlx::query_as("SELECT given_name, surname FROM persons WHERE id = $1")
            .bind(person_id)
            .fetch_one(&state.db)
            .await?;
    type AccountRow = (String, String, String, String, String, Option<String>);
    let account: Option<AccountRow> = sqlx::query_as(
        "SELECT first_name, last_name, email, phone, lang, active_customer_id FROM user_accounts WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_optional(&state.db)
    .await?;
    let customers = customers_of(state, person_id).await?;
    let stored_active = account.as_ref().and_then(|a| a.5.clone());
    let active_customer_id = stored_active
        .filter(|id| {
            customers
                .iter()
                .any(|c| &c.id == id && c.status == "active")
        })
        .or_else(|| {
            customers
                .iter()
                .find(|c| c.status == "active")
                .map(|c| c.id.clone())
        });
    Ok(Me {
        person_id: person_id.to_owned(),
        name: format!("{given_name} {surname}"),
        given_name,
        surname,
        account: account.map(
            |(first_name, last_name, email, phone, lang, _)| UserAccount {
                first_name,
                last_name,
                email,
                phone,
                lang,
            },
        ),
        customers,
        active_customer_id,
    })
}

async fn customers_of(state: &AppState, person_id: &str) -> Result<Vec<CustomerSummary>, ApiError> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.id, c.name, c.kind, c.kundnummer, m.role, m.status FROM memberships m
         JOIN customers c ON c.id = m.customer_id WHERE m.person_id = $1 ORDER BY c.name, c.id",
    )
    .bind(person_id)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|(id, name, kind, kundnummer, role, status)| {
            let role = stored_role(&role)?;
            Ok(CustomerSummary {
                id,
                name,
                kind: access::stored_kind(&kind)?,
                kundnummer,
                role,
                permissions: Permissions::of(role),
                status,
            })
        })
        .collect()
}

/// The logged-in person, their user account and their customers.
#[utoipa::path(get, path = "/v1/me", tag = "account", security(("bearer" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, ApiError> {
    Ok(Json(load_me(&state, &caller.person_id).await?))
}

/// Registers or changes the person's own contact details (first login: "confirm your details").
#[utoipa::path(put, path = "/v1/me/account", tag = "account", security(("bearer" = [])),
    request_body = AccountInput,
    responses(
        (status = 200, body = Me),
        (status = 400, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn put_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<AccountInput>,
) -> Result<Json<Me>, ApiError> {
    let mut fields = Fields::default();
    let valid = validate_account(
        &input.first_name,
        &input.last_name,
        &input.email,
        &input.phone,
        input.lang.as_deref(),
        &mut fields,
    );
    fields.finish()?;
    let valid = valid.ok_or_else(ApiError::internal)?;
    upsert_account(&state.db, &caller.person_id, &valid, state.clock.now_ms()).await?;
    Ok(Json(load_me(&state, &caller.person_id).await?))
}

/// Byt kund: the customer the person acts for.
#[utoipa::path(put, path = "/v1/me/active-customer", tag = "account", security(("bearer" = [])),
    request_body = ActiveCustomerRequest,
    responses(
        (status = 200, body = Me),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an active member of that customer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Register contact details first", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn put_active_customer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<ActiveCustomerRequest>,
) -> Result<Json<Me>, ApiError> {
    access::load(&state.db, &caller.person_id, &req.customer_id).await?;
    let updated =
        sqlx::query("UPDATE user_accounts SET active_customer_id = $2 WHERE person_id = $1")
            .bind(&caller.person_id)
            .bind(&req.customer_id)
            .execute(&state.db)
            .await?
            .rows_affected();
    if updated == 0 {
        return Err(account_required());
    }
    Ok(Json(load_me(&state, &caller.person_id).await?))
}

pub fn account_required() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::AccountRequired,
        "Register your contact details first",
    )
}

/// Logged-in devices: the person's sessions that are still valid.
#[utoipa::path(get, path = "/v1/me/sessions", tag = "account", security(("bearer" = [])),
    responses(
        (status = 200, body = [DeviceSession]),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn sessions(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<DeviceSession>>, ApiError> {
    let now = state.clock.now_ms();
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT id, created_at, last_used_at FROM sessions
         WHERE person_id = $1 AND revoked_at IS NULL AND refresh_expires_at > $2 AND created_at > $3
         ORDER BY last_used_at DESC, id",
    )
    .bind(&caller.person_id)
    .bind(now)
    .bind(now - crate::sessions::ABSOLUTE_MS)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, created_at, last_used_at)| DeviceSession {
                current: id == caller.session_id,
                id,
                created_at,
                last_used_at,
            })
            .collect(),
    ))
}

/// Logs out one of the person's devices.
#[utoipa::path(delete, path = "/v1/me/sessions/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = String, Path, description = "Session id from GET /v1/me/sessions")),
    responses(
        (status = 204, description = "That device is logged out"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of your sessions", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let n = sqlx::query(
        "UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL",
    )
    .bind(&id)
    .bind(&caller.person_id)
    .bind(state.clock.now_ms())
    .execute(&state.db)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::SessionNotFound,
            "No such session of yours",
        ));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Logs out every device, this one included.
#[utoipa::path(delete, path = "/v1/me/sessions", tag = "account", security(("bearer" = [])),
    responses(
        (status = 204, description = "All devices are logged out"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_all_sessions(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL")
        .bind(&caller.person_id)
        .bind(state.clock.now_ms())
        .execute(&state.db)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything stored about the person, as a JSON download (GDPR art. 15/20).
#[utoipa::path(get, path = "/v1/me/export", tag = "account", security(("bearer" = [])),
    responses(
        (status = 200, description = "The person's data", body = Object),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let me = load_me(&state, &caller.person_id).await?;
    let memberships: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT c.name, c.kundnummer, m.role, m.status, m.kommuner, m.created_at FROM memberships m
         JOIN customers c ON c.id = m.customer_id WHERE m.person_id = $1 ORDER BY c.name",
    )
    .bind(&caller.person_id)
    .fetch_all(&state.db)
    .await?;
    let (created_at, last_login_at): (i64, Option<i64>) =
        sqlx::query_as("SELECT created_at, last_login_at FROM persons WHERE id = $1")
            .bind(&caller.person_id)
            .fetch_one(&state.db)
            .await?;
    let sessions: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT created_at, last_used_at, revoked_at FROM sessions WHERE person_id = $1 ORDER BY created_at",
    )
    .bind(&caller.person_id)
    .fetch_all(&state.db)
    .await?;
    let audit: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT action, at, detail FROM audit_log WHERE actor_id = $1 OR subject_id = $1 ORDER BY at",
    )
    .bind(&caller.person_id)
    .fetch_all(&state.db)
    .await?;
    let body = json!({
        "exportedAt": state.clock.now_ms(),
        "person": {
            "givenName": me.given_name,
            "surname": me.surname,
            "createdAt": created_at,
            "lastLoginAt": last_login_at,
            "note": "Your personnummer is not stored; only a keyed hash of it is.",
        },
        "account": me.account,
        "memberships": memberships.into_iter().map(|(name, kundnummer, role, status, kommuner, at)| json!({
            "customer": name, "kundnummer": kundnummer, "role": role, "status": status,
            "kommuner": split_kommuner(&kommuner), "since": at,
        })).collect::<Vec<_>>(),
        "sessions": sessions.into_iter().map(|(c, u, r)| json!({
            "createdAt": c, "lastUsedAt": u, "revokedAt": r,
        })).collect::<Vec<_>>(),
        "auditLog": audit.into_iter().map(|(action, at, detail)| json!({
            "action": action, "at": at,
            "detail": serde_json::from_str::<serde_json::Value>(&detail).unwrap_or_default(),
        })).collect::<Vec<_>>(),
    });
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kretslopp-mina-uppgifter.json\"",
        )],
        Json(body),
    ))
}

/// Deletes the person's account, memberships and sessions. Refused for the last
/// administrator or agreement holder of a customer, with the customer named.
#[utoipa::path(delete, path = "/v1/me", tag = "account", security(("bearer" = [])),
    responses(
        (status = 204, description = "Account deleted; every session ended"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last administrator or holder of a customer", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete_me(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let active: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT m.id, m.customer_id, m.role FROM memberships m JOIN customers c ON c.id = m.customer_id
         WHERE m.person_id = $1 AND m.status = 'active' ORDER BY c.name",
    )
    .bind(&caller.person_id)
    .fetch_all(&mut *tx)
    .await?;
    for (member_id, customer_id, role) in &active {
        let role = Role::parse(role).ok_or_else(ApiError::internal)?;
        access::keep_an_owner(&mut tx, customer_id, member_id, role, None).await?;
    }
    let customers: Vec<(String,)> =
        sqlx::query_as("SELECT customer_id FROM memberships WHERE person_id = $1")
            .bind(&caller.person_id)
            .fetch_all(&mut *tx)
            .await?;
    for (customer_id,) in &customers {
        crate::audit::record(
            &mut *tx,
            crate::audit::Entry {
                customer_id: Some(customer_id),
                actor_id: Some(&caller.person_id),
                action: "account-deleted",
                subject_id: Some(&caller.person_id),
                detail: json!({}),
            },
            now,
        )
        .await?;
    }
    // Bag orders are the customer's history (deliveries, invoices) and stay; the orderer
    // becomes "Borttagen användare", one shared row that identifies nobody.
    sqlx::query(
        "INSERT INTO persons (id, pnr_hmac, given_name, surname, created_at)
         VALUES ($1, $1, 'Borttagen', 'användare', $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(DELETED_PERSON)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE bag_orders SET person_id = $2 WHERE person_id = $1")
        .bind(&caller.person_id)
        .bind(DELETED_PERSON)
        .execute(&mut *tx)
        .await?;
    for sql in [
        "DELETE FROM memberships WHERE person_id = $1",
        "DELETE FROM legacy_link_claims WHERE person_id = $1",
        "DELETE FROM calendar_feeds WHERE person_id = $1",
        "DELETE FROM invites WHERE inviter_id = $1",
        "DELETE FROM notifications WHERE person_id = $1",
        "UPDATE invites SET accepted_by = NULL WHERE accepted_by = $1",
        "DELETE FROM user_accounts WHERE person_id = $1",
        "DELETE FROM sessions WHERE person_id = $1",
        "DELETE FROM bankid_logins WHERE person_id = $1",
        "DELETE FROM persons WHERE id = $1",
    ] {
        sqlx::query(sql)
            .bind(&caller.person_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!("account deleted");
    Ok(StatusCode::NO_CONTENT)
}
