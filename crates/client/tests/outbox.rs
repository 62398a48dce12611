//! The bag-order outbox under faults (PRODUCT §6, research/security.md §4.3): the app core
//! against the real server on loopback, through a loopback proxy that can lose answers or
//! stand in for an outage, with real SQLite files and the session in a real keyring (run
//! under scripts/with-keyring.sh). After every fault, each order the person placed exists
//! exactly once on the server, and no other order exists.

use kretslopp_api::{BagLine, Platform};
use kretslopp_client::orders::{OrderState, PlaceOrderInput};
use kretslopp_client::secret_store::MemoryStore;
use kretslopp_client::view::{LoginMethodView, LoginPhase};
use kretslopp_client::{Core, CoreConfig};
use kretslopp_domain::{Clock, ManualClock};
use kretslopp_server::seed::{NORRBAGERIET, SARA};
use kretslopp_server::testing::proxy::{Mode, Proxy};
use kretslopp_server::testing::Backend;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

// ---------------------------------------------------------------------------------------

struct Env {
    backend: Backend,
    /// A second API instance on the same database.
    other: Backend,
    proxy: Proxy,
    /// The app's clock, apart from the server's, so backoffs can pass without the server's
    /// sessions ageing.
    app_clock: ManualClock,
    server_clock: ManualClock,
    keyring_service: String,
    /// The session in memory instead of the keyring (the random sequences, which start
    /// thousands of app cores; the keyring is exercised by every other test).
    memory: Option<MemoryStore>,
    dir: tempfile::TempDir,
    db: sqlx::AnyPool,
}

impl Env {
    async fn start() -> Self {
        Self::start_with(false).await
    }

    async fn start_with(in_memory: bool) -> Self {
        let server_clock = ManualClock::new(1_800_000_000_000);
        // In memory where the machine has it: thousands of SQLite commits with
        // synchronous=FULL, each a real fsync, but on a RAM disk.
        let dir = match Path::new("/dev/shm") {
            shm if shm.is_dir() => tempfile::tempdir_in(shm),
            _ => tempfile::tempdir(),
        }
        .unwrap();
        let backend = Backend::start(Arc::new(server_clock.clone()), &dir.path().join("a"))
            .await
            .unwrap();
        let other = backend
            .start_another(Arc::new(server_clock.clone()), &dir.path().join("b"))
            .await
            .unwrap();
        let proxy = Proxy::start(&backend.api).await;
        sqlx::any::install_default_drivers();
        let db = sqlx::AnyPool::connect(&backend.database_url).await.unwrap();
        let env = Self {
            backend,
            other,
            proxy,
            app_clock: ManualClock::new(1_800_000_000_000),
            server_clock,
            keyring_service: format!("se.kretslopp.test.{}", uuid::Uuid::new_v4()),
            memory: in_memory.then(MemoryStore::default),
            dir,
            db,
        };
        let first = env.core(&env.device("first"));
        env.log_in(&first).await;
        first.shut_down().await;
        env
    }

    fn device(&self, name: &str) -> PathBuf {
        self.dir.path().join("devices").join(name)
    }

    fn config(&self, data_dir: &Path) -> CoreConfig {
        CoreConfig {
            api_url: self.proxy.url.parse().unwrap(),
            keyring_service: self.keyring_service.clone(),
            demo_bankid_page: None,
            platform: Platform::Desktop,
            data_dir: data_dir.to_owned(),
        }
    }

    fn core(&self, data_dir: &Path) -> Core {
        let clock = Arc::new(self.app_clock.clone());
        match &self.memory {
            Some(m) => Core::with_store(self.config(data_dir), clock, Box::new(m.clone())).unwrap(),
            None => Core::new(self.config(data_dir), clock).unwrap(),
        }
    }

    /// Sara (a user at Norrbageriet) logs in; her first sync fills the cache.
    async fn log_in(&self, core: &Core) {
        self.log_in_as(core, SARA).await;
    }

