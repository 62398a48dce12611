//! Who may do what on a customer account (PRODUCT §1, §4). The server enforces it; the
//! app uses the same rules only to decide what to show.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum CustomerKind {
    Household,
    Company,
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

    /// Holders and administrators manage members, approvals and the invoice address; a
    /// customer never has fewer than one of them.
    pub fn is_owner(self) -> bool {
        matches!(self, Role::Holder | Role::Admin)
    }
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
}
