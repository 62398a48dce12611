//! The simulator's orders and their life cycle, evaluated against the injected clock.

use super::*;
use crate::qr::ScannedQr;
use crate::types::*;
use base64::Engine;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestPerson {
    pub personal_number: &'static str,
    pub given_name: &'static str,
    pub surname: &'static str,
}

/// Public test identities of the demo (valid check digits, fictitious people).
pub const TEST_PERSONS: &[TestPerson] = &[
    TestPerson {
        personal_number: "198503122387",
        given_name: "Anna",
        surname: "Andersson",
    },
    TestPerson {
        personal_number: "197206044575",
        given_name: "Erik",
        surname: "Lindqvist",
    },
    TestPerson {
        personal_number: "199009211260",
        given_name: "Sara",
        surname: "Nilsson",
    },
    TestPerson {
        personal_number: "196811308722",
        given_name: "Karin",
        surname: "Berg",
    },
    TestPerson {
        personal_number: "199502173496",
        given_name: "Johan",
        surname: "Ek",
    },
];

#[derive(Debug, Clone)]
pub(super) struct Person {
    pub personal_number: String,
    pub given_name: String,
    pub surname: String,
}

#[derive(Debug, Clone)]
pub(super) enum State {
    Pending(HintCode),
    Failed { hint: HintCode, at: i64 },
    Complete { data: Box<CompletionData>, at: i64 },
}

#[derive(Debug, Clone)]
pub(super) struct Order {
    pub response: OrderResponse,
    pub end_user_ip: String,
    pub created: i64,
    pub started: bool,
    pub required_pnr: Option<String>,
    pub person: Option<Person>,
    pub visible_text: Option<String>,
    pub is_sign: bool,
    /// Set for `/phone/auth` and `/phone/sign` orders.
    pub phone: Option<CallInitiator>,
    /// `requirement.mrtd`: the person must scan an ID document before approving.
    pub mrtd_required: bool,
    /// The result of that scan, once made.
    pub mrtd_passed: Option<bool>,
    pub state: State,
}

impl Order {
    /// Applies the lifetimes that have passed by `now`.
    fn advance(&mut self, now: i64) {
        if let State::Pending(_) = self.state {
            let age = now - self.created;
            if !self.started && age >= START_TIMEOUT_SECS * 1000 {
                self.state = State::Failed {
                    hint: HintCode::StartFailed,
                    at: self.created + START_TIMEOUT_SECS * 1000,
                };
            } else if age >= ORDER_LIFETIME_SECS * 1000 {
                self.state = State::Failed {
                    hint: HintCode::ExpiredTransaction,
                    at: self.created + ORDER_LIFETIME_SECS * 1000,
                };
            }
        }
    }

    /// Whether collect may still return this order.
    fn collectable(&self, now: i64) -> bool {
        match &self.state {
            State::Pending(_) => true,
            State::Failed { at, .. } => now - at < FAILED_COLLECT_WINDOW_SECS * 1000,
            State::Complete { at, .. } => now - at < COMPLETE_COLLECT_WINDOW_SECS * 1000,
        }
    }

    fn pending_for(&self, pnr: &str) -> bool {
        matches!(self.state, State::Pending(_))
            && (self.required_pnr.as_deref() == Some(pnr)
                || self
                    .person
                    .as_ref()
                    .is_some_and(|p| p.personal_number == pnr))
    }

    fn collect_response(&self) -> CollectResponse {
        let (status, hint_code, completion_data) = match &self.state {
            State::Pending(h) => (Status::Pending, Some(h.clone()), None),
            State::Failed { hint, .. } => (Status::Failed, Some(hint.clone()), None),
            State::Complete { data, .. } => (Status::Complete, None, Some((**data).clone())),
        };
        CollectResponse {
            order_ref: self.response.order_ref.clone(),
            status,
            hint_code,
            completion_data,
        }
    }
}

/// What went wrong, as BankID (or, for the control API, the BankID app) would say it.
#[derive(Debug)]
pub(super) struct SimError {
    pub status: u16,
    pub code: &'static str,
    pub details: String,
}

impl SimError {
    pub fn invalid(details: impl Into<String>) -> Self {
        Self {
            status: 400,
            code: "invalidParameters",
            details: details.into(),
        }
    }
    fn control(code: &'static str, details: impl Into<String>) -> Self {
        Self {
            status: 400,
            code,
            details: details.into(),
        }
    }
}

