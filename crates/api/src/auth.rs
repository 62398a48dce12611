//! Login with BankID and sessions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How the person starts the BankID app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum LoginMethod {
    /// Animated QR code scanned with Mobilt BankID on another device.
    Qr,
    /// BankID on this device, launched with the autostart token.
    SameDevice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Platform {
    Desktop,
    Mobile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartLoginRequest {
    pub method: LoginMethod,
    pub platform: Platform,
    /// Language of the text shown in the BankID app: `sv` (default) or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Mobile same-device logins: a random nonce (22–64 URL-safe characters) that the
    /// server puts in BankID's `returnUrl`, so the app can tell its own return apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_nonce: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LaunchUrls {
    /// `bankid:///?autostarttoken=…&redirect=null`
    pub desktop: String,
    /// `https://app.bankid.com/?autostarttoken=…`
    pub mobile: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartLoginResponse {
    /// Secret handle of this login (256 random bits). Only the client that started the
    /// login knows it; it is needed to poll and to cancel.
    pub login_id: String,
    pub launch: LaunchUrls,
    /// QR content for second 0; fresh content comes with every poll.
    pub qr: String,
    /// How often the client should poll, in milliseconds.
    pub poll_interval_ms: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum LoginStatus {
    Pending,
    Complete,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginState {
    pub status: LoginStatus,
    /// BankID's hint code, as received (unknown codes included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint_code: Option<String>,
    /// Recommended user message, e.g. `RFA1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "RFA1")]
    pub rfa: Option<kretslopp_domain::Rfa>,
    /// Current QR content while the QR code is waiting to be scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<String>,
    /// Present once, when the login has completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionTokens>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionTokens {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u32,
    pub token_type: String,
}

impl std::fmt::Debug for SessionTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTokens")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

impl std::fmt::Debug for RefreshRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshRequest { .. }")
    }
}
