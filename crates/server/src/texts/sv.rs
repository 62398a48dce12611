//! Svenska.

use super::{
    invite_html, invite_page_body, InviteHtml, InviteMail, InvitePage, InvitePageWords, Texts,
};
use crate::mail::Mail;
use kretslopp_domain::{Lang, Role};

pub struct Sv;

const SIGNATURE: &str = "Vänliga hälsningar\nKretslopp kundservice";

impl Texts for Sv {
    fn customer_linked(&self, customer: &str, person: &str, pending: bool) -> Mail {
        let state = if pending {
            "Kopplingen väntar på att en administratör godkänner den."
        } else {
            "Personen är nu administratör för ert kundkonto."
        };
        Mail {
            html: None,
            subject: format!("Ny inloggning kopplad till {customer}"),
            body: format!(
                "Hej!\n\n{person} har loggat in med BankID och kopplat sig till {customer} med ett gammalt kundnummer. {state}\n\nKänner ni inte igen detta? Kontakta kundservice.\n\n{SIGNATURE}"
            ),
        }
    }

    fn linking_locked(&self, customer: &str, reopen_url: Option<&str>) -> Mail {
        let next = match reopen_url {
            Some(url) => format!("Var det ni, eller vill ni koppla en ny användare? Öppna kopplingen igen här (länken fungerar en gång, i 30 dagar):\n{url}\n\nKänner ni inte igen försöken behöver ni inte göra något."),
            None => "En administratör kan öppna kopplingen igen under Administrera användare.".to_owned(),
        };
        Mail {
            html: None,
            subject: format!("Koppling av kundnummer spärrad för {customer}"),
            body: format!(
                "Hej!\n\nFlera personer har försökt koppla ett av {customer}s gamla kundnummer med fel uppgifter. Vi har därför spärrat kopplingen i appen. Er befintliga åtkomst påverkas inte.\n\n{next}\n\n{SIGNATURE}"
            ),
        }
    }

    fn approval_needed(&self, customer: &str, person: &str) -> Mail {
        Mail {
            html: None,
            subject: format!("{person} väntar på godkännande"),
            body: format!(
                "Hej!\n\n{person} vill få åtkomst till {customer} i Kretslopp-appen. Godkänn eller ta bort förfrågan under Administrera användare.\n\n{SIGNATURE}"
            ),
        }
    }

    fn approved(&self, customer: &str) -> Mail {
        Mail {
            html: None,
            subject: format!("Du har nu åtkomst till {customer}"),
            body: format!(
                "Hej!\n\nEn administratör har godkänt din åtkomst till {customer}. Logga in i Kretslopp-appen med BankID.\n\n{SIGNATURE}"
            ),
        }
    }

    fn order_confirmed(
        &self,
        customer: &str,
        address: &str,
        lines: &[(String, u32)],
        number: &str,
    ) -> Mail {
        let list: Vec<String> = lines
            .iter()
            .map(|(name, rolls)| {
                format!(
                    "  {rolls} {} {name}",
                    if *rolls == 1 { "rulle" } else { "rullar" }
                )
            })
            .collect();
        Mail {
            html: None,
            subject: format!("Vi har tagit emot din beställning av sorteringspåsar ({number})"),
            body: format!(
                "Hej!\n\nTack för din beställning för {customer}. Påsarna skickas till brevlådan på {address}:\n\n{}\n\nDu kan följa beställningen under Mina beställningar i Kretslopp-appen. Så länge den är mottagen kan du avbryta den där.\n\n{SIGNATURE}",
                list.join("\n")
            ),
        }
    }

    fn invite(&self, i: &InviteMail<'_>) -> Mail {
        let role = self.role_name(i.role);
        let expires = self.date(i.expires);
        let (inviter, customer, name) = (i.inviter, i.customer, i.name);
        let (web_url, app_url) = (i.web_url, i.app_url);
        let what = what_sv(i.role, customer);
        let validity = format!("Inbjudan gäller till och med {expires}. Känner du inte igen avsändaren kan du strunta i det här mejlet.");
        Mail {
            subject: if i.role == Role::Delegate {
                format!("{inviter} vill dela sitt hushåll med dig i Kretslopp")
            } else {
                format!("{inviter} bjuder in dig till {customer} i Kretslopp")
            },
            body: format!(
                "Hej {name}!\n\n{inviter} bjuder in dig som {role} för {customer}. {what}\n\nÖppna inbjudan och logga in med BankID i Kretslopp-appen:\n{web_url}\n\nHar du appen på datorn kan du också öppna den direkt:\n{app_url}\n\n{validity}\n\n{SIGNATURE}"
            ),
            html: Some(invite_html(&InviteHtml {
                lang: Lang::Sv,
                greeting: &format!("Hej {name}!"),
                inviter,
                invites_as: &format!("bjuder in dig som {role} för"),
                customer,
                what: &what,
                open: "Öppna inbjudan",
                web_url,
                on_desktop: "Har du appen på datorn:",
                open_in_app: "öppna inbjudan direkt i Kretslopp-appen",
                app_url,
                validity: &validity,
                regards: "Med vänliga hälsningar",
                team: "Kretslopp kundservice",
            })),
        }
    }

