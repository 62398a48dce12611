//! The change feed against the typed store: a random sequence of server changes (renames,
//! moves between kommuner, removed and restored addresses and services, exceptions, filter
//! changes), synced into one cache in random chunks, leaves exactly what one reset gives a
//! fresh cache. Real server on loopback, real SQLite files, the app's own `Cache::apply`.

use kretslopp_api::SyncResponse;
use kretslopp_client::cache::Cache;
use kretslopp_domain::{Clock, ManualClock};
use kretslopp_server::seed::{NORRBAGERIET, SARA};
use kretslopp_server::testing::Backend;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

const ADDRESSES: u32 = 12;
const FRACTIONS: [&str; 4] = ["rest", "mat", "papper", "plast"];
const KOMMUNER: [&str; 4] = ["0180", "0184", "0380", "1280"];

#[derive(Debug, Clone)]
enum Change {
    RenameCustomer(u8),
    RenameStreet(u32, u8),
    MoveAddress(u32, usize),
    RemoveAddress(u32),
    RestoreAddress(u32),
    RemoveService(u32, usize),
    RestoreService(u32, usize),
    ResizeContainer(u32, usize, u8),
    AddException(u32, usize, u8),
    RemoveExceptions(u32, usize),
    RenameFraction(usize, u8),
    Filter(Vec<usize>),
    /// A bag order to an address (by someone else of the company), and operations moving
    /// one on.
    PlaceOrder(u32),
    AdvanceOrder(u32),
    RetireColour(u8),
    /// A notification for the person (a moved pickup at an address), read at the server,
    /// or old ones leaving the list.
    Notify(u32),
    ReadNotifications,
    ExpireNotifications,
    /// Sync the incremental cache here.
    Sync,
}

fn change() -> impl Strategy<Value = Change> {
    let address = 1..=ADDRESSES;
    let service = 0..FRACTIONS.len();
    prop_oneof![
        any::<u8>().prop_map(Change::RenameCustomer),
        (address.clone(), any::<u8>()).prop_map(|(a, n)| Change::RenameStreet(a, n)),
        (address.clone(), 0..KOMMUNER.len()).prop_map(|(a, k)| Change::MoveAddress(a, k)),
        address.clone().prop_map(Change::RemoveAddress),
        address.clone().prop_map(Change::RestoreAddress),
        (address.clone(), service.clone()).prop_map(|(a, s)| Change::RemoveService(a, s)),
        (address.clone(), service.clone()).prop_map(|(a, s)| Change::RestoreService(a, s)),
        (address.clone(), service.clone(), any::<u8>())
            .prop_map(|(a, s, n)| Change::ResizeContainer(a, s, n)),
        (address.clone(), service.clone(), 0u8..60)
            .prop_map(|(a, s, d)| Change::AddException(a, s, d)),
        (address, service).prop_map(|(a, s)| Change::RemoveExceptions(a, s)),
        (0..FRACTIONS.len(), any::<u8>()).prop_map(|(f, n)| Change::RenameFraction(f, n)),
        proptest::collection::vec(0..KOMMUNER.len(), 0..3).prop_map(Change::Filter),
        (1..=ADDRESSES).prop_map(Change::PlaceOrder),
        (1..=ADDRESSES).prop_map(Change::AdvanceOrder),
        any::<u8>().prop_map(Change::RetireColour),
        (1..=ADDRESSES).prop_map(Change::Notify),
        Just(Change::ReadNotifications),
        Just(Change::ExpireNotifications),
        Just(Change::Sync),
        Just(Change::Sync),
    ]
}

fn address_id(a: u32) -> String {
    format!("{NORRBAGERIET}-a{a:02}")
}

fn service_id(a: u32, s: usize) -> String {
    format!("{}-{}", address_id(a), FRACTIONS[s])
}

