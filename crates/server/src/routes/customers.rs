//! One customer account as its members see and manage it: Mina uppgifter, Administrera
//! användare, kommun filters and legacy linking. Every handler starts from the caller's
//! membership (`access::load`), inside the transaction of any change it makes.

use crate::access::{self, member_not_found, Access};
use crate::audit::{self, Entry};
use crate::notices;
use crate::problem::{ApiError, ApiJson, Fields};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::accounts::{customer_name, split_kommuner};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kretslopp_api::{
    CustomerDetails, ErrorCode, InvoiceAddress, InvoiceAddressInput, KommunFilter, KommunRef,
    LegacyLinkingSetting, Member, Problem, RoleChange,
};
use kretslopp_domain::{contact, kommun, may, Action, CustomerKind, Lang, Permissions, Role};
use serde_json::json;

/// Kommuner where the customer has pickup addresses, sorted by name.
async fn served_kommuner<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    customer_id: &str,
) -> Result<Vec<KommunRef>, ApiError> {
    let codes: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT kommunkod FROM addresses WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_all(db)
            .await?;
    let mut out: Vec<KommunRef> = codes
        .into_iter()
        .filter_map(|(c,)| kommun::by_code(&c))
        .map(|k| KommunRef {
            code: k.code.to_owned(),
            name: k.name.to_owned(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

type CustomerRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// Mina uppgifter: the customer's details as the caller may see them.
#[utoipa::path(get, path = "/v1/customers/{id}", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, body = CustomerDetails),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer among yours", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn details(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CustomerDetails>, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &id).await?;
    let row: CustomerRow = sqlx::query_as(
        "SELECT name, kundnummer, identity_masked, kind, invoice_line1, invoice_line2, invoice_postal_code,
                invoice_city, legacy_link_closed_at FROM customers WHERE id = $1",
    )
    .bind(&id)
    .fetch_one(&state.db)
    .await?;
    let (name, kundnummer, identity_masked, _, line1, line2, postal_code, city, closed) = row;
    let (address_count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM addresses WHERE customer_id = $1")
            .bind(&id)
            .fetch_one(&state.db)
            .await?;
    let invoice_address = match (line1, postal_code, city) {
        (Some(line1), Some(postal_code), Some(city)) => Some(InvoiceAddress {
            line1,
            line2,
            postal_code,
            city,
        }),
        _ => None,
    };
    Ok(Json(CustomerDetails {
        id: id.clone(),
        name,
        kind: access.kind,
        kundnummer,
        identity_masked,
        invoice_address,
        member_id: access.member_id.clone(),
        role: access.role,
        permissions: Permissions::of(access.role),
        kommuner: served_kommuner(&state.db, &id).await?,
        my_kommuner: access.kommuner.clone(),
        address_count: address_count as u32,
        legacy_linking_open: may(access.role, Action::SetLegacyLinking)
            .then(|| closed.is_none() && !linking_period_over(&state)),
    }))
}

fn linking_period_over(state: &AppState) -> bool {
    state
        .legacy_linking_ends
        .is_some_and(|end| state.clock.now_ms() >= end)
}

/// Changes the invoice address (administrators and agreement holders).
#[utoipa::path(put, path = "/v1/customers/{id}/invoice-address", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    request_body = InvoiceAddressInput,
    responses(
        (status = 200, body = InvoiceAddress),
        (status = 400, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only administrators and holders", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn put_invoice_address(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<InvoiceAddressInput>,
) -> Result<Json<InvoiceAddress>, ApiError> {
    let mut fields = Fields::default();
    let line1 = fields.check(
        "line1",
        contact::text(&input.line1, "Enter the street address"),
    );
    let line2 = match input.line2.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(l) => fields.check("line2", contact::text(l, "")).map(Some),
    };
    let postal_code = fields.check("postalCode", contact::postnummer(&input.postal_code));
    let city = fields.check("city", contact::text(&input.city, "Enter the city"));
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &id).await?;
    access.require(Action::EditInvoiceAddress)?;
    fields.finish()?;
    let address = InvoiceAddress {
        line1: line1.ok_or_else(ApiError::internal)?,
        line2: line2.ok_or_else(ApiError::internal)?,
        postal_code: postal_code.ok_or_else(ApiError::internal)?,
        city: city.ok_or_else(ApiError::internal)?,
    };
    sqlx::query(
        "UPDATE customers SET invoice_line1 = $2, invoice_line2 = $3, invoice_postal_code = $4, invoice_city = $5
         WHERE id = $1",
    )
    .bind(&id)
    .bind(&address.line1)
    .bind(&address.line2)
    .bind(&address.postal_code)
    .bind(&address.city)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&id),
            actor_id: Some(&caller.person_id),
            action: "invoice-address-changed",
            subject_id: None,
            detail: json!({ "postalCode": address.postal_code, "city": address.city }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(address))
}

/// Administrera användare: the customer's members with role and last login.
#[utoipa::path(get, path = "/v1/customers/{id}/members", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, body = [Member]),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only administrators and holders", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Member>>, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &id).await?;
    access.require(Action::ManageMembers)?;
    type Row = (
        String,
        String,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.id, m.role, m.status, m.kommuner, m.person_id, p.last_login_at, u.first_name, u.last_name, u.email,
                p.given_name || ' ' || p.surname
         FROM memberships m JOIN persons p ON p.id = m.person_id
         LEFT JOIN user_accounts u ON u.person_id = m.person_id
         WHERE m.customer_id = $1 ORDER BY m.status DESC, p.surname, p.given_name, m.id",
    )
    .bind(&id)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(
                |(
                    member_id,
                    role,
                    status,
                    kommuner,
                    person_id,
                    last_login_at,
                    first,
                    last,
                    email,
                    bankid_name,
                )| {
                    Ok(Member {
                        is_me: person_id == caller.person_id,
                        id: member_id,
                        name: match (first, last) {
                            (Some(f), Some(l)) => format!("{f} {l}"),
                            _ => bankid_name,
                        },
                        email,
                        role: access::stored_role(&role)?,
                        status,
                        last_login_at,
                        kommuner: split_kommuner(&kommuner),
                    })
                },
            )
            .collect::<Result<_, ApiError>>()?,
    ))
}

