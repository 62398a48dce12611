//! The facade the shell talks to: one method per user action.

use crate::api_client::ApiClient;
use crate::deeplink::{self, DeepLink};
use crate::error::CoreError;
use crate::launch;
use crate::login::LoginFlow;
use crate::secret_store::{KeyringStore, SecretStore};
use crate::session::SessionManager;
use crate::view::*;
use kretslopp_api::{Disposition, ErrorCode};
use kretslopp_api::{LoginMethod, Platform, StartLoginRequest};
use kretslopp_domain::{Clock, Lang};
use std::sync::Arc;
use tokio::sync::Mutex;
use url::Url;

#[derive(Debug, Clone)]
pub struct CoreConfig {
    /// Base URL of the backend API.
    pub api_url: Url,
    /// Keyring service name; tests and end-to-end runs use their own.
    pub keyring_service: String,
    /// The BankID simulator's page, which stands in for the BankID app in the demo.
    pub demo_bankid_page: Option<Url>,
    pub platform: Platform,
    /// Where the offline cache lives (the shell passes the platform's app data directory).
    pub data_dir: std::path::PathBuf,
}

pub const DEFAULT_API_URL: &str = "http://127.0.0.1:8080/";
pub const DEFAULT_KEYRING_SERVICE: &str = "se.kretslopp.app";

impl CoreConfig {
    /// `KRETSLOPP_API_URL`, `KRETSLOPP_KEYRING_SERVICE`, `KRETSLOPP_BANKID_DEMO_PAGE`.
    pub fn from_env() -> Result<Self, CoreError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let url = |k: &str, v: String| {
            Url::parse(&v)
                .map_err(|_| CoreError::new(ErrorCode::Config, format!("{k} is not a URL")))
        };
        let mut api_url = url(
            "KRETSLOPP_API_URL",
            var("KRETSLOPP_API_URL").unwrap_or_else(|| DEFAULT_API_URL.into()),
        )?;
        if !api_url.path().ends_with('/') {
            api_url.set_path(&format!("{}/", api_url.path()));
        }
        Ok(Self {
            api_url,
            keyring_service: var("KRETSLOPP_KEYRING_SERVICE")
                .unwrap_or_else(|| DEFAULT_KEYRING_SERVICE.into()),
            demo_bankid_page: var("KRETSLOPP_BANKID_DEMO_PAGE")
                .map(|v| url("KRETSLOPP_BANKID_DEMO_PAGE", v))
                .transpose()?,
            platform: launch::platform(),
            data_dir: crate::paths::data_dir(std::env::temp_dir().join("kretslopp")),
        })
    }
}

pub struct Core {
    pub(crate) api: ApiClient,
    pub(crate) session: SessionManager,
    login: Mutex<LoginFlow>,
    pub(crate) config: CoreConfig,
    pub(crate) clock: Arc<dyn Clock>,
    /// The open cache and whose it is.
    pub(crate) cache: Mutex<Option<(String, Arc<crate::cache::Cache>)>>,
    /// Failed syncs in a row, for the backoff.
    pub(crate) sync_failures: std::sync::atomic::AtomicU32,
    /// Wakes the reminder planner (see `reminders`).
    pub(crate) reminders_changed: tokio::sync::Notify,
    /// Core → UI notifications (see `events`).
    pub(crate) events: crate::events::Events,
    /// When the automatic sync runs next (ms from the last sync), and the nudge that
    /// re-arms its wait when a sync ran for another reason (see `offline`).
    pub(crate) next_sync_ms: std::sync::atomic::AtomicU64,
    pub(crate) sync_rescheduled: tokio::sync::Notify,
    /// One sync at a time: the loop and the UI's Uppdatera never race on the cursor.
    pub(crate) sync_lock: Mutex<()>,
    /// One outbox flush at a time, and never while an order is being undone (`orders`).
    pub(crate) outbox_lock: Mutex<()>,
    /// Wakes the outbox loop: a new order, or a sync that reached the server.
    pub(crate) outbox_wake: tokio::sync::Notify,
    /// The token of an invite link that opened the app, kept (in memory only) until the
    /// person accepts or declines it, also across a login (see `sharing`).
    pub(crate) held_invite: std::sync::Mutex<Option<String>>,
    /// The first screen's answer, read at launch (see `first_screen`).
    pub(crate) first_answer: tokio::sync::Mutex<crate::first_screen::FirstAnswer>,
}

