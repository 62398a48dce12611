//! Login with BankID: start an order, poll it (fresh QR content and status; BankID is
//! collected at most every two seconds per order, whichever instance is asked), cancel.

use crate::client_ip::{end_user_ip, rate_limit_client};
use crate::problem::{ApiError, ApiJson};
use crate::rate_limit;
use crate::secrets::{is_well_formed, pnr_key, random_token, sha256_hex};
use crate::sessions;
use crate::state::{AppState, LaunchBase};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use base64::Engine;
use kretslopp_api::*;
use kretslopp_bankid::messages::{self, Flow};
use kretslopp_bankid::{
    AuthRequest, BankIdError, CollectResponse, ErrorCode as BankIdCode, HintCode,
};
use kretslopp_domain::{Lang, Personnummer, Rfa};
use std::net::SocketAddr;

const LOGIN_PREFIX: &str = "kli_";
const POLL_INTERVAL_MS: u32 = 1000;
/// BankID asks RPs to collect each order every two seconds.
pub(crate) const COLLECT_INTERVAL_MS: i64 = 2000;
/// Past BankID's own order lifetime: if BankID never said the order ended (outage), we do.
pub(crate) const LOCAL_LIFETIME_MS: i64 = 200 * 1000;
/// Finished or abandoned logins are deleted after this.
const RETENTION_MS: i64 = 3600 * 1000;

#[derive(sqlx::FromRow, Clone)]
pub(crate) struct LoginRow {
    order_ref: String,
    qr_start_token: String,
    qr_start_secret: String,
    flow: String,
    pub(crate) started_at: i64,
    pub(crate) status: String,
    hint_code: Option<String>,
    rfa: Option<String>,
    last_collect_at: Option<i64>,
}

#[cfg(test)]
impl LoginRow {
    /// A QR login started at `started_at`, not yet collected.
    pub(crate) fn pending_qr(started_at: i64) -> Self {
        LoginRow {
            order_ref: "order".into(),
            qr_start_token: "token".into(),
            qr_start_secret: "secret".into(),
            flow: "qr".into(),
            started_at,
            status: "pending".into(),
            hint_code: None,
            rfa: None,
            last_collect_at: None,
        }
    }
}

fn flow_name(method: LoginMethod, platform: Platform) -> &'static str {
    match (method, platform) {
        (LoginMethod::Qr, _) => "qr",
        (LoginMethod::SameDevice, Platform::Desktop) => "desktop",
        (LoginMethod::SameDevice, Platform::Mobile) => "mobile",
    }
}

fn flow_of(name: &str) -> Flow {
    match name {
        "desktop" => Flow::SameDevice { mobile: false },
        "mobile" => Flow::SameDevice { mobile: true },
        _ => Flow::Qr,
    }
}

fn visible_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "Du loggar in i **Kretslopp**, appen för din avfallshämtning.",
        Lang::En => "You are logging in to **Kretslopp**, the app for your waste collection.",
    }
}

fn valid_nonce(n: &str) -> bool {
    (22..=64).contains(&n.len())
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn launch_urls(state: &AppState, auto_start_token: &str) -> LaunchUrls {
    match &state.launch {
        LaunchBase::BankId => LaunchUrls {
            desktop: format!("bankid:///?autostarttoken={auto_start_token}&redirect=null"),
            mobile: format!("https://app.bankid.com/?autostarttoken={auto_start_token}"),
        },
        LaunchBase::Simulator(page) => {
            let mut url = page.clone();
            url.query_pairs_mut()
                .clear()
                .append_pair("autostarttoken", auto_start_token);
            LaunchUrls {
                desktop: url.to_string(),
                mobile: url.to_string(),
            }
        }
    }
}

fn bankid_unavailable(e: &BankIdError) -> ApiError {
    tracing::warn!(error = %e, "BankID request failed");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::BankidUnavailable,
        "BankID could not be reached; try again",
    )
}

