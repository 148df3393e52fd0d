//! The gateway's error page in a real browser: headless Chromium, driven over WebDriver by
//! Debian's `chromedriver`, asks a real axum server under `UnkeyLayer` for a denied request, as
//! a person's browser would (its own `Accept`), and the test checks what a person sees: the
//! text, the link, the title, no console error, no script run, no sideways scrolling on a
//! phone, and the colours of light and dark mode.
//!
//! `.ci/run` installs Debian's `chromium` and `chromium-driver` when they are missing and sets
//! `UNKEY_ERRORS_BROWSER_TESTS=1`, which makes a missing browser a failure; elsewhere the test
//! says it was skipped. `UPDATE_SCREENSHOTS=1` writes `docs/error-page.png` and
//! `docs/error-page-dark.png`, the screenshots the README shows.
#![cfg(feature = "axum")]

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use unkey_errors::gateway::GatewayError;
use unkey_errors::server::axum::UnkeyLayer;
use unkey_errors::verify::KeyVerification;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// WebDriver's key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

async fn denied() -> GatewayError {
    let body = br#"{"meta":{"requestId":"req_1"},"data":{"valid":false,"code":"RATE_LIMITED","ratelimits":[{"name":"requests","limit":100,"remaining":0,"reset":4102444800000,"exceeded":true}]}}"#;
    KeyVerification::from_slice(body)
        .unwrap()
        .gateway_error()
        .unwrap()
}

async fn hostile() -> GatewayError {
    GatewayError::new(unkey_errors::ErrorCode::ApplicationInvalidInput)
        .with_message("</p><script>alert(document.domain)</script><img src=x onerror=alert(1)>")
}

async fn serve() -> SocketAddr {
    let app = Router::new()
        .route("/denied", get(denied))
        .route("/hostile", get(hostile))
        .layer(UnkeyLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    base: String,
    client: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
        };
        for _ in 0..100 {
            if let Ok(status) = driver.get("/status").await
                && status["ready"] == true
            {
                return driver;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not become ready in 10 s");
    }

    async fn get(&self, path: &str) -> Result<Value, reqwest::Error> {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice::<Value>(&body).unwrap()["value"].take())
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let body = response.bytes().await.unwrap();
        serde_json::from_slice::<Value>(&body).unwrap()["value"].take()
    }

    async fn delete(&self, path: &str) {
        let _ = self
            .client
            .delete(format!("{}{path}", self.base))
            .send()
            .await;
    }
}

/// One browser session (a fresh headless Chromium).
struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl<'a> Session<'a> {
    async fn new(driver: &'a Driver, width: u32, height: u32) -> Self {
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-extensions",
                    "--no-first-run", "--hide-scrollbars",
                    format!("--window-size={width},{height}"),
                ],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let value = driver.post("/session", &capabilities).await;
        let id = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {value}"))
            .to_owned();
        Self { driver, id }
    }

    async fn command(&self, path: &str, body: &Value) -> Value {
        self.driver
            .post(&format!("/session/{}{path}", self.id), body)
            .await
    }

    async fn query(&self, path: &str) -> Value {
        self.driver
            .get(&format!("/session/{}{path}", self.id))
            .await
            .unwrap()
    }

    async fn open(&self, url: &str) {
        self.command("/url", &json!({ "url": url })).await;
    }

    async fn script(&self, script: &str) -> Value {
        self.command("/execute/sync", &json!({"script": script, "args": []}))
            .await
    }

    async fn element(&self, css: &str) -> String {
        let found = self
            .command("/element", &json!({"using": "css selector", "value": css}))
            .await;
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no {css}: {found}"))
            .to_owned()
    }

    /// The text a person sees in the element (WebDriver's rendered text).
    async fn visible_text(&self, css: &str) -> String {
        let element = self.element(css).await;
        self.query(&format!("/element/{element}/text"))
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The browser console's messages at warning level or above, as `level: message`, but the
    /// network's note that the document itself came with its error status (`url`), which is
    /// the point of the page.
    async fn console_problems(&self, url: &str) -> Vec<String> {
        let log = self.command("/se/log", &json!({"type": "browser"})).await;
        let own_status =
            format!("{url} - Failed to load resource: the server responded with a status of ");
        log.as_array()
            .unwrap_or_else(|| panic!("no browser log: {log}"))
            .iter()
            .filter(|entry| entry["level"] == "SEVERE" || entry["level"] == "WARNING")
            .filter(|entry| {
                entry["source"] != "network"
                    || !entry["message"]
                        .as_str()
                        .unwrap_or_default()
                        .starts_with(&own_status)
            })
            .map(|entry| format!("{}: {}", entry["level"], entry["message"]))
            .collect()
    }

    async fn color_scheme(&self, scheme: &str) {
        let params = json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]});
        self.command(
            "/goog/cdp/execute",
            &json!({"cmd": "Emulation.setEmulatedMedia", "params": params}),
        )
        .await;
    }

    async fn screenshot(&self, path: &Path) {
        let png = decode_base64(self.query("/screenshot").await.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(path, png).unwrap();
    }

    async fn end(self) {
        self.driver.delete(&format!("/session/{}", self.id)).await;
    }
}