#[derive(Default)]
pub(super) struct Orders {
    by_ref: HashMap<String, Order>,
    /// When ended orders were last dropped (`sweep`).
    swept_at: i64,
}

pub(super) struct NewOrder {
    pub end_user_ip: String,
    pub required_pnr: Option<String>,
    pub visible_text: Option<String>,
    pub is_sign: bool,
    pub mrtd: bool,
}

pub(super) struct NewPhoneOrder {
    pub personal_number: String,
    pub call_initiator: CallInitiator,
    pub visible_text: Option<String>,
    pub is_sign: bool,
}

/// The IP address BankID reports for phone orders, which have no `endUserIp`
/// (TEST-NET-1, RFC 5737).
pub const PHONE_ORDER_IP: &str = "192.0.2.1";

fn new_refs() -> OrderResponse {
    OrderResponse {
        order_ref: uuid::Uuid::new_v4().to_string(),
        auto_start_token: uuid::Uuid::new_v4().to_string(),
        qr_start_token: uuid::Uuid::new_v4().to_string(),
        qr_start_secret: uuid::Uuid::new_v4().to_string(),
    }
}

impl Orders {
    fn sweep(&mut self, now: i64) {
        for o in self.by_ref.values_mut() {
            o.advance(now);
        }
        self.by_ref.retain(|_, o| o.collectable(now));
        self.swept_at = now;
    }

    /// Collect is the call made for every order every two seconds: a full sweep on each
    /// would cost all orders per call, so collect applies the lifetimes of its own order
    /// and drops the others' at most once a second.
    fn sweep_if_due(&mut self, now: i64) {
        if !(0..1000).contains(&(now - self.swept_at)) {
            self.sweep(now);
        }
    }

    /// A second order for a person already in an order: BankID refuses the new one
    /// (`alreadyInProgress`) and cancels the old one (`cancelled`).
    pub fn create(&mut self, new: NewOrder, now: i64) -> Result<OrderResponse, SimError> {
        self.sweep(now);
        if let Some(pnr) = &new.required_pnr {
            if self.cancel_pending_of(pnr, now) {
                return Err(SimError {
                    status: 400,
                    code: "alreadyInProgress",
                    details: "Order already in progress for pno".into(),
                });
            }
        }
        let response = new_refs();
        self.by_ref.insert(
            response.order_ref.clone(),
            Order {
                response: response.clone(),
                end_user_ip: new.end_user_ip,
                created: now,
                started: false,
                required_pnr: new.required_pnr,
                person: None,
                visible_text: new.visible_text,
                is_sign: new.is_sign,
                phone: None,
                mrtd_required: new.mrtd,
                mrtd_passed: None,
                state: State::Pending(HintCode::OutstandingTransaction),
            },
        );
        Ok(response)
    }

    /// A phone order goes straight to the named person's app, which asks them to confirm
    /// that they are on a call with the RP (`userCallConfirm`).
    pub fn create_phone(
        &mut self,
        new: NewPhoneOrder,
        now: i64,
    ) -> Result<PhoneOrderResponse, SimError> {
        self.sweep(now);
        if self.cancel_pending_of(&new.personal_number, now) {
            return Err(SimError {
                status: 400,
                code: "alreadyInProgress",
                details: "Order already in progress for pno".into(),
            });
        }
        let known = TEST_PERSONS
            .iter()
            .find(|p| p.personal_number == new.personal_number);
        let person = Person {
            personal_number: new.personal_number.clone(),
            given_name: known.map_or("Test", |p| p.given_name).to_owned(),
            surname: known.map_or("Testsson", |p| p.surname).to_owned(),
        };
        let response = new_refs();
        let order_ref = response.order_ref.clone();
        self.by_ref.insert(
            order_ref.clone(),
            Order {
                response,
                end_user_ip: PHONE_ORDER_IP.into(),
                created: now,
                started: true,
                required_pnr: Some(new.personal_number),
                person: Some(person),
                visible_text: new.visible_text,
                is_sign: new.is_sign,
                phone: Some(new.call_initiator),
                mrtd_required: false,
                mrtd_passed: None,
                state: State::Pending(HintCode::UserCallConfirm),
            },
        );
        Ok(PhoneOrderResponse { order_ref })
    }

    fn cancel_pending_of(&mut self, pnr: &str, now: i64) -> bool {
        let mut found = false;
        for o in self.by_ref.values_mut().filter(|o| o.pending_for(pnr)) {
            o.state = State::Failed {
                hint: HintCode::Cancelled,
                at: now,
            };
            found = true;
        }
        found
    }