impl Core {
    pub fn new(config: CoreConfig, clock: Arc<dyn Clock>) -> Result<Self, CoreError> {
        let store = KeyringStore::new(&config.keyring_service, "session")?;
        Self::with_store(config, clock, Box::new(store))
    }

    pub fn with_store(
        config: CoreConfig,
        clock: Arc<dyn Clock>,
        store: Box<dyn SecretStore>,
    ) -> Result<Self, CoreError> {
        let api = ApiClient::new(config.api_url.clone())?;
        Ok(Self {
            session: SessionManager::new(api.clone(), store, clock.clone()),
            api,
            login: Mutex::new(LoginFlow::default()),
            config,
            clock,
            cache: Mutex::new(None),
            sync_failures: std::sync::atomic::AtomicU32::new(0),
            reminders_changed: tokio::sync::Notify::new(),
            events: crate::events::Events::default(),
            next_sync_ms: std::sync::atomic::AtomicU64::new(
                crate::sync::INTERVAL.as_millis() as u64
            ),
            sync_rescheduled: tokio::sync::Notify::new(),
            sync_lock: Mutex::new(()),
            outbox_lock: Mutex::new(()),
            outbox_wake: tokio::sync::Notify::new(),
            held_invite: std::sync::Mutex::new(None),
            first_answer: tokio::sync::Mutex::new(Default::default()),
        })
    }

