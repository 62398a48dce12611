//! The few W3C WebDriver commands the journeys use, spoken directly over HTTP to
//! tauri-driver. (A general client library's session request hung against WebKitWebDriver.)

use serde_json::{json, Value};
use std::time::Duration;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

#[derive(Clone)]
pub struct WebDriver {
    http: reqwest::Client,
    session: String,
}

#[derive(Debug)]
#[allow(dead_code)] // read through Debug in panic messages
pub struct WdError(pub String);

impl WebDriver {
    /// `Ok(None)` while the driver is not listening yet.
    pub async fn new_session(base: &str, capabilities: Value) -> Result<Option<Self>, WdError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let resp = match http
            .post(format!("{base}/session"))
            .json(&json!({ "capabilities": { "alwaysMatch": capabilities } }))
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) if e.is_connect() => return Ok(None),
            Err(e) => return Err(WdError(e.to_string())),
        };
        let body: Value = resp.json().await.map_err(|e| WdError(e.to_string()))?;
        let session = body["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| WdError(body.to_string()))?
            .to_owned();
        Ok(Some(Self {
            http,
            session: format!("{base}/session/{session}"),
        }))
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WdError> {
        let mut req = self.http.request(method, format!("{}{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.map_err(|e| WdError(e.to_string()))?;
        let ok = resp.status().is_success();
        let body: Value = resp.json().await.map_err(|e| WdError(e.to_string()))?;
        if ok {
            Ok(body["value"].clone())
        } else {
            Err(WdError(
                body["value"]["error"]
                    .as_str()
                    .unwrap_or("unknown error")
                    .to_owned(),
            ))
        }
    }

    pub async fn find(&self, css: &str) -> Result<String, WdError> {
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await?;
        v[ELEMENT_KEY]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| WdError(format!("no element id in {v}")))
    }

    pub async fn text(&self, element: &str) -> Result<String, WdError> {
        Ok(self
            .call(
                reqwest::Method::GET,
                &format!("/element/{element}/text"),
                None,
            )
            .await?
            .as_str()
            .unwrap_or("")
            .to_owned())
    }

    pub async fn click(&self, element: &str) -> Result<(), WdError> {
        // To the middle of the window first, as a person scrolls to what they tap: at phone
        // width the tab bar covers the bottom edge, where WebDriver would otherwise stop.
        self.execute(
            "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
            json!([{ ELEMENT_KEY: element }]),
        )
        .await?;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await
        .map(|_| ())
    }

    /// Clears an input and types `text` into it, as a person would.
    pub async fn type_into(&self, element: &str, text: &str) -> Result<(), WdError> {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/clear"),
            Some(json!({})),
        )
        .await?;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .await
        .map(|_| ())
    }

    /// Runs a script in the page; for what WebDriver has no command for (choosing in a
    /// `<select>` fires `change` as a person's choice would).
    pub async fn execute(&self, script: &str, args: Value) -> Result<Value, WdError> {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// Runs an asynchronous script: it ends by calling its last argument with the result.
    pub async fn execute_async(&self, script: &str, args: Value) -> Result<Value, WdError> {
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// Sizes the window (the phone pass of the journeys).
    pub async fn set_window_size(&self, width: u32, height: u32) -> Result<(), WdError> {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "x": 0, "y": 0, "width": width, "height": height })),
        )
        .await
        .map(|_| ())
    }

    pub async fn close(&self) {
        let _ = self.http.delete(&self.session).send().await;
    }
}
