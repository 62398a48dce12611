//! Wire types of the RP API v6, with the exact JSON field names. Codes BankID may add
//! later are kept as `Unknown(..)` instead of failing to parse.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthRequest {
    pub end_user_ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_visible_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_visible_data_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_non_visible_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Requirement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_risk: Option<bool>,
}

/// `/sign` takes the same fields as `/auth`; `userVisibleData` is required there.
pub type SignRequest = AuthRequest;

/// Who called whom in a phone order (`/phone/auth`, `/phone/sign`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallInitiator {
    /// The user called the RP.
    #[serde(rename = "user")]
    User,
    /// The RP called the user.
    #[serde(rename = "RP")]
    Rp,
}

/// `/phone/auth` and `/phone/sign` (RP API 6.0): the user is on a call with the RP, so
/// there is no QR code, autostart token or `endUserIp`; the person is named up front.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneRequest {
    pub personal_number: String,
    pub call_initiator: CallInitiator,
    /// Optional for auth, required for sign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_visible_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_visible_data_format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_non_visible_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<PhoneRequirement>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneRequirement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_code: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_reader: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_policies: Option<Vec<String>>,
}

/// A phone order's answer: only its reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneOrderResponse {
    pub order_ref: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_code: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrtd: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_reader: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_policies: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderResponse {
    pub order_ref: String,
    pub auto_start_token: String,
    pub qr_start_token: String,
    pub qr_start_secret: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRefRequest {
    pub order_ref: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Failed,
    Complete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectResponse {
    pub order_ref: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint_code: Option<HintCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_data: Option<CompletionData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionData {
    pub user: User,
    pub device: Device,
    pub bank_id_issue_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_up: Option<StepUp>,
    pub signature: String,
    pub ocsp_response: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub personal_number: String,
    pub name: String,
    pub given_name: String,
    pub surname: String,
}

// The personal number must never reach a log through a stray `{:?}`.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("personal_number", &"<redacted>")
            .field("name", &self.name)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub ip_address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uhi: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepUp {
    pub mrtd: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub error_code: ErrorCode,
    #[serde(default)]
    pub details: String,
}

macro_rules! open_code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($variant,)*
            /// A code this version does not know; BankID may add codes without notice.
            Unknown(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(s),
                }
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_code_enum!(
    /// Hint codes of pending and failed orders.
    HintCode {
        OutstandingTransaction = "outstandingTransaction",
        NoClient = "noClient",
        Started = "started",
        UserMrtd = "userMrtd",
        UserCallConfirm = "userCallConfirm",
        UserSign = "userSign",
        Processing = "processing",
        ExpiredTransaction = "expiredTransaction",
        CertificateErr = "certificateErr",
        UserCancel = "userCancel",
        Cancelled = "cancelled",
        StartFailed = "startFailed",
        UserDeclinedCall = "userDeclinedCall",
        NotSupportedByUserApp = "notSupportedByUserApp",
        TransactionRiskBlocked = "transactionRiskBlocked",
    }
);

open_code_enum!(
    /// `errorCode` of an error response.
    ErrorCode {
        AlreadyInProgress = "alreadyInProgress",
        InvalidParameters = "invalidParameters",
        Unauthorized = "unauthorized",
        NotFound = "notFound",
        MethodNotAllowed = "methodNotAllowed",
        RequestTimeout = "requestTimeout",
        UnsupportedMediaType = "unsupportedMediaType",
        InternalError = "internalError",
        Maintenance = "maintenance",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_are_tolerated_and_round_trip() {
        let r: CollectResponse = serde_json::from_str(
            r#"{"orderRef":"a","status":"pending","hintCode":"brandNewCode"}"#,
        )
        .unwrap();
        assert_eq!(r.hint_code, Some(HintCode::Unknown("brandNewCode".into())));
        assert_eq!(
            serde_json::to_value(&r).unwrap()["hintCode"],
            "brandNewCode"
        );
        let e: ErrorBody =
            serde_json::from_str(r#"{"errorCode":"somethingNew","details":"x"}"#).unwrap();
        assert_eq!(e.error_code, ErrorCode::Unknown("somethingNew".into()));
    }

    #[test]
    fn known_codes_use_the_exact_wire_names() {
        assert_eq!(
            serde_json::to_string(&HintCode::OutstandingTransaction).unwrap(),
            "\"outstandingTransaction\""
        );
        assert_eq!(
            serde_json::to_string(&ErrorCode::AlreadyInProgress).unwrap(),
            "\"alreadyInProgress\""
        );
        assert_eq!(
            serde_json::to_string(&Status::Complete).unwrap(),
            "\"complete\""
        );
    }

    #[test]
    fn user_debug_hides_the_personal_number() {
        let u = User {
            personal_number: "198112189876".into(),
            name: "A B".into(),
            given_name: "A".into(),
            surname: "B".into(),
        };
        assert!(!format!("{u:?}").contains("198112189876"));
    }
}