/// The SQL an operator would run for `change` at `now` (ms).
fn statements(change: &Change, now: i64, n: u64) -> Vec<String> {
    match change {
        Change::RenameCustomer(x) => vec![format!(
            "UPDATE customers SET name = 'Norrbageriet {x} AB', updated_at = {now} WHERE id = '{NORRBAGERIET}'"
        )],
        Change::RenameStreet(a, x) => vec![format!(
            "UPDATE addresses SET street = 'Gatan {x}', updated_at = {now} WHERE id = '{}'",
            address_id(*a)
        )],
        Change::MoveAddress(a, k) => vec![format!(
            "UPDATE addresses SET kommunkod = '{}', updated_at = {now} WHERE id = '{}'",
            KOMMUNER[*k],
            address_id(*a)
        )],
        Change::RemoveAddress(a) => vec![format!(
            "UPDATE addresses SET deleted_at = {now} WHERE id = '{}' AND deleted_at IS NULL",
            address_id(*a)
        )],
        Change::RestoreAddress(a) => vec![format!(
            "UPDATE addresses SET deleted_at = NULL, updated_at = {now} WHERE id = '{}' AND deleted_at IS NOT NULL",
            address_id(*a)
        )],
        Change::RemoveService(a, s) => vec![format!(
            "UPDATE services SET deleted_at = {now} WHERE id = '{}' AND deleted_at IS NULL",
            service_id(*a, *s)
        )],
        Change::RestoreService(a, s) => vec![format!(
            "UPDATE services SET deleted_at = NULL, updated_at = {now} WHERE id = '{}' AND deleted_at IS NOT NULL",
            service_id(*a, *s)
        )],
        Change::ResizeContainer(a, s, x) => vec![format!(
            "UPDATE services SET container_size = {}, updated_at = {now} WHERE id = '{}'",
            100 + u32::from(*x),
            service_id(*a, *s)
        )],
        Change::AddException(a, s, day) => {
            let date = time::macros::date!(2027 - 01 - 01) + time::Duration::days(i64::from(*day));
            vec![format!(
                "INSERT INTO service_exceptions (id, service_id, kind, date, moved_to, updated_at)
                 VALUES ('prop-{n}', '{}', 'extra', '{date}', NULL, {now})",
                service_id(*a, *s)
            )]
        }
        Change::RemoveExceptions(a, s) => vec![format!(
            "UPDATE service_exceptions SET deleted_at = {now} WHERE service_id = '{}' AND deleted_at IS NULL",
            service_id(*a, *s)
        )],
        Change::RenameFraction(f, x) => vec![format!(
            "UPDATE fractions SET name_en = 'Fraction {x}', updated_at = {now} WHERE code = '{}'",
            FRACTIONS[*f]
        )],
        Change::Filter(ks) => {
            let mut ks: Vec<&str> = ks.iter().map(|k| KOMMUNER[*k]).collect();
            ks.sort();
            ks.dedup();
            vec![format!(
                "UPDATE memberships SET kommuner = '{}' WHERE customer_id = '{NORRBAGERIET}'
                 AND person_id = (SELECT person_id FROM memberships WHERE customer_id = '{NORRBAGERIET}' AND role = 'user')",
                ks.join(",")
            )]
        }
        Change::PlaceOrder(a) => vec![format!(
            "INSERT INTO bag_orders (id, customer_id, address_id, person_id, lines, status, created_at, updated_at)
             SELECT 'order-{n}', '{NORRBAGERIET}', '{}', person_id, '[{{\"colour\":\"gron\",\"rolls\":1}}]', 'received', {now}, {now}
             FROM memberships WHERE customer_id = '{NORRBAGERIET}' AND role = 'admin'
             AND NOT EXISTS (SELECT 1 FROM bag_orders WHERE address_id = '{0}' AND status IN ('received', 'sent'))",
            address_id(*a)
        )],
        Change::AdvanceOrder(a) => vec![format!(
            "UPDATE bag_orders SET status = CASE status WHEN 'received' THEN 'sent' ELSE 'delivered' END,
                 updated_at = {now} WHERE address_id = '{}' AND status IN ('received', 'sent')",
            address_id(*a)
        )],
        Change::RetireColour(x) => vec![format!(
            "UPDATE bag_colours SET retired_at = CASE WHEN retired_at IS NULL THEN {now} ELSE NULL END,
                 updated_at = {now} WHERE code = '{}'",
            ["gron", "orange", "bla", "gul", "gra", "rod"][usize::from(*x) % 6]
        )],
        Change::Notify(a) => vec![format!(
            "INSERT INTO notifications (id, person_id, customer_id, kind, subject_id, event, created_at, updated_at)
             SELECT 'note-{n}', person_id, '{NORRBAGERIET}', 'pickup-moved', '{0}',
                 '{{\"kind\":\"pickup-moved\",\"addressId\":\"{0}\",\"street\":\"Gatan {a}\",\"fractionCode\":\"rest\",\"from\":\"2027-02-01\",\"to\":\"2027-02-03\"}}',
                 {now}, {now}
             FROM memberships WHERE customer_id = '{NORRBAGERIET}' AND role = 'user'",
            address_id(*a)
        )],
        Change::ReadNotifications => vec![format!(
            "UPDATE notifications SET read_at = {now}, updated_at = {now} WHERE read_at IS NULL"
        )],
        Change::ExpireNotifications => vec![format!(
            "UPDATE notifications SET deleted_at = {now}, updated_at = {now}
             WHERE deleted_at IS NULL AND created_at < {}",
            now - 20_000
        )],
        Change::Sync => Vec::new(),
    }
}

