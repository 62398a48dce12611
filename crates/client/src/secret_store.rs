//! Secrets live in the OS keyring (Keychain, Credential Manager, Secret Service) and
//! nowhere else: not in SQLite, not in files, not in the webview.

use crate::error::CoreError;

pub trait SecretStore: Send + Sync {
    fn get(&self) -> Result<Option<String>, CoreError>;
    fn set(&self, value: &str) -> Result<(), CoreError>;
    fn delete(&self) -> Result<(), CoreError>;
}

/// One keyring entry. `service` is namespaced per build channel or test run.
pub struct KeyringStore {
    entry: keyring::Entry,
}

impl KeyringStore {
    pub fn new(service: &str, account: &str) -> Result<Self, CoreError> {
        Ok(Self {
            entry: keyring::Entry::new(service, account).map_err(CoreError::keyring)?,
        })
    }
}

impl SecretStore for KeyringStore {
    fn get(&self) -> Result<Option<String>, CoreError> {
        match self.entry.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(CoreError::keyring(e)),
        }
    }

    fn set(&self, value: &str) -> Result<(), CoreError> {
        self.entry.set_password(value).map_err(CoreError::keyring)
    }

    fn delete(&self) -> Result<(), CoreError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(CoreError::keyring(e)),
        }
    }
}
