//! Startup time as the person sees it: from process start to the UI's first paint of the
//! pickups. Logged once; `scripts/bench.sh` compares it with a bare Tauri window. With
//! `KRETSLOPP_LOG=debug` the milestones on the way are logged too, the shell's and the
//! UI's on one time line, so a slow start can be read off one run.

use serde::Deserialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use ts_rs::TS;

static STARTED: OnceLock<(Instant, SystemTime)> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);
/// More than the UI ever sends; the rest is ignored.
const MAX_MARKS: usize = 16;

/// The UI's milestones before its first paint: `performance.timeOrigin` (Unix ms) and,
/// per milestone, its name and `performance.now()` (ms after that origin).
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaintMarks {
    pub origin_ms: f64,
    pub marks: Vec<(String, f64)>,
}

pub fn begin() {
    STARTED.get_or_init(|| (Instant::now(), SystemTime::now()));
}

fn elapsed_ms() -> u128 {
    STARTED
        .get()
        .map(|s| s.0.elapsed().as_millis())
        .unwrap_or(0)
}

/// A milestone of the shell on the way to the first paint.
pub fn mark(milestone: &'static str) {
    tracing::debug!(elapsed_ms = elapsed_ms(), milestone);
}

pub fn painted(ui: &PaintMarks) {
    if REPORTED.swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some((_, wall)) = STARTED.get() {
        let started_ms = wall
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1e3)
            .unwrap_or(0.0);
        for (milestone, at) in ui.marks.iter().take(MAX_MARKS) {
            let elapsed_ms = (ui.origin_ms + at - started_ms).round() as i64;
            tracing::debug!(elapsed_ms, milestone = milestone.as_str(), "ui");
        }
    }
    tracing::info!(elapsed_ms = elapsed_ms(), "first paint");
}