    async fn log_in_as(&self, core: &Core, pnr: &str) {
        core.login_start(LoginMethodView::Qr, "sv").await;
        let qr = core.qr_content().await.unwrap();
        let started = self
            .backend
            .simulate("scan", json!({ "qrData": qr, "personalNumber": pnr }))
            .await
            .unwrap();
        self.backend
            .simulate("approve", json!({ "orderRef": started["orderRef"] }))
            .await
            .unwrap();
        self.server_clock.advance_secs(2);
        assert_eq!(core.login_poll().await.phase, LoginPhase::Complete);
        self.ready(core).await;
    }

    /// A device's first use: who it is for, and a sync.
    async fn ready(&self, core: &Core) {
        assert!(core.session().await.unwrap().logged_in);
        let status = core.sync_now().await.unwrap();
        assert!(status.problem.is_none(), "{status:?}");
    }

    async fn server_orders(&self) -> Vec<String> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM bag_orders WHERE customer_id = $1 ORDER BY id")
                .bind(NORRBAGERIET)
                .fetch_all(&self.db)
                .await
                .unwrap();
        rows.into_iter().map(|(id,)| id).collect()
    }

    async fn sql(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db).await.unwrap();
    }

    async fn set_access(&self, active: bool) {
        self.sql(&format!(
            "UPDATE memberships SET status = '{}' WHERE customer_id = '{NORRBAGERIET}' AND role = 'user'",
            if active { "active" } else { "pending" }
        ))
        .await;
    }

    /// Lets every backoff pass.
    fn later(&self) {
        self.app_clock.advance_secs(3600);
    }
}

fn address(n: u32) -> String {
    format!("{NORRBAGERIET}-a{n:02}")
}

fn input(n: u32, rolls: u32) -> PlaceOrderInput {
    PlaceOrderInput {
        address_id: address(n),
        lines: vec![BagLine {
            colour: "gron".into(),
            rolls,
        }],
    }
}

async fn state_of(core: &Core, id: &str) -> Option<OrderState> {
    core.orders(NORRBAGERIET)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.id == id)
        .map(|o| o.state)
}

