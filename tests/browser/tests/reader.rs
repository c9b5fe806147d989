//! A reader's site in headless Chromium: the phone menu of a big book,
//! a chapter that opens with its title, a header on one line, no page
//! wider than a phone, and printing.

#[path = "../../common/mod.rs"]
mod common;
mod support;

use common::*;
use fantoccini::Client;
use support::*;

fn built(site: Scratch) -> Scratch {
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

async fn phone(width: u32) -> Client {
    browser(width, 844).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_phone_menu_of_a_150_page_book_reaches_its_last_chapter() {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"A big book\"\n");
    for n in 1..=150 {
        site.write(
            &format!("notes/ch{n:03}.md"),
            format!("# Chapter {n}\n\nText of chapter {n}.\n"),
        );
    }
    let site = built(site);
    let client = phone(390).await;
    client.goto(&file_url(&site, "ch075.html")).await.unwrap();
    click(&client, ".menu-button").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let menu = script(
        &client,
        "var s = document.getElementById('sidebar'); var r = s.getBoundingClientRect(); \
         var current = s.querySelector('[aria-current=page]').getBoundingClientRect(); \
         return [Math.round(r.bottom) === innerHeight, s.scrollHeight > s.clientHeight, current.top >= r.top && current.bottom <= r.bottom, getComputedStyle(document.body).overflow]",
    )
    .await;
    assert_eq!(
        menu,
        serde_json::json!([true, true, true, "hidden"]),
        "the menu fills the screen below the header, scrolls, shows the current page, and holds the page still"
    );
    click(&client, "#sidebar a[href='ch150.html']").await;
    expect_url(&client, "ch150.html").await;

    // Esc closes it and gives focus back to the button; so does a tap
    // outside.
    for close in ["escape", "outside"] {
        click(&client, ".menu-button").await;
        match close {
            "escape" => {
                script(
                    &client,
                    "document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))",
                )
                .await;
            }
            _ => {
                script(&client, "document.querySelector('main').click()").await;
            }
        }
        let state = script(
            &client,
            "return [document.body.classList.contains('sidebar-open'), document.activeElement.classList.contains('menu-button')]",
        )
        .await;
        assert_eq!(state, serde_json::json!([false, true]), "{close}");
    }
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_the_sidebar_is_full_width_below_the_page() {
    let site = built(Scratch::copy_of("book"));
    let client = browser_with(390, 844, &["--blink-settings=scriptEnabled=false"]).await;
    client
        .goto(&file_url(&site, "guide/1-a.html"))
        .await
        .unwrap();
    let width = script(
        &client,
        "return Math.round(document.getElementById('sidebar').getBoundingClientRect().width) === document.documentElement.clientWidth",
    )
    .await;
    assert_eq!(width, true);
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_a_chapter_opens_with_its_title_and_the_header_is_one_line() {
    let site = built_sample_book();
    for width in [320, 360, 390] {
        let client = phone(width).await;
        client
            .goto(&file_url(&site, "01-intro.html"))
            .await
            .unwrap();
        let page = script(
            &client,
            "var h = document.querySelector('.site-header'); var tops = Array.from(h.children).filter(c => c.offsetParent !== null).map(c => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)); \
             var title = document.querySelector('h1').getBoundingClientRect(); \
             var quiz = document.querySelector('.header-links a').getBoundingClientRect(); \
             return { header: Math.round(h.getBoundingClientRect().height), centred: Math.max(...tops) - Math.min(...tops) <= 2, quizOneLine: quiz.height < 30, titleTop: Math.round(title.top), siteTitle: getComputedStyle(document.querySelector('.site-title')).display, folded: !document.querySelector('.toc-fold').open }",
        )
        .await;
        assert_eq!(page["header"], 56, "{width}: {page}");
        assert_eq!(page["centred"], true, "{width}: {page}");
        assert_eq!(page["quizOneLine"], true, "{width}: {page}");
        assert!(page["titleTop"].as_i64().unwrap() < 200, "{width}: {page}");
        assert_eq!(page["folded"], true, "{width}: {page}");
        let title_shown = if width >= 360 { "block" } else { "none" };
        assert_eq!(page["siteTitle"], title_shown, "{width}: {page}");
        client.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_page_is_wider_than_a_320_px_phone() {
    let sample = built_sample_book();
    let markdown = built(Scratch::copy_of("markdown"));
    let client = phone(320).await;
    let mut wide = Vec::new();
    for site in [&sample, &markdown] {
        for entry in walkdir::WalkDir::new(site.out()) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            client
                .goto(&format!("file://{}", entry.path().display()))
                .await
                .unwrap();
            let width = script(
                &client,
                "return [document.documentElement.scrollWidth, window.innerWidth]",
            )
            .await;
            if width[0].as_i64() > width[1].as_i64() {
                wide.push(format!("{}: {width}", entry.path().display()));
            }
        }
    }
    client.close().await.unwrap();
    assert!(wide.is_empty(), "{wide:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_printed_page_is_the_content_with_every_answer() {
    let site = built(Scratch::copy_of("quiz"));
    let client = browser(1280, 900).await;
    for page in ["01-fenced.html", "quiz.html"] {
        client.goto(&file_url(&site, page)).await.unwrap();
        // The reader's dark theme does not print.
        script(
            &client,
            "document.documentElement.setAttribute('data-theme', 'dark')",
        )
        .await;
        emulate_print(&client, true).await;
        let printed = script(
            &client,
            "var shown = s => Array.from(document.querySelectorAll(s)).filter(e => e.getBoundingClientRect().height > 0).length; \
             return { chrome: shown('.site-header, .sidebar, .pager, .breadcrumbs, .quiz-toolbar, button, .site-search'), \
                      cards: document.querySelectorAll('form[data-quiz-id]').length, \
                      answers: Array.from(document.querySelectorAll('.quiz-answer > p')).filter(p => p.getBoundingClientRect().height > 0).length, \
                      whole: Array.from(document.querySelectorAll('.quiz-card')).every(c => getComputedStyle(c).breakInside === 'avoid'), \
                      scheme: getComputedStyle(document.documentElement).colorScheme, \
                      code: getComputedStyle(document.querySelector('.content pre') || document.body).whiteSpace }",
        )
        .await;
        assert_eq!(printed["chrome"], 0, "{page}: {printed}");
        assert_eq!(printed["answers"], printed["cards"], "{page}: {printed}");
        assert_eq!(printed["whole"], true, "{page}: {printed}");
        assert_eq!(printed["scheme"], "light", "{page}: {printed}");
        if page == "01-fenced.html" {
            assert_eq!(printed["code"], "pre-wrap", "{page}: {printed}");
        }
        emulate_print(&client, false).await;
    }
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn long_titles_and_wide_code_stay_inside_a_phone() {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Book\"\n")
        .write("notes/01-a.md", "# A\n\nText.\n")
        .write(
            "notes/02-clickhouse.md",
            format!(
                "# ClickHouse-ReplicatedReplacingMergeTree-VersionedCollapsingMergeTree\n\n```text\n{}\n```\n",
                "x".repeat(300)
            ),
        )
        .write("notes/03-c.md", "# C\n\nText.\n");
    let site = built(site);
    let client = phone(320).await;
    for page in ["01-a.html", "03-c.html", "02-clickhouse.html"] {
        client.goto(&file_url(&site, page)).await.unwrap();
        let width = script(
            &client,
            "return document.documentElement.scrollWidth <= window.innerWidth",
        )
        .await;
        assert_eq!(width, true, "{page}");
    }
    // The wide code shows a shadow at its right edge, and → scrolls it
    // rather than turning the page.
    let shadow = script(
        &client,
        "return getComputedStyle(document.querySelector('.content pre')).backgroundImage.includes('radial-gradient')",
    )
    .await;
    assert_eq!(shadow, true);
    script(
        &client,
        "var pre = document.querySelector('.content pre'); pre.tabIndex = 0; pre.focus()",
    )
    .await;
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(&char::from(fantoccini::key::Key::Right).to_string())
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let url = client.current_url().await.unwrap().to_string();
    assert!(url.ends_with("02-clickhouse.html"), "{url}");
    client.close().await.unwrap();
}
