//! Logins at scale (issue 15): the real `kretslopp-server` process and the BankID
//! simulator as its own process (`bankid-simulator`, as BankID is another machine in
//! production, so the server's CPU is its own), on loopback. `N` logins are started and
//! scanned (so they stay pending in the BankID app), then each polled for `SECS` seconds
//! over its own keep-alive connection, a second after each answer, as the app's login
//! screen polls. `/v1/health` under the same schedule after,
//! as the reference. Logins are started from distinct addresses with `X-Forwarded-For`
//! through the trusted-proxy setting, as a deployment behind a load balancer sees them.
//! The generator measures its own lag (how late each request left against its schedule),
//! so a generator that cannot keep up is seen, not mistaken for the server.

use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A valid personnummer per login (distinct, or BankID cancels both orders).
fn personnummer(i: usize) -> String {
    // Serial numbers 001–999 (000 is not given out), 28 days of January 1980.
    let day = 1 + (i / 999) % 28;
    let stem = format!("8001{day:02}{:03}", 1 + i % 999);
    let check = (0..10)
        .find(|c| kretslopp_domain::personnummer::luhn_valid(&format!("{stem}{c}")))
        .expect("one check digit fits");
    format!("19{stem}{check}")
}

/// CPU seconds (user + system) a process has used, from /proc (Linux).
fn cpu_secs(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Server {
    child: std::process::Child,
    simulator_child: std::process::Child,
    api: String,
    simulator: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        for child in [&mut self.child, &mut self.simulator_child] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn start_server(
    bin: &std::path::Path,
    dir: &std::path::Path,
) -> anyhow::Result<(Server, String)> {
    let (api_port, sim_port) = (free_port(), free_port());
    let database_url = match std::env::var("KRETSLOPP_TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            kretslopp_server::testing::fresh_postgres_database(&admin).await?
        }
        _ => format!("sqlite://{}", dir.join("logins.db").display()),
    };
    let store = if database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let simulator = format!("http://127.0.0.1:{sim_port}");
    let simulator_child = std::process::Command::new(bin.with_file_name("bankid-simulator"))
        .arg(format!("127.0.0.1:{sim_port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let child = std::process::Command::new(bin)
        .env("KRETSLOPP_LISTEN", format!("127.0.0.1:{api_port}"))
        .env("KRETSLOPP_BANKID_URL", format!("{simulator}/rp/v6.0/"))
        .env("KRETSLOPP_DATA_DIR", dir.join("server"))
        .env("KRETSLOPP_DATABASE_URL", &database_url)
        .env("KRETSLOPP_BANKID_MODE", "simulator")
        .env("KRETSLOPP_TRUSTED_PROXIES", "127.0.0.1/32")
        .env("KRETSLOPP_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()?;
    let server = Server {
        child,
        simulator_child,
        api: format!("http://127.0.0.1:{api_port}"),
        simulator,
    };
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while http
        .get(format!("{}/v1/health", server.api))
        .send()
        .await
        .is_err()
    {
        anyhow::ensure!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok((server, store.to_owned()))
}

/// One request per target per second for `secs` seconds; what came back.
struct Load {
    latencies: Vec<Duration>,
    lag: Vec<Duration>,
    errors: u64,
    secs: u64,
}

/// A keep-alive HTTP/1.1 connection of one simulated app (hyper's own, without a pool:
/// each app polls over its own connection, as phones and desktops do).
struct Connection(
    hyper::client::conn::http1::SendRequest<http_body_util::Empty<hyper::body::Bytes>>,
);

impl Connection {
    async fn open(addr: std::net::SocketAddr) -> anyhow::Result<Self> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (send, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        Ok(Self(send))
    }

    /// GET `path`; whether it answered 2xx (the body is read to the end).
    async fn get(&mut self, path: &str) -> anyhow::Result<bool> {
        use http_body_util::BodyExt;
        self.0.ready().await?;
        let request = hyper::Request::get(path)
            .header("host", "127.0.0.1")
            .body(http_body_util::Empty::new())?;
        let response = self.0.send_request(request).await?;
        let ok = response.status().is_success();
        response.into_body().collect().await?;
        Ok(ok)
    }
}

async fn run_load(addr: std::net::SocketAddr, paths: Arc<Vec<String>>, secs: u64) -> Load {
    let n = paths.len();
    let start = tokio::time::Instant::now() + Duration::from_millis(200);
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(n * secs as usize)));
    let lag = Arc::new(Mutex::new(Vec::with_capacity(n * secs as usize)));
    let errors = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let (paths, latencies, lag, errors) = (
            paths.clone(),
            latencies.clone(),
            lag.clone(),
            errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            // First requests spread over two seconds, then each a second after the last
            // answer: the logins' collects (every other poll) fall evenly on every second,
            // as for logins started at different moments. Started over one second, all
            // 5,000 would be collected in the same second and none in the next, which no
            // real population of logins does.
            let first = start + Duration::from_secs(2) * i as u32 / n as u32;
            let mut mine = Vec::with_capacity(secs as usize);
            let mut late = Vec::with_capacity(secs as usize);
            let mut connection = None;
            let end = first + Duration::from_secs(secs);
            let mut due = first;
            while due < end {
                tokio::time::sleep_until(due).await;
                let sent = tokio::time::Instant::now();
                late.push(sent - due);
                // Connecting is part of the first request's (or a reconnect's) time.
                let answered = async {
                    if connection.is_none() {
                        connection = Some(Connection::open(addr).await?);
                    }
                    connection
                        .as_mut()
                        .expect("just opened")
                        .get(&paths[i])
                        .await
                }
                .await;
                match answered {
                    Ok(true) => mine.push(sent.elapsed()),
                    other => {
                        connection = None;
                        if errors.fetch_add(1, Ordering::Relaxed) < 5 {
                            eprintln!("a request failed: {other:?}");
                        }
                    }
                }
                // The next poll a second after this answer, as the app's login screen
                // polls (Login.svelte).
                due = tokio::time::Instant::now() + Duration::from_secs(1);
            }
            latencies.lock().expect("lock").extend(mine);
            lag.lock().expect("lock").extend(late);
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let take = |m: Arc<Mutex<Vec<Duration>>>| std::mem::take(&mut *m.lock().expect("lock"));
    Load {
        latencies: take(latencies),
        lag: take(lag),
        errors: errors.load(Ordering::Relaxed),
        secs,
    }
}

fn summary(name: &str, mut load: Load, target: usize, budget: bool) {
    load.latencies.sort();
    load.lag.sort();
    let at = |v: &[Duration], q: f64| {
        v.get(((v.len().max(1) - 1) as f64 * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    // Each target is polled about once a second (a second after each answer) for `secs`.
    let rate = load.latencies.len() as f64 / load.secs as f64;
    let p99 = at(&load.latencies, 0.99);
    let verdict = if !budget {
        String::new()
    } else if load.errors == 0 && p99 <= Duration::from_millis(50) && rate >= target as f64 * 0.97 {
        " (budget all served, p99 ≤ 50 ms, 0 errors: met)".to_owned()
    } else {
        " (budget all served, p99 ≤ 50 ms, 0 errors: NOT met)".to_owned()
    };
    println!(
        "{name}: {:.0} answers/s of {target}/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, {} errors; \
         generator lag p50 {:.1} ms, p99 {:.1} ms{verdict}",
        rate,
        ms(at(&load.latencies, 0.5)),
        ms(at(&load.latencies, 0.95)),
        ms(p99),
        load.errors,
        ms(at(&load.lag, 0.5)),
        ms(at(&load.lag, 0.99)),
    );
}

pub async fn run(n: usize, secs: u64) -> anyhow::Result<()> {
    let bin = std::env::current_exe()?
        .parent()
        .map(|d| d.join("kretslopp-server"))
        .ok_or_else(|| anyhow::anyhow!("no directory of the bench binary"))?;
    let dir = tempfile::tempdir()?;
    let (server, store) = start_server(&bin, dir.path()).await?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(2_000)
        .timeout(Duration::from_secs(10))
        .build()?;

    // Start and scan every login, 64 at a time; each from its own address.
    let t = Instant::now();
    let ids = Arc::new(Mutex::new(Vec::with_capacity(n)));
    let next = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..64 {
        let (http, ids, next) = (http.clone(), ids.clone(), next.clone());
        let (api, sim) = (server.api.clone(), server.simulator.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                if i >= n {
                    return anyhow::Ok(());
                }
                let ip = format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255);
                let started: serde_json::Value = http
                    .post(format!("{api}/v1/auth/bankid"))
                    .header("x-forwarded-for", ip)
                    .json(&serde_json::json!({ "method": "qr", "platform": "desktop" }))
                    .send()
                    .await?
                    .error_for_status()?
                    .json()
                    .await?;
                let scanned = http
                    .post(format!("{sim}/simulator/api/scan"))
                    .json(&serde_json::json!({ "qrData": started["qr"], "personalNumber": personnummer(i) }))
                    .send()
                    .await?;
                anyhow::ensure!(
                    scanned.status().is_success(),
                    "scan: {} {}",
                    scanned.status(),
                    scanned.text().await.unwrap_or_default()
                );
                let id = started["loginId"].as_str().unwrap_or_default().to_owned();
                ids.lock().expect("lock").push(id);
            }
        }));
    }
    for w in workers {
        w.await??;
    }
    let ids = std::mem::take(&mut *ids.lock().expect("lock"));
    println!(
        "logins ({store}): {} started and scanned in {:.1} s",
        ids.len(),
        t.elapsed().as_secs_f64()
    );

    let pid = server.child.id().to_string();
    let sim_pid = server.simulator_child.id().to_string();
    let cpu = || (cpu_secs(&pid), cpu_secs("self"), cpu_secs(&sim_pid));
    // The polls first, while every order is young enough to stay pending (3 minutes).
    let addr: std::net::SocketAddr = server.api.trim_start_matches("http://").parse()?;
    let polls = Arc::new(
        ids.iter()
            .map(|id| format!("/v1/auth/bankid/{id}"))
            .collect::<Vec<_>>(),
    );
    let before = cpu();
    let load = run_load(addr, polls, secs).await;
    let after = cpu();
    summary(
        &format!("logins ({store}): polls of {n} pending logins"),
        load,
        n,
        true,
    );
    println!(
        "logins ({store}): CPU during the polls: server {:.2} cores, load generator {:.2} cores, BankID simulator {:.2} cores",
        (after.0 - before.0) / secs as f64,
        (after.1 - before.1) / secs as f64,
        (after.2 - before.2) / secs as f64
    );
    let health = Arc::new(vec!["/v1/health".to_owned(); n]);
    let before = cpu();
    let load = run_load(addr, health, secs).await;
    let after = cpu();
    summary(
        &format!("logins ({store}): /v1/health, reference"),
        load,
        n,
        false,
    );
    println!(
        "logins ({store}): CPU during /v1/health: server {:.2} cores, load generator {:.2} cores",
        (after.0 - before.0) / secs as f64,
        (after.1 - before.1) / secs as f64
    );
    drop(server);
    Ok(())
}
