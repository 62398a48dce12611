//! The login state machine. Transitions are pure; [`crate::Core`] does the I/O around them.

use crate::api_client::ApiFailure;
use crate::view::{LoginMethodView, LoginPhase, LoginView};
use kretslopp_api::{
    Disposition, ErrorCode, LoginMethod, LoginState, LoginStatus, SessionTokens, StartLoginResponse,
};
use kretslopp_domain::Rfa;

#[derive(Debug, Clone)]
pub struct LoginFlow {
    pub phase: LoginPhase,
    pub method: LoginMethod,
    pub login_id: Option<String>,
    pub rfa: Option<Rfa>,
    pub error_code: Option<ErrorCode>,
    pub qr: Option<String>,
    pub launch_url: Option<String>,
    /// For mobile same-device logins: the nonce BankID's return link must carry.
    pub return_nonce: Option<String>,
}

impl Default for LoginFlow {
    fn default() -> Self {
        Self {
            phase: LoginPhase::Idle,
            method: LoginMethod::Qr,
            login_id: None,
            rfa: None,
            error_code: None,
            qr: None,
            launch_url: None,
            return_nonce: None,
        }
    }
}

impl LoginFlow {
    pub fn started(
        method: LoginMethod,
        resp: StartLoginResponse,
        launch_url: String,
        return_nonce: Option<String>,
    ) -> Self {
        Self {
            phase: LoginPhase::Waiting,
            method,
            qr: (method == LoginMethod::Qr).then_some(resp.qr),
            login_id: Some(resp.login_id),
            rfa: Some(if method == LoginMethod::Qr {
                Rfa::Rfa1
            } else {
                Rfa::Rfa13
            }),
            error_code: None,
            launch_url: Some(launch_url),
            return_nonce,
        }
    }

    pub fn start_failed(method: LoginMethod, failure: &ApiFailure) -> Self {
        let mut flow = Self {
            method,
            ..Self::default()
        };
        flow.fail_with(failure);
        flow
    }

    pub fn is_waiting(&self) -> bool {
        self.phase == LoginPhase::Waiting
    }

    /// Applies what the server said; returns the tokens when the login completed.
    pub fn apply(&mut self, state: LoginState) -> Option<SessionTokens> {
        if !self.is_waiting() {
            return None;
        }
        self.rfa = state.rfa;
        match state.status {
            LoginStatus::Pending => {
                self.qr = state.qr;
                None
            }
            LoginStatus::Failed => {
                self.finish(LoginPhase::Failed);
                self.rfa = self.rfa.or(Some(Rfa::Rfa22));
                None
            }
            LoginStatus::Complete => {
                self.finish(LoginPhase::Complete);
                state.session
            }
        }
    }

    /// A failed request. Network trouble keeps the login waiting (the next poll retries);
    /// anything the server refused ends it.
    pub fn fail_with(&mut self, failure: &ApiFailure) {
        match failure {
            ApiFailure::Network(_) => {
                self.error_code = Some(ErrorCode::Network);
                if self.phase == LoginPhase::Idle {
                    self.phase = LoginPhase::Failed;
                }
            }
            ApiFailure::Problem { code, .. } => {
                self.finish(LoginPhase::Failed);
                // Trouble on our side or BankID's: BankID's "try again later" message.
                self.rfa = (code.disposition() == Disposition::RetryLater).then_some(Rfa::Rfa5);
                self.error_code = Some(*code);
            }
        }
    }

    pub fn clear_network_error(&mut self) {
        if self.error_code == Some(ErrorCode::Network) {
            self.error_code = None;
        }
    }

    pub fn cancel(&mut self) {
        if self.is_waiting() {
            self.finish(LoginPhase::Cancelled);
            self.rfa = Some(Rfa::Rfa6);
        }
    }

    fn finish(&mut self, phase: LoginPhase) {
        self.phase = phase;
        self.qr = None;
        self.return_nonce = None;
        self.launch_url = None;
    }

