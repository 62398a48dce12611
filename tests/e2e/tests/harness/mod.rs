//! Starts the backend, tauri-driver and the real app binary, and drives the app like a person.
//!
//! Needs: a display (xvfb-run), a keyring session (scripts/with-keyring.sh), tauri-driver and
//! WebKitWebDriver on PATH, and the app built (`KRETSLOPP_APP_BIN`). `make test` arranges all.

pub mod notifications;
mod webdriver;

use kretslopp_domain::SystemClock;
use kretslopp_server::testing::Backend;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use webdriver::WebDriver;

pub use kretslopp_server::seed::{ANNA, ERIK, JOHAN};

/// The journeys run twice in `make test`: at the desktop window's size, and with
/// `KRETSLOPP_E2E_VIEWPORT=phone` at 360 × 640 (on an Xvfb screen of that size).
pub fn phone() -> bool {
    std::env::var("KRETSLOPP_E2E_VIEWPORT").is_ok_and(|v| v == "phone")
}

fn crate_dir() -> PathBuf {
    // The runtime value: a shared target directory may hold a binary built elsewhere.
    PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
}

/// Where journeys save their screenshots (README: "Screenshots"); the phone pass's go in
/// `phone/` beside the desktop ones, under the same names.
pub fn screenshot_dir() -> PathBuf {
    let mut dir = std::env::var_os("KRETSLOPP_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir().join("../../artifacts/screenshots"));
    if phone() {
        dir = dir.join("phone");
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// axe-core as the UI's packages pinned it.
fn axe_source() -> &'static str {
    static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    AXE.get_or_init(|| {
        std::fs::read_to_string(crate_dir().join("../../ui/node_modules/axe-core/axe.min.js"))
            .expect("axe-core is an npm dev dependency of ui/ (npm ci)")
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct App {
    pub client: WebDriver,
    pub backend: Backend,
    driver: Driver,
    keyring_service: String,
    /// Extra environment for the app; change it before [`App::restart`] to restart differently.
    pub env: Vec<(String, String)>,
    /// Everything the app process was started with, for a second launch ([`App::open_link`]).
    app_env: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

impl App {
    /// A fresh backend (with demo data) and the app started against it.
    pub async fn launch() -> Self {
        Self::launch_with(&[]).await
    }

    /// [`App::launch`], with extra environment for the app (e.g. `KRETSLOPP_CLOCK_START`).
    pub async fn launch_with(env: &[(&str, &str)]) -> Self {
        let env = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let backend = Backend::start(Arc::new(SystemClock), &dir.path().join("server"))
            .await
            .unwrap();
        let keyring_service = format!("se.kretslopp.e2e.{}", uuid::Uuid::new_v4());
        Self::start(backend, dir, keyring_service, env, &[]).await
    }

    /// [`App::launch`], the app started by a link (as the OS does when one is clicked
    /// while the app is closed): the URL is its argument.
    pub async fn launch_opening(url: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let backend = Backend::start(Arc::new(SystemClock), &dir.path().join("server"))
            .await
            .unwrap();
        let keyring_service = format!("se.kretslopp.e2e.{}", uuid::Uuid::new_v4());
        Self::start(backend, dir, keyring_service, Vec::new(), &[url]).await
    }

    /// Opens `url` the way the desktop does while the app runs: a second launch of the
    /// app with the URL, which hands it to the running window and exits.
    pub async fn open_link(&self, url: &str) {
        let app_bin = std::env::var("KRETSLOPP_APP_BIN").unwrap();
        let status = tokio::process::Command::new(app_bin)
            .arg(url)
            .envs(self.app_env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .status();
        let status = tokio::time::timeout(Duration::from_secs(30), status)
            .await
            .expect("the second launch handed over and exited")
            .unwrap();
        assert!(status.success(), "the second launch failed: {status}");
    }

    /// Quits the app and starts it again on the same backend, keyring and data directory,
    /// as a person closing and reopening it would.
    pub async fn restart(self) -> Self {
        let App {
            client,
            backend,
            driver,
            keyring_service,
            env,
            _dir,
            ..
        } = self;
        client.close().await;
        drop(driver);
        Self::start(backend, _dir, keyring_service, env, &[]).await
    }

    async fn start(
        backend: Backend,
        dir: tempfile::TempDir,
        keyring_service: String,
        env: Vec<(String, String)>,
        args: &[&str],
    ) -> Self {
        let app_bin =
            std::env::var("KRETSLOPP_APP_BIN").expect("KRETSLOPP_APP_BIN: path to the built app");
        let driver_bin = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let (port, native_port) = (free_port(), free_port());
        let mut app_env: Vec<(String, String)> = vec![
            ("KRETSLOPP_API_URL".into(), format!("{}/", backend.api)),
            (
                "KRETSLOPP_BANKID_DEMO_PAGE".into(),
                format!("{}/", backend.simulator),
            ),
            ("KRETSLOPP_KEYRING_SERVICE".into(), keyring_service.clone()),
            (
                "KRETSLOPP_DATA_DIR".into(),
                dir.path().join("app").display().to_string(),
            ),
            (
                "KRETSLOPP_DOWNLOAD_DIR".into(),
                dir.path().join("downloads").display().to_string(),
            ),
            ("NO_AT_BRIDGE".into(), "1".into()),
        ];
        app_env.extend(env.iter().cloned());
        // tauri-driver has no per-session environment, so the app inherits this one.
        let driver = Command::new(driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(app_env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            // Its own process group, so WebKitWebDriver and the app end with it.
            .process_group(0)
            .spawn()
            .expect("tauri-driver could not start; is it installed?");

        let url = format!("http://127.0.0.1:{port}");
        // No browserName: WebKitWebDriver rejects any name but its own.
        let caps = json!({ "tauri:options": { "application": app_bin, "args": args } });
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = loop {
            match WebDriver::new_session(&url, caps.clone()).await {
                Ok(Some(c)) => break c,
                // tauri-driver is not listening yet, or the app did not come up this time
                // (e.g. the previous instance was still exiting): try again until the deadline.
                Ok(None) | Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(250)).await
                }
                Ok(None) => panic!("tauri-driver never started listening"),
                Err(e) => panic!("no WebDriver session: {e:?}"),
            }
        };
        if phone() {
            client.set_window_size(360, 640).await.unwrap();
        }
        Self {
            client,
            backend,
            driver: Driver(driver),
            keyring_service,
            env,
            app_env,
            _dir: dir,
        }
    }

    /// Waits until `css` matches an element whose text contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(el) = self.client.find(css).await {
                last = self.client.text(&el).await.unwrap_or_default();
                if last.contains(text) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.screenshot("failed-wait").await;
        panic!("{css} never showed {text:?}; last text was {last:?} (see failed-wait.png)");
    }

    /// Waits for `css` to appear and returns its element id.
    pub async fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self.client.find(css).await {
                Ok(el) => return el,
                Err(e) if Instant::now() > deadline => {
                    self.screenshot("failed-wait").await;
                    panic!("{css} never appeared: {e:?} (see failed-wait.png)")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Scrolls the element matching `css` to the top of the window (to photograph it).
    pub async fn scroll_to(&self, css: &str) {
        self.wait_for(css).await;
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })",
                json!([css]),
            )
            .await
            .unwrap();
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.client.find(css).await.is_ok() {
            if Instant::now() > deadline {
                self.screenshot("failed-wait").await;
                panic!("{css} never went away (see failed-wait.png)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks what `css` matches. An element re-rendered between finding and clicking
    /// (a screen updating from a sync) is found again, as a person would click what shows.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let el = self.wait_for(css).await;
            match self.client.click(&el).await {
                Ok(_) => return,
                Err(e)
                    if format!("{e:?}").contains("stale element") && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("clicking {css} failed: {e:?}"),
            }
        }
    }

    /// Captures the X display the app runs on (the Xvfb screen is the window's size).
    /// WebKitWebDriver's own screenshot waits for a repaint, which a static page under
    /// Xvfb never makes.
    pub async fn screenshot(&self, name: &str) -> Vec<u8> {
        let out = tokio::process::Command::new("import")
            .args(["-window", "root", "png:-"])
            .output()
            .await
            .expect("ImageMagick's import is needed for screenshots");
        assert!(
            out.status.success(),
            "import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let png = out.stdout;
        std::fs::write(screenshot_dir().join(format!("{name}.png")), &png).unwrap();
        png
    }

    /// Runs axe-core (WCAG 2.1 A and AA rules) on the screen as it is now and fails on any
    /// serious or critical violation, naming each with the elements it found.
    pub async fn check_accessibility(&self, screen: &str) {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", json!([]))
            .await
            .unwrap();
        if loaded != Value::Bool(true) {
            self.client
                .execute(&format!("{};return true;", axe_source()), json!([]))
                .await
                .unwrap();
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                   .then(r => done({ passes: r.passes.length, found: r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`) }))
                   .catch(e => done({ passes: 0, found: [`axe failed: ${e}`] }));",
                json!([]),
            )
            .await
            .unwrap();
        let found: Vec<String> = serde_json::from_value(result["found"].clone())
            .unwrap_or_else(|_| vec![format!("axe gave no answer: {result}")]);
        assert!(
            result["passes"].as_u64().unwrap_or(0) > 0 || !found.is_empty(),
            "axe checked nothing on {screen}: {result}"
        );
        if !found.is_empty() {
            self.screenshot(&format!("a11y-{screen}")).await;
            panic!(
                "axe found {} serious or critical violation(s) on {screen}:\n{}",
                found.len(),
                found.join("\n")
            );
        }
    }

    /// A screenshot, after checking the screen with axe (and, at phone width, that nothing
    /// scrolls sideways): every screen a journey shows is checked where it is photographed.
    pub async fn shot(&self, name: &str) {
        self.check_accessibility(name).await;
        if phone() {
            self.check_no_sideways_scroll(name).await;
        }
        self.screenshot(name).await;
    }

    /// Fails, naming the widest elements, when the page is wider than the window.
    pub async fn check_no_sideways_scroll(&self, screen: &str) {
        let wide = self
            .client
            .execute(
                "const w = document.documentElement.clientWidth;
                 if (document.documentElement.scrollWidth <= w) return [];
                 return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > w + 1)
                   .slice(0, 8)
                   .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().right)}px`);",
                json!([]),
            )
            .await
            .unwrap();
        let wide: Vec<String> = serde_json::from_value(wide).unwrap_or_default();
        if !wide.is_empty() {
            self.screenshot(&format!("wide-{screen}")).await;
            panic!(
                "{screen} scrolls sideways at phone width: {}",
                wide.join(", ")
            );
        }
    }

    /// Takes a screenshot and reads the QR code on it, as a phone camera would.
    pub async fn read_qr_from_screen(&self, name: &str) -> String {
        self.wait_for("[data-testid=qr] svg").await;
        let png = self.screenshot(name).await;
        decode_qr(&png).unwrap_or_else(|| panic!("no QR code could be read from {name}.png"))
    }

    pub async fn simulator(&self, action: &str, body: Value) -> Value {
        self.backend.simulate(action, body).await.unwrap()
    }

    /// Scans the QR code on screen with a test person's phone; returns the order reference.
    pub async fn scan_with_phone(&self, screenshot_name: &str, pnr: &str) -> (String, String) {
        let qr = self.read_qr_from_screen(screenshot_name).await;
        let started = self
            .simulator("scan", json!({ "qrData": qr, "personalNumber": pnr }))
            .await;
        (started["orderRef"].as_str().unwrap().to_owned(), qr)
    }

    pub async fn close(self) {
        self.client.close().await;
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.wait_for(css).await;
        self.client.type_into(&el, text).await.unwrap();
    }

    /// Chooses `value` in the `<select>` matching `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.wait_for(css).await;
        self.client
            .execute(
                "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
                json!([css, value]),
            )
            .await
            .unwrap();
    }

    /// Whether the checkbox matching `css` is ticked.
    pub async fn is_checked(&self, css: &str) -> bool {
        self.wait_for(css).await;
        self.client
            .execute(
                "return document.querySelector(arguments[0]).checked;",
                json!([css]),
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false)
    }

    /// A whole BankID login from the login screen: scan the QR code, approve.
    pub async fn log_in(&self, pnr: &str, screenshot_name: &str) {
        self.wait_text("[data-testid=status]", "BankID").await;
        let (order_ref, _) = self.scan_with_phone(screenshot_name, pnr).await;
        self.simulator("approve", json!({ "orderRef": order_ref }))
            .await;
    }

    /// Logs out through the menu under the name.
    pub async fn log_out(&self) {
        self.click("[data-testid=menu]").await;
        self.click("[data-testid=logout]").await;
        self.wait_text("h1", "Logga in").await;
    }
}

/// tauri-driver with WebKitWebDriver and the app in its process group.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // Also on a failed assertion, so the next journey gets a fresh single-instance app.
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.wait();
        // The app is single-instance: wait until every process of the group is gone, so a
        // restarted app does not hand over to one still exiting.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline
            && Command::new("kill")
                .args(["-0", "--", &group])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The `kretslopp://` link of the newest invite e-mail to `to`, read with an independent
/// MIME parser.
pub fn invite_link(backend: &Backend, to: &str) -> String {
    let raw = backend.mail.to(to).pop().expect("an invite e-mail").data;
    let text = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a MIME message")
        .body_text(0)
        .expect("a text part")
        .into_owned();
    let at = text.find("kretslopp://inbjudan/").expect("the app link");
    text[at..].split_whitespace().next().unwrap().to_owned()
}

pub fn decode_qr(png: &[u8]) -> Option<String> {
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .ok()?
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, content)| content))
}
