//! Calendar export: .ics files and subscription feeds, validated line by line. The test
//! clock stands at 2027-01-15.

mod common;

use common::*;
use serde_json::{json, Value};

/// Checks RFC 5545 framing and returns the unfolded content lines.
fn valid_lines(ics: &str) -> Vec<String> {
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for raw in ics.split("\r\n") {
        assert!(raw.len() <= 75, "line over 75 octets: {raw:?}");
        assert!(!raw.contains('\n') && !raw.contains('\r'));
    }
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.trim_end_matches("\r\n").split("\r\n") {
        if let Some(cont) = raw.strip_prefix(' ') {
            lines
                .last_mut()
                .expect("a folded line continues one")
                .push_str(cont);
        } else {
            lines.push(raw.to_owned());
        }
    }
    lines
}

/// The events, each as its unfolded property lines.
fn events(lines: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut depth = 0;
    for l in lines {
        match l.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => out.push(current.take().unwrap()),
            _ => {
                if let Some(c) = current.as_mut() {
                    if l.starts_with("BEGIN:") {
                        depth += 1;
                    }
                    c.push(l.clone());
                    if l.starts_with("END:") {
                        depth -= 1;
                    }
                }
            }
        }
    }
    assert_eq!(depth, 0);
    out
}

fn prop<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    event.iter().find_map(|l| {
        l.strip_prefix(name)
            .filter(|rest| rest.starts_with(':') || rest.starts_with(';'))
            .map(|rest| rest.split_once(':').map(|x| x.1).unwrap_or(""))
    })
}

