//! Avisering (PRODUCT §9): what needs a person's attention. Each feature adds its own
//! [`Event`] variant; the server stores it for the people it concerns when the thing
//! happens, the change feed carries it into the app's cache with its read state, and the
//! UI's catalogues say it in Swedish and English. Texts are never stored: an event holds
//! the facts, so it reads in whatever language the person uses today.

use crate::bags::OrderStatus;
use serde::{Deserialize, Serialize};

/// How long a notification stays in the list.
pub const KEPT_MS: i64 = 90 * 24 * 3600 * 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    /// A colleague linked to the company and waits for approval (to its administrators).
    #[serde(rename_all = "camelCase")]
    ApprovalWaiting { member_id: String, name: String },
    /// Someone accepted the person's invite.
    #[serde(rename_all = "camelCase")]
    InviteAccepted { name: String },
    /// A bag order the person placed changed status.
    #[serde(rename_all = "camelCase")]
    OrderStatus {
        order_id: String,
        /// The short number the app and the e-mail show (`bags::order_number`).
        number: String,
        status: OrderStatus,
    },
    /// A pickup was moved (to the members who see its address).
    #[serde(rename_all = "camelCase")]
    PickupMoved {
        address_id: String,
        street: String,
        fraction_code: String,
        /// The planned date, `YYYY-MM-DD`.
        from: String,
        to: String,
    },
}

impl Event {
    /// The stored kind, also the `kind` of the wire form.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::ApprovalWaiting { .. } => "approval-waiting",
            Event::InviteAccepted { .. } => "invite-accepted",
            Event::OrderStatus { .. } => "order-status",
            Event::PickupMoved { .. } => "pickup-moved",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_form_names_its_kind() {
        let e = Event::OrderStatus {
            order_id: "o1".into(),
            number: "O1".into(),
            status: OrderStatus::Sent,
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], e.kind());
        assert_eq!(json["orderId"], "o1");
        assert_eq!(serde_json::from_value::<Event>(json).unwrap(), e);
        let moved = Event::PickupMoved {
            address_id: "a".into(),
            street: "Storgatan 1".into(),
            fraction_code: "rest".into(),
            from: "2027-01-18".into(),
            to: "2027-01-20".into(),
        };
        assert_eq!(serde_json::to_value(&moved).unwrap()["kind"], moved.kind());
    }
}