/// A copy of a device's app data, as a backup holds it: each SQLite file as one consistent
/// snapshot (`VACUUM INTO`), whatever connections are still open on it.
async fn copy_cache(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            Box::pin(copy_cache(&entry.path(), &target)).await;
        } else if name.ends_with(".sqlite") {
            let url = format!("sqlite://{}", entry.path().display());
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query(&format!("VACUUM INTO '{}'", target.display()))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        } else if !name.ends_with("-wal") && !name.ends_with("-shm") {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_order_placed_offline_is_queued_survives_a_restart_and_is_sent_once() {
    let env = Env::start().await;
    let dir = env.device("first");
    let core = env.core(&dir);
    env.proxy.set(Mode::Unavailable { retry_after: 120 });
    let queued = core.place_order(NORRBAGERIET, &input(1, 2)).await.unwrap();
    assert_eq!(queued.state, OrderState::Queued);
    assert!(queued.may_cancel);
    let report = core.flush_outbox().await.unwrap();
    assert_eq!(report.confirmed, 0);
    // Another order to the same address is refused here already.
    let again = core
        .place_order(NORRBAGERIET, &input(1, 1))
        .await
        .unwrap_err();
    assert_eq!(again.code, "open-order-exists");
    let too_many = core
        .place_order(NORRBAGERIET, &input(2, 4))
        .await
        .unwrap_err();
    assert_eq!(too_many.code, "order-too-many-rolls");

    // The app restarts; the server is back.
    drop(core);
    let core = env.core(&dir);
    assert_eq!(state_of(&core, &queued.id).await, Some(OrderState::Queued));
    env.proxy.set(Mode::Pass);
    env.later();
    let report = core.flush_outbox().await.unwrap();
    assert_eq!((report.confirmed, report.waiting), (1, 0), "{report:?}");
    assert_eq!(
        state_of(&core, &queued.id).await,
        Some(OrderState::Received)
    );
    assert_eq!(env.server_orders().await, vec![queued.id.clone()]);

    // The operator sends it; the app sees it after a sync.
    let db = kretslopp_server::db::connect(&env.backend.database_url)
        .await
        .unwrap();
    kretslopp_server::operator::orders(
        &db,
        &["set-status".into(), queued.id.clone(), "skickad".into()],
        env.server_clock.now_ms() + 1,
    )
    .await
    .unwrap();
    env.server_clock.advance_secs(10);
    core.sync_now().await.unwrap();
    assert_eq!(state_of(&core, &queued.id).await, Some(OrderState::Sent));
    let view = core.orders(NORRBAGERIET).await.unwrap();
    assert!(!view[0].may_cancel, "a sent order cannot be cancelled");
}

#[tokio::test]
async fn an_outage_is_retried_after_its_retry_after_and_a_queued_order_can_be_undone() {
    let env = Env::start().await;
    let core = env.core(&env.device("first"));
    env.proxy.set(Mode::Unavailable { retry_after: 600 });
    let first = core.place_order(NORRBAGERIET, &input(3, 1)).await.unwrap();
    let second = core.place_order(NORRBAGERIET, &input(4, 1)).await.unwrap();
    let report = core.flush_outbox().await.unwrap();
    assert!(
        report.retry_in.unwrap() >= std::time::Duration::from_secs(600),
        "{report:?}"
    );
    env.proxy.set(Mode::Pass);
    // Not yet: the server asked for ten minutes.
    env.app_clock.advance_secs(300);
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 0);
    // Undone before it was sent: never sent.
    let left = core.cancel_order(NORRBAGERIET, &second.id).await.unwrap();
    assert!(left.iter().all(|o| o.id != second.id));
    env.app_clock.advance_secs(301);
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 1);
    assert_eq!(env.server_orders().await, vec![first.id.clone()]);
    // A mottagen order is cancelled at the server.
    let after = core.cancel_order(NORRBAGERIET, &first.id).await.unwrap();
    assert_eq!(
        after.iter().find(|o| o.id == first.id).unwrap().state,
        OrderState::Cancelled
    );
}

#[tokio::test]
async fn a_lost_answer_is_retried_and_replayed_also_by_another_instance() {
    let env = Env::start().await;
    let dir = env.device("first");
    let core = env.core(&dir);
    let order = core.place_order(NORRBAGERIET, &input(5, 3)).await.unwrap();
    env.proxy.set(Mode::LoseAnswers);
    let report = core.flush_outbox().await.unwrap();
    assert_eq!(report.confirmed, 0);
    assert_eq!(
        env.server_orders().await,
        vec![order.id.clone()],
        "the server committed; the answer was lost"
    );
    assert_eq!(state_of(&core, &order.id).await, Some(OrderState::Queued));
    // The retry goes to the other instance.
    env.proxy.set(Mode::Pass);
    env.proxy.route_to(&env.other.api);
    env.later();
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 1);
    assert_eq!(state_of(&core, &order.id).await, Some(OrderState::Received));
    assert_eq!(env.server_orders().await, vec![order.id]);
}

#[tokio::test]
async fn two_senders_of_one_outbox_make_one_order() {
    let env = Env::start().await;
    let dir = env.device("first");
    let core = env.core(&dir);
    let order = core.place_order(NORRBAGERIET, &input(6, 1)).await.unwrap();
    // A second app process on the same files, flushing at the same moment.
    let twin = env.core(&dir);
    twin.session().await.unwrap();
    let (a, b) = tokio::join!(core.flush_outbox(), twin.flush_outbox());
    let (a, b) = (a.unwrap(), b.unwrap());
    env.later();
    let rest = core.flush_outbox().await.unwrap();
    assert_eq!(
        a.confirmed + b.confirmed + rest.confirmed,
        1,
        "{a:?} {b:?} {rest:?}"
    );
    assert_eq!(env.server_orders().await, vec![order.id.clone()]);
    assert_eq!(state_of(&core, &order.id).await, Some(OrderState::Received));
}