#[tokio::test]
async fn ics_export_has_all_day_events_with_stable_uids_and_a_raised_sequence_when_moved() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let path = format!(
        "/v1/customers/{HOUSEHOLD_ANNA}/calendar.ics?from=2027-01-01&to=2027-01-31&alarmHour=18"
    );
    let r = s
        .http
        .get(format!("{}{path}", s.base))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let body = r.text().await.unwrap();
    let lines = valid_lines(&body);
    assert!(lines.iter().any(|l| l == "VERSION:2.0"));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let evs = events(&lines);
    assert!(!evs.is_empty());
    for e in &evs {
        for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
            assert!(prop(e, required).is_some(), "{required} missing in {e:?}");
        }
        assert!(
            e.iter().any(|l| l.starts_with("DTSTART;VALUE=DATE:")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|l| l == "TRIGGER:-PT6H" || l == "TRIGGER:-PT21600S"),
            "{e:?}"
        );
        assert!(e.iter().any(|l| l == "ACTION:DISPLAY"));
    }
    let moved = evs
        .iter()
        .find(|e| {
            prop(e, "UID")
                == Some(&format!("{HOUSEHOLD_ANNA}-a01-rest-2027-01-18@kretslopp.se")[..])
        })
        .expect("the moved pickup keeps the UID of its planned date");
    assert_eq!(prop(moved, "DTSTART"), Some("20270120"));
    assert_eq!(prop(moved, "DTEND"), Some("20270121"));
    assert_eq!(prop(moved, "SEQUENCE"), Some("1"));
    assert!(prop(moved, "DESCRIPTION")
        .unwrap()
        .contains("Flyttad från 2027-01-18"));
    assert!(prop(moved, "SUMMARY")
        .unwrap()
        .starts_with("Restavfall (Kärl 190 l)"));
    let regular = evs
        .iter()
        .find(|e| prop(e, "UID").unwrap().contains("-a01-rest-2027-01-04"))
        .unwrap();
    assert_eq!(prop(regular, "SEQUENCE"), Some("0"));

    // The same range again gives the same UIDs.
    let again = s
        .http
        .get(format!("{}{path}", s.base))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let uids = |b: &str| {
        events(&valid_lines(b))
            .iter()
            .map(|e| prop(e, "UID").unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&body), uids(&again));

    for (query, field) in [
        ("alarmHour=24", "alarmHour"),
        ("lang=de", "lang"),
        ("to=2029-06-01", "to"),
    ] {
        let q = format!(
            "/v1/customers/{HOUSEHOLD_ANNA}/calendar.ics?from=2027-01-01&to=2027-01-31&{query}"
        );
        let q = if query.starts_with("to=") {
            format!("/v1/customers/{HOUSEHOLD_ANNA}/calendar.ics?from=2027-01-01&{query}")
        } else {
            q
        };
        let r = s.get(&q, Some(&anna)).await;
        assert_eq!(
            (r.status, r.body["errors"][0]["field"].as_str()),
            (400, Some(field)),
            "{query}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn subscription_feeds_work_without_login_and_are_revocable() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let feed_path = format!("/v1/customers/{HOUSEHOLD_ANNA}/calendar-feed");
    let r = s
        .post(&feed_path, json!({ "lang": "en" }), Some(&anna))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let url = r.body["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&s.base), "{url}");
    assert_eq!(
        r.body["webcalUrl"].as_str().unwrap(),
        url.replacen("http://", "webcal://", 1)
    );
    let fetched = s.http.get(&url).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    let body = fetched.text().await.unwrap();
    let lines = valid_lines(&body);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("REFRESH-INTERVAL;VALUE=DURATION:P1D")));
    assert!(events(&lines)
        .iter()
        .any(|e| prop(e, "SUMMARY").unwrap().starts_with("Residual waste")));

    // A new feed replaces the old one; revoking ends it.
    let second = s.post(&feed_path, json!({}), Some(&anna)).await.body["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(s.http.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(s.http.get(&second).send().await.unwrap().status(), 200);
    assert_eq!(
        s.call("DELETE", &feed_path, Value::Null, Some(&anna))
            .await
            .status,
        204
    );
    assert_eq!(s.http.get(&second).send().await.unwrap().status(), 404);

    // A removed member's feed stops at once.
    let erik = s.token(ERIK).await;
    let erik_feed = s.post(&feed_path, json!({}), Some(&erik)).await.body["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(s.http.get(&erik_feed).send().await.unwrap().status(), 200);
    let erik_member = s.member_id(&erik, HOUSEHOLD_ANNA).await;
    let r = s
        .call(
            "DELETE",
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/members/{erik_member}"),
            Value::Null,
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(s.http.get(&erik_feed).send().await.unwrap().status(), 404);
    assert_eq!(
        s.http
            .get(format!("{}/v1/calendar-feeds/klc_garbage", s.base))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// The Python virtualenv with the strict iCalendar parsers (scripts/bootstrap.sh test).
fn reference_python() -> std::path::PathBuf {
    let cache = std::env::var("KRETSLOPP_CACHE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/kretslopp")
        });
    let python = cache.join("pyenv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/bootstrap.sh test (make test does)",
        python.display()
    );
    python
}

/// What the two strict parsers read from each file.
fn strict_parse(files: &[(&str, &str)]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<std::path::PathBuf> = files
        .iter()
        .map(|(name, body)| {
            let p = dir.path().join(name);
            std::fs::write(&p, body).unwrap();
            p
        })
        .collect();
    let script = std::path::Path::new(
        &std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("../../scripts/check-ics.py");
    let out = std::process::Command::new(reference_python())
        .arg(script)
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

async fn fetch(s: &TestServer, url: &str, token: Option<&str>) -> String {
    let mut req = s.http.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.text().await.unwrap()
}

#[tokio::test]
async fn strict_calendar_parsers_read_every_export_whole() {
    let s = TestServer::start().await;
    // A customer name that needs escaping.
    s.exec(&format!(
        "UPDATE customers SET name = 'Norrbageriet, Bröd; Kaffe AB' WHERE id = '{NORRBAGERIET}'"
    ))
    .await;
    let anna = s.token(ANNA).await;
    let erik = s.token(ERIK).await;
    let household = fetch(
        &s,
        &format!("{}/v1/customers/{HOUSEHOLD_ANNA}/calendar.ics?from=2027-01-01&to=2027-03-31&alarmHour=18", s.base),
        Some(&anna),
    )
    .await;
    let company_en = fetch(
        &s,
        &format!(
            "{}/v1/customers/{NORRBAGERIET}/calendar.ics?from=2027-01-01&to=2027-01-31&lang=en",
            s.base
        ),
        Some(&erik),
    )
    .await;
    let feed = s
        .post(
            &format!("/v1/customers/{NORRBAGERIET}/calendar-feed"),
            json!({}),
            Some(&erik),
        )
        .await;
    let feed_body = fetch(&s, feed.body["url"].as_str().unwrap(), None).await;
    let parsed = strict_parse(&[
        ("household.ics", &household),
        ("company-en.ics", &company_en),
        ("feed.ics", &feed_body),
    ]);
    for (p, body) in parsed.iter().zip([&household, &company_en, &feed_body]) {
        for parser in ["ical", "ics"] {
            assert!(
                p[parser]["error"].is_null(),
                "{parser} rejected {}: {}",
                p["file"],
                p[parser]
            );
        }
        // Both read every event we wrote, with our UIDs.
        let ours: Vec<String> = {
            let mut v: Vec<String> = events(&valid_lines(body))
                .iter()
                .map(|e| prop(e, "UID").unwrap().to_owned())
                .collect();
            v.sort();
            v
        };
        assert!(!ours.is_empty());
        assert_eq!(p["ical"]["uids"], json!(ours), "{}", p["file"]);
        assert_eq!(p["ics"]["uids"], json!(ours), "{}", p["file"]);
        assert_eq!(p["ical"]["prodid"], "-//Kretslopp//Hamtkalender//SV");
        assert_eq!(body.matches("\r\nPRODID:").count(), 1);
    }
    // Alarms are read too (one per event in the household file).
    assert_eq!(
        parsed[0]["ical"]["alarms"],
        json!(parsed[0]["ical"]["uids"].as_array().unwrap().len())
    );
    // Several addresses: the street is in every title. English throughout.
    let summaries = parsed[1]["ical"]["summaries"].as_array().unwrap();
    assert!(
        summaries
            .iter()
            .all(|t| t.as_str().unwrap().contains(" – ")),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .any(|t| t.as_str().unwrap().contains("(Bin ")),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .all(|t| !t.as_str().unwrap().contains("Kärl")),
        "{summaries:?}"
    );
    // The name is escaped in NAME as in X-WR-CALNAME.
    let lines = valid_lines(&company_en);
    assert!(
        lines.contains(&"NAME:Pickup calendar – Norrbageriet\\, Bröd\\; Kaffe AB".to_owned()),
        "{lines:?}"
    );
    assert!(lines
        .contains(&"X-WR-CALNAME:Pickup calendar – Norrbageriet\\, Bröd\\; Kaffe AB".to_owned()));
}

#[tokio::test]
async fn feeds_answer_conditional_gets_and_compress() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let feed = s
        .post(
            &format!("/v1/customers/{NORRBAGERIET}/calendar-feed"),
            json!({}),
            Some(&erik),
        )
        .await;
    let url = feed.body["url"].as_str().unwrap().to_owned();
    let first = s.http.get(&url).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let last_modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = first.text().await.unwrap();
    // Later the same day, nothing changed: the same bytes, alarms and stamps included.
    s.clock.advance_secs(600);
    let again = s.http.get(&url).send().await.unwrap();
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(again.text().await.unwrap(), body);
    let r = s
        .http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(r.headers()["etag"].to_str().unwrap(), etag);
    let r = s
        .http
        .get(&url)
        .header("if-modified-since", &last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    let r = s
        .http
        .get(&url)
        .header("if-none-match", "W/\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A pickup moved by the company: a new ETag and a newer Last-Modified.
    s.clock.advance_secs(5);
    let now = kretslopp_domain::Clock::now_ms(&s.clock);
    s.exec(&format!(
        "INSERT INTO service_exceptions (id, service_id, kind, date, moved_to, updated_at)
         SELECT 'x-feed', s.id, 'cancelled', '2027-02-02', NULL, {now} FROM services s
         JOIN addresses a ON a.id = s.address_id WHERE a.customer_id = '{NORRBAGERIET}' LIMIT 1"
    ))
    .await;
    let r = s
        .http
        .get(&url)
        .header("if-none-match", &etag)
        .header("if-modified-since", &last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_ne!(r.headers()["etag"].to_str().unwrap(), etag);
    // Compressed when asked: a company's feed shrinks many times over.
    let raw = s
        .http
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.headers()["content-encoding"], "gzip");
    let gz = raw.bytes().await.unwrap();
    assert!(gz.len() * 5 < body.len(), "{} vs {}", gz.len(), body.len());
}
