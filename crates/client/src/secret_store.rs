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

/// A session held in memory only, shared by the cores given clones of it: for the tests and
/// benchmarks that start thousands of app cores. The app itself only ever uses
/// [`KeyringStore`] (`Core::new`).
#[derive(Clone, Default)]
pub struct MemoryStore(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl SecretStore for MemoryStore {
    fn get(&self) -> Result<Option<String>, CoreError> {
        Ok(self.0.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }

    fn set(&self, value: &str) -> Result<(), CoreError> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(value.to_owned());
        Ok(())
    }

    fn delete(&self) -> Result<(), CoreError> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }
}
