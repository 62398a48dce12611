//! The RP API v6 endpoints, with BankID's status codes and error bodies.

use super::orders::{NewOrder, NewPhoneOrder, SimError};
use super::Simulator;
use crate::types::*;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, MethodRouter};
use axum::{Json, Router};
use base64::Engine;

const AUTH_VISIBLE_MAX: usize = 1_500;
const SIGN_VISIBLE_MAX: usize = 40_000;

pub(super) fn routes() -> Router<Simulator> {
    Router::new()
        .route("/rp/v6.0/auth", only_post(post(auth)))
        .route("/rp/v6.0/sign", only_post(post(sign)))
        .route("/rp/v6.0/phone/auth", only_post(post(phone_auth)))
        .route("/rp/v6.0/phone/sign", only_post(post(phone_sign)))
        .route("/rp/v6.0/collect", only_post(post(collect)))
        .route("/rp/v6.0/cancel", only_post(post(cancel)))
}

fn only_post(r: MethodRouter<Simulator>) -> MethodRouter<Simulator> {
    r.fallback(|| async { error(405, "methodNotAllowed", "Only POST is allowed") })
}

pub(super) async fn not_found() -> Response {
    error(404, "notFound", "No such endpoint")
}

pub(super) fn error(status: u16, code: &str, details: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    (
        status,
        Json(serde_json::json!({ "errorCode": code, "details": details })),
    )
        .into_response()
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        error(self.status, self.code, &self.details)
    }
}

/// BankID accepts exactly `application/json`; a charset parameter is refused.
fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, SimError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.trim().eq_ignore_ascii_case("application/json") {
        return Err(SimError {
            status: 415,
            code: "unsupportedMediaType",
            details: "Content-Type must be application/json".into(),
        });
    }
    serde_json::from_slice(body).map_err(|e| SimError::invalid(format!("Invalid JSON: {e}")))
}

async fn auth(State(sim): State<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    start(sim, headers, body, false)
}

async fn sign(State(sim): State<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    start(sim, headers, body, true)
}

fn start(sim: Simulator, headers: HeaderMap, body: Bytes, is_sign: bool) -> Response {
    let req: AuthRequest = match json_body(&headers, &body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    match validate(&req, is_sign) {
        Ok(new) => {
            let now = sim.now();
            match sim.inner.lock().expect("simulator lock").create(new, now) {
                Ok(order) => Json(order).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => e.into_response(),
    }
}

async fn phone_auth(State(sim): State<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    start_phone(sim, headers, body, false)
}

async fn phone_sign(State(sim): State<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    start_phone(sim, headers, body, true)
}

fn start_phone(sim: Simulator, headers: HeaderMap, body: Bytes, is_sign: bool) -> Response {
    let req: PhoneRequest = match json_body(&headers, &body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let visible_text = match visible_text(
        req.user_visible_data.as_deref(),
        req.user_visible_data_format.as_deref(),
        is_sign,
    ) {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    if kretslopp_domain::Personnummer::parse_twelve_digits(&req.personal_number).is_err() {
        return SimError::invalid("Invalid personalNumber").into_response();
    }
    let now = sim.now();
    let created = sim.inner.lock().expect("simulator lock").create_phone(
        NewPhoneOrder {
            personal_number: req.personal_number,
            call_initiator: req.call_initiator,
            visible_text,
            is_sign,
        },
        now,
    );
    match created {
        Ok(order) => Json(order).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `userVisibleData` (base64 of UTF-8, required for sign, within BankID's limits) and its
/// format, as auth, sign and both phone orders check them.
fn visible_text(
    data: Option<&str>,
    format: Option<&str>,
    is_sign: bool,
) -> Result<Option<String>, SimError> {
    let max = if is_sign {
        SIGN_VISIBLE_MAX
    } else {
        AUTH_VISIBLE_MAX
    };
    if format.is_some_and(|f| f != "simpleMarkdownV1") {
        return Err(SimError::invalid("Invalid userVisibleDataFormat"));
    }
    match data {
        None if is_sign => Err(SimError::invalid("userVisibleData is required")),
        None => Ok(None),
        Some(v) if v.is_empty() || v.len() > max => {
            Err(SimError::invalid("Invalid userVisibleData"))
        }
        Some(v) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(v)
                .map_err(|_| SimError::invalid("userVisibleData is not base64"))?;
            String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| SimError::invalid("userVisibleData is not UTF-8"))
        }
    }
}

fn validate(req: &AuthRequest, is_sign: bool) -> Result<NewOrder, SimError> {
    if req.end_user_ip.parse::<std::net::IpAddr>().is_err() {
        return Err(SimError::invalid("Invalid endUserIp"));
    }
    let visible_text = visible_text(
        req.user_visible_data.as_deref(),
        req.user_visible_data_format.as_deref(),
        is_sign,
    )?;
    if let Some(url) = &req.return_url {
        if url.is_empty() || url.len() > 512 {
            return Err(SimError::invalid("Invalid returnUrl"));
        }
    }
    let required_pnr = match req
        .requirement
        .as_ref()
        .and_then(|r| r.personal_number.as_ref())
    {
        Some(p) if p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.clone()),
        Some(_) => return Err(SimError::invalid("Invalid requirement.personalNumber")),
        None => None,
    };
    Ok(NewOrder {
        end_user_ip: req.end_user_ip.clone(),
        required_pnr,
        visible_text,
        is_sign,
        mrtd: req
            .requirement
            .as_ref()
            .and_then(|r| r.mrtd)
            .unwrap_or(false),
    })
}

async fn collect(State(sim): State<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    let req: OrderRefRequest = match json_body(&headers, &body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let now = sim.now();
    let result = sim
        .inner
        .lock()
        .expect("simulator lock")
        .collect(&req.order_ref, now);
    match result {
        Ok(c) => Json(c).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn cancel(State(sim): State<Simulator>, headers: HeaderMap, body: Bytes) -> Response {
    let req: OrderRefRequest = match json_body(&headers, &body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let now = sim.now();
    let result = sim
        .inner
        .lock()
        .expect("simulator lock")
        .rp_cancel(&req.order_ref, now);
    match result {
        Ok(()) => Json(serde_json::json!({})).into_response(),
        Err(e) => e.into_response(),
    }
}
