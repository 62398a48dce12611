//! Benchmarks of issue 4's budgets that need no display: a generated customer with 5,000
//! addresses × 5 services synced into the app's cache, the size of a no-change sync, and
//! month-view queries from the cache. Run with `make bench`; record the output in
//! docs/performance.md with the machine and the date.

use kretslopp_api::SyncResponse;
use kretslopp_client::cache::{Cache, Schedules};
use kretslopp_client::calendar;
use kretslopp_domain::{Clock, ManualClock};
use kretslopp_server::seed::SARA;
use kretslopp_server::testing::Backend;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod logins;
mod statistics;

const ADDRESSES: usize = 5_000;
const INITIAL_SYNC_RUNS: usize = 5;

/// One initial sync's parts: request and answer, parsing it, writing the cache.
struct SyncRun {
    fetched: Duration,
    parsed: Duration,
    applied: Duration,
}

impl SyncRun {
    fn total(&self) -> Duration {
        self.fetched + self.parsed + self.applied
    }
}
pub(crate) const CUSTOMER: &str = "bench-customer";
const KOMMUNER: [&str; 8] = [
    "0180", "0184", "0380", "1280", "1480", "0580", "1880", "2480",
];
const FRACTIONS: [(&str, &str, i64, &str); 5] = [
    ("rest", "Kärl", 190, "l"),
    ("mat", "Kärl", 140, "l"),
    ("papper", "Kärl", 370, "l"),
    ("plast", "Kärl", 370, "l"),
    ("glas", "Kärl", 190, "l"),
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `kretslopp-bench logins [N] [SECS]`: the login load benchmark alone.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("logins") {
        let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000);
        let secs = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(60);
        return logins::run(n, secs).await;
    }
    let clock = ManualClock::new(1_800_000_000_000);
    let dir = tempfile::tempdir()?;
    let backend = Backend::start(Arc::new(clock.clone()), dir.path()).await?;
    generate(&backend).await?;
    let http = reqwest::Client::new();
    let token = log_in(&backend, &http, &clock, SARA).await?;
    let today = kretslopp_domain::calendar::today_in_sweden(clock.now_ms());
    // `kretslopp-bench statistics`: only that part (run again on PostgreSQL by bench.sh).
    if std::env::args().nth(1).as_deref() == Some("statistics") {
        return statistics::run(&backend, &http, &token, dir.path(), today).await;
    }

    // Initial sync, as a new device does it: one request, the answer parsed, then the cache
    // filled in one transaction. Five times, each into an empty cache, because one run on
    // this machine moves by a few hundred milliseconds; the first also meets the server's
    // cold caches, as a real first sync does.
    let mut runs = Vec::new();
    let mut synced = None;
    for i in 0..INITIAL_SYNC_RUNS {
        let started = Instant::now();
        let resp = http
            .get(format!("{}/v1/sync", backend.api))
            .bearer_auth(&token)
            .send()
            .await?;
        let bytes = resp.bytes().await?;
        let fetched = started.elapsed();
        let parsing = Instant::now();
        let body: SyncResponse = serde_json::from_slice(&bytes)?;
        let parsed = parsing.elapsed();
        let cache = Cache::open(&dir.path().join(format!("cache-{i}")), "bench-person").await?;
        let applying = Instant::now();
        cache.apply(&body, 0).await?;
        let applied = applying.elapsed();
        runs.push(SyncRun {
            fetched,
            parsed,
            applied,
        });
        synced = Some((body, bytes.len(), cache));
    }
    let (body, json_bytes, cache) = synced.expect("at least one run");
    // The same answer as it travels: gzip, negotiated by `Accept-Encoding`.
    let (wire_bytes, encoding) = on_the_wire(&format!("{}/v1/sync", backend.api), &token).await?;
    runs.sort_by_key(SyncRun::total);
    let median = &runs[runs.len() / 2];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "initial sync: {} services, {:.1} MB JSON, {:.2} MB on the wire ({encoding}); median of \
         {INITIAL_SYNC_RUNS}: server+transfer {:.0} ms, parsing {:.0} ms, cache write {:.0} ms, \
         end to end {:.0} ms (min {:.0}, max {:.0}) (budget ≤ 1.5 MB and ≤ 1.5 s: {})",
        body.services.len(),
        json_bytes as f64 / 1e6,
        wire_bytes as f64 / 1e6,
        ms(median.fetched),
        ms(median.parsed),
        ms(median.applied),
        ms(median.total()),
        ms(runs[0].total()),
        ms(runs[runs.len() - 1].total()),
        if wire_bytes <= 1_500_000 && median.total() <= Duration::from_millis(1500) {
            "met"
        } else {
            "NOT met"
        }
    );

    // No-change sync, after the overlap window has passed once.
    clock.advance_secs(60);
    let settle: SyncResponse = get_json(&http, &backend, &token, Some(&body.cursor)).await?;
    clock.advance_secs(60);
    let resp = http
        .get(format!("{}/v1/sync?cursor={}", backend.api, settle.cursor))
        .bearer_auth(&token)
        .send()
        .await?;
    let etag = resp.headers()["etag"].to_str()?.to_owned();
    let no_change = resp.bytes().await?;
    let resp = http
        .get(format!("{}/v1/sync?cursor={}", backend.api, settle.cursor))
        .bearer_auth(&token)
        .header("If-None-Match", &etag)
        .send()
        .await?;
    println!(
        "no-change sync: 1 request, {} bytes body ({}); with If-None-Match: {} and {} bytes",
        no_change.len(),
        if no_change.len() <= 1024 {
            "within 1 KB"
        } else {
            "OVER 1 KB"
        },
        resp.status(),
        resp.bytes().await?.len()
    );

    // Month view of one address, from the cache.
    let address = format!("{CUSTOMER}-a{:05}", ADDRESSES / 2);
    let mut samples = Vec::new();
    for _ in 0..2_000 {
        let t = Instant::now();
        let schedules = Schedules::new(cache.services_at(CUSTOMER, &address).await?);
        let month = calendar::month(&schedules, 2027, time::Month::March);
        std::hint::black_box(month.pickups.len());
        samples.push(t.elapsed());
    }
    report(
        "month view, one address (5 services)",
        &mut samples,
        Duration::from_millis(5),
    );

    // The whole company's month, as `Core::calendar_month` answers it: the customer's
    // schedules are read from the store once after a sync, then every month is expanded
    // from them.
    let t = Instant::now();
    let schedules = cache.schedules(CUSTOMER).await?;
    println!(
        "reading the company's {} schedules from the store (once per sync): {:.0} ms",
        schedules.services.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut samples = Vec::new();
    let mut json = Vec::new();
    let mut size = (0, 0);
    for _ in 0..200 {
        let t = Instant::now();
        let schedules = cache.schedules(CUSTOMER).await?;
        let month = calendar::month(&schedules, 2027, time::Month::March);
        samples.push(t.elapsed());
        let t = Instant::now();
        let body = serde_json::to_vec(&month)?;
        json.push(t.elapsed());
        size = (month.pickups.len(), body.len());
    }
    report(
        "month view, all 5,000 addresses (25,000 services)",
        &mut samples,
        Duration::from_millis(20),
    );
    report(
        &format!(
            "  its {} pickups serialised for the webview ({:.1} MB)",
            size.0,
            size.1 as f64 / 1e6
        ),
        &mut json,
        Duration::MAX,
    );

    statistics::run(&backend, &http, &token, dir.path(), today).await?;
    orders(&backend, &clock, dir.path()).await
}