    pub fn collect(&mut self, order_ref: &str, now: i64) -> Result<CollectResponse, SimError> {
        self.sweep_if_due(now);
        let order = self
            .by_ref
            .get_mut(order_ref)
            .ok_or_else(|| SimError::invalid("No such order"))?;
        order.advance(now);
        if !order.collectable(now) {
            self.by_ref.remove(order_ref);
            return Err(SimError::invalid("No such order"));
        }
        Ok(order.collect_response())
    }

    pub fn rp_cancel(&mut self, order_ref: &str, now: i64) -> Result<(), SimError> {
        self.sweep(now);
        match self.by_ref.get(order_ref) {
            Some(o) if matches!(o.state, State::Pending(_)) => {
                self.by_ref.remove(order_ref);
                Ok(())
            }
            _ => Err(SimError::invalid("No such order")),
        }
    }

    // ---- what a person does in the BankID app ----

    pub fn scan(&mut self, qr_data: &str, person: Person, now: i64) -> Result<&Order, SimError> {
        self.sweep(now);
        let scanned = ScannedQr::parse(qr_data)
            .ok_or_else(|| SimError::control("invalidQrCode", "This is not a BankID QR code"))?;
        let order_ref = self
            .by_ref
            .values()
            .find(|o| o.response.qr_start_token == scanned.qr_start_token)
            .map(|o| o.response.order_ref.clone())
            .ok_or_else(|| SimError::control("invalidQrCode", "No order has this QR code"))?;
        let order = &self.by_ref[&order_ref];
        if !scanned.is_signed_by(&order.response.qr_start_secret) {
            return Err(SimError::control(
                "invalidQrCode",
                "The QR code's signature is wrong",
            ));
        }
        let elapsed = ((now - order.created).max(0) / 1000) as u64;
        if scanned.seconds > elapsed + 1
            || elapsed.saturating_sub(scanned.seconds) > QR_MAX_AGE_SECS
        {
            return Err(SimError::control(
                "qrCodeExpired",
                "The QR code is too old; scan the current one",
            ));
        }
        self.start(&order_ref, person, now)
    }

    pub fn open(
        &mut self,
        auto_start_token: &str,
        person: Person,
        now: i64,
    ) -> Result<&Order, SimError> {
        self.sweep(now);
        let order_ref = self
            .by_ref
            .values()
            .find(|o| o.response.auto_start_token == auto_start_token)
            .map(|o| o.response.order_ref.clone())
            .ok_or_else(|| {
                SimError::control("invalidAutoStartToken", "No order has this autostart token")
            })?;
        self.start(&order_ref, person, now)
    }

    /// The newest order still waiting for its QR code to be scanned (demo page helper).
    pub fn newest_waiting(&mut self, now: i64) -> Option<String> {
        self.sweep(now);
        self.by_ref
            .values()
            .filter(|o| !o.started && matches!(o.state, State::Pending(_)))
            .max_by_key(|o| o.created)
            .map(|o| o.response.order_ref.clone())
    }

    pub fn start_by_ref(
        &mut self,
        order_ref: &str,
        person: Person,
        now: i64,
    ) -> Result<&Order, SimError> {
        self.sweep(now);
        self.start(order_ref, person, now)
    }

    /// The app picks the order up: it asks for an ID document first when the RP required
    /// one (`userMrtd`), otherwise for the person's approval (`userSign`).
    fn start(&mut self, order_ref: &str, person: Person, now: i64) -> Result<&Order, SimError> {
        {
            let order = self
                .by_ref
                .get(order_ref)
                .ok_or_else(|| SimError::invalid("No such order"))?;
            if order.started || !matches!(order.state, State::Pending(_)) {
                return Err(SimError::control(
                    "orderNotWaiting",
                    "This order is not waiting to be started",
                ));
            }
            if order
                .required_pnr
                .as_ref()
                .is_some_and(|p| *p != person.personal_number)
            {
                return Err(SimError::control(
                    "wrongPerson",
                    "This order is for another person",
                ));
            }
        }
        // Starting one order while another of the same person is pending cancels the other.
        let pnr = person.personal_number.clone();
        for o in self
            .by_ref
            .values_mut()
            .filter(|o| o.response.order_ref != order_ref && o.pending_for(&pnr))
        {
            o.state = State::Failed {
                hint: HintCode::Cancelled,
                at: now,
            };
        }
        let order = self.by_ref.get_mut(order_ref).expect("checked above");
        order.started = true;
        order.person = Some(person);
        order.state = State::Pending(if order.mrtd_required {
            HintCode::UserMrtd
        } else {
            HintCode::UserSign
        });
        Ok(order)
    }