/// Starts a login and returns its secret id, the same-device launch URLs and the first
/// QR content.
#[utoipa::path(post, path = "/v1/auth/bankid", tag = "login", request_body = StartLoginRequest,
    responses(
        (status = 201, body = StartLoginResponse),
        (status = 400, description = "Invalid request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many logins started from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "BankID unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn start(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<StartLoginRequest>,
) -> Result<(StatusCode, Json<StartLoginResponse>), ApiError> {
    let lang = match req.lang.as_deref() {
        None | Some("sv") => Lang::Sv,
        Some("en") => Lang::En,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "lang",
                "invalid",
                "lang must be sv or en",
            ))
        }
    };
    let mobile_same_device =
        req.method == LoginMethod::SameDevice && req.platform == Platform::Mobile;
    let return_url = match (&req.return_nonce, mobile_same_device) {
        (Some(n), true) if valid_nonce(n) => {
            let mut url = state.app_return_url.clone();
            url.query_pairs_mut().clear().append_pair("nonce", n);
            Some(url.to_string())
        }
        (None, false) => None,
        (Some(_), true) => {
            return Err(ApiError::invalid_field(
                "returnNonce",
                "invalid",
                "returnNonce must be 22–64 URL-safe characters",
            ))
        }
        (None, true) => {
            return Err(ApiError::invalid_field(
                "returnNonce",
                "required",
                "Mobile same-device logins need a returnNonce",
            ))
        }
        (Some(_), false) => {
            return Err(ApiError::invalid_field(
                "returnNonce",
                "not-allowed",
                "returnNonce is only for mobile same-device logins",
            ))
        }
    };

    let ip = end_user_ip(peer.ip(), &headers, &state.trusted_proxies);
    // Every start costs a BankID order; the client's address (its /64 for IPv6) is
    // hashed, not stored.
    rate_limit::hit(
        &state.db,
        &rate_limit::LOGIN_START,
        &sha256_hex(&rate_limit_client(ip)),
        state.clock.now_ms(),
    )
    .await?;
    let order = state
        .bankid
        .auth(&AuthRequest {
            end_user_ip: ip.to_string(),
            user_visible_data: Some(
                base64::engine::general_purpose::STANDARD.encode(visible_text(lang)),
            ),
            user_visible_data_format: Some("simpleMarkdownV1".into()),
            return_url,
            ..Default::default()
        })
        .await
        .map_err(|e| bankid_unavailable(&e))?;

    let now = state.clock.now_ms();
    let login_id = random_token(LOGIN_PREFIX);
    let id_hash = sha256_hex(&login_id);
    sqlx::query("DELETE FROM bankid_logins WHERE started_at < $1")
        .bind(now - RETENTION_MS)
        .execute(&state.db)
        .await?;
    let row = LoginRow {
        order_ref: order.order_ref.clone(),
        qr_start_token: order.qr_start_token.clone(),
        qr_start_secret: order.qr_start_secret.clone(),
        flow: flow_name(req.method, req.platform).to_owned(),
        started_at: now,
        status: "pending".to_owned(),
        hint_code: None,
        rfa: None,
        last_collect_at: None,
    };
    sqlx::query(
        "INSERT INTO bankid_logins (id_hash, order_ref, qr_start_token, qr_start_secret, flow, started_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id_hash)
    .bind(&row.order_ref)
    .bind(&row.qr_start_token)
    .bind(&row.qr_start_secret)
    .bind(&row.flow)
    .bind(row.started_at)
    .bind(&row.status)
    .execute(&state.db)
    .await?;
    // This instance is likely to be polled for it: its first poll needs no read either.
    state.pending_logins.put(&id_hash, &row, now);
    tracing::info!(flow = row.flow.as_str(), "login started");

    Ok((
        StatusCode::CREATED,
        Json(StartLoginResponse {
            launch: launch_urls(&state, &order.auto_start_token),
            qr: kretslopp_bankid::qr::qr_data(&order.qr_start_token, &order.qr_start_secret, 0),
            login_id,
            poll_interval_ms: POLL_INTERVAL_MS,
        }),
    ))
}

fn login_id_hash(id: &str) -> Result<String, ApiError> {
    if !is_well_formed(id, LOGIN_PREFIX) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidLoginId,
            "This is not a login id",
        ));
    }
    Ok(sha256_hex(id))
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::LoginNotFound,
        "No such login; it may have expired",
    )
}

async fn load(state: &AppState, id_hash: &str) -> Result<LoginRow, ApiError> {
    sqlx::query_as(
        "SELECT order_ref, qr_start_token, qr_start_secret, flow, started_at, status, hint_code, rfa,
                last_collect_at
         FROM bankid_logins WHERE id_hash = $1",
    )
    .bind(id_hash)
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(not_found)
}

