//! Dela / Bjud in and accepting an invite (PRODUCT §7), as [`Core`] methods. The invite
//! link's token stays in the core: the UI is told that an invite is waiting and asks the
//! core to show, accept or decline it, so the token never reaches the webview.

use crate::core::Core;
use crate::error::CoreError;
use crate::events::CoreEvent;
use kretslopp_api::{
    AcceptInvite, AccountInput, Disposition, ErrorCode, Invite, InvitePreview, InviteToken, Me,
    NewInvite,
};
use reqwest::Method;

impl Core {
    /// Holds an arriving invite's token (a newer link replaces an older one) and tells the
    /// UI, which shows it now or after the login.
    pub(crate) fn hold_invite(&self, token: String) {
        *self.held_invite.lock().expect("invite lock") = Some(token);
        self.events.emit(CoreEvent::InviteOpened);
    }

    fn held_token(&self) -> Result<String, CoreError> {
        self.held_invite
            .lock()
            .expect("invite lock")
            .clone()
            .ok_or_else(|| CoreError::new(ErrorCode::InviteNotFound, "no invite link is open"))
    }

    /// Whether an invite link is waiting to be looked at.
    pub fn has_invite(&self) -> bool {
        self.held_invite.lock().expect("invite lock").is_some()
    }

    /// Closes the invite without answering it (the link in the e-mail still works).
    pub fn forget_invite(&self) {
        *self.held_invite.lock().expect("invite lock") = None;
    }

    /// A failure that no retry can mend (a dead or wrong token) ends the held invite, so
    /// the app does not show it again; the person has seen why.
    fn settle<T>(&self, r: Result<T, CoreError>) -> Result<T, CoreError> {
        if let Err(e) = &r {
            if e.code.disposition() == Disposition::Refused && e.fields.is_empty() {
                self.forget_invite();
            }
        }
        r
    }

    /// Who invites the logged-in person to what, for the acceptance screen.
    pub async fn invite_preview(&self) -> Result<InvitePreview, CoreError> {
        let body = InviteToken {
            token: self.held_token()?,
        };
        let r = self
            .send(Method::POST, "v1/invites/lookup", Some(&body))
            .await;
        self.settle(r)
    }

    /// Tacka ja with the confirmed details; the customer becomes the active one and its
    /// data is synced.
    pub async fn accept_invite(
        &self,
        customer_id: &str,
        account: &AccountInput,
    ) -> Result<Me, CoreError> {
        let body = AcceptInvite {
            token: self.held_token()?,
            customer_id: customer_id.to_owned(),
            account: account.clone(),
        };
        let r: Result<Me, CoreError> = self
            .send(Method::POST, "v1/invites/accept", Some(&body))
            .await;
        let me = self.settle(r)?;
        self.forget_invite();
        self.remember_me(&me).await;
        // Offline straight after accepting is fine: the sync loop catches up.
        let _ = self.sync_now().await;
        Ok(me)
    }

    /// Tacka nej: the link stops working.
    pub async fn decline_invite(&self) -> Result<(), CoreError> {
        let body = InviteToken {
            token: self.held_token()?,
        };
        let r = self
            .send_empty(Method::POST, "v1/invites/decline", Some(&body))
            .await;
        self.settle(r)?;
        self.forget_invite();
        Ok(())
    }

    /// Dela / Bjud in: the customer's pending invites.
    pub async fn invites(&self, customer_id: &str) -> Result<Vec<Invite>, CoreError> {
        self.send(
            Method::GET,
            &format!("v1/customers/{customer_id}/invites"),
            None::<&()>,
        )
        .await
    }

    pub async fn send_invite(
        &self,
        customer_id: &str,
        input: &NewInvite,
    ) -> Result<Invite, CoreError> {
        self.send(
            Method::POST,
            &format!("v1/customers/{customer_id}/invites"),
            Some(input),
        )
        .await
    }

    /// Skicka igen: a new link; the old one stops working.
    pub async fn resend_invite(
        &self,
        customer_id: &str,
        invite_id: &str,
    ) -> Result<Invite, CoreError> {
        self.send(
            Method::POST,
            &format!("v1/customers/{customer_id}/invites/{invite_id}/resend"),
            None::<&()>,
        )
        .await
    }

    /// Återkalla: the link stops working.
    pub async fn revoke_invite(&self, customer_id: &str, invite_id: &str) -> Result<(), CoreError> {
        self.send_empty(
            Method::DELETE,
            &format!("v1/customers/{customer_id}/invites/{invite_id}"),
            None::<&()>,
        )
        .await
    }
}
