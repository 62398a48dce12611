//! The invite link's web page in a real browser nobody here wrote: Debian's Chromium,
//! headless, driven over W3C WebDriver (chromedriver), at a phone's width, in Swedish and
//! English. Screenshots go to artifacts/screenshots/ like the app's.

mod common;

use common::*;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct ChromeDriver(Child);

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Browser {
    http: reqwest::Client,
    session: String,
    _driver: ChromeDriver,
}

impl Browser {
    /// Chromium at a phone's viewport (390 × 844 CSS pixels), its language `lang`.
    async fn phone(lang: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = ChromeDriver(
            Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver (Debian's chromium-driver) is needed; scripts/bootstrap.sh test installs it"),
        );
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", format!("--lang={lang}")],
                "prefs": { "intl.accept_languages": lang },
                "mobileEmulation": { "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 1.0 } },
            },
        }}});
        let deadline = Instant::now() + Duration::from_secs(30);
        let session = loop {
            match http
                .post(format!("{base}/session"))
                .json(&caps)
                .send()
                .await
            {
                Ok(r) => {
                    let body: Value = r.json().await.unwrap();
                    break body["value"]["sessionId"]
                        .as_str()
                        .unwrap_or_else(|| panic!("no Chromium session: {body}"))
                        .to_owned();
                }
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                Err(e) => panic!("chromedriver never listened: {e}"),
            }
        };
        Self {
            http,
            session: format!("{base}/session/{session}"),
            _driver: driver,
        }
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        v["value"].clone()
    }

    async fn open(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn script(&self, js: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": js, "args": [] })),
        )
        .await
    }

    async fn screenshot(&self, name: &str) {
        use base64::Engine;
        let b64 = self
            .cmd(reqwest::Method::GET, "/screenshot", None)
            .await
            .as_str()
            .unwrap()
            .to_owned();
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn close(self) {
        self.cmd(reqwest::Method::DELETE, "", None).await;
    }
}

fn token_from_mail(s: &TestServer, to: &str) -> String {
    let raw = s.mail_to(to).pop().unwrap().data;
    let text = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap()
        .body_text(0)
        .unwrap()
        .into_owned();
    let at = text.find("kretslopp://inbjudan/").unwrap() + "kretslopp://inbjudan/".len();
    text[at..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn the_invite_page_reads_well_on_a_phone_in_swedish_and_english_and_changes_nothing() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let r = s
        .post(
            &format!("/v1/customers/{NORRBAGERIET}/invites"),
            json!({ "name": "Johan Ek", "email": "johan@exempel.se", "role": "user" }),
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let token = token_from_mail(&s, "johan@exempel.se");
    let url = format!("{}/inbjudan/{token}", s.base);

    for (lang, heading, button, shot) in [
        (
            "sv",
            "Erik Lindqvist bjuder in dig till Norrbageriet AB",
            "Öppna i appen",
            "63-invite-page-sv",
        ),
        (
            "en",
            "Erik Lindqvist invites you to Norrbageriet AB",
            "Open in the app",
            "64-invite-page-en",
        ),
    ] {
        let browser = Browser::phone(lang).await;
        browser.open(&url).await;
        let page = browser
            .script(
                "const a = [...document.querySelectorAll('a')].find(a => a.href.startsWith('kretslopp:'));
                 return { h1: document.querySelector('h1').textContent, lang: document.documentElement.lang,
                          button: a && a.textContent, href: a && a.href,
                          overflow: document.documentElement.scrollWidth > window.innerWidth,
                          width: window.innerWidth };",
            )
            .await;
        assert_eq!(page["lang"], lang, "{page}");
        assert_eq!(page["h1"], heading, "{page}");
        assert_eq!(page["button"], button, "{page}");
        assert_eq!(page["href"], format!("kretslopp://inbjudan/{token}"));
        assert_eq!(page["width"], 390, "a phone-sized viewport: {page}");
        assert_eq!(
            page["overflow"], false,
            "no sideways scrolling on a phone: {page}"
        );
        browser.screenshot(shot).await;
        browser.close().await;
    }

    // Opening the page (twice, as a browser and a mail scanner would) left it pending.
    let list = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/invites"),
            Some(&erik),
        )
        .await;
    assert_eq!(list.body.as_array().unwrap().len(), 1, "{}", list.body);
    let johan = s.token(JOHAN).await;
    let r = s
        .post(
            "/v1/invites/lookup",
            json!({ "token": token }),
            Some(&johan),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}
