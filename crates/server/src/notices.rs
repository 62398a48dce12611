//! The texts of account e-mails, in Swedish and English. A customer's registered address
//! gets both languages (we do not know who reads it); a person gets their own language.

use crate::mail::Mail;
use kretslopp_domain::Lang;

fn both(sv: Mail, en: Mail) -> Mail {
    Mail {
        subject: format!("{} / {}", sv.subject, en.subject),
        body: format!("{}\n\n— In English —\n\n{}", sv.body, en.body),
    }
}

const SIGNATURE_SV: &str = "Vänliga hälsningar\nKretslopp kundservice";
const SIGNATURE_EN: &str = "Kind regards\nKretslopp customer service";

/// To the customer's registered e-mail: someone linked (or asked to link) an old customer
/// number to their own BankID login.
pub fn customer_linked(customer: &str, person: &str, pending: bool) -> Mail {
    let (sv_state, en_state) = if pending {
        (
            "Kopplingen väntar på att en administratör godkänner den.",
            "The link is waiting for an administrator's approval.",
        )
    } else {
        (
            "Personen är nu administratör för ert kundkonto.",
            "This person is now an administrator of your customer account.",
        )
    };
    both(
        Mail {
            subject: format!("Ny inloggning kopplad till {customer}"),
            body: format!(
                "Hej!\n\n{person} har loggat in med BankID och kopplat sig till {customer} med ett gammalt kundnummer. {sv_state}\n\nKänner ni inte igen detta? Kontakta kundservice.\n\n{SIGNATURE_SV}"
            ),
        },
        Mail {
            subject: format!("New login linked to {customer}"),
            body: format!(
                "Hello,\n\n{person} logged in with BankID and linked to {customer} using an old customer number. {en_state}\n\nIf you do not recognise this, contact customer service.\n\n{SIGNATURE_EN}"
            ),
        },
    )
}

/// To the customer's registered e-mail: self-service linking was locked after repeated
/// wrong attempts.
pub fn linking_locked(customer: &str, reopen_url: Option<&str>) -> Mail {
    let (sv_next, en_next) = match reopen_url {
        Some(url) => (
            format!("Var det ni, eller vill ni koppla en ny användare? Öppna kopplingen igen här (länken fungerar en gång, i 30 dagar):\n{url}\n\nKänner ni inte igen försöken behöver ni inte göra något."),
            format!("Was it you, or do you want to link a new user? Reopen linking here (the link works once, for 30 days):\n{url}\n\nIf you do not recognise the attempts, you need not do anything."),
        ),
        None => (
            "En administratör kan öppna kopplingen igen under Administrera användare.".to_owned(),
            "An administrator can reopen linking under Administer users.".to_owned(),
        ),
    };
    both(
        Mail {
            subject: format!("Koppling av kundnummer spärrad för {customer}"),
            body: format!(
                "Hej!\n\nFlera personer har försökt koppla ett av {customer}s gamla kundnummer med fel uppgifter. Vi har därför spärrat kopplingen i appen. Er befintliga åtkomst påverkas inte.\n\n{sv_next}\n\n{SIGNATURE_SV}"
            ),
        },
        Mail {
            subject: format!("Customer number linking locked for {customer}"),
            body: format!(
                "Hello,\n\nSeveral people tried to link one of {customer}'s old customer numbers with wrong details, so linking in the app has been locked. Your existing access is not affected.\n\n{en_next}\n\n{SIGNATURE_EN}"
            ),
        },
    )
}

/// To each administrator: a person waits for approval.
pub fn approval_needed(lang: Lang, customer: &str, person: &str) -> Mail {
    match lang {
        Lang::Sv => Mail {
            subject: format!("{person} väntar på godkännande"),
            body: format!(
                "Hej!\n\n{person} vill få åtkomst till {customer} i Kretslopp-appen. Godkänn eller ta bort förfrågan under Administrera användare.\n\n{SIGNATURE_SV}"
            ),
        },
        Lang::En => Mail {
            subject: format!("{person} is waiting for approval"),
            body: format!(
                "Hello,\n\n{person} asks for access to {customer} in the Kretslopp app. Approve or remove the request under Manage users.\n\n{SIGNATURE_EN}"
            ),
        },
    }
}

/// To the person whose pending link an administrator approved.
pub fn approved(lang: Lang, customer: &str) -> Mail {
    match lang {
        Lang::Sv => Mail {
            subject: format!("Du har nu åtkomst till {customer}"),
            body: format!(
                "Hej!\n\nEn administratör har godkänt din åtkomst till {customer}. Logga in i Kretslopp-appen med BankID.\n\n{SIGNATURE_SV}"
            ),
        },
        Lang::En => Mail {
            subject: format!("You now have access to {customer}"),
            body: format!(
                "Hello,\n\nAn administrator approved your access to {customer}. Log in to the Kretslopp app with BankID.\n\n{SIGNATURE_EN}"
            ),
        },
    }
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