#[tokio::test]
async fn access_revoked_while_offline_refuses_the_order_for_good() {
    let env = Env::start().await;
    let core = env.core(&env.device("first"));
    env.proxy.set(Mode::Unavailable { retry_after: 1 });
    let order = core.place_order(NORRBAGERIET, &input(7, 2)).await.unwrap();
    core.flush_outbox().await.unwrap();
    env.set_access(false).await;
    env.proxy.set(Mode::Pass);
    env.later();
    let report = core.flush_outbox().await.unwrap();
    assert_eq!((report.refused, report.waiting), (1, 0), "{report:?}");
    let view = core.orders(NORRBAGERIET).await.unwrap();
    let refused = view.iter().find(|o| o.id == order.id).unwrap();
    assert_eq!(refused.state, OrderState::Refused);
    assert_eq!(refused.refusal.unwrap(), "customer-not-found");
    assert!(refused.may_dismiss && !refused.may_cancel);
    // Never retried, even with access back.
    env.set_access(true).await;
    env.later();
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 0);
    assert!(env.server_orders().await.is_empty());
    let left = core.dismiss_order(NORRBAGERIET, &order.id).await.unwrap();
    assert!(left.iter().all(|o| o.id != order.id));
}

#[tokio::test]
async fn queued_orders_are_sent_only_with_the_session_of_the_person_who_placed_them() {
    let env = Env::start().await;
    let dir = env.device("first");
    let core = env.core(&dir);
    env.proxy.set(Mode::Unavailable { retry_after: 1 });
    let saras = core.place_order(NORRBAGERIET, &input(10, 1)).await.unwrap();
    // Erik (Norrbageriet's administrator) logs in on the same device without Sara logging
    // out; the outbox runs with his session.
    env.proxy.set(Mode::Pass);
    env.log_in_as(&core, kretslopp_server::seed::ERIK).await;
    env.later();
    let report = core.flush_outbox().await.unwrap();
    assert_eq!((report.confirmed, report.refused), (0, 0), "{report:?}");
    assert!(
        env.server_orders().await.is_empty(),
        "never with Erik's session"
    );
    // Sara again: hers goes now.
    env.log_in(&core).await;
    env.later();
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 1);
    assert_eq!(env.server_orders().await, vec![saras.id]);
}

#[tokio::test]
async fn an_older_copy_of_the_app_database_sends_nothing_twice() {
    let env = Env::start().await;
    let dir = env.device("first");
    let core = env.core(&dir);
    env.proxy.set(Mode::Unavailable { retry_after: 1 });
    let order = core.place_order(NORRBAGERIET, &input(8, 1)).await.unwrap();
    core.shut_down().await;
    let backup = env.device("backup");
    copy_cache(&dir, &backup).await;
    let core = env.core(&dir);
    env.proxy.set(Mode::Pass);
    env.later();
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 1);
    core.shut_down().await;
    // The device is restored from the backup taken while the order was köad — also after
    // the server has forgotten the idempotency key.
    for purge in [false, true] {
        if purge {
            env.sql("DELETE FROM idempotency_records").await;
        }
        std::fs::remove_dir_all(&dir).unwrap();
        copy_cache(&backup, &dir).await;
        let core = env.core(&dir);
        assert_eq!(state_of(&core, &order.id).await, Some(OrderState::Queued));
        env.later();
        assert_eq!(core.flush_outbox().await.unwrap().confirmed, 1);
        assert_eq!(env.server_orders().await, vec![order.id.clone()]);
        core.shut_down().await;
    }
}

// ---------------------------------------------------------------------------------------
// The app core killed around the outbox commit: this test binary runs itself as the app
// (`the_app_process`), which dies at a failpoint or is SIGKILLed once the order shows.

const CHILD_DIR: &str = "KRETSLOPP_OUTBOX_CHILD_DIR";