    fn invite_accepted(&self, person: &str, customer: &str, role: Role) -> Mail {
        let role = self.role_name(role);
        Mail {
            html: None,
            subject: format!("{person} har tackat ja till din inbjudan"),
            body: format!(
                "Hej!\n\n{person} loggade in med BankID och har nu tillgång till {customer} som {role}. Under Dela (eller Bjud in) i Kretslopp-appen ser du alla som har tillgång och kan ta bort den som inte längre ska ha det.\n\n{SIGNATURE}"
            ),
        }
    }

    fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Holder => "avtalsinnehavare",
            Role::Delegate => "behörig person",
            Role::Admin => "administratör",
            Role::User => "användare",
        }
    }

    fn date(&self, d: time::Date) -> String {
        format!(
            "{} {} {}",
            d.day(),
            Lang::Sv.month_name(d.month()),
            d.year()
        )
    }

    fn invite_page(&self, p: &InvitePage<'_>) -> (String, String) {
        let heading = if p.role == Role::Delegate {
            format!("{} vill dela sitt hushåll med dig", p.inviter)
        } else {
            format!("{} bjuder in dig till {}", p.inviter, p.customer)
        };
        (
            format!("Inbjudan till {} – Kretslopp", p.customer),
            invite_page_body(&InvitePageWords {
                other_url: p.other_lang_url,
                other_lang: Lang::En,
                other_label: "In English",
                heading: &heading,
                invited: "Inbjuden",
                name: p.name,
                as_role: "Som",
                role: self.role_name(p.role),
                valid_until: "Gäller till och med",
                expires: &self.date(p.expires),
                what: &crate::html::escape(&what_sv(p.role, p.customer)),
                open: "Öppna i appen",
                app_url: p.app_url,
                how: "Så tackar du ja",
                steps: [
                    "Installera appen Kretslopp från App Store, Google Play eller kretslopp.se/app om du inte redan har den.",
                    "Tryck på <strong>Öppna i appen</strong> ovan (eller öppna länken i mejlet igen på telefonen).",
                    "Logga in med BankID, kontrollera dina uppgifter och tryck på <strong>Tacka ja</strong>.",
                ],
                note: "Att öppna den här sidan ändrar ingenting. Inbjudan kan bara användas av den som loggar in med BankID och tackar ja i appen.",
            }),
        )
    }

    fn invite_page_dead(&self) -> (String, String) {
        (
            "Inbjudan fungerar inte – Kretslopp".to_owned(),
            "<p class=\"brand\">Kretslopp</p><h1>Den här inbjudan fungerar inte längre</h1>\
             <p>Den kan ha gått ut (en inbjudan gäller i 14 dagar), ha återkallats, redan ha använts eller vara felskriven. Be den som bjöd in dig att skicka en ny.</p>\
             <h2 lang=\"en\">This invitation no longer works</h2>\
             <p lang=\"en\">It may have expired (an invitation lasts 14 days), been withdrawn, already been used, or be mistyped. Ask the person who invited you to send a new one.</p>".to_owned(),
        )
    }

    fn calendar_name(&self, customer: &str) -> String {
        format!("Hämtkalender – {customer}")
    }

    fn pickup_description(&self, moved_from: Option<&str>) -> String {
        match moved_from {
            Some(date) => format!("Flyttad från {date}. Ställ ut kärlet senast kl. 06.00."),
            None => "Ställ ut kärlet senast kl. 06.00.".to_owned(),
        }
    }

    fn collected_tomorrow(&self, fraction: &str) -> String {
        format!("{fraction} hämtas i morgon")
    }
}

/// What the role lets the invitee do, in a sentence.
fn what_sv(role: Role, customer: &str) -> String {
    match role {
        Role::Delegate | Role::Holder => format!("Du kommer att se hämtkalendern och tjänsterna för {customer} och kunna göra det avtalsinnehavaren kan, utom att dela vidare."),
        Role::Admin => format!("Du kommer att kunna se och ändra allt för {customer}, även användare och roller."),
        Role::User => format!("Du kommer att kunna se tjänsterna och hämtkalendern för {customer} och beställa påsar."),
    }
}
