//! Sharing a household and inviting colleagues (PRODUCT §7): who may be invited to what,
//! how long an invite lives, what its token looks like, and where a live or dead invite
//! stands. The server enforces these; the app parses links with [`is_token`].

use crate::{CustomerKind, Role, Timestamp};

/// An invite not accepted within this long is removed.
pub const VALID_DAYS: i64 = 14;
pub const VALID_MS: Timestamp = VALID_DAYS * 24 * 60 * 60 * 1000;

/// Every invite token starts with this, so a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "kli_";
/// 256 random bits in base64url without padding.
const TOKEN_BODY_LEN: usize = 43;
pub const TOKEN_LEN: usize = TOKEN_PREFIX.len() + TOKEN_BODY_LEN;

/// Whether `s` has the exact shape of an invite token (before anything looks it up).
pub fn is_token(s: &str) -> bool {
    s.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| {
        rest.len() == TOKEN_BODY_LEN
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The roles an invite can give on a customer of this kind: households share with
/// delegates (there is one holder, on the agreement); companies invite administrators
/// and users.
pub fn invitable(kind: CustomerKind, role: Role) -> bool {
    match kind {
        CustomerKind::Household => role == Role::Delegate,
        CustomerKind::Company => matches!(role, Role::Admin | Role::User),
    }
}

/// An invite's stored state. Expiry is not a state: it is `expires_at` against the clock,
/// so an invite is dead the moment it expires, before the cleanup job removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteState {
    Pending,
    Accepted,
    Declined,
    Revoked,
}

impl InviteState {
    pub fn as_str(self) -> &'static str {
        match self {
            InviteState::Pending => "pending",
            InviteState::Accepted => "accepted",
            InviteState::Declined => "declined",
            InviteState::Revoked => "revoked",
        }
    }

    pub fn stored(s: &str) -> Option<InviteState> {
        [
            InviteState::Pending,
            InviteState::Accepted,
            InviteState::Declined,
            InviteState::Revoked,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// Why an invite cannot be used (each has its own message in the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dead {
    Expired,
    Revoked,
    /// Accepted or declined: a token is used once.
    Used,
}

/// Whether an invite in `state`, expiring at `expires_at`, can still be accepted at `now`.
pub fn usable(state: InviteState, expires_at: Timestamp, now: Timestamp) -> Result<(), Dead> {
    match state {
        InviteState::Revoked => Err(Dead::Revoked),
        InviteState::Accepted | InviteState::Declined => Err(Dead::Used),
        InviteState::Pending if now >= expires_at => Err(Dead::Expired),
        InviteState::Pending => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: &str = "kli_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn households_share_with_delegates_companies_invite_admins_and_users() {
        let allowed: Vec<_> = [CustomerKind::Household, CustomerKind::Company]
            .into_iter()
            .flat_map(|k| Role::ALL.into_iter().map(move |r| (k, r)))
            .filter(|(k, r)| invitable(*k, *r))
            .collect();
        assert_eq!(
            allowed,
            [
                (CustomerKind::Household, Role::Delegate),
                (CustomerKind::Company, Role::Admin),
                (CustomerKind::Company, Role::User),
            ]
        );
    }

    #[test]
    fn an_invite_is_usable_only_while_pending_and_before_expiry() {
        assert_eq!(usable(InviteState::Pending, 100, 99), Ok(()));
        assert_eq!(usable(InviteState::Pending, 100, 100), Err(Dead::Expired));
        assert_eq!(usable(InviteState::Revoked, 100, 0), Err(Dead::Revoked));
        assert_eq!(usable(InviteState::Accepted, 100, 0), Err(Dead::Used));
        assert_eq!(usable(InviteState::Declined, 100, 0), Err(Dead::Used));
        for s in ["pending", "accepted", "declined", "revoked"] {
            assert_eq!(InviteState::stored(s).unwrap().as_str(), s);
        }
        assert_eq!(InviteState::stored("Pending"), None);
    }

    #[test]
    fn token_shape() {
        assert!(is_token(T));
        assert_eq!(T.len(), TOKEN_LEN);
        assert!(!is_token(&T[..T.len() - 1]));
        assert!(!is_token(&format!("{T}A")));
        assert!(!is_token(&T.replace("kli_", "klo_")));
        assert!(!is_token(&T.replace('a', "+")));
        assert!(!is_token(""));
    }

    proptest! {
        #[test]
        fn only_the_exact_shape_is_a_token(s in "\\PC{0,60}") {
            let shaped = s.len() == TOKEN_LEN
                && s.starts_with(TOKEN_PREFIX)
                && s[TOKEN_PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            prop_assert_eq!(is_token(&s), shaped);
        }
    }
}