#[tokio::test]
async fn the_app_process() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return; // Only as the child of the kill tests.
    };
    let config = CoreConfig {
        api_url: std::env::var("KRETSLOPP_API_URL").unwrap().parse().unwrap(),
        keyring_service: std::env::var("KRETSLOPP_KEYRING_SERVICE").unwrap(),
        demo_bankid_page: None,
        platform: Platform::Desktop,
        data_dir: dir.into(),
    };
    let core = Core::new(config, Arc::new(kretslopp_domain::SystemClock)).unwrap();
    let view = core.place_order(NORRBAGERIET, &input(9, 1)).await.unwrap();
    // Past the test harness's output capture, straight to the parent.
    use std::io::Write;
    let mut out = std::io::stdout();
    out.write_all(format!("QUEUED {}\n", view.id).as_bytes())
        .unwrap();
    out.flush().unwrap();
    // Killed here.
    tokio::time::sleep(std::time::Duration::from_secs(600)).await;
}

/// Runs the app process; returns the order id it showed as köad, if it did.
async fn run_app_process(env: &Env, dir: &Path, failpoint: Option<&str>) -> Option<String> {
    use tokio::io::AsyncBufReadExt;
    let mut cmd = tokio::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "the_app_process",
        "--nocapture",
        "--test-threads",
        "1",
    ])
    .env(CHILD_DIR, dir)
    .env("KRETSLOPP_API_URL", &env.proxy.url)
    .env("KRETSLOPP_KEYRING_SERVICE", &env.keyring_service)
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::null())
    .kill_on_drop(true);
    match failpoint {
        Some(f) => cmd.env("KRETSLOPP_FAILPOINT", f),
        None => cmd.env_remove("KRETSLOPP_FAILPOINT"),
    };
    let mut child = cmd.spawn().unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut queued = None;
    while let Ok(Some(line)) = lines.next_line().await {
        // The harness may have printed the test's name on the same line.
        if let Some((_, id)) = line.split_once("QUEUED ") {
            queued = Some(id.to_owned());
            break;
        }
    }
    child.kill().await.ok(); // SIGKILL, unless it already died at the failpoint
    let status = child.wait().await.unwrap();
    assert!(!status.success(), "the app process must have died");
    queued
}