/// Status of a login: fresh QR content while it waits, the recommended user message,
/// and — exactly once, to the poll that sees it complete — the new session. Later polls
/// answer 410 `login-already-used`.
#[utoipa::path(get, path = "/v1/auth/bankid/{id}", tag = "login",
    params(("id" = String, Path, description = "The login id from POST /v1/auth/bankid")),
    responses(
        (status = 200, body = LoginState),
        (status = 400, description = "Malformed login id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown login id", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Cancelled, or completed and its session already delivered", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn poll(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<LoginState>, ApiError> {
    let id_hash = login_id_hash(&id)?;
    let now = state.clock.now_ms();
    // Between two collects the row this instance kept is current: no database read.
    let mut row = match state.pending_logins.get(&id_hash) {
        Some(row) => row,
        None => load(&state, &id_hash).await?,
    };
    if row.status == "pending" {
        if let Some(tokens) = advance(&state, &id_hash, &mut row, now).await? {
            state.pending_logins.remove(&id_hash, now);
            return Ok(Json(LoginState {
                status: LoginStatus::Complete,
                hint_code: None,
                rfa: None,
                qr: None,
                session: Some(tokens),
            }));
        }
    }
    state.pending_logins.put(&id_hash, &row, now);
    let flow = flow_of(&row.flow);
    let hint = row.hint_code.clone().map(HintCode::from);
    match row.status.as_str() {
        "pending" => {
            let waiting_for_scan = matches!(flow, Flow::Qr)
                && matches!(hint, None | Some(HintCode::OutstandingTransaction));
            let qr = waiting_for_scan.then(|| {
                let secs = ((now - row.started_at).max(0) / 1000) as u64;
                kretslopp_bankid::qr::qr_data(&row.qr_start_token, &row.qr_start_secret, secs)
            });
            Ok(Json(LoginState {
                status: LoginStatus::Pending,
                rfa: messages::for_collect(kretslopp_bankid::Status::Pending, hint.as_ref(), flow),
                hint_code: row.hint_code,
                qr,
                session: None,
            }))
        }
        "failed" => Ok(Json(LoginState {
            status: LoginStatus::Failed,
            rfa: row.rfa.as_deref().and_then(Rfa::from_code).or_else(|| {
                messages::for_collect(kretslopp_bankid::Status::Failed, hint.as_ref(), flow)
            }),
            hint_code: row.hint_code,
            qr: None,
            session: None,
        })),
        // The session went to the one poll that completed the login; a second copy would
        // be a second session for whoever else holds (or guessed the timing of) the id.
        "complete" => Err(ApiError::new(
            StatusCode::GONE,
            ErrorCode::LoginAlreadyUsed,
            "This login has already been used; start a new one",
        )),
        _ => Err(ApiError::new(
            StatusCode::GONE,
            ErrorCode::LoginCancelled,
            "This login was cancelled; start a new one",
        )),
    }
}

/// Collects from BankID if this order is due and brings `row` up to date with what
/// BankID said, writing only what changed; the session if this poll completed the login.
/// Most polls find nothing new: the collect is not due, and nothing is read or written.
async fn advance(
    state: &AppState,
    id_hash: &str,
    row: &mut LoginRow,
    now: i64,
) -> Result<Option<SessionTokens>, ApiError> {
    if now - row.started_at > LOCAL_LIFETIME_MS {
        fail(state, id_hash, "expiredTransaction", None, now).await?;
        *row = load(state, id_hash).await?;
        return Ok(None);
    }
    // Collected within two seconds: not due.
    if row
        .last_collect_at
        .is_some_and(|at| now - at < COLLECT_INTERVAL_MS)
    {
        return Ok(None);
    }
    // Claim this collect slot in the database, so instances sharing it together call
    // BankID at most once per two seconds for this order.
    let Some(claimed_at) = state
        .login_writes
        .claim(id_hash)
        .await
        .map_err(|()| ApiError::internal())?
    else {
        // Another instance collected or ended it since this row was read.
        *row = load(state, id_hash).await?;
        return Ok(None);
    };
    row.last_collect_at = Some(claimed_at);
    match state.bankid.collect(&row.order_ref).await {
        Ok(CollectResponse {
            status: kretslopp_bankid::Status::Pending,
            hint_code,
            ..
        }) => {
            let hint = hint_code.map(String::from);
            if hint != row.hint_code {
                state
                    .login_writes
                    .hint(id_hash, hint.clone())
                    .await
                    .map_err(|()| ApiError::internal())?;
                row.hint_code = hint;
            }
            return Ok(None);
        }
        Ok(CollectResponse {
            status: kretslopp_bankid::Status::Failed,
            hint_code,
            ..
        }) => {
            let hint = hint_code.map(String::from).unwrap_or_default();
            fail(state, id_hash, &hint, None, now).await?;
            tracing::info!(hint = %hint, "login failed");
        }
        Ok(CollectResponse {
            status: kretslopp_bankid::Status::Complete,
            completion_data,
            ..
        }) => match completion_data {
            None => fail(state, id_hash, "", Some(Rfa::Rfa22), now).await?,
            Some(data) => {
                if let Some(tokens) = complete(state, id_hash, data, now).await? {
                    return Ok(Some(tokens));
                }
            }
        },
        Err(BankIdError::Api { code, .. })
            if !matches!(
                code,
                BankIdCode::Maintenance | BankIdCode::InternalError | BankIdCode::RequestTimeout
            ) =>
        {
            // BankID no longer knows the order, or refuses us: retrying cannot help.
            tracing::warn!(code = %code, "collect refused");
            fail(state, id_hash, "", Some(messages::for_error(&code)), now).await?;
        }
        Err(e) => {
            // Transient: the next poll collects again.
            tracing::warn!(error = %e, "collect failed; will retry");
            return Ok(None);
        }
    }
    // The login ended (or was cancelled while BankID was asked): read what was stored.
    *row = load(state, id_hash).await?;
    Ok(None)
}

async fn fail(
    state: &AppState,
    id_hash: &str,
    hint: &str,
    rfa: Option<Rfa>,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE bankid_logins SET status = 'failed', hint_code = $2, rfa = $3, finished_at = $4, qr_start_secret = ''
         WHERE id_hash = $1 AND status = 'pending'",
    )
    .bind(id_hash)
    .bind((!hint.is_empty()).then_some(hint))
    .bind(rfa.map(|r| r.code()))
    .bind(now)
    .execute(&state.db)
    .await?;
    Ok(())
}

