//! What one request, or many at once, cannot do to the server: crash it, get a 5xx from
//! contention, hold a connection open, or get an answer that is not a problem document.

mod common;

use axum::routing::{get, post};
use common::*;
use kretslopp_server::problem::ApiJson;
use kretslopp_server::serve::Timeouts;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A small app behind the server's own accept loop and layers, with short timeouts.
async fn hardened_app() -> String {
    async fn boom() -> &'static str {
        panic!("a bug in one handler")
    }
    async fn echo(ApiJson(v): ApiJson<Value>) -> axum::Json<Value> {
        axum::Json(v)
    }
    let routes = axum::Router::new()
        .route("/boom", get(boom))
        .route("/ok", get(|| async { "ok" }))
        .route("/echo", post(echo));
    let timeouts = Timeouts {
        header_read: Duration::from_millis(300),
        body_read: Duration::from_millis(300),
        request: Duration::from_secs(5),
    };
    let app = kretslopp_server::routes::harden(routes, &timeouts);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        kretslopp_server::serve::serve(listener, app, &timeouts, std::future::pending()).await
    });
    addr
}

/// Reads until the server closes the connection; fails the test if it never does.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> String {
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out))
        .await
        .expect("the server must close a stalled connection")
        .ok();
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_server_serves_on() {
    let addr = hardened_app().await;
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let r = http
            .get(format!("http://{addr}/boom"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 500);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "internal-error");
    }
    let r = http.get(format!("http://{addr}/ok")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_client_stalling_in_its_headers_is_disconnected() {
    let addr = hardened_app().await;
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /ok HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_client_stalling_in_its_body_gets_408_and_is_disconnected() {
    let addr = hardened_app().await;
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":",
        )
        .await
        .unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("request-timeout"), "{answer}");
}

#[tokio::test]
async fn every_error_is_a_problem_document() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    // A path segment that is not UTF-8.
    for path in [
        "/v1/customers/%FF",
        "/v1/customers/%FF/services",
        "/v1/calendar-feeds/%C3",
    ] {
        for token in [None, Some(anna.as_str())] {
            let r = s.get(path, token).await;
            assert!(r.status == 400 || r.status == 401, "{path}: {}", r.status);
            assert_eq!(r.content_type, "application/problem+json", "{path}");
            assert!(r.body["code"].is_string(), "{path}: {}", r.body);
        }
    }
    // An oversized body, announced or chunked.
    let big = format!("{{\"firstName\":\"{}\"}}", "a".repeat(1024 * 1024));
    let r = s
        .send(
            s.http
                .put(format!("{}/v1/me/account", s.base))
                .bearer_auth(&anna)
                .header("content-type", "application/json")
                .body(big.clone()),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (413, Some("payload-too-large"))
    );
    assert_eq!(r.content_type, "application/problem+json");
    // The same without a length, in chunks: refused once the limit is passed.
    let mut stream = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = "POST /v1/auth/bankid HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in big.as_bytes().chunks(8192) {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        if stream.write_all(&framed).await.is_err() {
            break; // the server may stop reading once it has refused
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let answer = read_until_closed(&mut stream).await;
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(answer.contains("payload-too-large"));
    // Wrong content type.
    let r = s
        .send(
            s.http
                .post(format!("{}/v1/auth/bankid", s.base))
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (415, "application/problem+json")
    );
}