struct Target {
    person_id: String,
    role: Role,
    status: String,
}

async fn target<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    access: &Access,
    member_id: &str,
) -> Result<Target, ApiError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT person_id, role, status FROM memberships WHERE id = $1 AND customer_id = $2",
    )
    .bind(member_id)
    .bind(&access.customer_id)
    .fetch_optional(db)
    .await?;
    let (person_id, role, status) = row.ok_or_else(member_not_found)?;
    Ok(Target {
        person_id,
        role: Role::parse(&role).ok_or_else(ApiError::internal)?,
        status,
    })
}

/// Changes a company member's role. The last administrator cannot be demoted.
#[utoipa::path(patch, path = "/v1/customers/{id}/members/{memberId}", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("memberId" = String, Path, description = "Member id")),
    request_body = RoleChange,
    responses(
        (status = 204, description = "Role changed"),
        (status = 400, description = "Not a role of this kind of customer", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last administrator, or approval pending", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change_role(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, member_id)): Path<(String, String)>,
    ApiJson(change): ApiJson<RoleChange>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &id).await?;
    access.require(Action::ChangeRoles)?;
    if access.kind != CustomerKind::Company || change.role.kind() != CustomerKind::Company {
        return Err(ApiError::invalid_field(
            "role",
            "not-allowed",
            "Only a company member's role can change, to admin or user",
        ));
    }
    access::lock_customer(&mut *tx, &id).await?;
    let t = target(&mut *tx, &access, &member_id).await?;
    if t.status != "active" {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::MemberPending,
            "Approve the member before changing their role",
        ));
    }
    if t.role == change.role {
        return Ok(StatusCode::NO_CONTENT);
    }
    access::keep_an_owner(&mut tx, &id, &member_id, t.role, Some(change.role)).await?;
    sqlx::query("UPDATE memberships SET role = $2 WHERE id = $1")
        .bind(&member_id)
        .bind(change.role.as_str())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&id),
            actor_id: Some(&caller.person_id),
            action: "role-changed",
            subject_id: Some(&t.person_id),
            detail: json!({ "from": t.role.as_str(), "to": change.role.as_str() }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approves a member waiting after a legacy link; they are told by e-mail.
#[utoipa::path(post, path = "/v1/customers/{id}/members/{memberId}/approve", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("memberId" = String, Path, description = "Member id")),
    responses(
        (status = 204, description = "Approved"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting for approval", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, member_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &id).await?;
    access.require(Action::ManageMembers)?;
    let t = target(&mut *tx, &access, &member_id).await?;
    let changed = sqlx::query(
        "UPDATE memberships SET status = 'active', approved_at = $2 WHERE id = $1 AND status = 'pending'",
    )
    .bind(&member_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::NotPending,
            "This member is not waiting for approval",
        ));
    }
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&id),
            actor_id: Some(&caller.person_id),
            action: "member-approved",
            subject_id: Some(&t.person_id),
            detail: json!({ "role": t.role.as_str() }),
        },
        now,
    )
    .await?;
    crate::store::notifications::settle(&mut tx, "approval-waiting", &member_id, now).await?;
    let name = customer_name(&mut *tx, &id).await?;
    let contact: Option<(String, String)> =
        sqlx::query_as("SELECT email, lang FROM user_accounts WHERE person_id = $1")
            .bind(&t.person_id)
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;
    if let Some((email, lang)) = contact {
        state
            .mailer
            .send(&email, &notices::approved(Lang::from_tag(&lang), &name))
            .await;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a member (or declines a pending one); their access ends with their next request.
#[utoipa::path(delete, path = "/v1/customers/{id}/members/{memberId}", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("memberId" = String, Path, description = "Member id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last administrator or holder", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, member_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &id).await?;
    access.require(Action::ManageMembers)?;
    access::lock_customer(&mut *tx, &id).await?;
    let t = target(&mut *tx, &access, &member_id).await?;
    if t.status == "active" {
        access::keep_an_owner(&mut tx, &id, &member_id, t.role, None).await?;
    }
    crate::store::notifications::settle(&mut tx, "approval-waiting", &member_id, now).await?;
    sqlx::query("DELETE FROM memberships WHERE id = $1")
        .bind(&member_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&id),
            actor_id: Some(&caller.person_id),
            action: "member-removed",
            subject_id: Some(&t.person_id),
            detail: json!({ "role": t.role.as_str(), "status": t.status }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets a member's kommun filter: their own, or anyone's for holders and administrators.
/// Only kommuner where the customer has addresses; empty means all.
#[utoipa::path(put, path = "/v1/customers/{id}/members/{memberId}/kommuner", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("memberId" = String, Path, description = "Member id")),
    request_body = KommunFilter,
    responses(
        (status = 200, body = KommunFilter),
        (status = 400, description = "Unknown kommun, or none of the customer's addresses there", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_kommuner(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, member_id)): Path<(String, String)>,
    ApiJson(filter): ApiJson<KommunFilter>,
) -> Result<Json<KommunFilter>, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &id).await?;
    if access.member_id != member_id {
        access.require(Action::ManageMembers)?;
    }
    let t = target(&mut *tx, &access, &member_id).await?;
    let served = served_kommuner(&mut *tx, &id).await?;
    let mut fields = Fields::default();
    let mut codes: Vec<String> = Vec::new();
    for (i, code) in filter.kommuner.iter().enumerate() {
        let field = format!("kommuner[{i}]");
        if kommun::by_code(code).is_none() {
            fields.add(
                &field,
                "unknown",
                "Not a kommunkod (four digits, e.g. 0180)",
            );
        } else if !served.iter().any(|k| &k.code == code) {
            fields.add(
                &field,
                "not-served",
                "The customer has no pickup address in this kommun",
            );
        } else if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    fields.finish()?;
    codes.sort();
    sqlx::query("UPDATE memberships SET kommuner = $2 WHERE id = $1")
        .bind(&member_id)
        .bind(codes.join(","))
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&id),
            actor_id: Some(&caller.person_id),
            action: "kommun-filter-changed",
            subject_id: Some(&t.person_id),
            detail: json!({ "kommuner": codes }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(KommunFilter { kommuner: codes }))
}

