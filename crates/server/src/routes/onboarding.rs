//! A company's first login (PRODUCT §3): the old shared login's customer number and the
//! last four digits of the organisation number, then "Skapa användarkonto".
//!
//! The four digits are public, so a match is only a claim: attempts are capped per BankID
//! identity and per customer number (counted in the database), and "no such customer" and
//! "wrong digits" answer identically. No single identity can lock a customer out: one
//! person's failures lock only that person, and the customer-wide lock needs failures from
//! several identities. The customer is then told, and can reopen linking from the e-mail it
//! has registered (a single-use link; no administrator needed). The first linker becomes
//! administrator; later ones wait for an administrator's approval.

use crate::access;
use crate::audit::{self, Entry};
use crate::notices;
use crate::problem::{ApiError, ApiJson, Fields};
use crate::secrets::sha256_hex;
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::accounts::{upsert_account, validate_account};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use kretslopp_api::{
    CustomerSummary, ErrorCode, LegacyLinkClaim, LegacyLinkRequest, Problem, RegisterCompanyUser,
};
use kretslopp_domain::notifications::Event;
use kretslopp_domain::{CustomerKind, Lang, Orgnr, Role};
use serde_json::json;

/// Failed attempts one BankID identity may make per window before it is refused.
pub const MAX_FAILURES_PER_IDENTITY: i64 = 5;
pub const IDENTITY_WINDOW_MS: i64 = 30 * 24 * 3600 * 1000;
/// Distinct identities failing on one customer number per window before the customer's
/// self-service link locks. One identity alone can never reach it: it is capped at
/// `MAX_FAILURES_PER_IDENTITY` failures, and they count once here.
pub const MAX_IDENTITIES_PER_NUMBER: i64 = 5;
pub const NUMBER_WINDOW_MS: i64 = 24 * 3600 * 1000;
/// How long the reopen link in the lock e-mail works.
pub const REOPEN_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
pub const CLAIM_TTL_MS: i64 = 30 * 60 * 1000;

fn link_failed() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::LegacyLinkFailed,
        "The customer number and digits do not match a company account that can be linked",
    )
    .detail("Check the old customer number and the last four digits of the organisation number. If they are right, contact customer service.")
}

