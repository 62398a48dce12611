//! Svenska.

use super::Texts;
use crate::mail::Mail;

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
            subject: format!("Koppling av kundnummer spärrad för {customer}"),
            body: format!(
                "Hej!\n\nFlera personer har försökt koppla ett av {customer}s gamla kundnummer med fel uppgifter. Vi har därför spärrat kopplingen i appen. Er befintliga åtkomst påverkas inte.\n\n{next}\n\n{SIGNATURE}"
            ),
        }
    }

    fn approval_needed(&self, customer: &str, person: &str) -> Mail {
        Mail {
            subject: format!("{person} väntar på godkännande"),
            body: format!(
                "Hej!\n\n{person} vill få åtkomst till {customer} i Kretslopp-appen. Godkänn eller ta bort förfrågan under Administrera användare.\n\n{SIGNATURE}"
            ),
        }
    }

    fn approved(&self, customer: &str) -> Mail {
        Mail {
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
            subject: format!("Vi har tagit emot din beställning av sorteringspåsar ({number})"),
            body: format!(
                "Hej!\n\nTack för din beställning för {customer}. Påsarna skickas till brevlådan på {address}:\n\n{}\n\nDu kan följa beställningen under Mina beställningar i Kretslopp-appen. Så länge den är mottagen kan du avbryta den där.\n\n{SIGNATURE}",
                list.join("\n")
            ),
        }
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
