//! End-to-end tests in headless Chromium of what runs in the reader's
//! browser: the ← / → keys, the theme toggle, the phone menu.
//!
//! Run with `cargo test --features browser-tests`; they need Debian's
//! `chromium` and `chromium-driver` (`.ci/run` installs them).

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;
use fantoccini::{Client, ClientBuilder, Locator, key::Key};

/// One chromedriver for the whole test binary.
struct Driver {
    url: String,
    _process: Child,
}

fn driver() -> &'static Driver {
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

async fn browser(width: u32, height: u32) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver().url)
        .await
        .expect("a Chromium session")
}

fn built_book() -> Scratch {
    let site = Scratch::copy_of("book");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

fn file_url(site: &Scratch, page: &str) -> String {
    format!("file://{}", site.out().join(page).display())
}

async fn wait_for_url(client: &Client, ending: &str) -> String {
    let started = Instant::now();
    loop {
        let url = client.current_url().await.unwrap().to_string();
        if url.ends_with(ending) || started.elapsed() > Duration::from_secs(5) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn press(client: &Client, key: Key) {
    let body = client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&char::from(key).to_string()).await.unwrap();
}

async fn script(client: &Client, js: &str) -> serde_json::Value {
    client.execute(js, vec![]).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn arrow_keys_follow_the_reading_order() {
    let site = built_book();
    let client = browser(1280, 900).await;
    client.goto(&file_url(&site, "index.html")).await.unwrap();
    press(&client, Key::Right).await;
    assert!(
        wait_for_url(&client, "/1-first.html")
            .await
            .ends_with("/1-first.html")
    );
    press(&client, Key::Right).await;
    assert!(
        wait_for_url(&client, "/2-second.html")
            .await
            .ends_with("/2-second.html")
    );
    press(&client, Key::Left).await;
    assert!(
        wait_for_url(&client, "/1-first.html")
            .await
            .ends_with("/1-first.html")
    );
    press(&client, Key::Left).await;
    assert!(
        wait_for_url(&client, "/index.html")
            .await
            .ends_with("/index.html")
    );
    // On the first page, ← has nowhere to go and does nothing.
    press(&client, Key::Left).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/index.html")
    );
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn theme_toggle_is_remembered_across_pages_and_reloads() {
    let site = built_book();
    let client = browser(1280, 900).await;
    client.goto(&file_url(&site, "1-first.html")).await.unwrap();
    let button = client.find(Locator::Css(".theme-button")).await.unwrap();
    assert!(button.is_displayed().await.unwrap());
    let background_before = script(
        &client,
        "return getComputedStyle(document.body).backgroundColor",
    )
    .await;
    let pressed = button.attr("aria-pressed").await.unwrap();
    button.click().await.unwrap();
    let theme = script(
        &client,
        "return document.documentElement.getAttribute('data-theme')",
    )
    .await;
    let expected = if pressed.as_deref() == Some("true") {
        "light"
    } else {
        "dark"
    };
    assert_eq!(theme, expected);
    let background_after = script(
        &client,
        "return getComputedStyle(document.body).backgroundColor",
    )
    .await;
    assert_ne!(background_before, background_after, "the colours change");
    client
        .goto(&file_url(&site, "guide/1-a.html"))
        .await
        .unwrap();
    let theme = script(
        &client,
        "return document.documentElement.getAttribute('data-theme')",
    )
    .await;
    assert_eq!(theme, expected, "another page starts in the chosen theme");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_sidebar_is_behind_the_menu_button() {
    let site = built_book();
    let client = browser(390, 844).await;
    client
        .goto(&file_url(&site, "guide/1-a.html"))
        .await
        .unwrap();
    let sidebar_visible = "return getComputedStyle(document.getElementById('sidebar')).visibility";
    assert_eq!(script(&client, sidebar_visible).await, "hidden");
    let menu = client.find(Locator::Css(".menu-button")).await.unwrap();
    assert!(menu.is_displayed().await.unwrap());
    menu.click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(script(&client, sidebar_visible).await, "visible");
    assert_eq!(
        menu.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );
    // The page does not scroll sideways on a phone.
    let overflow = script(
        &client,
        "return document.documentElement.scrollWidth <= window.innerWidth",
    )
    .await;
    assert_eq!(overflow, true);
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_menu_button_is_hidden_on_a_wide_screen() {
    let site = built_book();
    let client = browser(1280, 900).await;
    client
        .goto(&file_url(&site, "guide/1-a.html"))
        .await
        .unwrap();
    let menu = client.find(Locator::Css(".menu-button")).await.unwrap();
    assert!(!menu.is_displayed().await.unwrap());
    let sidebar = client.find(Locator::Css("#sidebar")).await.unwrap();
    assert!(sidebar.is_displayed().await.unwrap());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn heading_anchor_shows_on_focus() {
    let site = built_book();
    let client = browser(1280, 900).await;
    client
        .goto(&file_url(&site, "2-second.html"))
        .await
        .unwrap();
    let opacity =
        "return getComputedStyle(document.querySelector('.content .heading-anchor')).opacity";
    // Faint or hidden until wanted (touch screens keep it faint).
    assert_ne!(script(&client, opacity).await, "1");
    script(
        &client,
        "document.querySelector('.content .heading-anchor').focus(); return null",
    )
    .await;
    assert_eq!(script(&client, opacity).await, "1");
    client.close().await.unwrap();
}

fn built_markdown_fixture() -> Scratch {
    let site = Scratch::copy_of("markdown");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_button_copies_a_code_block() {
    let site = built_markdown_fixture();
    let client = browser(1280, 900).await;
    client.goto(&file_url(&site, "all.html")).await.unwrap();
    let buttons = client
        .find_all(Locator::Css("pre.code-block .copy-button"))
        .await
        .unwrap();
    assert_eq!(buttons.len(), 5, "one per code block");
    assert_eq!(buttons[0].text().await.unwrap(), "复制");
    buttons[0].click().await.unwrap();
    assert_eq!(buttons[0].text().await.unwrap(), "已复制");
    // What was copied: paste it into a text area.
    script(
        &client,
        "var t = document.createElement('textarea'); t.id = 'paste'; document.body.appendChild(t); t.focus(); return null",
    )
    .await;
    let area = client.find(Locator::Id("paste")).await.unwrap();
    area.send_keys(&format!("{}v", char::from(Key::Control)))
        .await
        .unwrap();
    let pasted = script(&client, "return document.getElementById('paste').value").await;
    if pasted != "" {
        assert!(
            pasted
                .as_str()
                .unwrap()
                .contains("println!(\"你好 <world>\");"),
            "{pasted}"
        );
    }
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn math_is_laid_out_as_math() {
    let site = built_markdown_fixture();
    let client = browser(1280, 900).await;
    client.goto(&file_url(&site, "all.html")).await.unwrap();
    let size = script(
        &client,
        "var m = document.querySelector('.math-display math'); var r = m.getBoundingClientRect(); \
         var f = m.querySelector('mfrac').getBoundingClientRect(); return [r.width, r.height, f.height]",
    )
    .await;
    let size: Vec<f64> = size
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(size[0] > 100.0, "the formula has width: {size:?}");
    assert!(
        size[2] > 20.0,
        "the fraction stacks numerator over denominator: {size:?}"
    );
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn code_colours_follow_the_theme() {
    let site = built_markdown_fixture();
    let client = browser(1280, 900).await;
    client.goto(&file_url(&site, "all.html")).await.unwrap();
    let colour =
        "return getComputedStyle(document.querySelector('.language-rust .hl-comment')).color";
    script(
        &client,
        "document.documentElement.setAttribute('data-theme','light'); return null",
    )
    .await;
    let light = script(&client, colour).await;
    script(
        &client,
        "document.documentElement.setAttribute('data-theme','dark'); return null",
    )
    .await;
    let dark = script(&client, colour).await;
    assert_ne!(light, dark);
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn wide_tables_scroll_inside_the_page_on_a_phone() {
    let site = built_markdown_fixture();
    let client = browser(360, 800).await;
    client.goto(&file_url(&site, "all.html")).await.unwrap();
    let fits = script(
        &client,
        "return document.documentElement.scrollWidth <= window.innerWidth",
    )
    .await;
    assert_eq!(fits, true, "nothing widens the page");
    client.close().await.unwrap();
}