/// Checks the old customer number and the last four digits of the organisation number.
#[utoipa::path(post, path = "/v1/onboarding/legacy-link", tag = "onboarding", security(("bearer" = [])),
    request_body = LegacyLinkRequest,
    responses(
        (status = 201, description = "Matched; finish with POST /v1/onboarding/company", body = LegacyLinkClaim),
        (status = 400, description = "Malformed number or digits", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member of that customer", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The migration period is over", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No match (the same answer whatever the reason)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts by this person", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn legacy_link(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<LegacyLinkRequest>,
) -> Result<(StatusCode, Json<LegacyLinkClaim>), ApiError> {
    let now = state.clock.now_ms();
    if state.legacy_linking_ends.is_some_and(|end| now >= end) {
        return Err(ApiError::new(
            StatusCode::GONE,
            ErrorCode::LegacyLinkingEnded,
            "Old customer numbers can no longer be linked; ask your company's administrator for an invitation",
        ));
    }
    let number: String = req
        .customer_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // People often type the whole organisation number; it is checked and its last four used.
    let typed = req.orgnr_last_four.trim();
    let mut four = String::new();
    let mut fields = Fields::default();
    if number.is_empty() {
        fields.add(
            "customerNumber",
            "required",
            "Enter the old customer number",
        );
    } else if number.len() > 12 || !number.bytes().all(|b| b.is_ascii_digit()) {
        fields.add(
            "customerNumber",
            "format",
            "A customer number has only digits (at most 12)",
        );
    }
    if typed.is_empty() {
        fields.add(
            "orgnrLastFour",
            "required",
            "Enter the last four digits of the organisation number",
        );
    } else if typed.len() == 4 && typed.bytes().all(|b| b.is_ascii_digit()) {
        four = typed.to_owned();
    } else if typed.chars().filter(char::is_ascii_digit).count() >= 10 {
        if let Some(o) = fields.check("orgnrLastFour", Orgnr::parse(typed)) {
            four = o.last_four().to_owned();
        }
    } else {
        fields.add(
            "orgnrLastFour",
            "format",
            "Enter the last four digits (or the whole organisation number)",
        );
    }
    fields.finish()?;

    let (identity,): (String,) = sqlx::query_as("SELECT pnr_hmac FROM persons WHERE id = $1")
        .bind(&caller.person_id)
        .fetch_one(&state.db)
        .await?;
    let number_key = sha256_hex(&format!("legacy-number:{number}"));
    let (identity_failures,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM legacy_link_attempts WHERE identity_key = $1 AND succeeded = 0 AND at > $2",
    )
    .bind(&identity)
    .bind(now - IDENTITY_WINDOW_MS)
    .fetch_one(&state.db)
    .await?;
    if identity_failures >= MAX_FAILURES_PER_IDENTITY {
        tracing::warn!("legacy link refused: identity over its attempt cap");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::LegacyLinkAttemptsExceeded,
            "Too many failed attempts; contact customer service to link your company",
        ));
    }
    let customer: Option<CustomerRow> = sqlx::query_as(
        "SELECT c.id, c.name, c.orgnr, c.email, c.legacy_link_closed_at, c.legacy_link_locked_at,
                c.legacy_link_reopened_at
         FROM legacy_customer_numbers l JOIN customers c ON c.id = l.customer_id
         WHERE l.number = $1 AND c.kind = 'company'",
    )
    .bind(&number)
    .fetch_optional(&state.db)
    .await?;
    // Failures before a reopening are forgiven; the window bounds the rest.
    let count_from = (now - NUMBER_WINDOW_MS).max(
        customer
            .as_ref()
            .and_then(|c| c.reopened_at)
            .unwrap_or(i64::MIN),
    );
    let failing = failing_identities(&state, &number_key, count_from).await?;
    let matched = customer.as_ref().filter(|c| {
        let digits_ok = c
            .orgnr
            .as_deref()
            .and_then(|o| Orgnr::parse(o).ok())
            .is_some_and(|o| o.last_four() == four);
        digits_ok
            && c.closed_at.is_none()
            && c.locked_at.is_none()
            && failing < MAX_IDENTITIES_PER_NUMBER
    });

    sqlx::query(
        "INSERT INTO legacy_link_attempts (id, identity_key, number_key, succeeded, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&identity)
    .bind(&number_key)
    .bind(i64::from(matched.is_some()))
    .bind(now)
    .execute(&state.db)
    .await?;

    let Some(CustomerRow {
        id: customer_id,
        name: customer_name,
        ..
    }) = matched
    else {
        tracing::info!("legacy link attempt failed");
        if let Some(c) = customer.as_ref().filter(|c| c.locked_at.is_none()) {
            if failing_identities(&state, &number_key, count_from).await?
                >= MAX_IDENTITIES_PER_NUMBER
            {
                lock_linking(&state, c, now).await?;
            }
        }
        return Err(link_failed());
    };
    let already: Option<(String,)> =
        sqlx::query_as("SELECT status FROM memberships WHERE customer_id = $1 AND person_id = $2")
            .bind(customer_id)
            .bind(&caller.person_id)
            .fetch_optional(&state.db)
            .await?;
    if already.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::AlreadyMember,
            "You are already linked to this customer",
        ));
    }
    let claim_id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO legacy_link_claims (id, person_id, customer_id, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&claim_id)
    .bind(&caller.person_id)
    .bind(customer_id)
    .bind(now + CLAIM_TTL_MS)
    .execute(&state.db)
    .await?;
    let needs_approval = has_admin(&state.db, customer_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(LegacyLinkClaim {
            claim_id,
            customer_name: customer_name.clone(),
            needs_approval,
        }),
    ))
}

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: String,
    name: String,
    orgnr: Option<String>,
    email: Option<String>,
    #[sqlx(rename = "legacy_link_closed_at")]
    closed_at: Option<i64>,
    #[sqlx(rename = "legacy_link_locked_at")]
    locked_at: Option<i64>,
    #[sqlx(rename = "legacy_link_reopened_at")]
    reopened_at: Option<i64>,
}

/// How many different identities failed on this number since `from`.
async fn failing_identities(
    state: &AppState,
    number_key: &str,
    from: i64,
) -> Result<i64, ApiError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT identity_key) FROM legacy_link_attempts
         WHERE number_key = $1 AND succeeded = 0 AND at > $2",
    )
    .bind(number_key)
    .bind(from)
    .fetch_one(&state.db)
    .await?;
    Ok(n)
}

async fn has_admin<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    customer_id: &str,
) -> Result<bool, ApiError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM memberships WHERE customer_id = $1 AND role = 'admin' AND status = 'active'",
    )
    .bind(customer_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Locks self-service linking for the customer and tells it, once, with a link that
/// reopens it; administrators are told too (they can reopen it in the app).
async fn lock_linking(state: &AppState, c: &CustomerRow, now: i64) -> Result<(), ApiError> {
    let token = crate::secrets::random_token(crate::secrets::LEGACY_REOPEN_PREFIX);
    let locked = sqlx::query(
        "UPDATE customers SET legacy_link_locked_at = $2, legacy_link_reopen_hash = $3,
             legacy_link_reopen_expires_at = $4
         WHERE id = $1 AND legacy_link_locked_at IS NULL",
    )
    .bind(&c.id)
    .bind(now)
    .bind(sha256_hex(&token))
    .bind(now + REOPEN_TTL_MS)
    .execute(&state.db)
    .await?
    .rows_affected();
    if locked != 1 {
        return Ok(());
    }
    tracing::warn!(customer = %c.id, "legacy linking locked after failures from several identities");
    audit::record(
        &state.db,
        Entry {
            customer_id: Some(&c.id),
            actor_id: None,
            action: "legacy-linking-locked",
            subject_id: None,
            detail: json!({ "identities": MAX_IDENTITIES_PER_NUMBER }),
        },
        now,
    )
    .await?;
    let reopen_url = format!(
        "{}/v1/legacy-linking/reopen?token={token}",
        state.public_url.trim_end_matches('/')
    );
    if let Some(email) = &c.email {
        state
            .mailer
            .send(email, &notices::linking_locked(&c.name, Some(&reopen_url)))
            .await;
    }
    let to_admins = notices::linking_locked(&c.name, None);
    for (admin_email, _) in admin_emails(state, &c.id).await? {
        state.mailer.send(&admin_email, &to_admins).await;
    }
    Ok(())
}

async fn admin_emails(
    state: &AppState,
    customer_id: &str,
) -> Result<Vec<(String, Lang)>, ApiError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.email, u.lang FROM memberships m JOIN user_accounts u ON u.person_id = m.person_id
         WHERE m.customer_id = $1 AND m.role = 'admin' AND m.status = 'active'",
    )
    .bind(customer_id)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(e, l)| (e, Lang::from_tag(&l)))
        .collect())
}

