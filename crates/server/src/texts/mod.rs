//! Every text the server writes for people — e-mails and calendar files — with one file
//! per language (`sv.rs`, `en.rs`) implementing [`Texts`]. A text added for one language
//! without the other does not compile. (Problem titles are for API users and logs, in
//! English, and stay with the errors; the app translates codes itself.)

mod en;
mod sv;

use crate::mail::Mail;
use kretslopp_domain::{Lang, Role};

/// What an invite e-mail says.
pub struct InviteMail<'a> {
    pub inviter: &'a str,
    pub customer: &'a str,
    pub role: Role,
    pub name: &'a str,
    /// The https link (web page, and the app link on phones).
    pub web_url: &'a str,
    /// The `kretslopp://` link that opens the installed desktop app.
    pub app_url: &'a str,
    pub expires: time::Date,
}

/// What the invite link's web page shows; every string is already HTML-escaped.
pub struct InvitePage<'a> {
    pub inviter: &'a str,
    pub customer: &'a str,
    pub role: Role,
    pub name: &'a str,
    pub expires: time::Date,
    pub app_url: &'a str,
    /// The same page in the other language.
    pub other_lang_url: &'a str,
}

pub trait Texts: Sync {
    // --- E-mail ---
    /// To the customer: someone linked an old customer number to their own BankID login.
    fn customer_linked(&self, customer: &str, person: &str, pending: bool) -> Mail;
    /// To the customer and its administrators: self-service linking was locked; the
    /// customer's copy carries the single-use reopen link.
    fn linking_locked(&self, customer: &str, reopen_url: Option<&str>) -> Mail;
    /// To each administrator: a person waits for approval.
    fn approval_needed(&self, customer: &str, person: &str) -> Mail;
    /// To the person whose pending link was approved.
    fn approved(&self, customer: &str) -> Mail;
    /// To the orderer: the bag order is in. `lines` are (colour name, rolls); `number`
    /// is the short order number the app shows too.
    fn order_confirmed(
        &self,
        customer: &str,
        address: &str,
        lines: &[(String, u32)],
        number: &str,
    ) -> Mail;

    /// To the invitee: who invites them to what, with both links. `expires` is a date.
    fn invite(&self, invite: &InviteMail<'_>) -> Mail;
    /// To the inviter: the invitee accepted.
    fn invite_accepted(&self, person: &str, customer: &str, role: Role) -> Mail;

    // --- The invite link's web page ---
    /// A role as a person reads it: "behörig person", "administratör", "användare".
    fn role_name(&self, role: Role) -> &'static str;
    fn date(&self, date: time::Date) -> String;
    /// The page for a live invite (title, body HTML, escaped by the caller's `esc`).
    fn invite_page(&self, page: &InvitePage<'_>) -> (String, String);
    /// The page for a link that is dead, unknown or mistyped.
    fn invite_page_dead(&self) -> (String, String);

    // --- Calendar files ---
    fn calendar_name(&self, customer: &str) -> String;
    /// An event's description; `moved_from` is the planned date of a moved pickup.
    fn pickup_description(&self, moved_from: Option<&str>) -> String;
    /// The reminder the evening before.
    fn collected_tomorrow(&self, fraction: &str) -> String;
}

pub fn of(lang: Lang) -> &'static dyn Texts {
    match lang {
        Lang::Sv => &sv::Sv,
        Lang::En => &en::En,
    }
}

/// The words of the invite e-mail's HTML part in one language, as plain text; the layout
/// ([`invite_html`]) is the same for every language and escapes them.
pub(crate) struct InviteHtml<'a> {
    pub lang: Lang,
    pub greeting: &'a str,
    /// "<inviter> <invites_as> <customer>. <what>"
    pub inviter: &'a str,
    pub invites_as: &'a str,
    pub customer: &'a str,
    pub what: &'a str,
    pub open: &'a str,
    pub web_url: &'a str,
    /// "<on_desktop> <open_in_app>." where the second is the `kretslopp://` link.
    pub on_desktop: &'a str,
    pub open_in_app: &'a str,
    pub app_url: &'a str,
    pub validity: &'a str,
    pub regards: &'a str,
    pub team: &'a str,
}

