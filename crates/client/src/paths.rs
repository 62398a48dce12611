//! Where the app keeps its files. One function, honouring `KRETSLOPP_DATA_DIR`, so tests and
//! end-to-end runs never touch a real profile.

use kretslopp_api::ErrorCode;
use std::path::PathBuf;

/// `KRETSLOPP_DATA_DIR` if set, else the platform directory the shell resolved.
pub fn data_dir(platform_default: PathBuf) -> PathBuf {
    match std::env::var_os("KRETSLOPP_DATA_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => platform_default,
    }
}

/// Writes the person's exported data into `dir` under a name that does not overwrite an
/// earlier export; returns the file's path.
pub fn write_export(dir: &std::path::Path, json: &str) -> Result<String, crate::CoreError> {
    write_new_file(dir, "kretslopp-mina-uppgifter", "json", json)
}

/// Writes `content` to `dir/<stem>.<ext>`, or `<stem>-2.<ext>` and so on when taken.
pub fn write_new_file(
    dir: &std::path::Path,
    stem: &str,
    ext: &str,
    content: &str,
) -> Result<String, crate::CoreError> {
    let io = |e: std::io::Error| crate::CoreError::new(ErrorCode::ExportFailed, e.to_string());
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut n = 1;
    let path = loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let p = dir.join(name);
        if !p.exists() {
            break p;
        }
        n += 1;
    };
    std::fs::write(&path, content).map_err(io)?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn exports_never_overwrite_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let a = super::write_export(dir.path(), "{}").unwrap();
        let b = super::write_export(dir.path(), "{}").unwrap();
        assert!(a.ends_with("kretslopp-mina-uppgifter.json"));
        assert!(b.ends_with("kretslopp-mina-uppgifter-2.json"));
    }
}
