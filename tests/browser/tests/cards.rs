//! Review cards in headless Chromium: the review page's queue and its
//! schedule, a wrong quiz answer asked again, review by keyboard alone,
//! the recall control in a chapter, and progress carried to another
//! browser by export and import.

#[path = "../../common/mod.rs"]
mod common;
mod support;

use common::*;
use std::time::{Duration, Instant};

use fantoccini::Client;
use support::*;

/// Two question headings and a quiz in one chapter, an explicit card in
/// another: three cards, and a quiz item asked once answered wrong.
fn cards_site() -> Scratch {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Cards\"\n")
        .write(
            "notes/a.md",
            "# Attention\n\n## What is attention?\n\nA weighting of the inputs.\n\n## Why scale the dot product?\n\nTo keep the softmax from saturating.\n\n```quiz id=pick\nWhich is a sequence model?\n\n- [x] RNN\n- [ ] SVM\n```\n",
        )
        .write("notes/b.md", "# More\n\nCapital of France::Paris\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

/// What the reviewer shows: the count line, the front, whether the answer
/// is shown, and whether the card comes from the quiz.
async fn reviewer(client: &Client) -> serde_json::Value {
    script(
        client,
        "var q = function (s) { return document.querySelector(s); };
         return { count: q('[data-review-count]').textContent,
                  front: q('[data-reviewer]').hidden ? null : q('[data-review-front]').textContent.trim(),
                  answer: !q('[data-review-back]').hidden,
                  quiz: !q('[data-review-origin]').hidden,
                  finished: q('[data-review-finished]').hidden ? null : q('[data-review-finished]').textContent,
                  focus: document.activeElement.getAttribute('data-grade') || document.activeElement.className };",
    )
    .await
}

/// The days from today until card `id` is due again, from its record.
async fn days_until_due(client: &Client, id: &str) -> i64 {
    script(
        client,
        &format!(
            "var r = JSON.parse(localStorage.getItem('studysite:card:{id}'));
             var now = new Date();
             var today = Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
             return r.due - today;"
        ),
    )
    .await
    .as_i64()
    .unwrap()
}

/// Types `keys` into whatever has the focus, as a keyboard would.
async fn type_keys(client: &Client, keys: &str) {
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(keys)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn rating_good_schedules_a_card_days_later_and_the_schedule_survives_a_reload() {
    let site = cards_site();
    let client = open(&site, "review.html").await;
    let state = reviewer(&client).await;
    assert_eq!(state["count"], "0 done, 3 left", "every new card is due");
    assert_eq!(state["front"], "What is attention?");
    assert_eq!(state["answer"], false);
    let badge =
        "return document.querySelector('.header-links .due-badge > [aria-hidden]').textContent";
    assert_eq!(script(&client, badge).await, "3");
    let spoken =
        "return document.querySelector('.header-links .due-badge .visually-hidden').textContent";
    assert_eq!(script(&client, spoken).await, " 3 due today");
    click(&client, "[data-review-show]").await;
    let state = reviewer(&client).await;
    assert_eq!(state["answer"], true);
    assert_eq!(state["focus"], "review-back", "the answer is read out");
    click(&client, "[data-review-ratings] [data-grade='3']").await;
    let state = reviewer(&client).await;
    assert_eq!(state["count"], "1 done, 2 left");
    assert_eq!(state["front"], "Why scale the dot product?");
    assert!(days_until_due(&client, "a/what-is-attention").await >= 1);
    client.refresh().await.unwrap();
    let state = reviewer(&client).await;
    assert_eq!(state["count"], "0 done, 2 left", "the schedule survives");
    assert_eq!(state["front"], "Why scale the dot product?");
    assert_eq!(script(&client, badge).await, "2");
    // The chapter in the sidebar counts its own due cards.
    let chapter_badge = "return document.querySelector('#sidebar a[data-card-prefix=\"a/\"] .due-badge > [aria-hidden]').textContent";
    assert_eq!(script(&client, chapter_badge).await, "1");
    // A schedule of a card the book no longer has (its question was
    // reworded) does not make the counts smaller.
    script(
        &client,
        "localStorage.setItem('studysite:card:a/an-old-question', JSON.stringify({ d: 5, s: 3, last: 0, due: 99999999, at: 1, reps: 1, lapses: 0 }))",
    )
    .await;
    client.goto(&file_url(&site, "a.html")).await.unwrap();
    assert_eq!(script(&client, chapter_badge).await, "1");
    assert_eq!(script(&client, badge).await, "2");
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_quiz_answer_is_asked_again_and_the_keyboard_alone_reviews() {
    let site = cards_site();
    let client = open(&site, "a.html").await;
    // Answer the quiz wrong in its chapter.
    let anchor = script(
        &client,
        "return document.querySelector(\"form[data-quiz-id='pick']\").id",
    )
    .await;
    let anchor = anchor.as_str().unwrap();
    click(&client, &format!("label[for='{anchor}-1']")).await;
    click(&client, "form[data-quiz-id='pick'] button[type=submit]").await;
    client.goto(&file_url(&site, "review.html")).await.unwrap();
    assert_eq!(reviewer(&client).await["count"], "0 done, 4 left");
    // Space shows each answer, a digit rates it: no mouse. The missed quiz
    // item comes after its chapter's cards.
    for expected in [
        "What is attention?",
        "Why scale the dot product?",
        "Which is a sequence model?",
        "Capital of France",
    ] {
        let state = reviewer(&client).await;
        let front = state["front"].as_str().unwrap().to_string();
        assert!(front.starts_with(expected), "{front}");
        let is_quiz = expected.starts_with("Which");
        assert_eq!(state["quiz"], is_quiz, "{expected}");
        type_keys(&client, " ").await;
        assert_eq!(reviewer(&client).await["answer"], true, "{expected}");
        if is_quiz {
            let back = script(
                &client,
                "return document.querySelector('[data-review-back]').textContent",
            )
            .await;
            assert!(back.as_str().unwrap().contains("RNN"), "{back}");
        }
        type_keys(&client, if is_quiz { "1" } else { "3" }).await;
    }
    // Again: asked once more before the session ends.
    let state = reviewer(&client).await;
    assert_eq!(state["count"], "4 done, 1 left");
    assert_eq!(state["quiz"], true, "{state}");
    type_keys(&client, " ").await;
    type_keys(&client, "3").await;
    let state = reviewer(&client).await;
    assert_eq!(state["count"], "5 done, 0 left");
    let finished = state["finished"].as_str().unwrap();
    assert!(
        finished.starts_with("All done for today. The next card is due on "),
        "{finished}"
    );
    let badge = "return document.querySelector('.header-links .due-badge')";
    assert_eq!(
        script(&client, badge).await,
        serde_json::Value::Null,
        "the header's count follows the ratings"
    );
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_book_with_quizzes_but_no_cards_reviews_its_missed_questions() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "# Quiz only\n\n```quiz id=pick\nWhich is a sequence model?\n\n- [x] RNN\n- [ ] SVM\n```\n",
    );
    assert!(site.build(&[]).status.success());
    let client = open(&site, "review.html").await;
    assert_eq!(reviewer(&client).await["count"], "0 done, 0 left");
    client.goto(&file_url(&site, "a.html")).await.unwrap();
    let anchor = script(
        &client,
        "return document.querySelector(\"form[data-quiz-id='pick']\").id",
    )
    .await;
    click(
        &client,
        &format!("label[for='{}-1']", anchor.as_str().unwrap()),
    )
    .await;
    click(&client, "form[data-quiz-id='pick'] button[type=submit]").await;
    client.goto(&file_url(&site, "review.html")).await.unwrap();
    let state = reviewer(&client).await;
    assert_eq!(state["count"], "0 done, 1 left");
    assert_eq!(state["quiz"], true);
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chapter_card_folds_its_answer_away_until_it_is_shown() {
    let site = cards_site();
    let client = open(&site, "a.html").await;
    let answer_hidden = "var h = document.querySelector('h2[data-card]');
        var p = h.nextElementSibling.nextElementSibling; return getComputedStyle(p).display === 'none';";
    assert_eq!(
        script(&client, answer_hidden).await,
        false,
        "nothing hidden at first"
    );
    click(&client, "h2[data-card] + .recall .recall-button").await;
    assert_eq!(
        script(&client, answer_hidden).await,
        true,
        "recall folds it"
    );
    click(&client, "h2[data-card] + .recall .recall-button").await;
    assert_eq!(script(&client, answer_hidden).await, false, "shown again");
    click(&client, "h2[data-card] + .recall [data-grade='4']").await;
    let status = script(
        &client,
        "return document.querySelector('h2[data-card] + .recall .recall-status').textContent",
    )
    .await;
    assert!(
        status.as_str().unwrap().starts_with("Next review: "),
        "{status}"
    );
    assert!(days_until_due(&client, "a/what-is-attention").await >= 1);
    client.close().await.unwrap();
}

/// Waits for the browser to finish writing a download into `folder`.
fn downloaded(folder: &std::path::Path) -> std::path::PathBuf {
    let started = Instant::now();
    loop {
        if let Some(file) = std::fs::read_dir(folder)
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .find(|path| path.extension().is_some_and(|e| e == "json"))
        {
            return file;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the export is downloaded"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn exported_progress_imports_into_a_fresh_browser_without_overwriting_newer() {
    let site = cards_site();
    let downloads = tempfile::tempdir().unwrap();
    let first = open(&site, "review.html").await;
    first
        .issue_cmd(cdp(
            "Browser.setDownloadBehavior",
            serde_json::json!({ "behavior": "allow", "downloadPath": downloads.path() }),
        ))
        .await
        .unwrap();
    // Rate the first two cards in the first browser.
    for _ in 0..2 {
        click(&first, "[data-review-show]").await;
        click(&first, "[data-review-ratings] [data-grade='3']").await;
    }
    assert_eq!(reviewer(&first).await["count"], "2 done, 1 left");
    click(&first, "[data-review-export]").await;
    let file = downloaded(downloads.path());
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(exported["format"], "studysite-progress");
    first.close().await.unwrap();

    // A fresh profile: everything is due. Its own rating of the first card
    // is newer than the export's and stays.
    let second = open(&site, "review.html").await;
    assert_eq!(reviewer(&second).await["count"], "0 done, 3 left");
    click(&second, "[data-review-show]").await;
    click(&second, "[data-review-ratings] [data-grade='4']").await;
    let own = script(
        &second,
        "return localStorage.getItem('studysite:card:a/what-is-attention')",
    )
    .await;
    second
        .find(fantoccini::Locator::Css("[data-review-import]"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    let status = "return document.querySelector('[data-review-io-status]').textContent";
    let started = Instant::now();
    while script(&second, status).await == "" {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the import ends"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        script(&second, status).await,
        "Imported 1 records; 1 were already here, the same or newer, and were kept."
    );
    assert_eq!(
        script(
            &second,
            "return localStorage.getItem('studysite:card:a/what-is-attention')"
        )
        .await,
        own,
        "newer progress is not overwritten"
    );
    let state = reviewer(&second).await;
    assert_eq!(state["count"], "0 done, 1 left", "the same cards are due");
    assert_eq!(state["front"], "Capital of France");
    second.close().await.unwrap();
}
