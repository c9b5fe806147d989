//! End-to-end tests in headless Chromium of what runs in the reader's
//! browser: the ← / → keys, the theme toggle, the phone menu, code, math,
//! diagrams, search and `serve`'s reload (quiz cards: `quiz.rs`).
//!
//! Run with `cargo test -p studysite-browser-tests`; they need Debian's
//! `chromium` and `chromium-driver` (`.ci/run` installs them).

#[path = "../../common/mod.rs"]
mod common;
mod support;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;
use fantoccini::{Client, Locator, key::Key};
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn arrow_keys_follow_the_reading_order() {
    let site = built_book();
    let client = open(&site, "index.html").await;
    press(&client, Key::Right).await;
    expect_url(&client, "/1-first.html").await;
    press(&client, Key::Right).await;
    expect_url(&client, "/2-second.html").await;
    press(&client, Key::Left).await;
    expect_url(&client, "/1-first.html").await;
    press(&client, Key::Left).await;
    expect_url(&client, "/index.html").await;
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
    let client = open(&site, "1-first.html").await;
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
    let client = open(&site, "guide/1-a.html").await;
    let menu = client.find(Locator::Css(".menu-button")).await.unwrap();
    assert!(!menu.is_displayed().await.unwrap());
    let sidebar = client.find(Locator::Css("#sidebar")).await.unwrap();
    assert!(sidebar.is_displayed().await.unwrap());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn heading_anchor_shows_on_focus() {
    let site = built_book();
    let client = open(&site, "2-second.html").await;
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
    let client = open(&site, "all.html").await;
    let buttons = client
        .find_all(Locator::Css("pre.code-block .copy-button"))
        .await
        .unwrap();
    assert_eq!(buttons.len(), 6, "one per code block");
    assert_eq!(buttons[0].text().await.unwrap(), "复制");
    buttons[0].click().await.unwrap();
    // The label changes once the clipboard has the text (a promise); it
    // stays for 1.5 s.
    let started = Instant::now();
    let mut label = buttons[0].text().await.unwrap();
    while label != "已复制" && started.elapsed() < Duration::from_secs(1) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        label = buttons[0].text().await.unwrap();
    }
    assert_eq!(label, "已复制");
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
async fn hidden_lines_of_a_rust_example_show_on_request() {
    let site = Scratch::new();
    site.write(
        "notes/example.md",
        "# Example\n\n```rust\n# use std::fmt;\nfn main() {}\n```\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let client = open(&site, "example.html").await;
    let shown = "return getComputedStyle(document.querySelector('.boring')).display";
    assert_eq!(script(&client, shown).await, "none");
    let toggle = client
        .find(Locator::Css("pre.has-hidden-lines .hidden-lines-toggle"))
        .await
        .unwrap();
    assert_eq!(toggle.text().await.unwrap(), "Show hidden lines");
    toggle.click().await.unwrap();
    assert_eq!(script(&client, shown).await, "inline");
    assert_eq!(toggle.text().await.unwrap(), "Hide hidden lines");
    // The copy button copies the code element's text: the whole program.
    let program = "return document.querySelector('pre.has-hidden-lines code').textContent";
    assert_eq!(
        script(&client, program).await,
        "use std::fmt;\nfn main() {}\n"
    );
    toggle.click().await.unwrap();
    assert_eq!(script(&client, shown).await, "none");
    client.close().await.unwrap();
}

/// A book with tabs on two pages and a folded admonition.
fn built_tabs_book() -> Scratch {
    let site = Scratch::new();
    let group = "=== \"Python\"\n    Python 说明\n\n=== \"Java\"\n    Java 说明\n";
    site.write(
        "notes/1-a.md",
        format!("# A\n\n{group}\n??? tip \"答案\"\n    折叠的内容\n"),
    )
    .write("notes/2-b.md", format!("# B\n\n{group}"));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[tokio::test(flavor = "multi_thread")]
async fn tabs_show_one_panel_follow_the_keyboard_and_remember_the_label() {
    let site = built_tabs_book();
    let client = open(&site, "1-a.html").await;
    let visible = "return Array.from(document.querySelectorAll('.tab-panel')).filter(p => !p.hidden).map(p => p.innerText.trim()).join('|')";
    assert_eq!(script(&client, visible).await, "Python 说明");
    let tabs = client.find_all(Locator::Css("[role=tab]")).await.unwrap();
    assert_eq!(tabs.len(), 2);
    assert_eq!(
        tabs[0].attr("aria-selected").await.unwrap().as_deref(),
        Some("true")
    );
    // Arrow keys move between tabs and do not leave the page.
    tabs[0].click().await.unwrap();
    tabs[0]
        .send_keys(&char::from(Key::Right).to_string())
        .await
        .unwrap();
    assert_eq!(script(&client, visible).await, "Java 说明");
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("1-a.html")
    );
    let focused = "return document.activeElement.textContent";
    assert_eq!(script(&client, focused).await, "Java");
    tabs[1]
        .send_keys(&char::from(Key::Home).to_string())
        .await
        .unwrap();
    assert_eq!(script(&client, visible).await, "Python 说明");
    // A label picked by clicking is picked on the next page too.
    tabs[1].click().await.unwrap();
    client.goto(&file_url(&site, "2-b.html")).await.unwrap();
    assert_eq!(script(&client, visible).await, "Java 说明");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folded_admonition_opens_and_closes() {
    let site = built_tabs_book();
    let client = open(&site, "1-a.html").await;
    let open = "return document.querySelector('details.admonition').open";
    assert_eq!(script(&client, open).await, false);
    let summary = client
        .find(Locator::Css("details.admonition > summary"))
        .await
        .unwrap();
    assert_eq!(summary.text().await.unwrap(), "答案");
    summary.click().await.unwrap();
    assert_eq!(script(&client, open).await, true);
    let body = "return getComputedStyle(document.querySelector('details.admonition p:not(.admonition-title)')).display";
    assert_eq!(script(&client, body).await, "block");
    summary.send_keys(" ").await.unwrap();
    assert_eq!(script(&client, open).await, false);
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn diagrams_follow_the_theme_and_fit_a_phone() {
    let site = Scratch::new();
    site.write(
        "notes/diagram.md",
        "# 图\n\n```mermaid\ngraph LR\n  A[一个很长很长的开始节点] --> B[另一个很长很长的中间节点] --> C[再一个很长很长的结束节点] --> D[最后一个很长很长的节点]\n```\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let client = browser(360, 740).await;
    client.goto(&file_url(&site, "diagram.html")).await.unwrap();
    let shown = "return ['light', 'dark'].filter(t => getComputedStyle(document.querySelector('.diagram-' + t)).display !== 'none').join()";
    script(
        &client,
        "document.documentElement.setAttribute('data-theme', 'light'); return null",
    )
    .await;
    assert_eq!(script(&client, shown).await, "light");
    script(
        &client,
        "document.documentElement.setAttribute('data-theme', 'dark'); return null",
    )
    .await;
    assert_eq!(script(&client, shown).await, "dark");
    // The drawing scales down to the column instead of widening the page.
    let fits = "var svg = document.querySelector('.diagram-dark svg'); return svg.getBoundingClientRect().width <= document.querySelector('.content').clientWidth + 1 && document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(script(&client, fits).await, true);
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn math_is_laid_out_as_math() {
    let site = built_markdown_fixture();
    let client = open(&site, "all.html").await;
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
async fn aligned_rows_line_up_and_formulas_fit_a_phone() {
    let site = Scratch::new();
    site.write(
        "notes/math.md",
        "# 公式\n\n$$\n\\begin{aligned}\nf(x) &= (x+1)^2 \\\\\n     &= x^2 + 2x + 1\n\\end{aligned}\n$$\n\n损失 $L = -\\sum_{i=1}^{n} \\left( y_i \\log \\hat{y}_i + (1 - y_i) \\log (1 - \\hat{y}_i) \\right) + \\lambda \\|w\\|_2^2$ 很长。\n\n$$\nL = -\\sum_{i=1}^{n} \\left( y_i \\log \\hat{y}_i + (1 - y_i) \\log (1 - \\hat{y}_i) \\right) + \\lambda \\|w\\|_2^2 + \\frac{1}{2} \\sum_j w_j^2\n$$\n\n$$\n\\sum_{i=1}^{n} x_i\n$$\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let client = browser(360, 740).await;
    client.goto(&file_url(&site, "math.html")).await.unwrap();
    // The `=` of each row of `aligned` stands at one x position.
    let equals = "return Array.from(document.querySelectorAll('mtable mo')).filter(m => m.textContent === '=').map(m => Math.round(m.getBoundingClientRect().left))";
    let positions = script(&client, equals).await;
    let positions = positions.as_array().unwrap();
    assert_eq!(positions.len(), 2, "{positions:?}");
    assert_eq!(positions[0], positions[1], "{positions:?}");
    // Nothing widens the page; long formulas scroll within themselves.
    let page =
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]";
    let widths = script(&client, page).await;
    assert_eq!(widths[0], widths[1], "{widths:?}");
    let inside = "var c = document.querySelector('.content').getBoundingClientRect(); return Array.from(document.querySelectorAll('.math-inline-wide, .math-display')).every(e => e.getBoundingClientRect().right <= c.right + 1)";
    assert_eq!(script(&client, inside).await, true);
    let scrolls = "return Array.from(document.querySelectorAll('.math-display')).some(e => e.scrollWidth > e.clientWidth)";
    assert_eq!(
        script(&client, scrolls).await,
        true,
        "the long display formula scrolls in its box"
    );
    // A displayed sum is display size: a math font (the system's, else the
    // theme's own) gives the large operator.
    let sum = "return document.fonts.ready.then(() => { var s = Array.from(document.querySelectorAll('.math-display munderover > mo')).find(m => m.textContent === '∑'); return s.getBoundingClientRect().height / parseFloat(getComputedStyle(s).fontSize); })";
    let height = script(&client, sum).await.as_f64().unwrap();
    assert!(height > 1.3, "the display sum is {height} em tall");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn code_colours_follow_the_theme() {
    let site = built_markdown_fixture();
    let client = open(&site, "all.html").await;
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
    // GitHub's comment colours (`--hl0` in highlight.css; the light one
    // darkened to 4.5:1), not the text's.
    assert_eq!(light, "rgb(89, 99, 110)");
    assert_eq!(dark, "rgb(139, 148, 158)");
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

#[tokio::test(flavor = "multi_thread")]
async fn serve_reloads_the_page_and_shows_a_broken_build() {
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n\nBefore the edit.\n");
    let server = Server::start(&site);
    let client = browser(1280, 900).await;
    client
        .goto(&format!("http://{}/a.html", server.address))
        .await
        .unwrap();
    // Give the page time to open its event stream.
    tokio::time::sleep(Duration::from_millis(500)).await;
    script(&client, "window.sameDocument = true; return null").await;
    site.write("notes/a.md", "# A\n\nAfter the edit.\n");
    let body = "return document.querySelector('.content').textContent";
    let started = Instant::now();
    while !script(&client, body)
        .await
        .as_str()
        .unwrap_or("")
        .contains("After the edit.")
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the page reloads by itself"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        script(&client, "return window.sameDocument === undefined").await,
        true,
        "a real reload"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    site.write("notes/a.md", "---\ntitle: [broken\n---\n");
    let overlay =
        "var o = document.getElementById('studysite-problem'); return o ? o.textContent : ''";
    let started = Instant::now();
    while !script(&client, overlay)
        .await
        .as_str()
        .unwrap_or("")
        .contains("notes/a.md:2")
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the problem shows over the page"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    site.write("notes/a.md", "# A\n\nFixed.\n");
    let started = Instant::now();
    while !script(&client, body)
        .await
        .as_str()
        .unwrap_or("")
        .contains("Fixed.")
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "fixing the note recovers"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(script(&client, overlay).await, "");
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

/// Types a query into the search box and waits for what it shows.
async fn search_for(client: &Client, query: &str) -> serde_json::Value {
    let input = client
        .find(Locator::Css("input[type=search]"))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
    let read = "var r = document.querySelector('[data-search-results]'); \
        return r.hidden ? null : { query: r.getAttribute('data-query'), links: Array.from(r.querySelectorAll('a.search-result')).map(a => ({ href: decodeURIComponent(a.getAttribute('href')), text: a.textContent, marks: Array.from(a.querySelectorAll('mark')).map(m => m.textContent) })), message: (r.querySelector('.search-message') || {}).textContent || '' }";
    let started = Instant::now();
    loop {
        let value = script(client, read).await;
        let settled = !value.is_null() && value["query"] == query;
        if settled || started.elapsed() > Duration::from_secs(10) {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn served_search_fixture() -> (Scratch, Server) {
    let site = Scratch::copy_of("search");
    let server = Server::start(&site);
    // The index is built just after the pages.
    let started = Instant::now();
    while server.get("/search/meta.json").status != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the search index is served"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (site, server)
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_chinese_mid_sentence_english_prefixes_and_quiz_items() {
    let (_site, server) = served_search_fixture();
    let client = browser(1280, 900).await;
    client
        .goto(&format!("http://{}/01-tokens.html", server.address))
        .await
        .unwrap();
    // `/` opens the search box.
    press(&client, Key::Escape).await;
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let focused = script(&client, "return document.activeElement.type").await;
    assert_eq!(focused, "search");

    let found = search_for(&client, "池化层").await;
    let first = &found["links"][0];
    assert!(
        first["href"]
            .as_str()
            .unwrap()
            .ends_with("02-cnn.html#卷积神经网络"),
        "{found}"
    );
    assert!(
        first["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().contains("池化")),
        "{found}"
    );
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .starts_with("卷积与注意力 › 卷积神经网络"),
        "{found}"
    );

    for query in ["自回归", "遮蔽语言建模"] {
        let found = search_for(&client, query).await;
        let href = found["links"][0]["href"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(href.ends_with("02-cnn.html#预训练任务"), "{query}: {found}");
    }

    let found = search_for(&client, "token").await;
    let hrefs: Vec<String> = found["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["href"].as_str().unwrap().to_string())
        .collect();
    assert!(
        hrefs
            .iter()
            .any(|h| h.ends_with("01-tokens.html#tokenization")),
        "{found}"
    );
    assert!(found.to_string().contains("Tokenization"), "{found}");

    // A mixed query: an English word and Chinese from mid-sentence.
    let found = search_for(&client, "BERT 遮蔽").await;
    let href = found["links"][0]["href"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(href.ends_with("02-cnn.html#预训练任务"), "{found}");

    // Every pair looked up occurs in the chapter, but not the query as
    // written: no result.
    let found = search_for(&client, "语言建模和池化层").await;
    assert!(
        found["message"]
            .as_str()
            .unwrap_or_default()
            .contains("没有找到"),
        "{found}"
    );

    let found = search_for(&client, "循环神经网络").await;
    let quiz = found["links"][0]["href"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        quiz.contains("02-cnn.html#quiz-"),
        "a quiz item leads to its card: {found}"
    );

    let found = search_for(&client, "zzqqxx").await;
    assert!(
        found["message"].as_str().unwrap().contains("没有找到"),
        "{found}"
    );

    // A combobox: the status counts the results, the arrow keys choose one
    // while focus stays in the box, Esc clears and closes, Enter opens.
    let found = search_for(&client, "池化层").await;
    let count = found["links"].as_array().unwrap().len();
    let status = script(
        &client,
        "return document.querySelector('[data-search-status]').textContent",
    )
    .await;
    assert!(
        status
            .as_str()
            .unwrap()
            .starts_with(&format!("找到 {count} 条结果")),
        "{status}"
    );
    let input = client
        .find(Locator::Css("input[type=search]"))
        .await
        .unwrap();
    input
        .send_keys(&char::from(Key::Down).to_string())
        .await
        .unwrap();
    let chosen = script(
        &client,
        "var i = document.activeElement; var o = document.getElementById(i.getAttribute('aria-activedescendant')); \
         return [i.id, i.getAttribute('aria-expanded'), o.getAttribute('aria-selected'), getComputedStyle(o).outlineStyle, o === document.querySelector('[role=option]')]",
    )
    .await;
    assert_eq!(
        chosen,
        serde_json::json!(["search-input", "true", "true", "solid", true])
    );
    input
        .send_keys(&char::from(Key::Escape).to_string())
        .await
        .unwrap();
    let closed = script(
        &client,
        "return [document.activeElement.id, document.activeElement.value, document.querySelector('[data-search-results]').hidden, document.activeElement.getAttribute('aria-expanded')]",
    )
    .await;
    assert_eq!(
        closed,
        serde_json::json!(["search-input", "", true, "false"])
    );
    // Results close when focus leaves the box.
    search_for(&client, "池化层").await;
    script(&client, "document.querySelector('main').focus()").await;
    let hidden = script(
        &client,
        "return document.querySelector('[data-search-results]').hidden",
    )
    .await;
    assert_eq!(hidden, true);
    // Enter opens the first result.
    search_for(&client, "池化层").await;
    let first = script(
        &client,
        "return document.querySelector('[role=option]').getAttribute('href')",
    )
    .await;
    let input = client
        .find(Locator::Css("input[type=search]"))
        .await
        .unwrap();
    input
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let first = first.as_str().unwrap();
    let anchor = &first[first.find('#').unwrap()..];
    let url = wait_for_url(&client, anchor).await;
    assert!(url.ends_with(anchor), "{url} should end with {anchor}");
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn search_results_fit_a_phone_screen() {
    let (_site, server) = served_search_fixture();
    let client = browser(390, 844).await;
    client
        .goto(&format!("http://{}/02-cnn.html", server.address))
        .await
        .unwrap();
    let found = search_for(&client, "网络").await;
    assert!(!found["links"].as_array().unwrap().is_empty(), "{found}");
    let bounds = script(
        &client,
        "var r = document.querySelector('[data-search-results]').getBoundingClientRect(); \
         return [r.left, r.right, document.documentElement.clientWidth];",
    )
    .await;
    let (left, right, width) = (
        bounds[0].as_f64().unwrap(),
        bounds[1].as_f64().unwrap(),
        bounds[2].as_f64().unwrap(),
    );
    assert!(left >= 0.0 && right <= width, "{bounds}");
    assert!(
        right - left > width * 0.9,
        "the results use the screen's width: {bounds}"
    );
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn search_from_disk_says_it_needs_http() {
    let site = Scratch::copy_of("search");
    assert!(site.build(&[]).status.success());
    let client = open(&site, "01-tokens.html").await;
    let found = search_for(&client, "token").await;
    assert!(
        found["message"].as_str().unwrap().contains("HTTP"),
        "{found}"
    );
    client.close().await.unwrap();
}

/// What a measuring server sent: paths and sizes.
type Served = std::sync::Arc<std::sync::Mutex<Vec<(String, usize)>>>;

/// Serves a folder over HTTP on loopback, for measurements on a built
/// site, and records every file it sends (a web worker's downloads too).
fn serve_folder(folder: std::path::PathBuf) -> (std::net::SocketAddr, Served) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let served: Served = Default::default();
    let log = std::sync::Arc::clone(&served);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let folder = folder.clone();
            let log = std::sync::Arc::clone(&log);
            std::thread::spawn(move || {
                use std::io::{BufRead, BufReader, Write};
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let path = line
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/");
                let path = percent_encoding::percent_decode_str(path)
                    .decode_utf8_lossy()
                    .into_owned();
                let mut file = folder.join(path.trim_start_matches('/'));
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let mut stream = &stream;
                match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => {
                        let kind = if path.ends_with(".js") {
                            "text/javascript"
                        } else if path.ends_with(".html") || path.ends_with('/') {
                            "text/html"
                        } else {
                            "application/octet-stream"
                        };
                        log.lock().unwrap().push((path.clone(), body.len()));
                        let _ = write!(
                            stream,
                            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(&body);
                    }
                    _ => {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        );
                    }
                }
            });
        }
    });
    (address, served)
}

/// How many bytes one search downloads on a big book. A measurement, not a
/// test of the suite: build a book first, then
/// `STUDYSITE_SEARCH_SITE=/tmp/scale5k/public STUDYSITE_SEARCH_QUERY=ownership
/// cargo test --release -p studysite-browser-tests -- --ignored --nocapture search_weight`
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn search_weight() {
    let folder = std::path::PathBuf::from(
        std::env::var("STUDYSITE_SEARCH_SITE").expect("STUDYSITE_SEARCH_SITE"),
    );
    let query = std::env::var("STUDYSITE_SEARCH_QUERY").unwrap_or_else(|_| "ownership".into());
    let page = std::env::var("STUDYSITE_SEARCH_PAGE").unwrap_or_else(|_| "index.html".into());
    let (address, served) = serve_folder(folder);
    let client = browser(1280, 900).await;
    client
        .goto(&format!("http://{address}/{page}"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    served.lock().unwrap().clear();
    let found = search_for(&client, &query).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut total = 0;
    for (path, bytes) in served.lock().unwrap().iter() {
        total += bytes;
        println!("{bytes:>8}  {path}");
    }
    println!(
        "query {query:?}: {} results shown, {total} bytes fetched",
        found["links"].as_array().map_or(0, Vec::len)
    );
    client.close().await.unwrap();
}