/// Opens or closes linking of old customer numbers for this company (administrators).
#[utoipa::path(put, path = "/v1/customers/{id}/legacy-linking", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    request_body = LegacyLinkingSetting,
    responses(
        (status = 200, body = LegacyLinkingSetting),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Company administrators only", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_legacy_linking(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(setting): ApiJson<LegacyLinkingSetting>,
) -> Result<Json<LegacyLinkingSetting>, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &id).await?;
    access.require(Action::SetLegacyLinking)?;
    // Reopening also lifts a lock from failed attempts and forgives them: an
    // administrator vouches for it.
    sqlx::query(
        "UPDATE customers SET legacy_link_closed_at = $2, legacy_link_locked_at = NULL,
             legacy_link_reopen_hash = NULL, legacy_link_reopened_at = $3 WHERE id = $1",
    )
    .bind(&id)
    .bind((!setting.open).then_some(now))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&id),
            actor_id: Some(&caller.person_id),
            action: if setting.open {
                "legacy-linking-opened"
            } else {
                "legacy-linking-closed"
            },
            subject_id: None,
            detail: json!({}),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(LegacyLinkingSetting {
        open: setting.open && !linking_period_over(&state),
    }))
}

/// All 290 kommuner (SCB codes and names).
#[utoipa::path(get, path = "/v1/kommuner", tag = "reference",
    responses((status = 200, body = [KommunRef])))]
pub async fn kommuner() -> Json<Vec<KommunRef>> {
    Json(
        kommun::all()
            .iter()
            .map(|k| KommunRef {
                code: k.code.to_owned(),
                name: k.name.to_owned(),
            })
            .collect(),
    )
}
