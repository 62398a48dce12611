//! Cold start and idle memory of the app against a bare Tauri window (issue 4's budgets:
//! ≤ 1.3× the time to first paint, ≤ 1.2× the PSS of the whole process tree).
//!
//! The app starts offline: a person logged in and synced once (through the real server and
//! BankID simulator), then the server is gone. "Painted" is Hem's next pickups from the
//! cache, reported by the UI two animation frames after they render; the bare window
//! reports its heading the same way. Run by `scripts/bench.sh` (needs a display and a
//! keyring, which the script provides).
//!
//! Usage: startup APP_BIN BARE_BIN [RUNS]

use kretslopp_api::Platform;
use kretslopp_client::view::{LoginMethodView, LoginPhase};
use kretslopp_client::{Core, CoreConfig};
use kretslopp_domain::{Clock, ManualClock, SystemClock};
use kretslopp_server::seed::ANNA;
use kretslopp_server::testing::Backend;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a started window is left alone before its memory is read.
const SETTLE: Duration = Duration::from_secs(5);

struct Run {
    to_paint: Duration,
    pss_kib: u64,
    processes: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (app_bin, bare_bin) = match (args.get(1), args.get(2)) {
        (Some(a), Some(b)) => (PathBuf::from(a), PathBuf::from(b)),
        _ => anyhow::bail!("usage: startup APP_BIN BARE_BIN [RUNS]"),
    };
    let runs: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(7);
    let dir = tempfile::tempdir()?;
    let keyring_service = format!("se.kretslopp.bench.{}", SystemClock.now_ms());
    prepare_offline_profile(dir.path(), &keyring_service).await?;
    let data_dir = dir.path().join("app").display().to_string();
    let app_env = [
        // Nothing listens on the discard port: the app is offline.
        ("KRETSLOPP_API_URL", "http://127.0.0.1:9/"),
        ("KRETSLOPP_KEYRING_SERVICE", keyring_service.as_str()),
        ("KRETSLOPP_DATA_DIR", data_dir.as_str()),
    ];

    let mut app_runs = Vec::new();
    let mut bare_runs = Vec::new();
    // Alternating, so drift in the machine's state hits both alike; the first pair warms
    // the disk cache and is not counted.
    for i in 0..=runs {
        let app = measure(&app_bin, &app_env)?;
        let bare = measure(&bare_bin, &[])?;
        if i > 0 {
            app_runs.push(app);
            bare_runs.push(bare);
        }
    }
    let ms = |r: &Run| r.to_paint.as_secs_f64() * 1e3;
    let mib = |r: &Run| r.pss_kib as f64 / 1024.0;
    let (app_paint, bare_paint) = (
        median(app_runs.iter().map(ms)),
        median(bare_runs.iter().map(ms)),
    );
    let (app_pss, bare_pss) = (
        median(app_runs.iter().map(mib)),
        median(bare_runs.iter().map(mib)),
    );
    // Each pair ran back to back, so its ratio cancels most of what the machine was doing
    // at the time; the median of those ratios is the robust figure.
    let paint_ratios: Vec<f64> = app_runs
        .iter()
        .zip(&bare_runs)
        .map(|(a, b)| ms(a) / ms(b))
        .collect();
    let pss_ratios: Vec<f64> = app_runs
        .iter()
        .zip(&bare_runs)
        .map(|(a, b)| mib(a) / mib(b))
        .collect();
    println!("{runs} alternating pairs, medians:");
    println!(
        "cold start to first paint: app {app_paint:.0} ms (offline, Hem's pickups from the cache), \
         bare window {bare_paint:.0} ms; ratio of medians {:.2}; median of pairwise ratios {:.2} \
         (min / Q1 / Q3 / max {}) (budget 1.30)",
        app_paint / bare_paint,
        median(paint_ratios.iter().copied()),
        spread(&paint_ratios),
    );
    println!(
        "  spread (min / Q1 / Q3 / max): app {} ms, bare window {} ms",
        spread(&app_runs.iter().map(ms).collect::<Vec<_>>()),
        spread(&bare_runs.iter().map(ms).collect::<Vec<_>>()),
    );
    println!(
        "  idle PSS: median of pairwise ratios {:.2} (min / Q1 / Q3 / max {})",
        median(pss_ratios.iter().copied()),
        spread(&pss_ratios),
    );
    println!(
        "idle PSS of the process tree {} s after the paint: app {app_pss:.1} MiB ({} processes), \
         bare window {bare_pss:.1} MiB ({} processes); ratio {:.2} (budget 1.20)",
        SETTLE.as_secs(),
        app_runs[0].processes,
        bare_runs[0].processes,
        app_pss / bare_pss
    );
    Ok(())
}