    fn pending_mut(&mut self, order_ref: &str, now: i64) -> Result<&mut Order, SimError> {
        self.sweep(now);
        match self.by_ref.get_mut(order_ref) {
            Some(o) if matches!(o.state, State::Pending(_)) => Ok(o),
            Some(_) => Err(SimError::control(
                "orderNotPending",
                "The order is already finished",
            )),
            None => Err(SimError::invalid("No such order")),
        }
    }

    /// The person confirms (or denies) that they are on a call with the RP.
    pub fn answer_call(
        &mut self,
        order_ref: &str,
        confirmed: bool,
        now: i64,
    ) -> Result<(), SimError> {
        let order = self.pending_mut(order_ref, now)?;
        if !matches!(order.state, State::Pending(HintCode::UserCallConfirm)) {
            return Err(SimError::control(
                "noCallToConfirm",
                "This order is not waiting for a call confirmation",
            ));
        }
        order.state = if confirmed {
            State::Pending(HintCode::UserSign)
        } else {
            State::Failed {
                hint: HintCode::UserDeclinedCall,
                at: now,
            }
        };
        Ok(())
    }

    /// The person scans their passport or ID card; `passed` is the check's outcome, which
    /// completion data reports as `stepUp.mrtd`.
    pub fn scan_id_document(
        &mut self,
        order_ref: &str,
        passed: bool,
        now: i64,
    ) -> Result<(), SimError> {
        let order = self.pending_mut(order_ref, now)?;
        if !matches!(order.state, State::Pending(HintCode::UserMrtd)) {
            return Err(SimError::control(
                "noIdDocumentAsked",
                "This order is not waiting for an ID document",
            ));
        }
        order.mrtd_passed = Some(passed);
        order.state = State::Pending(HintCode::UserSign);
        Ok(())
    }

    pub fn approve(&mut self, order_ref: &str, now: i64) -> Result<(), SimError> {
        let order = self.pending_mut(order_ref, now)?;
        let Some(person) = order.person.clone() else {
            return Err(SimError::control(
                "orderNotStarted",
                "Scan the QR code or open the order first",
            ));
        };
        match order.state {
            State::Pending(HintCode::UserCallConfirm) => {
                return Err(SimError::control(
                    "callNotConfirmed",
                    "Confirm the call with the RP first",
                ))
            }
            State::Pending(HintCode::UserMrtd) => {
                return Err(SimError::control(
                    "idDocumentPending",
                    "Scan the ID document first",
                ))
            }
            _ => {}
        }
        let signature_xml = format!(
            "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><!-- simulated --><Object><bankIdSignedData><usrVisibleData>{}</usrVisibleData></bankIdSignedData></Object></Signature>",
            order.visible_text.as_deref().unwrap_or("")
        );
        let b64 = base64::engine::general_purpose::STANDARD;
        let data = CompletionData {
            user: User {
                name: format!("{} {}", person.given_name, person.surname),
                personal_number: person.personal_number,
                given_name: person.given_name,
                surname: person.surname,
            },
            device: Device {
                ip_address: order.end_user_ip.clone(),
                uhi: Some("OZvYM9VvyiAmG7NA5jU5zqGcVpo=".into()),
            },
            bank_id_issue_date: "2024-01-15".into(),
            // Present exactly when the RP asked for an ID document.
            step_up: order.mrtd_required.then(|| StepUp {
                mrtd: order.mrtd_passed == Some(true),
            }),
            signature: b64.encode(signature_xml),
            ocsp_response: b64.encode("simulated OCSP response"),
            risk: None,
        };
        order.state = State::Complete {
            data: Box::new(data),
            at: now,
        };
        Ok(())
    }

    pub fn user_cancel(&mut self, order_ref: &str, now: i64) -> Result<(), SimError> {
        self.fail(order_ref, HintCode::UserCancel, now)
    }

    pub fn fail(&mut self, order_ref: &str, hint: HintCode, now: i64) -> Result<(), SimError> {
        let order = self.pending_mut(order_ref, now)?;
        order.state = State::Failed { hint, at: now };
        Ok(())
    }

    pub fn set_pending_hint(
        &mut self,
        order_ref: &str,
        hint: HintCode,
        now: i64,
    ) -> Result<(), SimError> {
        let order = self.pending_mut(order_ref, now)?;
        order.state = State::Pending(hint);
        Ok(())
    }
}
