//! The session: tokens in the keyring, refreshed before they expire or when the server
//! says they have, and cleared on logout or when the server ends the session.

use crate::api_client::{ApiClient, ApiFailure};
use crate::error::CoreError;
use crate::secret_store::SecretStore;
use kretslopp_api::ErrorCode;
use kretslopp_api::SessionTokens;
use kretslopp_domain::Clock;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::Mutex;

/// Refresh this long before the access token expires.
const EXPIRY_MARGIN_MS: i64 = 30_000;

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    access_token: String,
    refresh_token: String,
    access_expires_at: i64,
}

pub struct SessionManager {
    api: ApiClient,
    store: Box<dyn SecretStore>,
    clock: Arc<dyn Clock>,
    /// Serialises refreshes, so two requests never spend the same refresh token.
    lock: Mutex<()>,
}

impl SessionManager {
    pub fn new(api: ApiClient, store: Box<dyn SecretStore>, clock: Arc<dyn Clock>) -> Self {
        Self {
            api,
            store,
            clock,
            lock: Mutex::new(()),
        }
    }

    fn load(&self) -> Result<Option<Stored>, CoreError> {
        Ok(self
            .store
            .get()?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    pub fn has_session(&self) -> Result<bool, CoreError> {
        Ok(self.load()?.is_some())
    }

    pub fn save(&self, tokens: &SessionTokens) -> Result<(), CoreError> {
        let stored = Stored {
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone(),
            access_expires_at: self.clock.now_ms() + i64::from(tokens.expires_in) * 1000,
        };
        self.store
            .set(&serde_json::to_string(&stored).expect("serialisable"))
    }

    pub fn clear(&self) -> Result<(), CoreError> {
        self.store.delete()
    }

    /// A valid access token, refreshing first if it is about to expire.
    async fn access_token(&self, force_refresh: bool) -> Result<String, CoreError> {
        let _guard = self.lock.lock().await;
        let stored = self
            .load()?
            .ok_or_else(|| CoreError::new(ErrorCode::NotLoggedIn, "no session"))?;
        if !force_refresh && stored.access_expires_at - EXPIRY_MARGIN_MS > self.clock.now_ms() {
            return Ok(stored.access_token);
        }
        match self.api.refresh(&stored.refresh_token).await {
            Ok(tokens) => {
                self.save(&tokens)?;
                Ok(tokens.access_token)
            }
            Err(ApiFailure::Problem { status: 401, .. }) => {
                self.clear()?;
                Err(CoreError::new(
                    ErrorCode::SessionExpired,
                    "the session has ended; log in again",
                ))
            }
            Err(f) => Err(f.into()),
        }
    }

    /// Runs an authenticated call; on `invalid-token` refreshes once and retries.
    pub async fn authorized<T, F, Fut>(&self, call: F) -> Result<T, CoreError>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiFailure>>,
    {
        let token = self.access_token(false).await?;
        match call(token).await {
            Err(ApiFailure::Problem { status: 401, .. }) => {
                let token = self.access_token(true).await?;
                call(token).await.map_err(CoreError::from)
            }
            other => other.map_err(CoreError::from),
        }
    }

    /// Ends the session at the server (best effort) and always forgets it here.
    pub async fn logout(&self) -> Result<(), CoreError> {
        if let Some(stored) = self.load()? {
            if let Err(e) = self.api.logout(&stored.access_token).await {
                tracing::info!(
                    code = %e.code(),
                    "server logout not confirmed; forgetting the session anyway"
                );
            }
        }
        self.clear()
    }
}
