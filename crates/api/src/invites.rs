//! Sharing a household and inviting colleagues (PRODUCT §7), as the API sends it. Times are
//! Unix milliseconds. The rules are `kretslopp_domain::invites`; the token exists only in
//! the e-mail and is sent in request bodies, never in a URL the API logs.

use crate::AccountInput;
use kretslopp_domain::{CustomerKind, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire! {
    /// `POST /v1/customers/{id}/invites`: who to invite, as which role.
    pub struct NewInvite {
        /// The invitee's name as the inviter knows it; they confirm their own on accepting.
        pub name: String,
        pub email: String,
        /// Optional; empty or left out when not known.
        #[serde(default)]
        pub phone: String,
        /// `delegate` for a household; `admin` or `user` for a company.
        pub role: Role,
        /// The e-mail's language, `sv` (default) or `en`.
        #[serde(default)]
        pub lang: Option<String>,
    }

    /// A pending invite, as its customer's holder or administrators see it.
    pub struct Invite {
        pub id: String,
        pub customer_id: String,
        pub role: Role,
        pub name: String,
        pub email: String,
        pub phone: String,
        /// The inviter's name.
        pub invited_by: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        pub created_at: i64,
        /// When the newest link was sent (a resend sends a new one).
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        pub sent_at: i64,
        /// The link stops working then, and the invite is removed.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        pub expires_at: i64,
    }

    /// A token from an invite link, in a body so that it never sits in a URL.
    pub struct InviteToken {
        pub token: String,
    }

    /// What an invite offers, for the person who opened its link (after their BankID login).
    pub struct InvitePreview {
        pub customer_id: String,
        pub customer_name: String,
        pub customer_kind: CustomerKind,
        pub role: Role,
        pub invited_by: String,
        /// The details the inviter entered, for the invitee to confirm.
        pub name: String,
        pub email: String,
        pub phone: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        pub expires_at: i64,
    }

    /// `POST /v1/invites/accept`. `customerId` is the customer the person was shown, so a
    /// token can only ever join that one; `account` is their confirmed contact details.
    pub struct AcceptInvite {
        pub token: String,
        pub customer_id: String,
        pub account: AccountInput,
    }
}
