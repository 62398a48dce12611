//! Sharing a household and inviting colleagues (PRODUCT §7). The holder or an
//! administrator invites by name and e-mail; the e-mail carries a single-use token, of
//! which only the hash is stored. Opening the link changes nothing (mail scanners open
//! links): the invitee logs in with BankID and the app POSTs the token to accept.

use crate::access;
use crate::audit::{self, Entry};
use crate::problem::{ApiError, ApiJson, Fields};
use crate::rate_limit;
use crate::secrets::{random_token, sha256_hex};
use crate::sessions::Caller;
use crate::state::AppState;
use crate::store::accounts::{customer_name, display_name, upsert_account, validate_account};
use crate::store::invites::{self, Found};
use crate::texts::{of, InviteMail};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kretslopp_api::{
    AcceptInvite, ErrorCode, Invite, InvitePreview, InviteToken, Me, NewInvite, Problem,
};
use kretslopp_domain::invites::{invitable, usable, Dead, InviteState, TOKEN_PREFIX, VALID_MS};
use kretslopp_domain::{contact, Action, Lang};
use serde_json::json;

fn invite_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::InviteNotFound,
        "No such invite",
    )
}

fn dead(d: Dead) -> ApiError {
    let (code, title) = match d {
        Dead::Expired => (ErrorCode::InviteExpired, "This invite has expired"),
        Dead::Revoked => (ErrorCode::InviteRevoked, "This invite was withdrawn"),
        Dead::Used => (ErrorCode::InviteUsed, "This invite has been used"),
    };
    ApiError::new(StatusCode::GONE, code, title)
}

/// Counts an e-mail about to be sent (an invite or a resend) against both daily limits.
async fn count_sent(
    state: &AppState,
    caller: &Caller,
    customer_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    rate_limit::hit(
        &state.db,
        &rate_limit::INVITES_PER_PERSON,
        &caller.person_id,
        now,
    )
    .await?;
    rate_limit::hit(
        &state.db,
        &rate_limit::INVITES_PER_CUSTOMER,
        customer_id,
        now,
    )
    .await
}

/// Sends the invite e-mail with a fresh token. The caller has committed the token's hash.
async fn send_invite(state: &AppState, token: &str, invite: &Invite, customer: &str, lang: Lang) {
    let (web_url, app_url) = invites::links(&state.public_url, token);
    let mail = of(lang).invite(&InviteMail {
        inviter: &invite.invited_by,
        customer,
        role: invite.role,
        name: &invite.name,
        web_url: &web_url,
        app_url: &app_url,
        expires: invites::expiry_day(invite.expires_at),
    });
    state.mailer.send(&invite.email, &mail).await;
}

