//! What a person does in the BankID app, as an HTTP API for tests and for the demo page.

use super::orders::{Person, SimError, TEST_PERSONS};
use super::Simulator;
use crate::types::HintCode;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kretslopp_domain::Personnummer;
use serde::Deserialize;

pub(super) fn routes() -> Router<Simulator> {
    Router::new()
        .route("/", get(page))
        .route("/simulator/api/persons", get(persons))
        .route("/simulator/api/scan", post(scan))
        .route("/simulator/api/scan-newest", post(scan_newest))
        .route("/simulator/api/open", post(open))
        .route("/simulator/api/approve", post(approve))
        .route("/simulator/api/cancel", post(cancel))
        .route("/simulator/api/fail", post(fail))
        .route("/simulator/api/hint", post(hint))
        .route("/simulator/api/call", post(call))
        .route("/simulator/api/id-document", post(id_document))
}

async fn page() -> Html<&'static str> {
    Html(include_str!("page.html"))
}

async fn persons() -> Response {
    Json(TEST_PERSONS).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PersonInput {
    personal_number: String,
    given_name: Option<String>,
    surname: Option<String>,
}

impl PersonInput {
    fn into_person(self) -> Result<Person, SimError> {
        let pnr = Personnummer::parse_twelve_digits(self.personal_number.trim()).map_err(|_| {
            SimError::invalid("personalNumber must be a valid 12-digit personnummer")
        })?;
        let known = TEST_PERSONS
            .iter()
            .find(|p| p.personal_number == pnr.as_str());
        let given_name = self
            .given_name
            .or(known.map(|p| p.given_name.to_owned()))
            .unwrap_or_else(|| "Test".into());
        let surname = self
            .surname
            .or(known.map(|p| p.surname.to_owned()))
            .unwrap_or_else(|| "Testsson".into());
        Ok(Person {
            personal_number: pnr.as_str().to_owned(),
            given_name,
            surname,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScanInput {
    qr_data: String,
    #[serde(flatten)]
    person: PersonInput,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenInput {
    auto_start_token: String,
    #[serde(flatten)]
    person: PersonInput,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OrderInput {
    order_ref: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct HintInput {
    order_ref: String,
    hint_code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CallInput {
    order_ref: String,
    /// Whether the person says they are on a call with the RP.
    confirmed: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct IdDocumentInput {
    order_ref: String,
    /// Whether the document check passes.
    passed: bool,
}

/// What the BankID app shows after it has picked up an order.
fn started(order: &super::orders::Order) -> Response {
    Json(serde_json::json!({
        "orderRef": order.response.order_ref,
        "kind": if order.is_sign { "sign" } else { "auth" },
        "userVisibleData": order.visible_text,
        "idDocumentRequired": order.mrtd_required,
        "callInitiator": order.phone,
    }))
    .into_response()
}

fn done(r: Result<(), SimError>) -> Response {
    match r {
        Ok(()) => Json(serde_json::json!({})).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn scan(State(sim): State<Simulator>, Json(input): Json<ScanInput>) -> Response {
    let person = match input.person.into_person() {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let now = sim.now();
    let mut orders = sim.inner.lock().expect("simulator lock");
    match orders.scan(&input.qr_data, person, now) {
        Ok(o) => started(o),
        Err(e) => e.into_response(),
    }
}

/// Demo helper: "scan" the QR code of the newest order still waiting for one, since a
/// person trying the demo has no phone pointed at the screen.
async fn scan_newest(State(sim): State<Simulator>, Json(input): Json<PersonInput>) -> Response {
    let person = match input.into_person() {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let now = sim.now();
    let mut orders = sim.inner.lock().expect("simulator lock");
    let Some(order_ref) = orders.newest_waiting(now) else {
        return SimError {
            status: 404,
            code: "noWaitingOrder",
            details: "No QR code is waiting to be scanned".into(),
        }
        .into_response();
    };
    match orders.start_by_ref(&order_ref, person, now) {
        Ok(o) => started(o),
        Err(e) => e.into_response(),
    }
}

async fn open(State(sim): State<Simulator>, Json(input): Json<OpenInput>) -> Response {
    let person = match input.person.into_person() {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let now = sim.now();
    let mut orders = sim.inner.lock().expect("simulator lock");
    match orders.open(&input.auto_start_token, person, now) {
        Ok(o) => started(o),
        Err(e) => e.into_response(),
    }
}

async fn approve(State(sim): State<Simulator>, Json(input): Json<OrderInput>) -> Response {
    let now = sim.now();
    done(
        sim.inner
            .lock()
            .expect("simulator lock")
            .approve(&input.order_ref, now),
    )
}

async fn cancel(State(sim): State<Simulator>, Json(input): Json<OrderInput>) -> Response {
    let now = sim.now();
    done(
        sim.inner
            .lock()
            .expect("simulator lock")
            .user_cancel(&input.order_ref, now),
    )
}

async fn fail(State(sim): State<Simulator>, Json(input): Json<HintInput>) -> Response {
    let now = sim.now();
    done(sim.inner.lock().expect("simulator lock").fail(
        &input.order_ref,
        HintCode::from(input.hint_code),
        now,
    ))
}

async fn hint(State(sim): State<Simulator>, Json(input): Json<HintInput>) -> Response {
    let now = sim.now();
    done(sim.inner.lock().expect("simulator lock").set_pending_hint(
        &input.order_ref,
        HintCode::from(input.hint_code),
        now,
    ))
}

/// Phone orders: "Yes, I am on a call with them" (or no).
async fn call(State(sim): State<Simulator>, Json(input): Json<CallInput>) -> Response {
    let now = sim.now();
    done(sim.inner.lock().expect("simulator lock").answer_call(
        &input.order_ref,
        input.confirmed,
        now,
    ))
}

/// Orders with `requirement.mrtd`: the person scans their passport or ID card.
async fn id_document(State(sim): State<Simulator>, Json(input): Json<IdDocumentInput>) -> Response {
    let now = sim.now();
    done(sim.inner.lock().expect("simulator lock").scan_id_document(
        &input.order_ref,
        input.passed,
        now,
    ))
}