async fn integrity_ok(dir: &Path) {
    let person: (String,) = {
        let file = std::fs::read_dir(dir.join("cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.starts_with("cache-") && n.ends_with(".sqlite"))
            .unwrap();
        (file,)
    };
    let url = format!("sqlite://{}", dir.join("cache").join(&person.0).display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    pool.close().await;
}

#[tokio::test]
async fn killed_before_the_outbox_commit_nothing_was_ordered_and_after_it_exactly_one() {
    let env = Env::start().await;
    let dir = env.device("first");
    // Before the commit: the app never said köad, and nothing is sent after a restart.
    let shown = run_app_process(&env, &dir, Some("outbox-before-commit")).await;
    assert_eq!(shown, None);
    integrity_ok(&dir).await;
    let core = env.core(&dir);
    assert!(core.orders(NORRBAGERIET).await.unwrap().is_empty());
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 0);
    drop(core);
    // Right after the commit, before the screen was told.
    assert_eq!(
        run_app_process(&env, &dir, Some("outbox-after-commit")).await,
        None
    );
    integrity_ok(&dir).await;
    let core = env.core(&dir);
    let after = core.orders(NORRBAGERIET).await.unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 1);
    assert_eq!(env.server_orders().await, vec![after[0].id.clone()]);
    drop(core);
    // SIGKILL once the order shows as köad (the first one is delivered by then).
    env.sql(&format!(
        "UPDATE bag_orders SET status = 'delivered', updated_at = {}",
        env.server_clock.now_ms()
    ))
    .await;
    env.server_clock.advance_secs(10);
    env.core(&dir).sync_now().await.unwrap();
    let shown = run_app_process(&env, &dir, None)
        .await
        .expect("shown as köad");
    integrity_ok(&dir).await;
    let core = env.core(&dir);
    assert_eq!(state_of(&core, &shown).await, Some(OrderState::Queued));
    assert_eq!(core.flush_outbox().await.unwrap().confirmed, 1);
    let mut expected = vec![after[0].id.clone(), shown];
    expected.sort();
    assert_eq!(env.server_orders().await, expected);
}

// ---------------------------------------------------------------------------------------
// Random sequences of orders and faults (proptest), checked against the set of orders the
// person saw as köad.

#[derive(Debug, Clone)]
enum Step {
    Place(u32, u32),
    /// The outbox loop's turn: flush, then sync.
    Turn,
    /// Two app processes on the same files flush at the same moment.
    TwinFlush,
    LoseNextAnswer,
    Outage,
    /// The app dies (no clean shutdown) and starts again.
    Crash,
    RestartServer,
    /// The next requests go to the other instance (or back).
    SwitchInstance,
    Revoke,
    Restore,
    Backup,
    RestoreBackup,
    /// The server forgets idempotency records (their retention passed).
    Purge,
    /// Operations deliver everything open, freeing the addresses.
    DeliverAll,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1u32..=12, 1u32..=3).prop_map(|(a, r)| Step::Place(a, r)),
        3 => Just(Step::Turn),
        1 => Just(Step::TwinFlush),
        2 => Just(Step::LoseNextAnswer),
        1 => Just(Step::Outage),
        2 => Just(Step::Crash),
        1 => Just(Step::RestartServer),
        1 => Just(Step::SwitchInstance),
        1 => Just(Step::Revoke),
        1 => Just(Step::Restore),
        1 => Just(Step::Backup),
        1 => Just(Step::RestoreBackup),
        1 => Just(Step::Purge),
        1 => Just(Step::DeliverAll),
    ]
}

