//! The one error vocabulary: every `code` a problem document can carry, plus the few the
//! app core gives when there is no answer to read. The server writes these, the core
//! reads them into `CoreError`, and the UI translates each (its catalogue test fails on a
//! code without Swedish and English text). A code a newer server sends that this build does
//! not know reads as `Unknown`, so old apps keep working.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;

/// One list makes the enum, its wire names and `ALL`, so they cannot drift apart.
macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum ErrorCode {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
            /// A code this build does not know (a newer server).
            #[serde(rename = "unknown")]
            Unknown,
        }

        impl ErrorCode {
            /// Every code, for catalogues and their tests.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)* ErrorCode::Unknown];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                    ErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    // --- Requests the server could not read ---
    /// One or more fields are wrong; `errors` names each.
    ValidationFailed = "validation-failed",
    InvalidJson = "invalid-json",
    InvalidBody = "invalid-body",
    InvalidQuery = "invalid-query",
    /// The path or another part of the request does not decode.
    InvalidRequest = "invalid-request",
    UnsupportedMediaType = "unsupported-media-type",
    PayloadTooLarge = "payload-too-large",
    RequestTimeout = "request-timeout",
    NotFound = "not-found",
    MethodNotAllowed = "method-not-allowed",
    /// A status without a more specific code.
    RequestRefused = "request-refused",
    TooManyRequests = "too-many-requests",

    // --- Server side ---
    InternalError = "internal-error",
    /// Timed out inside the server; try again.
    TemporarilyUnavailable = "temporarily-unavailable",
    BankidUnavailable = "bankid-unavailable",

    // --- Login and sessions ---
    Unauthenticated = "unauthenticated",
    InvalidToken = "invalid-token",
    InvalidRefreshToken = "invalid-refresh-token",
    RefreshInProgress = "refresh-in-progress",
    InvalidLoginId = "invalid-login-id",
    LoginNotFound = "login-not-found",
    LoginCancelled = "login-cancelled",
    LoginFinished = "login-finished",
    LoginAlreadyUsed = "login-already-used",
    SessionNotFound = "session-not-found",

    // --- Accounts and customers ---
    AccountRequired = "account-required",
    Forbidden = "forbidden",
    CustomerNotFound = "customer-not-found",
    MemberNotFound = "member-not-found",
    MemberPending = "member-pending",
    NotPending = "not-pending",
    LastOwner = "last-owner",
    AlreadyMember = "already-member",
    ClaimNotFound = "claim-not-found",
    LegacyLinkFailed = "legacy-link-failed",
    LegacyLinkAttemptsExceeded = "legacy-link-attempts-exceeded",
    LegacyLinkingEnded = "legacy-linking-ended",

    // --- Services and calendar ---
    AddressNotFound = "address-not-found",
    ServiceNotFound = "service-not-found",
    FeedNotFound = "feed-not-found",

    // --- Colour-sorting bags ---
    OrderNoRolls = "order-no-rolls",
    OrderTooManyRolls = "order-too-many-rolls",
    BagColourUnknown = "bag-colour-unknown",
    BagColourRetired = "bag-colour-retired",
    /// The colour is not handed out in the address's kommun.
    BagColourNotOffered = "bag-colour-not-offered",
    /// The address has an order that is mottagen or skickad.
    OpenOrderExists = "open-order-exists",
    OrderNotFound = "order-not-found",
    /// Only a mottagen order can be cancelled.
    OrderNotCancellable = "order-not-cancellable",
    /// The order id names another order, from someone else.
    OrderIdTaken = "order-id-taken",

    // --- Sharing and invitations ---
    /// No such invite: the token is unknown, mistyped, or not for this customer.
    InviteNotFound = "invite-not-found",
    /// Not accepted within 14 days.
    InviteExpired = "invite-expired",
    /// The inviter withdrew the invite (or sent a new link, which replaced this one).
    InviteRevoked = "invite-revoked",
    /// Already accepted or declined: a link is used once.
    InviteUsed = "invite-used",
    /// This server verifies no mobile app for its https links (`/.well-known` files).
    AppLinksNotConfigured = "app-links-not-configured",

    // --- Idempotency-Key (draft-ietf-httpapi-idempotency-key-header) ---
    IdempotencyKeyRequired = "idempotency-key-required",
    IdempotencyKeyInvalid = "idempotency-key-invalid",
    /// The key was used before with another request (422).
    IdempotencyKeyReused = "idempotency-key-reused",
    /// The first request with this key is still being answered (409); retry shortly.
    RequestInProgress = "request-in-progress",

    // --- The app core, when there is no problem document to read ---
    /// The server could not be reached.
    Network = "network",
    /// A 5xx without a problem document (a proxy in between, say).
    ServerError = "server-error",
    /// An error status without a problem document.
    UnexpectedAnswer = "unexpected-answer",
    /// A success answer that does not parse.
    BadResponse = "bad-response",
    /// The year's statistics were never fetched on this device (it is offline).
    StatisticsNotCached = "statistics-not-cached",
    /// Logged out (the session ended or was never there).
    SessionExpired = "session-expired",
    NotLoggedIn = "not-logged-in",
    NoLogin = "no-login",
    KeyringUnavailable = "keyring-unavailable",
    CacheError = "cache-error",
    Config = "config",
    ExportFailed = "export-failed",
    NoDownloadDir = "no-download-dir",
    OpenFailed = "open-failed",
    InvalidLaunchUrl = "invalid-launch-url",
    InvalidDeepLink = "invalid-deep-link",
    DeepLinkMismatch = "deep-link-mismatch",
    InvalidId = "invalid-id",
    InvalidMonth = "invalid-month",
    NotificationsDenied = "notifications-denied",
}

