//! Outgoing e-mail: SMTP in production, a mailbox folder (one `.eml` per message) in the
//! demo. Sending never fails the request that caused it: the change is already committed,
//! so a mail server outage is logged, not shown to the person.

use crate::config::Config;
use lettre::message::{header::ContentType, Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

/// A message ready to send: subject and plain-text body in the recipient's language, and
/// an HTML version of the same text where a link should be a button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub body: String,
    pub html: Option<String>,
}

impl Mailer {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(Duration::from_secs(10)))
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&config.mailbox_dir)?;
                Transport::Folder(AsyncFileTransport::new(&config.mailbox_dir))
            }
        };
        Ok(Self {
            transport,
            from: config.mail_from.parse()?,
        })
    }

    pub async fn send(&self, to: &str, mail: &Mail) {
        let Ok(to_box) = to.parse::<Mailbox>() else {
            tracing::warn!("not sending e-mail to an unparseable address");
            return;
        };
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to_box)
            .subject(&mail.subject);
        let built = match &mail.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                mail.body.clone(),
                html.clone(),
            )),
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
        };
        let message = match built {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "could not build an e-mail");
                return;
            }
        };
        let result = match &self.transport {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Folder(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        };
        match result {
            Ok(()) => tracing::info!(subject = %mail.subject, "e-mail sent"),
            Err(e) => tracing::error!(error = %e, subject = %mail.subject, "e-mail not sent"),
        }
    }
}