#[tokio::test]
async fn dates_outside_1900_to_2200_are_field_errors_everywhere() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    for (from, to, field) in [
        ("-5000-01-01", "2027-01-01", "from"),
        ("+12026-01-01", "2027-01-01", "from"),
        ("1899-12-31", "1900-01-31", "from"),
        ("2200-12-01", "2201-01-01", "to"),
        ("9999-12-01", "9999-12-31", "from"),
        ("0000-01-01", "0000-02-01", "from"),
    ] {
        for what in ["calendar", "calendar.ics"] {
            let r = s
                .get(
                    &format!("/v1/customers/{HOUSEHOLD_ANNA}/{what}?from={from}&to={to}"),
                    Some(&anna),
                )
                .await;
            assert_eq!(r.status, 400, "{what} {from} {to}: {}", r.body);
            assert_eq!(r.body["code"], "validation-failed");
            let fields: Vec<&str> = r.body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
                .collect();
            assert!(fields.contains(&field), "{what} {from} {to}: {}", r.body);
        }
    }
    // The edges themselves are fine.
    let r = s
        .get(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/calendar?from=2200-06-01&to=2200-12-31"),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn names_and_addresses_with_invisible_characters_are_refused() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    for bad in [
        "Anna\u{202E}nosrednA",
        "An\u{200B}na",
        "\u{FEFF}Anna",
        "Anna\u{2028}B",
        "Anna\u{E0041}",
    ] {
        let r = s
            .call(
                "PUT",
                "/v1/me/account",
                json!({ "firstName": bad, "lastName": "Andersson", "email": "anna@example.se", "phone": "0701234567" }),
                Some(&anna),
            )
            .await;
        assert_eq!(r.status, 400, "{bad:?}");
        assert_eq!(r.body["errors"][0]["field"], "firstName", "{bad:?}");
        let r = s
            .call(
                "PUT",
                &format!("/v1/customers/{HOUSEHOLD_ANNA}/invoice-address"),
                json!({ "line1": format!("Storgatan {bad}"), "postalCode": "75321", "city": "Uppsala" }),
                Some(&anna),
            )
            .await;
        assert_eq!(r.status, 400, "{bad:?}");
        assert_eq!(r.body["errors"][0]["field"], "line1", "{bad:?}");
    }
    let r = s
        .call(
            "PUT",
            "/v1/me/account",
            json!({ "firstName": "Zoë-Åsa", "lastName": "O'Connor Núñez", "email": "anna@example.se", "phone": "0701234567" }),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// Hundreds of concurrent writes of every kind that had failed with "database is locked"
/// (calendar feeds, approvals, invoice address, kommun filters) plus account edits: no 5xx,
/// and the data is consistent afterwards. Runs on SQLite and, in the PostgreSQL pass, there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_concurrent_writes_give_no_5xx_and_consistent_data() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let erik = s.token(ERIK).await;
    let sara = s.token(SARA).await;
    let johan = s.token(JOHAN).await;
    // A pending member to approve concurrently.
    let pending = s.johan_pending_at_norrbageriet(&johan, &erik).await;
    let sara_member = s.member_id(&sara, NORRBAGERIET).await;

    type Job = (String, String, String, Value, &'static str);
    let mut jobs: Vec<Job> = Vec::new();
    let base = s.base.clone();
    let kommun_choices = [json!([]), json!(["0180"]), json!(["0184", "0180"])];
    for i in 0..60 {
        let feed = |t: &str, c: &str| {
            (
                "POST".to_owned(),
                format!("/v1/customers/{c}/calendar-feed"),
                t.to_owned(),
                json!({}),
                "feed",
            )
        };
        jobs.push(feed(&anna, HOUSEHOLD_ANNA));
        jobs.push(feed(&sara, NORRBAGERIET));
        jobs.push((
            "PUT".into(),
            format!("/v1/customers/{HOUSEHOLD_ANNA}/invoice-address"),
            anna.clone(),
            json!({ "line1": format!("Storgatan {i}"), "postalCode": "75321", "city": "Uppsala" }),
            "invoice",
        ));
        jobs.push((
            "PUT".into(),
            format!("/v1/customers/{NORRBAGERIET}/members/{sara_member}/kommuner"),
            sara.clone(),
            json!({ "kommuner": kommun_choices[i % 3] }),
            "kommuner",
        ));
        jobs.push((
            "PUT".into(),
            "/v1/me/account".into(),
            erik.clone(),
            json!({ "firstName": format!("Erik{}", "x".repeat(i % 5)), "lastName": "Lindqvist", "email": "erik@example.se", "phone": "0701234502" }),
            "account",
        ));
        if i % 6 == 0 {
            jobs.push((
                "POST".into(),
                format!("/v1/customers/{NORRBAGERIET}/members/{pending}/approve"),
                erik.clone(),
                Value::Null,
                "approve",
            ));
        }
    }
    assert!(jobs.len() >= 300, "{}", jobs.len());
    let http = reqwest::Client::new();
    let mut tasks = tokio::task::JoinSet::new();
    for (method, path, token, body, kind) in jobs {
        let http = http.clone();
        let url = format!("{base}{path}");
        tasks.spawn(async move {
            let mut req = http
                .request(method.parse().unwrap(), url)
                .bearer_auth(token);
            if !body.is_null() {
                req = req.json(&body);
            }
            let r = req.send().await.expect("no dropped connection");
            let status = r.status().as_u16();
            let body: Value = r.json().await.unwrap_or(Value::Null);
            (kind, status, body)
        });
    }
    let mut by_kind: HashMap<&str, Vec<(u16, Value)>> = HashMap::new();
    while let Some(done) = tasks.join_next().await {
        let (kind, status, body) = done.unwrap();
        assert!(status < 500, "{kind}: {status} {body}");
        by_kind.entry(kind).or_default().push((status, body));
    }
    // Approvals: exactly one succeeds, the rest find it done.
    let approvals = &by_kind["approve"];
    assert_eq!(
        approvals.iter().filter(|(st, _)| *st == 204).count(),
        1,
        "{approvals:?}"
    );
    assert!(
        approvals.iter().all(|(st, _)| *st == 204 || *st == 409),
        "{approvals:?}"
    );
    for kind in ["invoice", "kommuner", "account", "feed"] {
        assert!(
            by_kind[kind].iter().all(|(st, _)| *st == 200 || *st == 201),
            "{kind}: {:?}",
            by_kind[kind].iter().find(|(st, _)| *st >= 300)
        );
    }
    // Feeds: of the 60 each person made, exactly one is live.
    let feeds: Vec<String> = by_kind["feed"]
        .iter()
        .map(|(_, b)| b["url"].as_str().unwrap().to_owned())
        .collect();
    let mut live = 0;
    for url in &feeds {
        if http.get(url).send().await.unwrap().status() == 200 {
            live += 1;
        }
    }
    assert_eq!(live, 2, "one live feed for Anna and one for Sara");
    // The last writes are whole values someone wrote.
    let d = s
        .get(&format!("/v1/customers/{HOUSEHOLD_ANNA}"), Some(&anna))
        .await
        .body;
    let line1 = d["invoiceAddress"]["line1"].as_str().unwrap();
    assert!(line1.starts_with("Storgatan "), "{d}");
    let me = s.get("/v1/me", Some(&sara)).await.body;
    let johan_me = s.get("/v1/me", Some(&johan)).await.body;
    assert!(me.is_object() && johan_me.is_object());
    let members = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/members"),
            Some(&erik),
        )
        .await
        .body;
    let johan_row = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == pending.as_str())
        .unwrap();
    assert_eq!(johan_row["status"], "active");
}