    pub fn view(&self) -> LoginView {
        LoginView {
            phase: self.phase,
            method: match self.method {
                LoginMethod::Qr => LoginMethodView::Qr,
                LoginMethod::SameDevice => LoginMethodView::SameDevice,
            },
            rfa: self.rfa.map(|r| r.code().to_owned()),
            error_code: self.error_code,
            qr_svg: self.qr.as_deref().and_then(crate::qr_svg::render),
            can_retry: matches!(self.phase, LoginPhase::Failed | LoginPhase::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kretslopp_api::LaunchUrls;

    fn waiting(method: LoginMethod) -> LoginFlow {
        let resp = StartLoginResponse {
            login_id: "kli_x".into(),
            launch: LaunchUrls {
                desktop: "d".into(),
                mobile: "m".into(),
            },
            qr: "bankid.t.0.c".into(),
            poll_interval_ms: 1000,
        };
        LoginFlow::started(method, resp, "d".into(), None)
    }

    fn state(status: LoginStatus, rfa: Option<Rfa>, qr: Option<&str>) -> LoginState {
        LoginState {
            status,
            hint_code: None,
            rfa,
            qr: qr.map(Into::into),
            session: None,
        }
    }

    #[test]
    fn qr_login_shows_qr_until_it_finishes() {
        let mut f = waiting(LoginMethod::Qr);
        assert!(f.view().qr_svg.is_some());
        assert_eq!(f.view().rfa.as_deref(), Some("RFA1"));
        f.apply(state(LoginStatus::Pending, Some(Rfa::Rfa9), None));
        assert_eq!(
            (f.phase, f.view().rfa.as_deref(), f.qr.as_deref()),
            (LoginPhase::Waiting, Some("RFA9"), None)
        );
        f.apply(state(LoginStatus::Failed, Some(Rfa::Rfa6), None));
        assert_eq!(f.phase, LoginPhase::Failed);
        assert!(f.view().can_retry);
        // A late answer does not revive a finished login.
        f.apply(state(
            LoginStatus::Pending,
            Some(Rfa::Rfa1),
            Some("bankid.t.9.c"),
        ));
        assert_eq!((f.phase, f.qr.as_deref()), (LoginPhase::Failed, None));
    }

    #[test]
    fn same_device_starts_with_rfa13_and_without_qr() {
        let f = waiting(LoginMethod::SameDevice);
        assert_eq!(
            (f.view().rfa.as_deref(), f.view().qr_svg.is_none()),
            (Some("RFA13"), true)
        );
    }

    #[test]
    fn network_trouble_keeps_waiting_but_refusals_end_the_login() {
        let mut f = waiting(LoginMethod::Qr);
        f.fail_with(&ApiFailure::Network("down".into()));
        assert_eq!(
            (f.phase, f.error_code),
            (LoginPhase::Waiting, Some(ErrorCode::Network))
        );
        f.clear_network_error();
        assert_eq!(f.error_code, None);
        f.fail_with(&ApiFailure::Problem {
            status: 410,
            code: ErrorCode::LoginCancelled,
            detail: String::new(),
            fields: Vec::new(),
            retry_after: None,
        });
        assert_eq!(
            (f.phase, f.error_code),
            (LoginPhase::Failed, Some(ErrorCode::LoginCancelled))
        );
        // Trouble on the server's side reads as BankID's "try again later".
        let mut f = waiting(LoginMethod::Qr);
        f.fail_with(&ApiFailure::Problem {
            status: 500,
            code: ErrorCode::InternalError,
            detail: String::new(),
            fields: Vec::new(),
            retry_after: None,
        });
        assert_eq!(f.view().rfa.as_deref(), Some("RFA5"));
    }

    #[test]
    fn cancel_only_applies_while_waiting() {
        let mut f = waiting(LoginMethod::Qr);
        f.cancel();
        assert_eq!(
            (f.phase, f.view().rfa.as_deref(), f.view().can_retry),
            (LoginPhase::Cancelled, Some("RFA6"), true)
        );
        let mut done = waiting(LoginMethod::Qr);
        done.apply(state(LoginStatus::Complete, None, None));
        done.cancel();
        assert_eq!(done.phase, LoginPhase::Complete);
    }
}
