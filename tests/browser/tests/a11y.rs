//! Accessibility in headless Chromium: axe-core (fetched by
//! `tests/browser/fetch-axe`, never part of a site) finds no violation on
//! every kind of page, in the light and the dark theme, after answering
//! quiz items right and wrong, and with search results open.

#[path = "../../common/mod.rs"]
mod common;
mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::*;
use fantoccini::{Client, Locator};
use support::*;

/// axe-core's script, as `fetch-axe` leaves it.
fn axe_source() -> String {
    let path = repository().join("tests/browser/vendor/axe-core-4.14.1/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; run tests/browser/fetch-axe first",
            path.display()
        )
    })
}

/// The violations axe finds on the page as it is now, one line each.
async fn violations(client: &Client) -> Vec<String> {
    client.execute(&axe_source(), vec![]).await.unwrap();
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document).then(r => done(r.violations.map(v =>
               v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// The violations in the light theme and then in the dark one.
async fn violations_in_both_themes(client: &Client) -> Vec<String> {
    let mut found = Vec::new();
    for theme in ["light", "dark"] {
        script(
            client,
            &format!("document.documentElement.setAttribute('data-theme', '{theme}')"),
        )
        .await;
        found.extend(
            violations(client)
                .await
                .into_iter()
                .map(|v| format!("{theme}: {v}")),
        );
    }
    found
}

fn built(fixture: &str) -> Scratch {
    let site = Scratch::copy_of(fixture);
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

async fn audit(pages: &[(PathBuf, &str)], width: u32, height: u32) {
    let client = browser(width, height).await;
    let mut found = Vec::new();
    for (out, page) in pages {
        client
            .goto(&format!("file://{}", out.join(page).display()))
            .await
            .unwrap();
        found.extend(
            violations_in_both_themes(&client)
                .await
                .into_iter()
                .map(|v| format!("{page} at {width}px, {v}")),
        );
    }
    client.close().await.unwrap();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_of_page_has_no_violation() {
    let sample = built_sample_book();
    let markdown = built("markdown");
    let book = built("book");
    let pages = [
        (sample.out(), "index.html"),
        (sample.out(), "01-intro.html"),
        (sample.out(), "quiz.html"),
        (sample.out(), "review.html"),
        (sample.out(), "03-review.html"),
        (markdown.out(), "all.html"),
        (book.out(), "guide/index.html"),
        (book.out(), "404.html"),
    ];
    audit(&pages, 1280, 900).await;
    audit(&pages, 390, 844).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn quiz_cards_after_right_and_wrong_answers_have_no_violation() {
    let site = built("quiz");
    let client = browser(1280, 900).await;
    for page in ["01-fenced.html", "quiz.html"] {
        client.goto(&file_url(&site, page)).await.unwrap();
        // Right for one card, wrong for another, a reveal of the answer.
        for (id, option) in [("capital", 1), ("capital", 0)] {
            let anchor = script(
                &client,
                &format!("return document.querySelector(\"form[data-quiz-id='{id}']\").id"),
            )
            .await;
            let anchor = anchor.as_str().unwrap().to_string();
            click(&client, &format!("label[for='{anchor}-{option}']")).await;
            click(
                &client,
                &format!("form[data-quiz-id='{id}'] button[type=submit]"),
            )
            .await;
        }
        let found = violations_in_both_themes(&client).await;
        assert!(found.is_empty(), "{page}: {}", found.join("\n"));
    }
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn open_search_results_have_no_violation() {
    let site = Scratch::copy_of("search");
    let server = Server::start(&site);
    let started = Instant::now();
    while server.get("/search/meta.json").status != 200 {
        assert!(started.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(100));
    }
    let client = browser(1280, 900).await;
    client
        .goto(&format!("http://{}/01-tokens.html", server.address))
        .await
        .unwrap();
    let input = client
        .find(Locator::Css("input[type=search]"))
        .await
        .unwrap();
    input.send_keys("池化层").await.unwrap();
    let started = Instant::now();
    while script(
        &client,
        "return document.querySelectorAll('[role=option]').length",
    )
    .await
        == 0
    {
        assert!(started.elapsed() < Duration::from_secs(10), "results show");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    input
        .send_keys(&char::from(fantoccini::key::Key::Down).to_string())
        .await
        .unwrap();
    let found = violations_in_both_themes(&client).await;
    client.close().await.unwrap();
    assert!(found.is_empty(), "{}", found.join("\n"));
}