/// "Skapa användarkonto": registers the person's contact details and links them to the
/// customer matched by `claimId`, as administrator if it has none, else pending approval.
#[utoipa::path(post, path = "/v1/onboarding/company", tag = "onboarding", security(("bearer" = [])),
    request_body = RegisterCompanyUser,
    responses(
        (status = 201, description = "Linked (status active) or waiting for approval (status pending)", body = CustomerSummary),
        (status = 400, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown, used or expired claim", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn register_company_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<RegisterCompanyUser>,
) -> Result<(StatusCode, Json<CustomerSummary>), ApiError> {
    let now = state.clock.now_ms();
    let mut fields = Fields::default();
    let valid = validate_account(
        &req.first_name,
        &req.last_name,
        &req.email,
        &req.phone,
        req.lang.as_deref(),
        &mut fields,
    );
    fields.finish()?;
    let valid = valid.ok_or_else(ApiError::internal)?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    let claim: Option<(String,)> = sqlx::query_as(
        "UPDATE legacy_link_claims SET used_at = $3
         WHERE id = $1 AND person_id = $2 AND used_at IS NULL AND expires_at > $3 RETURNING customer_id",
    )
    .bind(&req.claim_id)
    .bind(&caller.person_id)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((customer_id,)) = claim else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::ClaimNotFound,
            "This link has expired or was already used; enter the customer number again",
        ));
    };
    access::lock_customer(&mut *tx, &customer_id).await?;
    upsert_account(&mut *tx, &caller.person_id, &valid, now).await?;
    let pending = has_admin(&mut *tx, &customer_id).await?;
    let (role, status) = if pending {
        (Role::User, "pending")
    } else {
        (Role::Admin, "active")
    };
    let member_id = uuid::Uuid::new_v4().to_string();
    let inserted = sqlx::query(
        "INSERT INTO memberships (id, customer_id, person_id, role, status, kommuner, created_at, approved_at)
         VALUES ($1, $2, $3, $4, $5, '', $6, $7) ON CONFLICT (customer_id, person_id) DO NOTHING",
    )
    .bind(&member_id)
    .bind(&customer_id)
    .bind(&caller.person_id)
    .bind(role.as_str())
    .bind(status)
    .bind(now)
    .bind((!pending).then_some(now))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::AlreadyMember,
            "You are already linked to this customer",
        ));
    }
    if !pending {
        sqlx::query(
            "UPDATE user_accounts SET active_customer_id = $2 WHERE person_id = $1 AND active_customer_id IS NULL",
        )
        .bind(&caller.person_id)
        .bind(&customer_id)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&customer_id),
            actor_id: Some(&caller.person_id),
            action: "legacy-linked",
            subject_id: Some(&member_id),
            detail: json!({ "role": role.as_str(), "status": status }),
        },
        now,
    )
    .await?;
    if pending {
        let owners =
            crate::store::notifications::members(&mut tx, &customer_id, true, None).await?;
        crate::store::notifications::add(
            &mut tx,
            &owners,
            &customer_id,
            &member_id,
            &Event::ApprovalWaiting {
                member_id: member_id.clone(),
                name: format!("{} {}", valid.first_name, valid.last_name),
            },
            now,
        )
        .await?;
    }
    let (name, kundnummer, email): (String, String, Option<String>) =
        sqlx::query_as("SELECT name, kundnummer, email FROM customers WHERE id = $1")
            .bind(&customer_id)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;

    let person = format!("{} {}", valid.first_name, valid.last_name);
    if let Some(email) = &email {
        state
            .mailer
            .send(email, &notices::customer_linked(&name, &person, pending))
            .await;
    }
    if pending {
        for (admin_email, lang) in admin_emails(&state, &customer_id).await? {
            state
                .mailer
                .send(
                    &admin_email,
                    &notices::approval_needed(lang, &name, &person),
                )
                .await;
        }
    }
    Ok((
        StatusCode::CREATED,
        Json(CustomerSummary {
            id: customer_id,
            name,
            kind: CustomerKind::Company,
            kundnummer,
            role,
            permissions: kretslopp_domain::Permissions::of(role),
            status: status.to_owned(),
        }),
    ))
}