async fn complete(
    state: &AppState,
    id_hash: &str,
    data: kretslopp_bankid::CompletionData,
    now: i64,
) -> Result<Option<SessionTokens>, ApiError> {
    let Ok(pnr) = Personnummer::parse_twelve_digits(&data.user.personal_number) else {
        tracing::warn!("BankID returned a malformed personal number");
        fail(state, id_hash, "", Some(Rfa::Rfa22), now).await?;
        return Ok(None);
    };
    let key = pnr_key(&state.pepper, pnr.as_str());
    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query(
        "INSERT INTO persons (id, pnr_hmac, given_name, surname, created_at, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (pnr_hmac) DO UPDATE SET given_name = excluded.given_name, surname = excluded.surname,
             last_login_at = excluded.last_login_at",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&key)
    .bind(&data.user.given_name)
    .bind(&data.user.surname)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (person_id,): (String,) = sqlx::query_as("SELECT id FROM persons WHERE pnr_hmac = $1")
        .bind(&key)
        .fetch_one(&mut *tx)
        .await?;
    crate::store::accounts::attach_households(&mut tx, &person_id, &key, now).await?;
    let (session_id, tokens) = sessions::create(&mut *tx, &person_id, now).await?;
    let done = sqlx::query(
        "UPDATE bankid_logins SET status = 'complete', hint_code = NULL, person_id = $2, session_id = $3,
             finished_at = $4, qr_start_secret = ''
         WHERE id_hash = $1 AND status = 'pending'",
    )
    .bind(id_hash)
    .bind(&person_id)
    .bind(&session_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        // Cancelled while BankID was being asked; the person must start again.
        return Ok(None);
    }
    tx.commit().await?;
    tracing::info!(session = %session_id, "login complete");
    Ok(Some(tokens))
}

/// Cancels a login that is still in progress (also at BankID).
#[utoipa::path(delete, path = "/v1/auth/bankid/{id}", tag = "login",
    params(("id" = String, Path, description = "The login id from POST /v1/auth/bankid")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 400, description = "Malformed login id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown login id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The login has already finished", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Already cancelled", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id_hash = login_id_hash(&id)?;
    let row = load(&state, &id_hash).await?;
    match row.status.as_str() {
        "pending" => {}
        "cancelled" => {
            return Err(ApiError::new(
                StatusCode::GONE,
                ErrorCode::LoginCancelled,
                "This login was already cancelled",
            ))
        }
        _ => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::LoginFinished,
                "This login has already finished",
            ))
        }
    }
    let now = state.clock.now_ms();
    let changed = sqlx::query(
        "UPDATE bankid_logins SET status = 'cancelled', finished_at = $2, qr_start_secret = ''
         WHERE id_hash = $1 AND status = 'pending'",
    )
    .bind(&id_hash)
    .bind(now)
    .execute(&state.db)
    .await?
    .rows_affected();
    state.pending_logins.remove(&id_hash, now);
    if changed != 1 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::LoginFinished,
            "This login has already finished",
        ));
    }
    if let Err(e) = state.bankid.cancel(&row.order_ref).await {
        // Already ended at BankID; ours is cancelled either way.
        tracing::info!(error = %e, "BankID cancel not needed");
    }
    Ok(StatusCode::NO_CONTENT)
}
