//! Who may do what on a customer account (PRODUCT §1, §4): one table, [`may`]. The server
//! checks it on every request; the app gets its answers as [`Permissions`] flags in the
//! views and never re-derives a rule from a role.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum CustomerKind {
    Household,
    Company,
}

impl CustomerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Household => "household",
            CustomerKind::Company => "company",
        }
    }

    /// `None` for anything but the two stored spellings.
    pub fn parse(s: &str) -> Option<CustomerKind> {
        [CustomerKind::Household, CustomerKind::Company]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Avtalsinnehavare: the household's agreement holder.
    Holder,
    /// Behörig person: sees and does what the holder does, except managing sharing.
    Delegate,
    /// Administratör of a company.
    Admin,
    /// Användare of a company.
    User,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Holder, Role::Delegate, Role::Admin, Role::User];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Holder => "holder",
            Role::Delegate => "delegate",
            Role::Admin => "admin",
            Role::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn kind(self) -> CustomerKind {
        match self {
            Role::Holder | Role::Delegate => CustomerKind::Household,
            Role::Admin | Role::User => CustomerKind::Company,
        }
    }

    /// Holders and administrators: a customer never has fewer than one of them.
    pub fn is_owner(self) -> bool {
        matches!(self, Role::Holder | Role::Admin)
    }
}

/// What a member may want to do on their customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Change the invoice address.
    EditInvoiceAddress,
    /// Administrera användare: list members, approve, change roles, remove, set another
    /// member's kommun filter.
    ManageMembers,
    /// Make a company member administrator or user (household roles are fixed).
    ChangeRoles,
    /// Open or close linking of old customer numbers (companies).
    SetLegacyLinking,
    /// Share the household, or invite colleagues (PRODUCT §7).
    Share,
    /// Order colour-sorting bags (PRODUCT §6).
    OrderBags,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::EditInvoiceAddress,
        Action::ManageMembers,
        Action::ChangeRoles,
        Action::SetLegacyLinking,
        Action::Share,
        Action::OrderBags,
    ];
}

/// The one permission table. Everyone may see their customer, its services and calendar,
/// edit their own details and their own kommun filter; beyond that:
///
/// | action | holder | delegate | admin | user |
/// |---|---|---|---|---|
/// | edit invoice address | ✓ | ✓ | ✓ | |
/// | manage members | ✓ | | ✓ | |
/// | change roles | | | ✓ | |
/// | legacy linking | | | ✓ | |
/// | share / invite | ✓ | | ✓ | |
/// | order bags | ✓ | ✓ | ✓ | ✓ |
pub const fn may(role: Role, action: Action) -> bool {
    match action {
        // A delegate does what the holder does, except managing who shares (PRODUCT §1).
        Action::EditInvoiceAddress => matches!(role, Role::Holder | Role::Delegate | Role::Admin),
        Action::ManageMembers | Action::Share => matches!(role, Role::Holder | Role::Admin),
        Action::ChangeRoles | Action::SetLegacyLinking => matches!(role, Role::Admin),
        Action::OrderBags => true,
    }
}

/// [`may`] answered for one role, as the app's views carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    pub edit_invoice_address: bool,
    pub manage_members: bool,
    pub change_roles: bool,
    pub set_legacy_linking: bool,
    pub share: bool,
    pub order_bags: bool,
}

impl Permissions {
    pub const fn of(role: Role) -> Self {
        Self {
            edit_invoice_address: may(role, Action::EditInvoiceAddress),
            manage_members: may(role, Action::ManageMembers),
            change_roles: may(role, Action::ChangeRoles),
            set_legacy_linking: may(role, Action::SetLegacyLinking),
            share: may(role, Action::Share),
            order_bags: may(role, Action::OrderBags),
        }
    }
}

/// "A customer never has fewer than one administrator or holder": whether changing a
/// member from `current` to `next` (`None`: removed) would break it, given how many
/// *other* active owners the customer has.
pub fn leaves_no_owner(current: Role, next: Option<Role>, other_owners: i64) -> bool {
    current.is_owner() && !next.is_some_and(Role::is_owner) && other_owners == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_belong_to_one_kind() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("Admin"), None);
        assert!(Role::Admin.is_owner() && Role::Holder.is_owner());
        assert!(!Role::User.is_owner() && !Role::Delegate.is_owner());
        assert_eq!(Role::Delegate.kind(), CustomerKind::Household);
    }

    #[test]
    fn the_permission_table_matches_product_section_1() {
        use Action::*;
        // Delegates do what the holder does except managing sharing (PRODUCT §1, and the
        // sharing issue: "a delegate can do everything else the holder can"); users view,
        // order and edit their own details.
        for (role, allowed) in [
            (
                Role::Holder,
                vec![EditInvoiceAddress, ManageMembers, Share, OrderBags],
            ),
            (Role::Delegate, vec![EditInvoiceAddress, OrderBags]),
            (
                Role::Admin,
                vec![
                    EditInvoiceAddress,
                    ManageMembers,
                    ChangeRoles,
                    SetLegacyLinking,
                    Share,
                    OrderBags,
                ],
            ),
            (Role::User, vec![OrderBags]),
        ] {
            for a in Action::ALL {
                assert_eq!(may(role, a), allowed.contains(&a), "{role:?} {a:?}");
            }
        }
        let p = Permissions::of(Role::Admin);
        assert!(p.manage_members && p.set_legacy_linking);
        assert!(!Permissions::of(Role::Holder).set_legacy_linking);
    }

    #[test]
    fn the_last_owner_must_remain() {
        assert!(leaves_no_owner(Role::Admin, Some(Role::User), 0));
        assert!(leaves_no_owner(Role::Holder, None, 0));
        assert!(!leaves_no_owner(Role::Admin, Some(Role::User), 1));
        assert!(!leaves_no_owner(Role::Admin, Some(Role::Admin), 0));
        assert!(!leaves_no_owner(Role::User, None, 0));
    }
}
