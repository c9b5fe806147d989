//! What the browser tests share: one chromedriver per test binary,
//! Chromium sessions, the browser's console, and small steps.

#![allow(dead_code)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common::*;
use fantoccini::{Client, ClientBuilder, Locator, key::Key};

/// One chromedriver for the whole test binary.
pub(crate) struct Driver {
    url: String,
    _process: Child,
}

pub(crate) fn driver() -> &'static Driver {
    static DRIVER: OnceLock<Driver> = OnceLock::new();
    DRIVER.get_or_init(|| {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (apt-get install chromium-driver)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            url: format!("http://127.0.0.1:{port}"),
            _process: process,
        }
    })
}

pub(crate) async fn browser(width: u32, height: u32) -> Client {
    browser_with(width, height, &[]).await
}

/// A Chromium session with extra command-line switches.
pub(crate) async fn browser_with(width: u32, height: u32, extra: &[&str]) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        format!("--window-size={width},{height}"),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": "/usr/bin/chromium", "args": args }),
    );
    capabilities.insert(
        "goog:loggingPrefs".into(),
        serde_json::json!({ "browser": "ALL" }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver().url)
        .await
        .expect("a Chromium session");
    // A window is at least 500 px wide: narrower screens are emulated.
    client
        .issue_cmd(cdp(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false
            }),
        ))
        .await
        .expect("the screen's size");
    client
}

/// A chromedriver command beyond W3C WebDriver: a POST to
/// `session/ID/{path}` with a JSON body.
#[derive(Debug)]
pub(crate) struct Chromedriver {
    pub(crate) path: &'static str,
    pub(crate) body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Chromedriver {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// A Chrome DevTools Protocol command.
pub(crate) fn cdp(command: &str, params: serde_json::Value) -> Chromedriver {
    Chromedriver {
        path: "goog/cdp/execute",
        body: serde_json::json!({ "cmd": command, "params": params }),
    }
}

/// Renders the page as it prints (`@media print`), or as a screen again.
pub(crate) async fn emulate_print(client: &Client, print: bool) {
    client
        .issue_cmd(cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "media": if print { "print" } else { "" } }),
        ))
        .await
        .expect("media emulation");
}

/// The errors the pages logged since the last call: script errors, failed
/// loads.
pub(crate) async fn console_errors(client: &Client) -> Vec<String> {
    // The browser's console log (chromedriver's, not W3C WebDriver's).
    let log = client
        .issue_cmd(Chromedriver {
            path: "se/log",
            body: serde_json::json!({ "type": "browser" }),
        })
        .await
        .expect("the browser log");
    log.as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["level"] == "SEVERE")
                .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn built_book() -> Scratch {
    let site = Scratch::copy_of("book");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

pub(crate) fn file_url(site: &Scratch, page: &str) -> String {
    format!("file://{}", site.out().join(page).display())
}

/// A wide browser window showing a page of a built site from disk.
pub(crate) async fn open(site: &Scratch, page: &str) -> Client {
    let client = browser(1280, 900).await;
    client.goto(&file_url(site, page)).await.unwrap();
    client
}

pub(crate) async fn wait_for_url(client: &Client, ending: &str) -> String {
    let started = Instant::now();
    loop {
        let url = client.current_url().await.unwrap().to_string();
        if url.ends_with(ending) || started.elapsed() > Duration::from_secs(5) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the page's URL to end with `ending`, and fails if it does not.
pub(crate) async fn expect_url(client: &Client, ending: &str) {
    let url = wait_for_url(client, ending).await;
    assert!(url.ends_with(ending), "{url} should end with {ending}");
}

pub(crate) async fn press(client: &Client, key: Key) {
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&char::from(key).to_string()).await.unwrap();
}

pub(crate) async fn script(client: &Client, js: &str) -> serde_json::Value {
    client.execute(js, vec![]).await.unwrap()
}

/// Clicks the element `css` selects.
pub(crate) async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css}: {error}"))
        .click()
        .await
        .unwrap();
}

/// The sample book, built from the repository's `notes/`.
pub(crate) fn built_sample_book() -> Scratch {
    let site = Scratch::new();
    let out = site.out();
    let root = repository().to_str().unwrap().to_string();
    let output = studysite(&["build", &root, "-o", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}