impl ErrorCode {
    /// What a client should do about an answer with this code.
    pub fn disposition(self) -> Disposition {
        use ErrorCode::*;
        match self {
            Network
            | ServerError
            | InternalError
            | TemporarilyUnavailable
            | BankidUnavailable
            | TooManyRequests
            | RequestTimeout
            | RefreshInProgress
            | RequestInProgress => Disposition::RetryLater,
            Unauthenticated | InvalidToken | InvalidRefreshToken | SessionExpired | NotLoggedIn => {
                Disposition::LogInAgain
            }
            _ => Disposition::Refused,
        }
    }
}

/// The three things a client can do after a failure. Sync, login and (later) the outbox
/// all decide through [`ErrorCode::disposition`], so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Temporary: the network, the server or BankID; try again after a backoff.
    RetryLater,
    /// The session is gone; the person must log in again.
    LogInAgain,
    /// Refused for good: retrying the same request cannot help.
    Refused,
}

// By hand: the derive does not see the macro's per-variant names, and the document must
// list the wire spellings (the fuzzer checks every answer against it).
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "Stable machine-readable code; clients branch on it, never on texts",
            ))
            .enum_values(Some(ErrorCode::ALL.iter().map(|c| c.as_str())))
            .into()
    }
}

impl utoipa::ToSchema for ErrorCode {}

// By hand rather than derived: a code this build does not know becomes `Unknown`
// instead of failing the whole answer.
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .unwrap_or(ErrorCode::Unknown))
    }
}

/// `code == "network"` reads as the wire spelling, as in tests and logs.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_round_trips() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c:?} twice");
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), *c);
            assert!(c
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
        assert_eq!(ErrorCode::InternalError.as_str(), "internal-error");
        assert_eq!(ErrorCode::BankidUnavailable.as_str(), "bankid-unavailable");
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"a-code-from-the-future\"").unwrap(),
            ErrorCode::Unknown
        );
    }

    #[test]
    fn temporary_trouble_is_retried_and_an_ended_session_asks_for_login() {
        assert_eq!(
            ErrorCode::InternalError.disposition(),
            Disposition::RetryLater
        );
        assert_eq!(ErrorCode::Network.disposition(), Disposition::RetryLater);
        assert_eq!(
            ErrorCode::InvalidToken.disposition(),
            Disposition::LogInAgain
        );
        assert_eq!(ErrorCode::Forbidden.disposition(), Disposition::Refused);
        assert_eq!(ErrorCode::Unknown.disposition(), Disposition::Refused);
    }
}
