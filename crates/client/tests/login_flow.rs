//! The app core against the real server and BankID simulator on loopback, with the session
//! in a real keyring (run under scripts/with-keyring.sh).

use kretslopp_api::Platform;
use kretslopp_client::secret_store::{KeyringStore, SecretStore};
use kretslopp_client::view::{LoginMethodView, LoginPhase, LoginView};
use kretslopp_client::{Core, CoreConfig};
use kretslopp_domain::{Clock, ManualClock};
use kretslopp_server::testing::Backend;
use serde_json::{json, Value};
use std::sync::Arc;

const ANNA: &str = "198503122387";

struct Env {
    backend: Backend,
    clock: ManualClock,
    service: String,
    _dir: tempfile::TempDir,
}

impl Env {
    async fn start() -> Self {
        let clock = ManualClock::new(1_800_000_000_000);
        let dir = tempfile::tempdir().unwrap();
        let backend = Backend::start(Arc::new(clock.clone()), dir.path())
            .await
            .unwrap();
        let service = format!("se.kretslopp.test.{}", uuid::Uuid::new_v4());
        Self {
            backend,
            clock,
            service,
            _dir: dir,
        }
    }

    fn config(&self, platform: Platform) -> CoreConfig {
        CoreConfig {
            api_url: format!("{}/", self.backend.api).parse().unwrap(),
            keyring_service: self.service.clone(),
            demo_bankid_page: Some(format!("{}/", self.backend.simulator).parse().unwrap()),
            platform,
            data_dir: self._dir.path().join("app"),
        }
    }

    fn core(&self) -> Core {
        Core::new(self.config(Platform::Desktop), Arc::new(self.clock.clone())).unwrap()
    }

    fn keyring(&self) -> Option<String> {
        KeyringStore::new(&self.service, "session")
            .unwrap()
            .get()
            .unwrap()
    }

    async fn sim(&self, action: &str, body: Value) -> Value {
        self.backend.simulate(action, body).await.unwrap()
    }