/// Dela / Bjud in: invites a person by e-mail. A household invites delegates; a company
/// administrators or users. A new invite to the same e-mail replaces the older one.
#[utoipa::path(post, path = "/v1/customers/{id}/invites", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    request_body = NewInvite,
    responses(
        (status = 201, description = "Invited; the e-mail is sent", body = Invite),
        (status = 400, description = "Invalid fields, each named (a role this kind of customer cannot invite is `role`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only the holder and administrators share", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many invites from this person or to this customer today", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(customer_id): Path<String>,
    ApiJson(input): ApiJson<NewInvite>,
) -> Result<(StatusCode, Json<Invite>), ApiError> {
    let now = state.clock.now_ms();
    let access = access::load(&state.db, &caller.person_id, &customer_id).await?;
    access.require(Action::Share)?;
    let mut fields = Fields::default();
    let name = fields.check("name", contact::name(&input.name));
    let email = fields.check("email", contact::email(&input.email));
    let phone = if input.phone.trim().is_empty() {
        Some(String::new())
    } else {
        fields.check("phone", contact::phone(&input.phone))
    };
    let lang = fields.check(
        "lang",
        input.lang.as_deref().map_or(Ok(Lang::Sv), Lang::parse_code),
    );
    if !invitable(access.kind, input.role) {
        fields.add(
            "role",
            "not-invitable",
            "A household shares with delegates; a company invites administrators or users",
        );
    }
    fields.finish()?;
    let (name, email, phone, lang) = (
        name.ok_or_else(ApiError::internal)?,
        email.ok_or_else(ApiError::internal)?,
        phone.ok_or_else(ApiError::internal)?,
        lang.ok_or_else(ApiError::internal)?,
    );
    count_sent(&state, &caller, &customer_id, now).await?;
    let token = random_token(TOKEN_PREFIX);
    let id = uuid::Uuid::new_v4().to_string();
    let mut tx = crate::db::begin_write(&state.db).await?;
    // Re-inviting the same address replaces the older link, so only one works.
    sqlx::query(
        "UPDATE invites SET state = 'revoked', ended_at = $3
         WHERE customer_id = $1 AND lower(email) = lower($2) AND state = 'pending'",
    )
    .bind(&customer_id)
    .bind(&email)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO invites (id, customer_id, role, name, email, phone, lang, inviter_id, token_hash, state, created_at, sent_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $10, $11)",
    )
    .bind(&id)
    .bind(&customer_id)
    .bind(input.role.as_str())
    .bind(&name)
    .bind(&email)
    .bind(&phone)
    .bind(lang.code())
    .bind(&caller.person_id)
    .bind(sha256_hex(&token))
    .bind(now)
    .bind(now + VALID_MS)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&customer_id),
            actor_id: Some(&caller.person_id),
            action: "invite-sent",
            subject_id: Some(&id),
            detail: json!({ "role": input.role.as_str() }),
        },
        now,
    )
    .await?;
    let invite = invites::pending(&mut *tx, &customer_id, Some(&id), now)
        .await?
        .pop()
        .ok_or_else(ApiError::internal)?;
    let customer = customer_name(&mut *tx, &customer_id).await?;
    tx.commit().await?;
    send_invite(&state, &token, &invite, &customer, lang).await;
    Ok((StatusCode::CREATED, Json(invite)))
}

/// The customer's pending invites with their expiry, newest first.
#[utoipa::path(get, path = "/v1/customers/{id}/invites", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, body = [Invite]),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(customer_id): Path<String>,
) -> Result<Json<Vec<Invite>>, ApiError> {
    let access = access::load(&state.db, &caller.person_id, &customer_id).await?;
    access.require(Action::Share)?;
    Ok(Json(
        invites::pending(&state.db, &customer_id, None, state.clock.now_ms()).await?,
    ))
}

/// Skicka igen: a new link, valid 14 days from now; the old link stops working.
#[utoipa::path(post, path = "/v1/customers/{id}/invites/{inviteId}/resend", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("inviteId" = String, Path, description = "Invite id")),
    responses(
        (status = 200, description = "Sent again with a new link", body = Invite),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No pending invite of this customer", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn resend(
    State(state): State<AppState>,
    caller: Caller,
    Path((customer_id, invite_id)): Path<(String, String)>,
) -> Result<Json<Invite>, ApiError> {
    let now = state.clock.now_ms();
    let access = access::load(&state.db, &caller.person_id, &customer_id).await?;
    access.require(Action::Share)?;
    if invites::pending(&state.db, &customer_id, Some(&invite_id), now)
        .await?
        .is_empty()
    {
        return Err(invite_not_found());
    }
    count_sent(&state, &caller, &customer_id, now).await?;
    let token = random_token(TOKEN_PREFIX);
    let mut tx = crate::db::begin_write(&state.db).await?;
    let updated = sqlx::query(
        "UPDATE invites SET token_hash = $3, sent_at = $4, expires_at = $5
         WHERE id = $1 AND customer_id = $2 AND state = 'pending' AND expires_at > $4",
    )
    .bind(&invite_id)
    .bind(&customer_id)
    .bind(sha256_hex(&token))
    .bind(now)
    .bind(now + VALID_MS)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(invite_not_found());
    }
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&customer_id),
            actor_id: Some(&caller.person_id),
            action: "invite-resent",
            subject_id: Some(&invite_id),
            detail: json!({}),
        },
        now,
    )
    .await?;
    let invite = invites::pending(&mut *tx, &customer_id, Some(&invite_id), now)
        .await?
        .pop()
        .ok_or_else(ApiError::internal)?;
    let (lang,): (String,) = sqlx::query_as("SELECT lang FROM invites WHERE id = $1")
        .bind(&invite_id)
        .fetch_one(&mut *tx)
        .await?;
    let customer = customer_name(&mut *tx, &customer_id).await?;
    tx.commit().await?;
    send_invite(&state, &token, &invite, &customer, Lang::from_tag(&lang)).await;
    Ok(Json(invite))
}

