//! English.

use super::Texts;
use crate::mail::Mail;

pub struct En;

const SIGNATURE: &str = "Kind regards\nKretslopp customer service";

impl Texts for En {
    fn customer_linked(&self, customer: &str, person: &str, pending: bool) -> Mail {
        let state = if pending {
            "The link is waiting for an administrator's approval."
        } else {
            "This person is now an administrator of your customer account."
        };
        Mail {
            subject: format!("New login linked to {customer}"),
            body: format!(
                "Hello,\n\n{person} logged in with BankID and linked to {customer} using an old customer number. {state}\n\nIf you do not recognise this, contact customer service.\n\n{SIGNATURE}"
            ),
        }
    }

    fn linking_locked(&self, customer: &str, reopen_url: Option<&str>) -> Mail {
        let next = match reopen_url {
            Some(url) => format!("Was it you, or do you want to link a new user? Reopen linking here (the link works once, for 30 days):\n{url}\n\nIf you do not recognise the attempts, you need not do anything."),
            None => "An administrator can reopen linking under Administer users.".to_owned(),
        };
        Mail {
            subject: format!("Customer number linking locked for {customer}"),
            body: format!(
                "Hello,\n\nSeveral people tried to link one of {customer}'s old customer numbers with wrong details, so linking in the app has been locked. Your existing access is not affected.\n\n{next}\n\n{SIGNATURE}"
            ),
        }
    }

    fn approval_needed(&self, customer: &str, person: &str) -> Mail {
        Mail {
            subject: format!("{person} is waiting for approval"),
            body: format!(
                "Hello,\n\n{person} asks for access to {customer} in the Kretslopp app. Approve or remove the request under Manage users.\n\n{SIGNATURE}"
            ),
        }
    }

    fn approved(&self, customer: &str) -> Mail {
        Mail {
            subject: format!("You now have access to {customer}"),
            body: format!(
                "Hello,\n\nAn administrator approved your access to {customer}. Log in to the Kretslopp app with BankID.\n\n{SIGNATURE}"
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
                    "  {rolls} {} of {name}",
                    if *rolls == 1 { "roll" } else { "rolls" }
                )
            })
            .collect();
        Mail {
            subject: format!("We have received your order of sorting bags ({number})"),
            body: format!(
                "Hello,\n\nThank you for your order for {customer}. The bags will be delivered to the mailbox at {address}:\n\n{}\n\nYou can follow the order under My orders in the Kretslopp app. While it is received, you can cancel it there.\n\n{SIGNATURE}",
                list.join("\n")
            ),
        }
    }

    fn calendar_name(&self, customer: &str) -> String {
        format!("Pickup calendar – {customer}")
    }

    fn pickup_description(&self, moved_from: Option<&str>) -> String {
        match moved_from {
            Some(date) => format!("Moved from {date}. Put the bin out by 06:00."),
            None => "Put the bin out by 06:00.".to_owned(),
        }
    }

    fn collected_tomorrow(&self, fraction: &str) -> String {
        format!("{fraction} is collected tomorrow")
    }
}
