//! Where the app keeps its files. One function, honouring `KRETSLOPP_DATA_DIR`, so tests and
//! end-to-end runs never touch a real profile.

use std::path::PathBuf;

/// `KRETSLOPP_DATA_DIR` if set, else the platform directory the shell resolved.
pub fn data_dir(platform_default: PathBuf) -> PathBuf {
    match std::env::var_os("KRETSLOPP_DATA_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => platform_default,
    }
}
