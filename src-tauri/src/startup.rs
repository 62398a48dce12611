//! Startup time as the person sees it: from process start to the UI's first paint of the
//! pickups. Logged once; `scripts/bench.sh` compares it with a bare Tauri window.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);

pub fn begin() {
    STARTED.get_or_init(Instant::now);
}

pub fn painted() {
    if REPORTED.swap(true, Ordering::Relaxed) {
        return;
    }
    let elapsed_ms = STARTED.get().map(|s| s.elapsed().as_millis()).unwrap_or(0);
    tracing::info!(elapsed_ms, "first paint");
}