/// Återkalla: the link stops working at once.
#[utoipa::path(delete, path = "/v1/customers/{id}/invites/{inviteId}", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("inviteId" = String, Path, description = "Invite id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No pending invite of this customer", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path((customer_id, invite_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let access = access::load(&mut *tx, &caller.person_id, &customer_id).await?;
    access.require(Action::Share)?;
    let ours: Option<(String,)> =
        sqlx::query_as("SELECT id FROM invites WHERE id = $1 AND customer_id = $2")
            .bind(&invite_id)
            .bind(&customer_id)
            .fetch_optional(&mut *tx)
            .await?;
    if ours.is_none()
        || !invites::end(&mut *tx, &invite_id, InviteState::Revoked, None, now).await?
    {
        return Err(invite_not_found());
    }
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&customer_id),
            actor_id: Some(&caller.person_id),
            action: "invite-revoked",
            subject_id: Some(&invite_id),
            detail: json!({}),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A live invite for `token`, or the reason there is none. Every failure counts against
/// the caller's limit; past it, even a good token waits.
async fn live(state: &AppState, caller: &Caller, token: &str) -> Result<Found, ApiError> {
    let now = state.clock.now_ms();
    rate_limit::check(
        &state.db,
        &rate_limit::INVITE_FAILURES,
        &caller.person_id,
        now,
    )
    .await?;
    let found = invites::by_token(&state.db, token).await?;
    let outcome = match found {
        None => Err(invite_not_found()),
        Some(f) => usable(f.state, f.expires_at, now).map(|()| f).map_err(dead),
    };
    if outcome.is_err() {
        rate_limit::hit(
            &state.db,
            &rate_limit::INVITE_FAILURES,
            &caller.person_id,
            now,
        )
        .await?;
    }
    outcome
}