/// Logs Anna in through the real server and simulator with the app's own core, syncs her
/// calendar into the cache, and stops the server: what an offline start finds on disk.
async fn prepare_offline_profile(dir: &Path, keyring_service: &str) -> anyhow::Result<()> {
    let clock = ManualClock::new(SystemClock.now_ms());
    let backend = Backend::start(Arc::new(clock.clone()), &dir.join("server")).await?;
    let config = CoreConfig {
        api_url: format!("{}/", backend.api).parse()?,
        keyring_service: keyring_service.to_owned(),
        demo_bankid_page: None,
        platform: Platform::Desktop,
        data_dir: dir.join("app"),
    };
    let core = Core::new(config, Arc::new(clock.clone()))?;
    core.login_start(LoginMethodView::Qr, "sv").await;
    let qr = core
        .qr_content()
        .await
        .ok_or_else(|| anyhow::anyhow!("no QR code"))?;
    let scanned = backend
        .simulate("scan", json!({ "qrData": qr, "personalNumber": ANNA }))
        .await?;
    backend
        .simulate("approve", json!({ "orderRef": scanned["orderRef"] }))
        .await?;
    clock.advance_secs(2);
    anyhow::ensure!(
        core.login_poll().await.phase == LoginPhase::Complete,
        "the login did not complete"
    );
    core.session().await?;
    anyhow::ensure!(core.sync_now().await?.changed, "nothing was synced");
    backend.stop_api();
    Ok(())
}

/// Starts `bin`, waits for its first-paint line, lets it settle, reads the PSS of its
/// process tree, and ends it.
fn measure(bin: &Path, env: &[(&str, &str)]) -> anyhow::Result<Run> {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .envs(env.iter().copied())
        .env(
            "KRETSLOPP_LOG",
            std::env::var("KRETSLOPP_LOG").unwrap_or_else(|_| "info".into()),
        )
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()?;
    let stderr = child.stderr.take().expect("piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let verbose = std::env::var_os("BENCH_VERBOSE").is_some();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if verbose {
                eprintln!("{:>6} ms | {line}", started.elapsed().as_millis());
            }
            if line.contains("first paint") {
                let _ = tx.send(Instant::now());
            }
        }
    });
    let run = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(at) => {
            // A benchmark, not a test: idle memory is what the process holds after a while.
            std::thread::sleep(SETTLE);
            let (pss_kib, processes) = tree_pss(child.id());
            Ok(Run {
                to_paint: at - started,
                pss_kib,
                processes,
            })
        }
        Err(_) => Err(anyhow::anyhow!(
            "{} never reported a first paint",
            bin.display()
        )),
    };
    stop(&mut child);
    run
}

fn stop(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    let _ = child.wait();
    // The next run must not meet a single-instance app still exiting.
    while Command::new("kill")
        .args(["-0", "--", &group])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The summed PSS (KiB) of `root` and all its descendants, and how many processes that is.
fn tree_pss(root: u32) -> (u64, usize) {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // After the parenthesised name come the state and the parent's pid.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    let pss = tree
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|rollup| {
            rollup
                .lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .sum();
    (pss, tree.len())
}

/// "min / first quartile / third quartile / max".
fn spread(values: &[f64]) -> String {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        v.get(((v.len().max(1) - 1) as f64 * q).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    let f = |x: f64| {
        if x >= 10.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.2}")
        }
    };
    format!(
        "{} / {} / {} / {}",
        f(at(0.0)),
        f(at(0.25)),
        f(at(0.75)),
        f(at(1.0))
    )
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}
