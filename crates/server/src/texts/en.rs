//! English.

use super::{
    invite_html, invite_page_body, InviteHtml, InviteMail, InvitePage, InvitePageWords, Texts,
};
use crate::mail::Mail;
use kretslopp_domain::{Lang, Role};

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
            html: None,
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
            html: None,
            subject: format!("Customer number linking locked for {customer}"),
            body: format!(
                "Hello,\n\nSeveral people tried to link one of {customer}'s old customer numbers with wrong details, so linking in the app has been locked. Your existing access is not affected.\n\n{next}\n\n{SIGNATURE}"
            ),
        }
    }

    fn approval_needed(&self, customer: &str, person: &str) -> Mail {
        Mail {
            html: None,
            subject: format!("{person} is waiting for approval"),
            body: format!(
                "Hello,\n\n{person} asks for access to {customer} in the Kretslopp app. Approve or remove the request under Manage users.\n\n{SIGNATURE}"
            ),
        }
    }

    fn approved(&self, customer: &str) -> Mail {
        Mail {
            html: None,
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
            html: None,
            subject: format!("We have received your order of sorting bags ({number})"),
            body: format!(
                "Hello,\n\nThank you for your order for {customer}. The bags will be delivered to the mailbox at {address}:\n\n{}\n\nYou can follow the order under My orders in the Kretslopp app. While it is received, you can cancel it there.\n\n{SIGNATURE}",
                list.join("\n")
            ),
        }
    }

    fn invite(&self, i: &InviteMail<'_>) -> Mail {
        let role = self.role_name(i.role);
        let expires = self.date(i.expires);
        let (inviter, customer, name) = (i.inviter, i.customer, i.name);
        let (web_url, app_url) = (i.web_url, i.app_url);
        let what = what_en(i.role, customer);
        let validity = format!("The invitation is valid until {expires}. If you do not recognise the sender, you can ignore this e-mail.");
        Mail {
            subject: if i.role == Role::Delegate {
                format!("{inviter} wants to share their household with you in Kretslopp")
            } else {
                format!("{inviter} invites you to {customer} in Kretslopp")
            },
            body: format!(
                "Hello {name},\n\n{inviter} invites you as {role} of {customer}. {what}\n\nOpen the invitation and log in with BankID in the Kretslopp app:\n{web_url}\n\nIf you have the app on your computer, you can also open it directly:\n{app_url}\n\n{validity}\n\n{SIGNATURE}"
            ),
            html: Some(invite_html(&InviteHtml {
                lang: Lang::En,
                greeting: &format!("Hello {name},"),
                inviter,
                invites_as: &format!("invites you as {role} of"),
                customer,
                what: &what,
                open: "Open the invitation",
                web_url,
                on_desktop: "If you have the app on your computer:",
                open_in_app: "open the invitation directly in the Kretslopp app",
                app_url,
                validity: &validity,
                regards: "Kind regards",
                team: "Kretslopp customer service",
            })),
        }
    }

    fn invite_accepted(&self, person: &str, customer: &str, role: Role) -> Mail {
        let role = self.role_name(role);
        Mail {
            html: None,
            subject: format!("{person} accepted your invitation"),
            body: format!(
                "Hello,\n\n{person} logged in with BankID and now has access to {customer} as {role}. Under Share (or Invite) in the Kretslopp app you see everyone with access and can remove anyone who should no longer have it.\n\n{SIGNATURE}"
            ),
        }
    }

    fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Holder => "agreement holder",
            Role::Delegate => "authorised person",
            Role::Admin => "administrator",
            Role::User => "user",
        }
    }

    fn date(&self, d: time::Date) -> String {
        format!(
            "{} {} {}",
            d.day(),
            Lang::En.month_name(d.month()),
            d.year()
        )
    }

    fn invite_page(&self, p: &InvitePage<'_>) -> (String, String) {
        let heading = if p.role == Role::Delegate {
            format!("{} wants to share their household with you", p.inviter)
        } else {
            format!("{} invites you to {}", p.inviter, p.customer)
        };
        (
            format!("Invitation to {} – Kretslopp", p.customer),
            invite_page_body(&InvitePageWords {
                other_url: p.other_lang_url,
                other_lang: Lang::Sv,
                other_label: "På svenska",
                heading: &heading,
                invited: "Invited",
                name: p.name,
                as_role: "As",
                role: self.role_name(p.role),
                valid_until: "Valid until",
                expires: &self.date(p.expires),
                what: &crate::html::escape(&what_en(p.role, p.customer)),
                open: "Open in the app",
                app_url: p.app_url,
                how: "How to accept",
                steps: [
                    "Install the Kretslopp app from the App Store, Google Play or kretslopp.se/app if you do not have it yet.",
                    "Tap <strong>Open in the app</strong> above (or open the link in the e-mail again on your phone).",
                    "Log in with BankID, check your details and tap <strong>Accept</strong>.",
                ],
                note: "Opening this page changes nothing. The invitation can only be used by someone who logs in with BankID and accepts in the app.",
            }),
        )
    }

    fn invite_page_dead(&self) -> (String, String) {
        super::of(Lang::Sv).invite_page_dead()
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

/// What the role lets the invitee do, in a sentence.
fn what_en(role: Role, customer: &str) -> String {
    match role {
        Role::Delegate | Role::Holder => format!("You will see the pickup calendar and services of {customer} and can do what the agreement holder does, except share further."),
        Role::Admin => format!("You will be able to see and change everything for {customer}, including users and roles."),
        Role::User => format!("You will be able to see {customer}'s services and pickup calendar and order bags."),
    }
}