    /// Scans what the app shows, as a phone would; returns the order reference.
    async fn scan(&self, core: &Core, pnr: &str) -> String {
        let qr = core.qr_content().await.expect("a QR code on screen");
        self.sim("scan", json!({ "qrData": qr, "personalNumber": pnr }))
            .await["orderRef"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn poll_after(&self, core: &Core, secs: i64) -> LoginView {
        self.clock.advance_secs(secs);
        core.login_poll().await
    }

    async fn open_same_device(&self, core: &Core) -> String {
        let url = core.bankid_launch_url().await.unwrap();
        let token = url
            .query_pairs()
            .find(|(k, _)| k == "autostarttoken")
            .unwrap()
            .1
            .into_owned();
        let started = self
            .sim(
                "open",
                json!({ "autoStartToken": token, "personalNumber": ANNA }),
            )
            .await;
        started["orderRef"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn qr_login_completes_stores_the_session_in_the_keyring_and_survives_a_restart() {
    let env = Env::start().await;
    let core = env.core();
    let view = core.login_start(LoginMethodView::Qr, "sv-SE").await;
    assert_eq!(
        (view.phase, view.rfa.as_deref()),
        (LoginPhase::Waiting, Some("RFA1"))
    );
    assert!(view.qr_svg.unwrap().contains("<svg"));

    let order_ref = env.scan(&core, ANNA).await;
    let view = env.poll_after(&core, 2).await;
    assert_eq!(view.rfa.as_deref(), Some("RFA9"));
    env.sim("approve", json!({ "orderRef": order_ref })).await;
    let view = env.poll_after(&core, 2).await;
    assert_eq!(view.phase, LoginPhase::Complete);

    let stored = env.keyring().expect("the session is in the keyring");
    assert!(stored.contains("kla_") && stored.contains("klr_"));
    let session = core.session().await.unwrap();
    assert_eq!(session.person.unwrap().name, "Anna Andersson");

    // A restarted app finds the session in the keyring.
    drop(core);
    let core = env.core();
    assert_eq!(
        core.session().await.unwrap().person.unwrap().given_name,
        "Anna"
    );

    // Logout ends it at the server and removes it from the keyring.
    let after = core.logout().await.unwrap();
    assert!(!after.logged_in);
    assert_eq!(env.keyring(), None);
    assert!(!env.core().session().await.unwrap().logged_in);
    // Logged out, the first screen has nothing from the cache to show.
    let first = env.core().startup().await.unwrap();
    assert!(!first.session.logged_in);
    assert_eq!((first.pickups.len(), first.unread), (0, 0));
}

#[tokio::test]
async fn the_first_screen_read_at_launch_is_the_first_startups_answer() {
    let env = Env::start().await;
    log_in(&env, &env.core(), ANNA).await;
    // The shell reads it while the webview starts; the UI's first `startup` takes that
    // answer (here: logged in, though the person logged out since), a reload reads afresh.
    let core = env.core();
    core.prepare_startup().await;
    assert!(!core.logout().await.unwrap().logged_in);
    assert!(core.startup().await.unwrap().session.logged_in);
    assert!(!core.startup().await.unwrap().session.logged_in);
    // Asked before the launch's read began, the read is skipped and never served stale.
    log_in(&env, &env.core(), ANNA).await;
    let core = env.core();
    assert!(core.startup().await.unwrap().session.logged_in);
    core.prepare_startup().await;
    core.logout().await.unwrap();
    assert!(!core.startup().await.unwrap().session.logged_in);
}

#[tokio::test]
async fn cancel_shows_rfa6_and_retry_starts_a_fresh_login() {
    let env = Env::start().await;
    let core = env.core();
    core.login_start(LoginMethodView::Qr, "sv").await;
    let first_qr = core.qr_content().await.unwrap();
    let view = core.login_cancel().await;
    assert_eq!(
        (view.phase, view.rfa.as_deref(), view.can_retry),
        (LoginPhase::Cancelled, Some("RFA6"), true)
    );
    // The cancelled order is gone at BankID too: its QR code no longer scans.
    let rescan = env
        .backend
        .simulate(
            "scan",
            json!({ "qrData": first_qr, "personalNumber": ANNA }),
        )
        .await;
    assert!(rescan.is_err());

    let view = core.login_start(LoginMethodView::Qr, "sv").await;
    assert_eq!(view.phase, LoginPhase::Waiting);
    assert_ne!(core.qr_content().await.unwrap(), first_qr);
}

#[tokio::test]
async fn a_qr_code_nobody_scans_expires_with_rfa17b() {
    let env = Env::start().await;
    let core = env.core();
    core.login_start(LoginMethodView::Qr, "en").await;
    let view = env.poll_after(&core, 31).await;
    assert_eq!(
        (view.phase, view.rfa.as_deref(), view.can_retry),
        (LoginPhase::Failed, Some("RFA17B"), true)
    );
    assert!(view.qr_svg.is_none());
}

#[tokio::test]
async fn a_login_the_person_never_approves_expires_with_rfa8() {
    let env = Env::start().await;
    let core = env.core();
    core.login_start(LoginMethodView::SameDevice, "sv").await;
    env.open_same_device(&core).await;
    let view = env.poll_after(&core, 181).await;
    assert_eq!(
        (view.phase, view.rfa.as_deref()),
        (LoginPhase::Failed, Some("RFA8"))
    );
}

#[tokio::test]
async fn starting_a_second_login_as_the_same_person_cancels_the_first_with_rfa3() {
    let env = Env::start().await;
    let laptop = env.core();
    let tablet = env.core();
    laptop.login_start(LoginMethodView::Qr, "sv").await;
    tablet.login_start(LoginMethodView::Qr, "sv").await;
    env.scan(&laptop, ANNA).await;
    env.scan(&tablet, ANNA).await;
    let view = env.poll_after(&laptop, 2).await;
    assert_eq!(
        (view.phase, view.rfa.as_deref()),
        (LoginPhase::Failed, Some("RFA3"))
    );
    let view = tablet.login_poll().await;
    assert_eq!(
        (view.phase, view.rfa.as_deref()),
        (LoginPhase::Waiting, Some("RFA9"))
    );
}

#[tokio::test]
async fn same_device_login_opens_only_a_checked_launch_url() {
    let env = Env::start().await;
    let core = env.core();
    let view = core.login_start(LoginMethodView::SameDevice, "sv").await;
    assert_eq!((view.rfa.as_deref(), view.qr_svg), (Some("RFA13"), None));
    let url = core.bankid_launch_url().await.unwrap();
    assert!(url.as_str().starts_with(&env.backend.simulator));
    let order_ref = env.open_same_device(&core).await;
    env.sim("approve", json!({ "orderRef": order_ref })).await;
    assert_eq!(env.poll_after(&core, 2).await.phase, LoginPhase::Complete);
    assert_eq!(core.bankid_launch_url().await.unwrap_err().code, "no-login");

    // Without the demo page configured, the simulator's URL is refused.
    let mut strict = env.config(Platform::Desktop);
    strict.demo_bankid_page = None;
    let core = Core::new(strict, Arc::new(env.clock.clone())).unwrap();
    core.login_start(LoginMethodView::SameDevice, "sv").await;
    assert_eq!(
        core.bankid_launch_url().await.unwrap_err().code,
        "invalid-launch-url"
    );
}

#[tokio::test]
async fn mobile_return_links_are_checked_and_never_complete_a_login_by_themselves() {
    let env = Env::start().await;
    let core = Core::new(env.config(Platform::Mobile), Arc::new(env.clock.clone())).unwrap();
    core.login_start(LoginMethodView::SameDevice, "sv").await;
    let forged = format!("kretslopp://bankid/return?nonce={}", "x".repeat(43));
    assert_eq!(
        core.handle_deep_link(&forged).await.unwrap_err().code,
        "deep-link-mismatch"
    );
    assert_eq!(
        core.handle_deep_link("kretslopp://evil/path")
            .await
            .unwrap_err()
            .code,
        "invalid-deep-link"
    );
    let order_ref = env.open_same_device(&core).await;
    env.sim("approve", json!({ "orderRef": order_ref })).await;
    env.clock.advance_secs(2);
    assert_eq!(
        core.handle_deep_link(&forged).await.unwrap_err().code,
        "deep-link-mismatch"
    );
    assert_eq!(
        core.login_poll().await.phase,
        LoginPhase::Complete,
        "collect decides, not the return"
    );
}

#[tokio::test]
async fn expired_access_tokens_are_refreshed_and_a_dead_session_logs_out() {
    let env = Env::start().await;
    let core = env.core();
    core.login_start(LoginMethodView::Qr, "sv").await;
    let order_ref = env.scan(&core, ANNA).await;
    env.sim("approve", json!({ "orderRef": order_ref })).await;
    env.poll_after(&core, 2).await;
    let before = env.keyring().unwrap();
    env.clock.advance_secs(20 * 60);
    assert!(
        core.session().await.unwrap().person.is_some(),
        "refreshed transparently"
    );
    assert_ne!(env.keyring().unwrap(), before, "rotated tokens are stored");
    env.clock.advance_secs(31 * 24 * 3600);
    let session = core.session().await.unwrap();
    assert!(!session.logged_in, "an ended session logs the app out");
    assert_eq!(env.keyring(), None);
}

#[tokio::test]
async fn server_outage_keeps_the_login_waiting_and_says_so() {
    let env = Env::start().await;
    let core = env.core();
    core.login_start(LoginMethodView::Qr, "sv").await;
    env.backend.stop_api();
    tokio::task::yield_now().await;
    let view = env.poll_after(&core, 1).await;
    assert_eq!(
        (view.phase, view.error_code.map(|c| c.as_str())),
        (LoginPhase::Waiting, Some("network"))
    );
}

/// Logs `pnr` in on `core` through the simulator.
async fn log_in(env: &Env, core: &Core, pnr: &str) {
    core.login_start(LoginMethodView::Qr, "sv").await;
    let order_ref = env.scan(core, pnr).await;
    env.sim("approve", json!({ "orderRef": order_ref })).await;
    let view = env.poll_after(core, 2).await;
    assert_eq!(view.phase, LoginPhase::Complete);
    assert!(core.session().await.unwrap().logged_in);
}

#[tokio::test]
async fn the_calendar_is_synced_into_the_cache_and_shown_offline() {
    let env = Env::start().await;
    let core = env.core();
    log_in(&env, &core, ANNA).await;
    let household = kretslopp_server::seed::HOUSEHOLD_ANNA;

    let first = core.sync_now().await.unwrap();
    assert!(!first.offline && first.changed);
    let january = core
        .calendar_month(household, 2027, 1)
        .await
        .unwrap()
        .pickup_views();
    let moved = january
        .iter()
        .find(|p| p.original_date.as_deref() == Some("2027-01-18"))
        .expect("the moved pickup, with its original date");
    assert_eq!(
        (moved.date.as_str(), moved.fraction_sv.as_str()),
        ("2027-01-20", "Restavfall")
    );
    assert!(january.windows(2).all(|w| w[0].date <= w[1].date));
    let next = core.next_pickups(household).await.unwrap();
    assert_eq!(next.len(), 6, "one next pickup per service");

    // Nothing changed: a second sync brings nothing new.
    env.clock.advance_secs(60);
    core.sync_now().await.unwrap();
    env.clock.advance_secs(60);
    let again = core.sync_now().await.unwrap();
    assert!(!again.changed);

    // The server goes away: the calendar still shows, and the sync says offline with the
    // time of the last good sync.
    env.backend.stop_api();
    let offline = core.sync_now().await.unwrap();
    assert!(offline.offline);
    assert_eq!(offline.last_sync, again.last_sync);
    // Retries back off: the first within 1–2 s, later ones up to 2^n × 2 s.
    assert!(
        (1_000..=2_000).contains(&offline.next_sync_in_ms),
        "{offline:?}"
    );
    let later = core.sync_now().await.unwrap();
    assert!(
        (1_000..=4_000).contains(&later.next_sync_in_ms),
        "{later:?}"
    );
    assert_eq!(again.next_sync_in_ms, 15 * 60 * 1000);
    let still = core
        .calendar_month(household, 2027, 1)
        .await
        .unwrap()
        .pickup_views();
    assert_eq!(still, january);
    assert_eq!(core.services_offline(household).await.unwrap().len(), 6);

    // The app's first screen offline, in one call: the cached session and Hem's pickups.
    let first = core.startup().await.unwrap();
    assert!(first.session.logged_in && first.session.offline);
    assert_eq!(
        first
            .session
            .me
            .and_then(|me| me.active_customer_id)
            .as_deref(),
        Some(household)
    );
    assert_eq!(first.pickups, core.next_pickups(household).await.unwrap());
    assert_eq!(first.pickups.len(), 6);
    assert!(!first.invite_waiting);
}

#[tokio::test]
async fn a_server_error_still_schedules_the_next_sync_with_a_backoff() {
    let env = Env::start().await;
    let core = env.core();
    log_in(&env, &core, ANNA).await;
    let good = core.sync_now().await.unwrap();
    // The server's database breaks under it: every sync answers 500 internal-error.
    env.backend
        .exec("ALTER TABLE fractions RENAME TO fractions_gone")
        .await
        .unwrap();
    env.clock.advance_secs(60);
    let mut events = core.subscribe();
    // Before, this was an error without a next time, and the app never synced again.
    let failed = core.sync_now().await.expect("a status, not an error");
    // The UI hears of it too, with the same status.
    assert_eq!(
        events.try_recv().unwrap(),
        kretslopp_client::events::CoreEvent::SyncFinished {
            status: failed.clone()
        }
    );
    assert_eq!(failed.problem.map(|c| c.as_str()), Some("internal-error"));
    assert!(failed.offline, "the cache is shown as possibly stale");
    assert_eq!(failed.last_sync, good.last_sync);
    assert!(
        (1_000..=2_000).contains(&failed.next_sync_in_ms),
        "{failed:?}"
    );
    let again = core.sync_now().await.unwrap();
    assert!(
        (1_000..=4_000).contains(&again.next_sync_in_ms),
        "{again:?}"
    );
    // The session survives a failing server: it is temporary, not a logout.
    assert!(core.session().await.unwrap().logged_in);
    // Repaired: the next sync succeeds and the normal interval returns.
    env.backend
        .exec("ALTER TABLE fractions_gone RENAME TO fractions")
        .await
        .unwrap();
    let back = core.sync_now().await.unwrap();
    assert_eq!((back.problem, back.next_sync_in_ms), (None, 15 * 60 * 1000));
}

#[tokio::test]
async fn the_automatic_sync_follows_each_answer_and_rests_when_nobody_is_logged_in() {
    let env = Env::start().await;
    let core = env.core();
    assert_eq!(
        core.sync_when_due().await,
        std::time::Duration::from_secs(3600)
    );
    log_in(&env, &core, ANNA).await;
    let interval = std::time::Duration::from_secs(15 * 60);
    assert_eq!(core.sync_when_due().await, interval);
    assert_eq!(core.next_sync_in(), interval);
    // Down: the next turn comes after a short backoff, and says so to anyone waiting.
    env.backend.stop_api();
    let backoff = core.sync_when_due().await;
    assert!(backoff <= std::time::Duration::from_secs(2), "{backoff:?}");
    assert_eq!(core.next_sync_in(), backoff);
    // A sync started elsewhere re-arms the loop's wait. (First take the nudge the syncs
    // above left, so only the next one can wake us.)
    tokio::select! {
        biased;
        _ = core.sync_rescheduled() => {}
        _ = std::future::ready(()) => {}
    }
    tokio::time::timeout(std::time::Duration::from_secs(5), async {
        tokio::join!(core.sync_rescheduled(), async {
            let _ = core.sync_now().await;
        })
    })
    .await
    .expect("a sync elsewhere wakes the loop");
}

#[tokio::test]
async fn a_cursor_the_server_refuses_is_dropped_and_the_sync_starts_over() {
    let env = Env::start().await;
    let core = env.core();
    log_in(&env, &core, ANNA).await;
    core.sync_now().await.unwrap();
    // Something wrote nonsense into the cache's cursor.
    let cache_dir = env._dir.path().join("app").join("cache");
    let person = std::fs::read_to_string(cache_dir.join("current-person")).unwrap();
    let cache = kretslopp_client::cache::Cache::open(&cache_dir, person.trim())
        .await
        .unwrap();
    cache.set_cursor("not-a-cursor").await.unwrap();
    env.clock.advance_secs(60);
    let status = core.sync_now().await.unwrap();
    assert!(status.changed && !status.offline, "{status:?}");
    assert_ne!(
        cache.cursor().await.unwrap().as_deref(),
        Some("not-a-cursor")
    );
    cache.close().await;
}

#[tokio::test]
async fn each_person_has_their_own_cache_and_logout_deletes_it() {
    let env = Env::start().await;
    let core = env.core();
    log_in(&env, &core, ANNA).await;
    core.sync_now().await.unwrap();
    let household = kretslopp_server::seed::HOUSEHOLD_ANNA;
    assert!(!core
        .calendar_month(household, 2027, 1)
        .await
        .unwrap()
        .is_empty());
    core.logout().await.unwrap();
    let cache_dir = env._dir.path().join("app").join("cache");
    let left: Vec<_> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // Sara logs in on the same device: nothing of Anna's household is there.
    log_in(&env, &core, kretslopp_server::seed::SARA).await;
    core.sync_now().await.unwrap();
    assert!(core
        .calendar_month(household, 2027, 1)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        core.services_offline(kretslopp_server::seed::NORRBAGERIET)
            .await
            .unwrap()
            .len(),
        48
    );
}

#[tokio::test]
async fn reminders_come_the_evening_before_for_the_chosen_services_and_follow_syncs() {
    use kretslopp_client::reminders::ReminderSettingsInput;
    let env = Env::start().await;
    let core = env.core();
    log_in(&env, &core, ANNA).await;
    core.sync_now().await.unwrap();
    let household = kretslopp_server::seed::HOUSEHOLD_ANNA;
    let a02_mat = format!("{household}-a02-mat");

    // Off until the person turns them on; every service is offered, none left out.
    let initial = core.reminder_settings(household).await.unwrap();
    assert!(!initial.enabled && initial.next.is_none());
    assert_eq!(initial.time, "18:00");
    assert_eq!(initial.services.len(), 6);
    assert!(initial.services.iter().all(|s| s.selected));

    // Wrong input changes nothing and says what is wrong, field by field.
    let wrong = core
        .save_reminder_settings(
            household,
            &ReminderSettingsInput {
                enabled: true,
                time: "07:00".into(),
                excluded_service_ids: vec!["someone-elses-service".into()],
                lang: "de".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.code, "validation-failed");
    let fields: Vec<_> = wrong
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("time", "range"),
            ("lang", "unknown"),
            ("excludedServiceIds[0]", "unknown")
        ]
    );
    assert_eq!(core.reminder_settings(household).await.unwrap(), initial);

    // 18:00, without food waste at the second address. The clock says Friday 15 January 2027.
    let saved = core
        .save_reminder_settings(
            household,
            &ReminderSettingsInput {
                enabled: true,
                time: "18:00".into(),
                excluded_service_ids: vec![a02_mat.clone()],
                lang: "sv".into(),
            },
        )
        .await
        .unwrap();
    let next = saved.next.expect("a next reminder");
    // Monday 18 January: food waste at the first address (its residual waste was moved).
    assert_eq!(next.pickup_date, "2027-01-18");
    assert_eq!(next.fractions_sv, ["Matavfall"]);
    assert_eq!(next.at, 1_800_000_000_000 + 2 * 86_400_000 + 9 * 3_600_000);
    assert!(saved
        .services
        .iter()
        .all(|s| s.selected == (s.service_id != a02_mat)));

    let (due, wait) = core.take_due_reminders().await.unwrap();
    assert!(due.is_empty());
    assert_eq!(
        wait,
        std::time::Duration::from_secs(300),
        "looks again within 5 min"
    );

    // Sunday 18:00: the reminder is due once, however often the timer asks.
    env.clock.set(next.at);
    let (due, _) = core.take_due_reminders().await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].title, "I morgon hämtas Matavfall");
    assert!(
        due[0].body.ends_with(" · måndag 18 januari"),
        "{}",
        due[0].body
    );
    assert!(core.take_due_reminders().await.unwrap().0.is_empty());
    // Shown, so Påminnelser names the one after it: Tuesday's at the second address.
    let after = core
        .reminder_settings(household)
        .await
        .unwrap()
        .next
        .unwrap();
    assert_eq!(after.pickup_date, "2027-01-19");
    assert_eq!(after.fractions_sv, ["Restavfall"]);

    // The company moves Tuesday's residual waste at the second address to Thursday; after
    // the sync the plan follows, and the planner is woken to look again.
    env.backend
        .exec(&format!(
            "INSERT INTO service_exceptions (id, service_id, kind, date, moved_to, updated_at)
             VALUES ('reminder-move', '{household}-a02-rest', 'moved', '2027-01-19', '2027-01-21', {})",
            env.clock.now_ms(),
        ))
        .await
        .unwrap();
    env.clock.advance_secs(60);
    assert!(core.sync_now().await.unwrap().changed);
    tokio::time::timeout(std::time::Duration::from_secs(5), core.reminders_changed())
        .await
        .expect("a changing sync wakes the reminder planner");
    env.clock.set(next.at + 86_400_000);
    let (due, _) = core.take_due_reminders().await.unwrap();
    assert!(
        due.is_empty(),
        "nothing left on Tuesday at the second address: {due:?}"
    );
    let upcoming = core.upcoming_reminders().await.unwrap();
    assert!(
        upcoming[0].body.ends_with(" · onsdag 20 januari"),
        "{upcoming:?}"
    );
    assert!(
        upcoming[1].body.ends_with(" · torsdag 21 januari"),
        "{upcoming:?}"
    );
    assert_eq!(upcoming[1].title, "I morgon hämtas Restavfall");
}

/// The `kretslopp://` link in the newest e-mail to `to`, read with an independent MIME parser.
fn invite_link(env: &Env, to: &str) -> String {
    let raw = env
        .backend
        .mail
        .to(to)
        .pop()
        .expect("an invite e-mail")
        .data;
    let text = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap()
        .body_text(0)
        .unwrap()
        .into_owned();
    let at = text.find("kretslopp://inbjudan/").expect("the app link");
    text[at..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn an_invite_link_opened_before_login_waits_for_it_and_is_accepted_once() {
    use kretslopp_client::api::{AccountInput, NewInvite, Role};
    let env = Env::start().await;
    // Anna, the holder, invites Johan from her device.
    let anna = env.core();
    anna.login_start(LoginMethodView::Qr, "sv").await;
    let order_ref = env.scan(&anna, ANNA).await;
    env.sim("approve", json!({ "orderRef": order_ref })).await;
    env.poll_after(&anna, 2).await;
    let household = anna.me().await.unwrap().active_customer_id.unwrap();
    let invite = anna
        .send_invite(
            &household,
            &NewInvite {
                name: "Johan Ek".into(),
                email: "johan@exempel.se".into(),
                phone: String::new(),
                role: Role::Delegate,
                lang: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(anna.invites(&household).await.unwrap(), [invite]);
    let link = invite_link(&env, "johan@exempel.se");

    // Johan's device: another keyring entry and data directory.
    let mut config = env.config(Platform::Desktop);
    config.keyring_service = format!("{}.johan", env.service);
    config.data_dir = env._dir.path().join("johan");
    let johan = Core::new(config, Arc::new(env.clock.clone())).unwrap();
    let mut events = johan.subscribe();
    assert_eq!(
        johan
            .handle_deep_link("kretslopp://inbjudan/nonsense")
            .await
            .unwrap_err()
            .code,
        kretslopp_api::ErrorCode::InvalidDeepLink
    );
    assert!(matches!(
        events.recv().await.unwrap(),
        kretslopp_client::events::CoreEvent::LinkRefused { .. }
    ));
    johan.handle_deep_link(&link).await.unwrap();
    assert_eq!(
        events.recv().await.unwrap(),
        kretslopp_client::events::CoreEvent::InviteOpened
    );
    assert!(johan.has_invite());
    assert_eq!(
        johan.invite_preview().await.unwrap_err().code,
        kretslopp_api::ErrorCode::NotLoggedIn,
        "shown only after BankID"
    );
    assert!(johan.has_invite(), "kept until the login completes");
    johan.login_start(LoginMethodView::Qr, "sv").await;
    let order_ref = env.scan(&johan, "199502173496").await;
    env.sim("approve", json!({ "orderRef": order_ref })).await;
    env.poll_after(&johan, 2).await;
    let preview = johan.invite_preview().await.unwrap();
    assert_eq!(preview.customer_id, household);
    assert_eq!(preview.invited_by, "Anna Andersson");
    // Wrong details are named and keep the invite.
    let mut account = AccountInput {
        first_name: "Johan".into(),
        last_name: "Ek".into(),
        email: "inte-en-adress".into(),
        phone: "0701234599".into(),
        lang: None,
    };
    let err = johan.accept_invite(&household, &account).await.unwrap_err();
    assert_eq!(err.fields[0].field, "email");
    assert!(johan.has_invite());
    account.email = "johan@exempel.se".into();
    let me = johan.accept_invite(&household, &account).await.unwrap();
    assert_eq!(me.active_customer_id.as_deref(), Some(household.as_str()));
    assert!(!johan.has_invite());
    // The same link again: used, and then forgotten.
    johan.handle_deep_link(&link).await.unwrap();
    assert_eq!(
        johan.invite_preview().await.unwrap_err().code,
        kretslopp_api::ErrorCode::InviteUsed
    );
    assert!(!johan.has_invite());
    johan.logout().await.unwrap();
    anna.logout().await.unwrap();
}

#[tokio::test]
async fn statistics_and_avisering_work_from_the_cache_offline() {
    use kretslopp_domain::statistics::{CsvFormat, Filter};
    use kretslopp_domain::Lang;
    let mut env = Env::start().await;
    let core = env.core();
    log_in(&env, &core, ANNA).await;
    let household = kretslopp_server::seed::HOUSEHOLD_ANNA;
    core.sync_now().await.unwrap();

    // Nothing fetched yet: the screen knows no years.
    let none = core
        .statistics(household, false, None, &Filter::default())
        .await
        .unwrap();
    assert!(none.years.is_empty() && none.summary.is_none());
    let online = core
        .refresh_statistics(household, false, Some(2026), &Filter::default())
        .await
        .unwrap();
    assert_eq!(online.years, [2025, 2026, 2027]);
    assert_eq!(online.migration_date.as_deref(), Some("2025-01-01"));
    let total = online.summary.as_ref().unwrap().total;
    assert!(total.emptyings > 50 && total.grams.unwrap() > 100_000);
    assert_eq!(online.kommuner.len(), 2, "Uppsala and Knivsta");
    let knivsta = Filter {
        kommun: Some("0330".into()),
        address: None,
    };
    let online_knivsta = core
        .refresh_statistics(household, false, Some(2026), &knivsta)
        .await
        .unwrap();
    assert!(online_knivsta.summary.as_ref().unwrap().total.emptyings < total.emptyings);
    let archive = core
        .refresh_statistics(household, true, None, &Filter::default())
        .await
        .unwrap();
    assert_eq!(
        (archive.years.as_slice(), archive.year),
        (&[2024][..], Some(2024))
    );

    // The CSV made from the cache is the server's, byte for byte.
    let (name, csv) = core
        .statistics_csv(
            household,
            false,
            2026,
            &Filter::default(),
            CsvFormat::Spreadsheet,
            Lang::Sv,
        )
        .await
        .unwrap();
    assert_eq!(name, "kretslopp-statistik-2026.csv");
    let stored: Value = serde_json::from_str(&env.keyring().unwrap()).unwrap();
    let token = stored["accessToken"].as_str().unwrap();
    let server_csv = reqwest::Client::new()
        .get(format!(
            "{}/v1/customers/{household}/statistics/2026/csv",
            env.backend.api
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv, server_csv);

    // A pickup moves: Avisering has it after the sync.
    let db = kretslopp_server::db::connect(&env.backend.database_url)
        .await
        .unwrap();
    let service = format!("{household}-a01-rest");
    kretslopp_server::operator::pickups(
        &db,
        &[
            "move".into(),
            service,
            "2027-02-01".into(),
            "2027-02-03".into(),
        ],
        env.clock.now_ms(),
    )
    .await
    .unwrap();
    env.clock.advance_secs(10);
    core.sync_now().await.unwrap();
    let list = core.notifications().await.unwrap();
    assert_eq!(list.unread, 1);
    let id = list.items[0].id.clone();

    // Offline: the same figures, and marking read works and is sent later.
    env.backend.stop_api();
    let offline = core
        .statistics(household, false, Some(2026), &knivsta)
        .await
        .unwrap();
    assert_eq!(offline.summary, online_knivsta.summary);
    let read = core
        .mark_notifications_read(std::slice::from_ref(&id))
        .await
        .unwrap();
    assert_eq!(read.unread, 0);
    assert!(core.sync_now().await.unwrap().offline);
    let (at,): (Option<i64>,) = sqlx::query_as("SELECT read_at FROM notifications WHERE id = $1")
        .bind(&id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(at, None, "not sent while offline");
    env.backend
        .restart_api(Arc::new(env.clock.clone()))
        .await
        .unwrap();
    env.clock.advance_secs(10);
    core.sync_now().await.unwrap();
    let (at,): (Option<i64>,) = sqlx::query_as("SELECT read_at FROM notifications WHERE id = $1")
        .bind(&id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(at.is_some(), "the next sync sent the read");
    assert_eq!(core.notifications().await.unwrap().unread, 0);
    db.close().await;
}