/// Standard base64, as WebDriver sends a screenshot.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, &d) in chunk.iter().enumerate() {
            n |= u32::from(d) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    assert!(
        present || std::env::var_os("UNKEY_ERRORS_BROWSER_TESTS").is_none(),
        "UNKEY_ERRORS_BROWSER_TESTS is set but {CHROMIUM} or {CHROMEDRIVER} is missing"
    );
    if !present {
        eprintln!(
            "skipped: the browser test needs Debian's chromium and chromium-driver (.ci/run installs them)"
        );
    }
    present
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_error_page_reads_right_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let addr = serve().await;
    let driver = Driver::start().await;

    // A phone's width.
    let phone = Session::new(&driver, 390, 844).await;
    let url = format!("http://{addr}/denied");
    phone.open(&url).await;
    assert_eq!(phone.query("/title").await, "429 Too Many Requests");
    let text = phone.visible_text("body").await;
    for seen in [
        "429",
        "Too Many Requests",
        "Rate limit exceeded. Please try again later.",
        "err:frontline:client:rate_limited",
        "What this error means",
        "Request id",
    ] {
        assert!(text.contains(seen), "{seen:?} is not shown: {text:?}");
    }
    // The request id the page shows is the one the layer answered with: `req_` and more.
    assert!(
        text.lines().any(|line| line.contains("req_")),
        "no request id shown: {text:?}"
    );
    let link = phone.element("a").await;
    assert_eq!(
        phone.query(&format!("/element/{link}/property/href")).await,
        "https://unkey.com/docs/errors/frontline/client/rate_limited"
    );
    assert_eq!(
        phone.query(&format!("/element/{link}/displayed")).await,
        true
    );
    // Nothing wider than the phone: no sideways scrolling.
    let overflow = phone
        .script("return document.documentElement.scrollWidth - window.innerWidth")
        .await;
    assert!(overflow.as_i64().unwrap() <= 0, "{overflow} px too wide");
    // Light and dark, as the person's system prefers.
    let background = "return getComputedStyle(document.body).backgroundColor";
    phone.color_scheme("light").await;
    assert_eq!(phone.script(background).await, "rgb(255, 255, 255)");
    phone.color_scheme("dark").await;
    assert_eq!(phone.script(background).await, "rgb(12, 12, 14)");
    assert_eq!(phone.console_problems(&url).await, Vec::<String>::new());

    // A hostile message stays text: no element of its, nothing run, no alert.
    let url = format!("http://{addr}/hostile");
    phone.open(&url).await;
    let message = phone.visible_text("p.message").await;
    assert_eq!(
        message,
        "</p><script>alert(document.domain)</script><img src=x onerror=alert(1)>"
    );
    let injected = phone
        .script("return document.querySelectorAll('script, img').length")
        .await;
    assert_eq!(injected, 0);
    let alert = phone.query("/alert/text").await;
    assert_eq!(alert["error"], "no such alert", "{alert}");
    assert_eq!(phone.console_problems(&url).await, Vec::<String>::new());
    phone.end().await;

    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        let desktop = Session::new(&driver, 760, 520).await;
        desktop.open(&format!("http://{addr}/denied")).await;
        desktop.color_scheme("light").await;
        desktop.screenshot(&docs.join("error-page.png")).await;
        desktop.color_scheme("dark").await;
        desktop.screenshot(&docs.join("error-page-dark.png")).await;
        desktop.end().await;
    }
}
