//! What is wrong with one input field: a stable code the app translates, and an English
//! sentence for API users and logs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    /// `required`, `too-long`, `format`, `check-digit`, `unknown`, …
    pub code: &'static str,
    pub message: &'static str,
}

impl Invalid {
    pub const fn new(code: &'static str, message: &'static str) -> Self {
        Self { code, message }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Invalid {}
