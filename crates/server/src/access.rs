//! Tenant scoping. Every customer resource is reached through the caller's membership,
//! loaded per request, so a removed member loses access on their next request and a
//! non-member cannot even learn that a customer exists (404, not 403).

use crate::problem::ApiError;
use axum::http::StatusCode;
use kretslopp_api::ErrorCode;
use kretslopp_domain::roles::leaves_no_owner;
use kretslopp_domain::{may, Action, CustomerKind, Role};
use sqlx::{Any, Executor};

#[derive(Debug, Clone)]
pub struct Access {
    pub member_id: String,
    pub customer_id: String,
    pub kind: CustomerKind,
    pub role: Role,
    /// The member's kommun filter; empty means all.
    pub kommuner: Vec<String>,
}

pub fn customer_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::CustomerNotFound,
        "No such customer",
    )
}

pub fn member_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::MemberNotFound,
        "No such member of this customer",
    )
}

pub fn forbidden() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
        "Your role on this customer does not allow this",
    )
}

/// The caller's active membership of `customer_id`.
pub async fn load<'e, E: Executor<'e, Database = Any>>(
    db: E,
    person_id: &str,
    customer_id: &str,
) -> Result<Access, ApiError> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT m.id, c.kind, m.role, m.kommuner FROM memberships m JOIN customers c ON c.id = m.customer_id
         WHERE m.customer_id = $1 AND m.person_id = $2 AND m.status = 'active'",
    )
    .bind(customer_id)
    .bind(person_id)
    .fetch_optional(db)
    .await?;
    let (member_id, kind, role, kommuner) = row.ok_or_else(customer_not_found)?;
    Ok(Access {
        member_id,
        customer_id: customer_id.to_owned(),
        kind: stored_kind(&kind)?,
        role: stored_role(&role)?,
        kommuner: crate::store::accounts::split_kommuner(&kommuner),
    })
}

impl Access {
    /// 403 unless the caller's role may do `action` (`domain::may`, the one table).
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if may(self.role, action) {
            Ok(())
        } else {
            Err(forbidden())
        }
    }
}

/// A customer kind as stored. Anything else is a broken row, and an error rather than a
/// silent default that would hand out the wrong permissions.
pub fn stored_kind(s: &str) -> Result<CustomerKind, ApiError> {
    CustomerKind::parse(s).ok_or_else(|| {
        tracing::error!(kind = %s, "unknown customer kind in the database");
        ApiError::internal()
    })
}

/// A membership role as stored; see [`stored_kind`].
pub fn stored_role(s: &str) -> Result<Role, ApiError> {
    Role::parse(s).ok_or_else(|| {
        tracing::error!(role = %s, "unknown membership role in the database");
        ApiError::internal()
    })
}

/// Takes the customer's row lock for the rest of the transaction, so checks such as
/// "never fewer than one administrator" and the change they guard cannot interleave with
/// another request's (PostgreSQL row lock; SQLite's single writer does the same).
pub async fn lock_customer<'e, E: Executor<'e, Database = Any>>(
    db: E,
    customer_id: &str,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE customers SET id = id WHERE id = $1")
        .bind(customer_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Takes the person's row lock for the rest of the transaction, for rules of the form
/// "at most one live X per person" (revoke the old, insert the new).
pub async fn lock_person<'e, E: Executor<'e, Database = Any>>(
    db: E,
    person_id: &str,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE persons SET id = id WHERE id = $1")
        .bind(person_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Refuses (409 `last-owner`) a change of an active member from `current` to `next`
/// (`None`: leaving) that would leave the customer without an administrator or holder
/// (`domain::roles::leaves_no_owner`). Run inside the change's transaction: it takes the
/// customer's lock, so two concurrent changes cannot both pass.
pub async fn keep_an_owner(
    tx: &mut sqlx::AnyConnection,
    customer_id: &str,
    member_id: &str,
    current: Role,
    next: Option<Role>,
) -> Result<(), ApiError> {
    if !current.is_owner() {
        return Ok(());
    }
    lock_customer(&mut *tx, customer_id).await?;
    let (others,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM memberships WHERE customer_id = $1 AND id <> $2
         AND status = 'active' AND role IN ('holder', 'admin')",
    )
    .bind(customer_id)
    .bind(member_id)
    .fetch_one(&mut *tx)
    .await?;
    if !leaves_no_owner(current, next, others) {
        return Ok(());
    }
    let (name,): (String,) = sqlx::query_as("SELECT name FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(&mut *tx)
        .await?;
    Err(last_owner(&name))
}

fn last_owner(customer_name: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::LastOwner,
        "A customer needs at least one administrator or agreement holder",
    )
    .detail(format!(
        "{customer_name} would have no administrator or agreement holder left; appoint another one first"
    ))
}