/// What an invite link offers, for the person who opened it, after their BankID login.
/// Reading changes nothing.
#[utoipa::path(post, path = "/v1/invites/lookup", tag = "sharing", security(("bearer" = [])),
    request_body = InviteToken,
    responses(
        (status = 200, body = InvitePreview),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`invite-not-found`: unknown or mistyped", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`invite-expired`, `invite-revoked` or `invite-used`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed tokens", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn lookup(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<InviteToken>,
) -> Result<Json<InvitePreview>, ApiError> {
    let f = live(&state, &caller, &req.token).await?;
    let (invited_by, _) = display_name(&state.db, &f.inviter_id).await?;
    Ok(Json(InvitePreview {
        customer_kind: access::stored_kind(&f.customer_kind)?,
        customer_id: f.customer_id,
        customer_name: f.customer_name,
        role: f.role,
        invited_by,
        name: f.name,
        email: f.email,
        phone: f.phone,
        expires_at: f.expires_at,
    }))
}

/// Tacka ja: the logged-in person joins the customer in the invite's role with the
/// contact details they confirmed, and the inviter is told.
#[utoipa::path(post, path = "/v1/invites/accept", tag = "sharing", security(("bearer" = [])),
    request_body = AcceptInvite,
    responses(
        (status = 200, description = "Joined; the person, with the customer active", body = Me),
        (status = 400, description = "Invalid contact details, each named", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`invite-not-found`: unknown, mistyped, or for another customer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already-member` of this customer (the invite stays open)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`invite-expired`, `invite-revoked` or `invite-used`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed tokens", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<AcceptInvite>,
) -> Result<Json<Me>, ApiError> {
    let a = &req.account;
    let mut fields = Fields::default();
    let valid = validate_account(
        &a.first_name,
        &a.last_name,
        &a.email,
        &a.phone,
        a.lang.as_deref(),
        &mut fields,
    );
    fields.finish()?;
    let valid = valid.ok_or_else(ApiError::internal)?;
    let f = live(&state, &caller, &req.token).await?;
    if f.customer_id != req.customer_id {
        // The token is bound to its customer: shown one, it never joins another.
        rate_limit::hit(
            &state.db,
            &rate_limit::INVITE_FAILURES,
            &caller.person_id,
            state.clock.now_ms(),
        )
        .await?;
        return Err(invite_not_found());
    }
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    access::lock_customer(&mut *tx, &f.customer_id).await?;
    let inserted = sqlx::query(
        "INSERT INTO memberships (id, customer_id, person_id, role, status, kommuner, created_at, approved_at)
         VALUES ($1, $2, $3, $4, 'active', '', $5, $5) ON CONFLICT (customer_id, person_id) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&f.customer_id)
    .bind(&caller.person_id)
    .bind(f.role.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::AlreadyMember,
            "You already have access to this customer",
        ));
    }
    if !invites::end(
        &mut *tx,
        &f.id,
        InviteState::Accepted,
        Some(&caller.person_id),
        now,
    )
    .await?
    {
        // Accepted, declined or revoked since `live` looked: nothing of this is kept.
        return Err(dead(Dead::Used));
    }
    upsert_account(&mut *tx, &caller.person_id, &valid, now).await?;
    sqlx::query("UPDATE user_accounts SET active_customer_id = $2 WHERE person_id = $1")
        .bind(&caller.person_id)
        .bind(&f.customer_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&f.customer_id),
            actor_id: Some(&caller.person_id),
            action: "invite-accepted",
            subject_id: Some(&f.id),
            detail: json!({ "role": f.role.as_str(), "invitedBy": f.inviter_id }),
        },
        now,
    )
    .await?;
    crate::store::notifications::add(
        &mut tx,
        std::slice::from_ref(&f.inviter_id),
        &f.customer_id,
        &f.id,
        &kretslopp_domain::notifications::Event::InviteAccepted {
            name: format!("{} {}", valid.first_name, valid.last_name),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    let inviter: Option<(String, String)> =
        sqlx::query_as("SELECT email, lang FROM user_accounts WHERE person_id = $1")
            .bind(&f.inviter_id)
            .fetch_optional(&state.db)
            .await?;
    if let Some((email, lang)) = inviter {
        let person = format!("{} {}", valid.first_name, valid.last_name);
        let mail = of(Lang::from_tag(&lang)).invite_accepted(&person, &f.customer_name, f.role);
        state.mailer.send(&email, &mail).await;
    }
    Ok(Json(
        crate::routes::account::load_me(&state, &caller.person_id).await?,
    ))
}

/// Tacka nej: the link stops working; nothing else changes.
#[utoipa::path(post, path = "/v1/invites/decline", tag = "sharing", security(("bearer" = [])),
    request_body = InviteToken,
    responses(
        (status = 204, description = "Declined"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 410, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn decline(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<InviteToken>,
) -> Result<StatusCode, ApiError> {
    let f = live(&state, &caller, &req.token).await?;
    let now = state.clock.now_ms();
    let mut tx = crate::db::begin_write(&state.db).await?;
    if !invites::end(&mut *tx, &f.id, InviteState::Declined, None, now).await? {
        return Err(dead(Dead::Used));
    }
    audit::record(
        &mut *tx,
        Entry {
            customer_id: Some(&f.customer_id),
            actor_id: Some(&caller.person_id),
            action: "invite-declined",
            subject_id: Some(&f.id),
            detail: json!({}),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
