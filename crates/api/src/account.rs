//! Customer accounts: the person's own account, their customers, members and privacy.
//! Personal identity numbers never appear here except masked.

use kretslopp_domain::{CustomerKind, Permissions, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire! {
    /// The logged-in person, their user account and the customers they belong to.
    pub struct Me {
        pub person_id: String,
        pub given_name: String,
        pub surname: String,
        pub name: String,
        /// `null` until the person has registered or confirmed their contact details.
        pub account: Option<UserAccount>,
        pub customers: Vec<CustomerSummary>,
        /// The customer the person acts for (Byt kund); always an active membership.
        pub active_customer_id: Option<String>,
    }

    pub struct UserAccount {
        pub first_name: String,
        pub last_name: String,
        pub email: String,
        /// E.164, e.g. `+46701234567`.
        pub phone: String,
        /// `sv` or `en`: the language of e-mails to this person.
        pub lang: String,
    }

    /// Register or change one's own contact details. Every field is validated; a
    /// problem lists each wrong field.
    #[serde(deny_unknown_fields)]
    pub struct AccountInput {
        pub first_name: String,
        pub last_name: String,
        pub email: String,
        pub phone: String,
        #[serde(default)]
        pub lang: Option<String>,
    }

    pub struct CustomerSummary {
        pub id: String,
        pub name: String,
        pub kind: CustomerKind,
        pub kundnummer: String,
        pub role: Role,
        /// What the role may do here (`domain::may`), so the app never re-derives it.
        pub permissions: Permissions,
        /// `active`, or `pending` while an administrator has not approved the link.
        pub status: String,
    }

    /// Step 1 of a company's first login: the old shared login's credentials.
    #[serde(deny_unknown_fields)]
    pub struct LegacyLinkRequest {
        /// The old customer number (kundnummer) of the shared company login.
        pub customer_number: String,
        /// The last four digits of the organisation number.
        pub orgnr_last_four: String,
    }

    /// The credentials matched; `claimId` completes the link with "Skapa användarkonto".
    pub struct LegacyLinkClaim {
        pub claim_id: String,
        pub customer_name: String,
        /// Whether the customer already has an administrator (then the link waits for approval).
        pub needs_approval: bool,
    }

    /// Step 2: "Skapa användarkonto" for the customer matched in step 1.
    #[serde(deny_unknown_fields)]
    pub struct RegisterCompanyUser {
        pub claim_id: String,
        pub first_name: String,
        pub last_name: String,
        pub email: String,
        pub phone: String,
        #[serde(default)]
        pub lang: Option<String>,
    }

    #[serde(deny_unknown_fields)]
    pub struct ActiveCustomerRequest {
        pub customer_id: String,
    }

    pub struct InvoiceAddress {
        pub line1: String,
        /// c/o, department, reference.
        pub line2: Option<String>,
        /// Five digits, e.g. `11122`.
        pub postal_code: String,
        pub city: String,
    }

    #[serde(deny_unknown_fields)]
    pub struct InvoiceAddressInput {
        pub line1: String,
        #[serde(default)]
        pub line2: Option<String>,
        pub postal_code: String,
        pub city: String,
    }

    pub struct KommunRef {
        /// SCB kommunkod, four digits.
        pub code: String,
        pub name: String,
    }

    /// One customer as its member sees it (Mina uppgifter).
    pub struct CustomerDetails {
        pub id: String,
        pub name: String,
        pub kind: CustomerKind,
        pub kundnummer: String,
        /// `YYYYMMDD-****` or `NNNNNN-****`.
        pub identity_masked: String,
        pub invoice_address: Option<InvoiceAddress>,
        /// The caller's membership.
        pub member_id: String,
        pub role: Role,
        /// What the role may do here (`domain::may`), so the app never re-derives it.
        pub permissions: Permissions,
        /// Kommuner where the customer has pickup addresses: what a kommun filter may hold.
        pub kommuner: Vec<KommunRef>,
        /// The caller's kommun filter; empty means all.
        pub my_kommuner: Vec<String>,
        pub address_count: u32,
        /// Company administrators only: whether old customer numbers can still be linked.
        pub legacy_linking_open: Option<bool>,
    }

    /// A member as holders and administrators see them.
    pub struct Member {
        pub id: String,
        pub name: String,
        pub email: Option<String>,
        pub role: Role,
        pub status: String,
        /// Unix milliseconds.
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        pub last_login_at: Option<i64>,
        pub kommuner: Vec<String>,
        pub is_me: bool,
    }

    #[serde(deny_unknown_fields)]
    pub struct RoleChange {
        pub role: Role,
    }

    #[serde(deny_unknown_fields)]
    pub struct KommunFilter {
        /// Kommunkoder; empty means all.
        pub kommuner: Vec<String>,
    }

    #[serde(deny_unknown_fields)]
    pub struct LegacyLinkingSetting {
        pub open: bool,
    }

    /// A logged-in device (session).
    pub struct DeviceSession {
        pub id: String,
        /// Unix milliseconds.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        pub created_at: i64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        pub last_used_at: i64,
        /// The session making this request.
        pub current: bool,
    }
}