/// Bag orders: 100 orders queued offline across 100 addresses, then the network comes back
/// (time until all are confirmed, requests made); then Mina beställningar from the cache
/// with 1,000 orders in the history.
async fn orders(
    backend: &Backend,
    clock: &ManualClock,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    use kretslopp_client::orders::PlaceOrderInput;
    use kretslopp_server::testing::proxy::{Mode, Proxy};
    let proxy = Proxy::start(&backend.api).await;
    let config = kretslopp_client::CoreConfig {
        api_url: proxy.url.parse()?,
        keyring_service: "bench".into(),
        demo_bankid_page: None,
        platform: kretslopp_api::Platform::Desktop,
        data_dir: dir.join("app"),
    };
    let core = kretslopp_client::Core::with_store(
        config,
        Arc::new(clock.clone()),
        // The session in memory: this measures the outbox, not the keyring.
        Box::new(kretslopp_client::secret_store::MemoryStore::default()),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    core.login_start(kretslopp_client::view::LoginMethodView::Qr, "sv")
        .await;
    let qr = core.qr_content().await.unwrap_or_default();
    let scanned = backend
        .simulate("scan", json!({ "qrData": qr, "personalNumber": SARA }))
        .await?;
    backend
        .simulate("approve", json!({ "orderRef": scanned["orderRef"] }))
        .await?;
    clock.advance_secs(2);
    core.login_poll().await;
    core.session().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    core.sync_now().await.map_err(|e| anyhow::anyhow!("{e}"))?;

    // Offline: the server cannot be reached; every order is queued on the device.
    proxy.set(Mode::Unavailable { retry_after: 1 });
    let queueing = Instant::now();
    for a in 0..100 {
        let input = PlaceOrderInput {
            address_id: format!("{CUSTOMER}-a{a:05}"),
            lines: vec![kretslopp_api::BagLine {
                colour: "gron".into(),
                rolls: 2,
            }],
        };
        core.place_order(CUSTOMER, &input)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let queued = queueing.elapsed();
    // Back online: the outbox loop's turns until nothing is left.
    proxy.set(Mode::Pass);
    let before = proxy.requests();
    let reconnect = Instant::now();
    loop {
        core.outbox_when_due().await;
        let left = core
            .orders(CUSTOMER)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .iter()
            .filter(|o| o.state == kretslopp_client::orders::OrderState::Queued)
            .count();
        if left == 0 {
            break;
        }
        clock.advance_secs(60);
    }
    println!(
        "100 orders queued offline in {:.0} ms ({:.1} ms each, one SQLite transaction each); \
         after reconnecting all confirmed in {:.0} ms with {} requests (who am I, 100 orders, one sync)",
        queued.as_secs_f64() * 1e3,
        queued.as_secs_f64() * 1e3 / 100.0,
        reconnect.elapsed().as_secs_f64() * 1e3,
        proxy.requests() - before
    );

    // 1,000 orders in the history (operations delivered them over the years).
    let mut sql = Vec::new();
    for i in 0..900 {
        sql.push(format!(
            "INSERT INTO bag_orders (id, customer_id, address_id, person_id, lines, status, created_at, updated_at, delivered_at)
             SELECT 'bench-order-{i:04}', '{CUSTOMER}', '{CUSTOMER}-a{:05}', person_id, '[{{\"colour\":\"bla\",\"rolls\":1}}]',
                    'delivered', {t}, {now}, {t} FROM memberships WHERE id = 'bench-member'",
            100 + i,
            t = 1_700_000_000_000i64 + i as i64 * 86_400_000,
            now = clock.now_ms()
        ));
    }
    backend.exec_batch(&sql).await?;
    clock.advance_secs(60);
    core.sync_now().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut samples = Vec::new();
    let mut size = 0;
    for _ in 0..200 {
        let t = Instant::now();
        let list = core
            .orders(CUSTOMER)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        size = serde_json::to_vec(&list)?.len();
        samples.push(t.elapsed());
        std::hint::black_box(list.len());
    }
    report(
        &format!(
            "Mina beställningar from the cache, 1,000 orders (its answer to the screen, {:.0} KB JSON)",
            size as f64 / 1e3
        ),
        &mut samples,
        Duration::MAX,
    );
    Ok(())
}

/// An answer's size as it travels when the client accepts gzip, and its encoding.
pub(crate) async fn on_the_wire(url: &str, token: &str) -> anyhow::Result<(usize, String)> {
    let raw = reqwest::Client::builder().no_gzip().build()?;
    let wire = raw
        .get(url)
        .bearer_auth(token)
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    let encoding = wire
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .to_owned();
    Ok((wire.bytes().await?.len(), encoding))
}

pub(crate) fn report(name: &str, samples: &mut [Duration], budget: Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    let (p50, p99) = (at(0.5), at(0.99));
    let verdict = if budget == Duration::MAX {
        String::new()
    } else if p99 <= budget {
        format!(" (budget p99 ≤ {} ms: met)", budget.as_millis())
    } else {
        format!(" (budget p99 ≤ {} ms: NOT met)", budget.as_millis())
    };
    println!(
        "{name}: p50 {:.2} ms, p99 {:.2} ms over {} runs{verdict}",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        samples.len()
    );
}

async fn get_json<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    backend: &Backend,
    token: &str,
    cursor: Option<&str>,
) -> anyhow::Result<T> {
    let mut url = format!("{}/v1/sync", backend.api);
    if let Some(c) = cursor {
        url.push_str(&format!("?cursor={c}"));
    }
    Ok(http
        .get(url)
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?)
}

/// A company with 5,000 addresses in 8 kommuner, 5 services each, and Sara as its user.
async fn generate(backend: &Backend) -> anyhow::Result<()> {
    let mut sql = vec![format!(
        "INSERT INTO customers (id, kind, name, kundnummer, orgnr, identity_masked, created_at)
         VALUES ('{CUSTOMER}', 'company', 'Storkund AB', '900001', '556036-0793', '556036-****', 0)"
    )];
    for a in 0..ADDRESSES {
        let id = format!("{CUSTOMER}-a{a:05}");
        let kommun = KOMMUNER[a % KOMMUNER.len()];
        sql.push(format!(
            "INSERT INTO addresses (id, customer_id, street, postal_code, city, kommunkod, created_at)
             VALUES ('{id}', '{CUSTOMER}', 'Industrigatan {}', '11122', 'Ort', '{kommun}', 0)",
            a + 1
        ));
        let weekday = (a % 5) as i64 + 1;
        for (i, (fraction, kind, size, unit)) in FRACTIONS.iter().enumerate() {
            sql.push(format!(
                "INSERT INTO services (id, address_id, fraction_code, container_kind, container_size, container_unit,
                     weekday, interval_weeks, anchor, holiday_policy, updated_at)
                 VALUES ('{id}-{fraction}', '{id}', '{fraction}', '{kind}', {size}, '{unit}', {weekday}, {}, '2026-01-{:02}', 'next-workday', 0)",
                1 + (i % 2),
                4 + weekday
            ));
        }
    }
    sql.push(format!(
        "INSERT INTO memberships (id, customer_id, person_id, role, status, kommuner, created_at)
         SELECT 'bench-member', '{CUSTOMER}', m.person_id, 'user', 'active', '', 0
         FROM memberships m JOIN customers c ON c.id = m.customer_id
         WHERE c.kundnummer = '200001' AND m.role = 'user'"
    ));
    backend.exec_batch(&sql).await
}

/// A whole QR login through the simulator, as a phone would do it.
async fn log_in(
    backend: &Backend,
    http: &reqwest::Client,
    clock: &ManualClock,
    pnr: &str,
) -> anyhow::Result<String> {
    let started: Value = http
        .post(format!("{}/v1/auth/bankid", backend.api))
        .json(&json!({ "method": "qr", "platform": "desktop" }))
        .send()
        .await?
        .json()
        .await?;
    let id = started["loginId"].as_str().unwrap_or_default().to_owned();
    let qr = started["qr"].as_str().unwrap_or_default().to_owned();
    let scanned = backend
        .simulate("scan", json!({ "qrData": qr, "personalNumber": pnr }))
        .await?;
    backend
        .simulate("approve", json!({ "orderRef": scanned["orderRef"] }))
        .await?;
    clock.advance_secs(2);
    let done: Value = http
        .get(format!("{}/v1/auth/bankid/{id}", backend.api))
        .send()
        .await?
        .json()
        .await?;
    done["session"]["accessToken"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("login did not complete: {done}"))
}