    /// Everything the core announces from now on (the shell forwards it to the UI).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<crate::events::CoreEvent> {
        self.events.subscribe()
    }

    /// Starts a new login, cancelling one still in progress.
    pub async fn login_start(&self, method: LoginMethodView, lang: &str) -> LoginView {
        let method = match method {
            LoginMethodView::Qr => LoginMethod::Qr,
            LoginMethodView::SameDevice => LoginMethod::SameDevice,
        };
        self.cancel_in_progress().await;
        let platform = self.config.platform;
        let nonce = (method == LoginMethod::SameDevice && platform == Platform::Mobile)
            .then(launch::new_return_nonce);
        let req = StartLoginRequest {
            method,
            platform,
            lang: Some(Lang::from_tag(lang).code().to_owned()),
            return_nonce: nonce.clone(),
        };
        let flow = match self.api.start_login(&req).await {
            Ok(resp) => {
                let url = launch::pick(&resp.launch, platform).to_owned();
                LoginFlow::started(method, resp, url, nonce)
            }
            Err(f) => LoginFlow::start_failed(method, &f),
        };
        let view = flow.view();
        *self.login.lock().await = flow;
        view
    }

    /// Asks the server for news; call about once a second while waiting.
    pub async fn login_poll(&self) -> LoginView {
        let login_id = {
            let flow = self.login.lock().await;
            match (&flow.login_id, flow.is_waiting()) {
                (Some(id), true) => id.clone(),
                _ => return flow.view(),
            }
        };
        let result = self.api.poll_login(&login_id).await;
        let mut flow = self.login.lock().await;
        if flow.login_id.as_deref() != Some(login_id.as_str()) {
            return flow.view(); // a newer login replaced this one meanwhile
        }
        match result {
            Ok(state) => {
                flow.clear_network_error();
                if let Some(tokens) = flow.apply(state) {
                    if let Err(e) = self.session.save(&tokens) {
                        tracing::error!(code = %e.code, "could not store the session");
                        flow.phase = LoginPhase::Failed;
                        flow.error_code = Some(e.code);
                    }
                }
            }
            Err(f) => flow.fail_with(&f),
        }
        flow.view()
    }

    pub async fn login_cancel(&self) -> LoginView {
        self.cancel_in_progress().await;
        self.login.lock().await.view()
    }

    async fn cancel_in_progress(&self) {
        let id = {
            let mut flow = self.login.lock().await;
            if !flow.is_waiting() {
                return;
            }
            flow.cancel();
            flow.login_id.clone()
        };
        if let Some(id) = id {
            if let Err(f) = self.api.cancel_login(&id).await {
                tracing::info!(code = %f.code(), "server-side cancel not confirmed");
            }
        }
    }

    /// The current login's same-device launch URL, checked before it is opened.
    pub async fn bankid_launch_url(&self) -> Result<Url, CoreError> {
        let flow = self.login.lock().await;
        let raw = flow
            .launch_url
            .as_deref()
            .filter(|_| flow.is_waiting())
            .ok_or_else(|| CoreError::new(ErrorCode::NoLogin, "no login is waiting for BankID"))?;
        launch::validate(raw, self.config.demo_bankid_page.as_ref())
    }

    /// The QR content currently shown (what a phone would read from the screen).
    pub async fn qr_content(&self) -> Option<String> {
        self.login.lock().await.qr.clone()
    }

    /// A link that opened the app. The BankID return only proves nothing by itself: it must
    /// carry this login's nonce, and the outcome still comes from the server's collect.
    /// An invite is held for the person to look at; anything else is refused, and the UI
    /// told either way.
    pub async fn handle_deep_link(&self, raw: &str) -> Result<(), CoreError> {
        let link = deeplink::parse(raw).map_err(|e| {
            let e = CoreError::new(ErrorCode::InvalidDeepLink, e.to_string());
            self.events
                .emit(crate::events::CoreEvent::LinkRefused { code: e.code });
            e
        })?;
        match link {
            DeepLink::Invite { token } => {
                self.hold_invite(token);
                Ok(())
            }
            DeepLink::BankIdReturn { nonce } => {
                let matches =
                    self.login.lock().await.return_nonce.as_deref() == Some(nonce.as_str());
                if !matches {
                    return Err(CoreError::new(
                        ErrorCode::DeepLinkMismatch,
                        "this return link belongs to no login of this app",
                    ));
                }
                self.login_poll().await;
                Ok(())
            }
        }
    }

    /// Who is logged in, confirmed with the server when it can be reached.
    pub async fn session(&self) -> Result<SessionView, CoreError> {
        if !self.session.has_session()? {
            return Ok(SessionView {
                logged_in: false,
                person: None,
                me: None,
                offline: false,
            });
        }
        let api = &self.api;
        match self
            .session
            .authorized(|token| async move { api.me(&token).await })
            .await
        {
            Ok(me) => Ok({
                self.remember_person(&me.person_id);
                self.remember_me(&me).await;
                SessionView {
                    logged_in: true,
                    person: Some(PersonView {
                        given_name: me.given_name.clone(),
                        surname: me.surname.clone(),
                        name: me.name.clone(),
                    }),
                    me: Some(me),
                    offline: false,
                }
            }),
            Err(e) if e.disposition() == Disposition::RetryLater => {
                // Offline: the person and customers as last seen, from the cache.
                let me = self.cached_me().await;
                Ok(SessionView {
                    logged_in: true,
                    person: me.as_ref().map(|me| PersonView {
                        given_name: me.given_name.clone(),
                        surname: me.surname.clone(),
                        name: me.name.clone(),
                    }),
                    me,
                    offline: true,
                })
            }
            Err(e) if e.disposition() == Disposition::LogInAgain => Ok(SessionView {
                logged_in: false,
                person: None,
                me: None,
                offline: false,
            }),
            Err(e) => Err(e),
        }
    }

    pub async fn logout(&self) -> Result<SessionView, CoreError> {
        *self.login.lock().await = LoginFlow::default();
        self.session.logout().await?;
        // The next person at this device must not find the last one's invite.
        self.forget_invite();
        self.forget_cache().await;
        Ok(SessionView {
            logged_in: false,
            person: None,
            me: None,
            offline: false,
        })
    }
}
