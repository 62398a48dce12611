//! Named places where a test may make the process die, to prove that a crash there loses
//! and duplicates nothing (the outbox fault tests kill the app core this way). Inert unless
//! `KRETSLOPP_FAILPOINT` names the place; dying is all a failpoint can do.

use std::sync::OnceLock;

pub fn hit(name: &str) {
    static ARMED: OnceLock<Option<String>> = OnceLock::new();
    let armed = ARMED.get_or_init(|| std::env::var("KRETSLOPP_FAILPOINT").ok());
    if armed.as_deref() == Some(name) {
        std::process::abort();
    }
}