/// How many sequences: 1,000 unless `KRETSLOPP_OUTBOX_CASES` says otherwise.
fn cases() -> u32 {
    std::env::var("KRETSLOPP_OUTBOX_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

async fn run_sequence(env: &mut Env, run: usize, steps: &[Step]) -> Result<(), TestCaseError> {
    // A clean slate on the server, a fresh device.
    env.sql("DELETE FROM bag_orders").await;
    env.sql("DELETE FROM idempotency_records").await;
    env.set_access(true).await;
    env.proxy.set(Mode::Pass);
    env.proxy.route_to(&env.backend.api);
    let dir = env.device(&format!("run-{run}"));
    let backup = env.device(&format!("run-{run}-backup"));
    // A device as the first login left it: logged in and synced.
    copy_cache(&env.device("first"), &dir).await;
    let mut core = env.core(&dir);
    let mut intents: BTreeSet<String> = BTreeSet::new();
    let mut on_other = false;
    // The intents a restored backup knows of.
    let mut at_backup: Option<BTreeSet<String>> = None;

    for step in steps {
        match step {
            Step::Place(a, rolls) => {
                if let Ok(view) = core.place_order(NORRBAGERIET, &input(*a, *rolls)).await {
                    prop_assert_eq!(view.state, OrderState::Queued);
                    intents.insert(view.id);
                }
            }
            Step::Turn => {
                env.later();
                core.outbox_when_due().await;
            }
            Step::TwinFlush => {
                env.later();
                // A second app process, running (its cache open) when both flush.
                let twin = env.core(&dir);
                twin.orders(NORRBAGERIET)
                    .await
                    .map_err(|e| TestCaseError::fail(format!("second process: {e}")))?;
                let (a, b) = tokio::join!(core.flush_outbox(), twin.flush_outbox());
                twin.shut_down().await;
                a.map_err(|e| TestCaseError::fail(format!("first sender: {e}")))?;
                b.map_err(|e| TestCaseError::fail(format!("second sender: {e}")))?;
            }
            Step::LoseNextAnswer => {
                env.later();
                env.proxy.set(Mode::LoseAnswers);
                let _ = core.flush_outbox().await;
                env.proxy.set(Mode::Pass);
            }
            Step::Outage => {
                env.later();
                env.proxy.set(Mode::Unavailable { retry_after: 30 });
                let _ = core.flush_outbox().await;
                env.proxy.set(Mode::Pass);
            }
            Step::Crash => {
                drop(core);
                core = env.core(&dir);
            }
            Step::RestartServer => {
                env.backend
                    .restart_api(Arc::new(env.server_clock.clone()))
                    .await
                    .unwrap();
            }
            Step::SwitchInstance => {
                on_other = !on_other;
                env.proxy.route_to(if on_other {
                    &env.other.api
                } else {
                    &env.backend.api
                });
            }
            Step::Revoke => env.set_access(false).await,
            Step::Restore => env.set_access(true).await,
            Step::Backup => {
                core.shut_down().await;
                let _ = std::fs::remove_dir_all(&backup);
                copy_cache(&dir, &backup).await;
                at_backup = Some(intents.clone());
                core = env.core(&dir);
            }
            Step::RestoreBackup if at_backup.is_some() => {
                core.shut_down().await;
                std::fs::remove_dir_all(&dir).unwrap();
                copy_cache(&backup, &dir).await;
                core = env.core(&dir);
                // Orders placed after the backup and not yet sent went with the device's
                // newer state; the rest are the person's still.
                let server: BTreeSet<String> = env.server_orders().await.into_iter().collect();
                let known = at_backup.clone().unwrap_or_default();
                intents = intents
                    .iter()
                    .filter(|id| known.contains(*id) || server.contains(*id))
                    .cloned()
                    .collect();
            }
            Step::RestoreBackup => {}
            Step::Purge => env.sql("DELETE FROM idempotency_records").await,
            Step::DeliverAll => {
                env.sql(&format!(
                    "UPDATE bag_orders SET status = 'delivered', delivered_at = {0}, updated_at = {0}
                     WHERE status IN ('received', 'sent')",
                    env.server_clock.now_ms()
                ))
                .await;
            }
        }
    }

    // Quiesce: the network and access are back; the outbox runs until it is empty.
    env.proxy.set(Mode::Pass);
    env.set_access(true).await;
    for _ in 0..5 {
        env.later();
        core.flush_outbox()
            .await
            .map_err(|e| TestCaseError::fail(format!("quiesce: {e}")))?;
    }
    let views = core
        .orders(NORRBAGERIET)
        .await
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(
        views.iter().all(|o| o.state != OrderState::Queued),
        "nothing is left köad: {views:?}"
    );
    let refused: BTreeSet<String> = views
        .iter()
        .filter(|o| o.state == OrderState::Refused)
        .map(|o| o.id.clone())
        .collect();
    for o in views.iter().filter(|o| o.state == OrderState::Refused) {
        let code = o.refusal.map(|c| c.as_str()).unwrap_or_default();
        prop_assert!(
            code == "customer-not-found" || code == "open-order-exists",
            "refused only for revoked access or a rule the cache could not see: {code}"
        );
    }
    let server: BTreeSet<String> = env.server_orders().await.into_iter().collect();
    prop_assert!(
        server.is_subset(&intents),
        "no order without an intent: {server:?} vs {intents:?}"
    );
    let kept: BTreeSet<String> = intents.difference(&refused).cloned().collect();
    prop_assert!(
        kept.is_subset(&server),
        "no order lost: {kept:?} vs {server:?}"
    );
    drop(core);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&backup);
    Ok(())
}

#[test]
fn random_faults_neither_duplicate_nor_lose_an_order() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let env = std::cell::RefCell::new(rt.block_on(Env::start_with(true)));
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let run = std::cell::Cell::new(0usize);
    runner
        .run(&proptest::collection::vec(step(), 1..14), |steps| {
            run.set(run.get() + 1);
            rt.block_on(run_sequence(&mut env.borrow_mut(), run.get(), &steps))
        })
        .unwrap();
}