/// Everything the synced tables hold, row by row.
async fn contents(dir: &Path, person: &str) -> Vec<String> {
    let url = format!(
        "sqlite://{}?mode=ro",
        dir.join(format!("cache-{person}.sqlite")).display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let mut out = Vec::new();
    for (table, columns) in [
        ("customers", "id, name, kind, kundnummer, role, kommuner"),
        ("addresses", "id, customer_id, street, postal_code, city, kommunkod"),
        ("fractions", "code, name_sv, name_en, category, colour, icon"),
        (
            "services",
            "id, customer_id, address_id, fraction_code, container, weekday, interval_weeks, anchor, \
             ifnull(season_from, ''), ifnull(season_to, ''), holiday_policy",
        ),
        ("service_exceptions", "service_id, kind, date, ifnull(moved_to, '')"),
        ("bag_colours", "code, name_sv, kommuner, retired, sort_order"),
        (
            "orders",
            "id, customer_id, address_id, lines, status, ordered_by, created_at, updated_at",
        ),
        ("notifications", "id, customer_id, event, created_at, read"),
    ] {
        let sql = format!(
            "SELECT '{table}: ' || concat_ws(' | ', {columns}) AS row FROM {table} ORDER BY row"
        );
        let rows: Vec<(String,)> = sqlx::query_as(&sql).fetch_all(&pool).await.unwrap();
        out.extend(rows.into_iter().map(|(r,)| r));
    }
    pool.close().await;
    out
}

struct World {
    backend: Backend,
    clock: ManualClock,
    http: reqwest::Client,
    dir: tempfile::TempDir,
}

impl World {
    async fn token(&self) -> String {
        let api = &self.backend.api;
        let started: Value = self
            .http
            .post(format!("{api}/v1/auth/bankid"))
            .json(&json!({ "method": "qr", "platform": "desktop" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let scanned = self
            .backend
            .simulate(
                "scan",
                json!({ "qrData": started["qr"], "personalNumber": SARA }),
            )
            .await
            .unwrap();
        self.backend
            .simulate("approve", json!({ "orderRef": scanned["orderRef"] }))
            .await
            .unwrap();
        self.clock.advance_secs(2);
        let done: Value = self
            .http
            .get(format!(
                "{api}/v1/auth/bankid/{}",
                started["loginId"].as_str().unwrap()
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        done["session"]["accessToken"].as_str().unwrap().to_owned()
    }

    /// One `/v1/sync` into `cache`, as the core does it.
    async fn sync(&self, token: &str, cache: &Cache) {
        let mut url = format!("{}/v1/sync", self.backend.api);
        if let Some(cursor) = cache.cursor().await.unwrap() {
            url.push_str(&format!("?cursor={cursor}"));
        }
        let r = self.http.get(url).bearer_auth(token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let body: SyncResponse = r.json().await.unwrap();
        cache.apply(&body, self.clock.now_ms()).await.unwrap();
    }

    async fn case(&self, n: u64, changes: &[Change]) -> Result<(), TestCaseError> {
        let token = self.token().await;
        let dir = self.dir.path().join(format!("case-{n}"));
        let incremental = Cache::open(&dir, "incremental").await.unwrap();
        self.sync(&token, &incremental).await;
        for (i, change) in changes.iter().enumerate() {
            // Time passes between changes, sometimes less than the overlap window.
            self.clock.advance_secs(1 + (i as i64 * 7) % 11);
            let now = self.clock.now_ms();
            if matches!(change, Change::Sync) {
                self.sync(&token, &incremental).await;
            }
            for sql in statements(change, now, n * 1000 + i as u64) {
                self.backend.exec(&sql).await.unwrap();
            }
        }
        self.clock.advance_secs(1);
        self.sync(&token, &incremental).await;
        let fresh = Cache::open(&dir, "fresh").await.unwrap();
        self.sync(&token, &fresh).await;
        let (got, want) = (
            contents(&dir, "incremental").await,
            contents(&dir, "fresh").await,
        );
        incremental.close().await;
        fresh.close().await;
        prop_assert_eq!(got, want);
        Ok(())
    }
}

#[test]
fn random_changes_synced_in_random_chunks_equal_one_reset() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let world = rt.block_on(async {
        let clock = ManualClock::new(1_800_000_000_000);
        let dir = tempfile::tempdir().unwrap();
        let backend = Backend::start(Arc::new(clock.clone()), dir.path())
            .await
            .unwrap();
        World {
            backend,
            clock,
            http: reqwest::Client::new(),
            dir,
        }
    });
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    let n = std::sync::atomic::AtomicU64::new(0);
    runner
        .run(&proptest::collection::vec(change(), 1..40), |changes| {
            let n = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            rt.block_on(world.case(n, &changes))
        })
        .unwrap();
}
