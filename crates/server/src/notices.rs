//! Who gets which account e-mail, in which language: a customer's registered address gets
//! both languages (we do not know who reads it); a person gets their own. The words are in
//! `texts`.

use crate::mail::Mail;
use crate::texts::{both, of};
use kretslopp_domain::Lang;

/// To the customer's registered e-mail: someone linked (or asked to link) an old customer
/// number to their own BankID login.
pub fn customer_linked(customer: &str, person: &str, pending: bool) -> Mail {
    both(
        of(Lang::Sv).customer_linked(customer, person, pending),
        of(Lang::En).customer_linked(customer, person, pending),
    )
}

/// To the customer's registered e-mail (with the reopen link) and its administrators
/// (without): self-service linking was locked after failures from several people.
pub fn linking_locked(customer: &str, reopen_url: Option<&str>) -> Mail {
    both(
        of(Lang::Sv).linking_locked(customer, reopen_url),
        of(Lang::En).linking_locked(customer, reopen_url),
    )
}

/// To each administrator: a person waits for approval.
pub fn approval_needed(lang: Lang, customer: &str, person: &str) -> Mail {
    of(lang).approval_needed(customer, person)
}

/// To the person whose pending link an administrator approved.
pub fn approved(lang: Lang, customer: &str) -> Mail {
    of(lang).approved(customer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_mails_carry_both_languages() {
        let m = customer_linked("Bageriet AB", "Johan Ek", true);
        assert!(m.subject.contains("Ny inloggning") && m.subject.contains("New login"));
        assert!(m.body.contains("godkänner") && m.body.contains("approval"));
        assert!(approved(Lang::En, "X").body.contains("approved"));
        assert!(approval_needed(Lang::Sv, "X", "Y")
            .subject
            .contains("väntar"));
    }
}