pub(crate) fn invite_html(w: &InviteHtml<'_>) -> String {
    let e = crate::html::escape;
    format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1b2b22\">\
         <p>{greeting}</p><p><strong>{inviter}</strong> {invites_as} <strong>{customer}</strong>. {what}</p>\
         <p><a href=\"{web_url}\" style=\"display:inline-block;padding:.7rem 1.3rem;background:#1f6b45;color:#fff;border-radius:.4rem;text-decoration:none;font-weight:600\">{open}</a></p>\
         <p>{on_desktop} <a href=\"{app_url}\">{open_in_app}</a>.</p>\
         <p>{validity}</p>\
         <p>{regards}<br>{team}</p></body></html>",
        lang = w.lang.code(),
        greeting = e(w.greeting),
        inviter = e(w.inviter),
        invites_as = e(w.invites_as),
        customer = e(w.customer),
        what = e(w.what),
        web_url = e(w.web_url),
        open = e(w.open),
        on_desktop = e(w.on_desktop),
        app_url = e(w.app_url),
        open_in_app = e(w.open_in_app),
        validity = e(w.validity),
        regards = e(w.regards),
        team = e(w.team),
    )
}

/// The invite page's words in one language; the layout ([`invite_page_body`]) is shared.
/// Strings marked HTML are trusted markup (our own words, or data escaped by the caller).
pub(crate) struct InvitePageWords<'a> {
    /// The link to the other language: its URL (escaped), `lang` code and label.
    pub other_url: &'a str,
    pub other_lang: Lang,
    pub other_label: &'a str,
    /// HTML.
    pub heading: &'a str,
    pub invited: &'a str,
    /// HTML.
    pub name: &'a str,
    pub as_role: &'a str,
    pub role: &'a str,
    pub valid_until: &'a str,
    pub expires: &'a str,
    /// HTML.
    pub what: &'a str,
    pub open: &'a str,
    /// HTML.
    pub app_url: &'a str,
    pub how: &'a str,
    /// HTML, one per step.
    pub steps: [&'a str; 3],
    pub note: &'a str,
}

pub(crate) fn invite_page_body(w: &InvitePageWords<'_>) -> String {
    let other = w.other_lang.code();
    format!(
        "<p class=\"lang\"><a href=\"{}\" lang=\"{other}\" hreflang=\"{other}\">{}</a></p>\
         <p class=\"brand\">Kretslopp</p>\
         <h1>{}</h1>\
         <div class=\"card\"><dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl></div>\
         <p>{}</p>\
         <p><a class=\"button\" href=\"{}\">{}</a></p>\
         <h2>{}</h2><ol><li>{}</li><li>{}</li><li>{}</li></ol>\
         <p class=\"muted\">{}</p>",
        w.other_url, w.other_label, w.heading, w.invited, w.name, w.as_role, w.role,
        w.valid_until, w.expires, w.what, w.app_url, w.open, w.how, w.steps[0], w.steps[1],
        w.steps[2], w.note,
    )
}

/// One mail in both languages, Swedish first: for a customer's registered address, where
/// we do not know who reads it.
pub fn both(sv: Mail, en: Mail) -> Mail {
    Mail {
        html: None,
        subject: format!("{} / {}", sv.subject, en.subject),
        body: format!("{}\n\n— In English —\n\n{}", sv.body, en.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_its_own_words() {
        let (sv, en) = (of(Lang::Sv), of(Lang::En));
        assert!(sv
            .customer_linked("Bageriet AB", "Johan Ek", true)
            .body
            .contains("godkänner"));
        assert!(en
            .customer_linked("Bageriet AB", "Johan Ek", true)
            .body
            .contains("approval"));
        assert!(sv.approval_needed("X", "Y").subject.contains("väntar"));
        assert!(en.approved("X").body.contains("approved"));
        assert!(sv
            .linking_locked("X", Some("https://k/r"))
            .body
            .contains("https://k/r"));
        assert!(!en.linking_locked("X", None).body.contains("https://"));
        assert_eq!(sv.calendar_name("A"), "Hämtkalender – A");
        assert_eq!(en.calendar_name("A"), "Pickup calendar – A");
        assert!(sv
            .pickup_description(Some("2027-01-18"))
            .starts_with("Flyttad från 2027-01-18."));
        assert_eq!(
            en.collected_tomorrow("Residual waste"),
            "Residual waste is collected tomorrow"
        );
    }
}
