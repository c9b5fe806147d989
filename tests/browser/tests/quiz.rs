//! Quiz cards in headless Chromium: checking answers, progress, the quiz
//! page, cards made from mdbook-quiz files, and exam mode.

#[path = "../../common/mod.rs"]
mod common;
mod support;

use common::*;
use std::time::Duration;

use fantoccini::{Client, Locator, key::Key};
use support::*;

fn built_quiz_fixture() -> Scratch {
    let site = Scratch::copy_of("quiz");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

async fn choose(client: &Client, form: &str, options: &[usize]) {
    let anchor = script(
        client,
        &format!("return document.querySelector(\"form[data-quiz-id='{form}']\").id"),
    )
    .await;
    let anchor = anchor.as_str().unwrap().to_string();
    for option in options {
        let label = client
            .find(Locator::Css(&format!("label[for='{anchor}-{option}']")))
            .await
            .unwrap();
        label.click().await.unwrap();
    }
}

async fn submit(client: &Client, form: &str) {
    let button = client
        .find(Locator::Css(&format!(
            "form[data-quiz-id='{form}'] button[type=submit]"
        )))
        .await
        .unwrap();
    button.click().await.unwrap();
}

async fn state(client: &Client, form: &str) -> serde_json::Value {
    script(client, &format!("return document.querySelector(\"form[data-quiz-id='{form}']\").getAttribute('data-state')")).await
}

async fn result_text(client: &Client, form: &str) -> String {
    let value = script(client, &format!("return document.querySelector(\"form[data-quiz-id='{form}'] .quiz-result\").textContent")).await;
    value.as_str().unwrap().to_string()
}

const SEQUENCE: &str = "01-fenced/which-of-these-are-sequence-models";

#[tokio::test(flavor = "multi_thread")]
async fn answering_right_and_wrong() {
    let site = built_quiz_fixture();
    let client = open(&site, "01-fenced.html").await;
    // Wrong first: Lyon.
    choose(&client, "capital", &[0]).await;
    submit(&client, "capital").await;
    assert_eq!(state(&client, "capital").await, "incorrect");
    let result = result_text(&client, "capital").await;
    assert!(
        result.contains("Not quite")
            && result.contains("Missed: B")
            && result.contains("Wrong choices: A"),
        "{result}"
    );
    let marks = script(&client, "return Array.from(document.querySelectorAll(\"form[data-quiz-id='capital'] .quiz-mark\")).map(m => m.textContent)").await;
    assert_eq!(
        marks,
        serde_json::json!(["✗ wrong choice", "✓ correct option", ""])
    );
    let explanation = script(
        &client,
        "return document.querySelector(\"form[data-quiz-id='capital'] .quiz-explanation\").hidden",
    )
    .await;
    assert_eq!(explanation, false, "the explanation shows once answered");
    // A screen reader hears each verdict with its option, and the
    // explanation with the result; the signs are skipped.
    let read = script(
        &client,
        "var f = document.querySelector(\"form[data-quiz-id='capital']\"); \
         var input = f.querySelector('#quiz-capital-0'); \
         var described = input.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent.trim()); \
         return [described, f.querySelector('.quiz-mark [aria-hidden=true]').textContent, f.querySelector('.quiz-result .visually-hidden').textContent.trim().length > 0, f.querySelector('.quiz-mark').closest('[aria-hidden]') === null]",
    )
    .await;
    assert_eq!(
        read,
        serde_json::json!([["✗ wrong choice"], "✗ ", true, true])
    );
    // Then right: Paris, whose feedback shows.
    choose(&client, "capital", &[1]).await;
    submit(&client, "capital").await;
    assert_eq!(state(&client, "capital").await, "correct");
    assert!(result_text(&client, "capital").await.contains("Correct"));
    let feedback = script(&client, "return document.querySelector(\"#quiz-capital-1\").closest('li').querySelector('.quiz-feedback').hidden").await;
    assert_eq!(feedback, false);
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn multiple_choice_needs_exactly_the_correct_set() {
    let site = built_quiz_fixture();
    let client = open(&site, "01-fenced.html").await;
    choose(&client, SEQUENCE, &[0]).await;
    submit(&client, SEQUENCE).await;
    assert_eq!(state(&client, SEQUENCE).await, "incorrect");
    assert!(result_text(&client, SEQUENCE).await.contains("Missed: B"));
    choose(&client, SEQUENCE, &[1, 2]).await;
    submit(&client, SEQUENCE).await;
    assert_eq!(state(&client, SEQUENCE).await, "incorrect");
    let result = result_text(&client, SEQUENCE).await;
    assert!(
        result.contains("Wrong choices: C") && !result.contains("Missed"),
        "{result}"
    );
    choose(&client, SEQUENCE, &[2]).await;
    submit(&client, SEQUENCE).await;
    assert_eq!(state(&client, SEQUENCE).await, "correct");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_survives_a_reload_and_shows_everywhere() {
    let site = built_quiz_fixture();
    let client = open(&site, "01-fenced.html").await;
    choose(&client, "capital", &[1]).await;
    submit(&client, "capital").await;
    client.refresh().await.unwrap();
    assert_eq!(
        state(&client, "capital").await,
        "correct",
        "restored after a reload"
    );
    let checked = script(
        &client,
        "return document.querySelector('#quiz-capital-1').checked",
    )
    .await;
    assert_eq!(checked, true);
    let badge = script(&client, "return document.querySelector(\"#sidebar a[href='01-fenced.html'] .quiz-badge\").textContent").await;
    assert_eq!(badge, "1/5");
    client.goto(&file_url(&site, "index.html")).await.unwrap();
    let home = script(
        &client,
        "return document.querySelector('.quiz-progress-summary .quiz-badge').textContent",
    )
    .await;
    assert_eq!(home, "1/8");
    client.goto(&file_url(&site, "quiz.html")).await.unwrap();
    assert_eq!(
        state(&client, "capital").await,
        "correct",
        "the quiz page shares the progress"
    );
    let score = script(
        &client,
        "return document.querySelector('[data-quiz-score]').textContent",
    )
    .await;
    assert_eq!(score, "1 / 8");
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn quiz_page_score_retry_reset_and_filter() {
    let site = built_quiz_fixture();
    let client = open(&site, "quiz.html").await;
    let score = "return document.querySelector('[data-quiz-score]').textContent";
    assert_eq!(script(&client, score).await, "0 / 8");
    choose(&client, "capital", &[1]).await;
    submit(&client, "capital").await;
    choose(&client, SEQUENCE, &[2]).await;
    submit(&client, SEQUENCE).await;
    assert_eq!(script(&client, score).await, "1 / 8");
    // Retry shows only the one answered wrong, cleared.
    click(&client, "[data-quiz-retry]").await;
    let visible = script(&client, "return Array.from(document.querySelectorAll('form[data-quiz-id]')).filter(f => f.offsetParent !== null).map(f => f.dataset.quizId)").await;
    assert_eq!(visible, serde_json::json!([SEQUENCE]));
    assert_eq!(state(&client, SEQUENCE).await, serde_json::Value::Null);
    // The chapter filter shows one chapter.
    let filter = client
        .find(Locator::Css("[data-quiz-filter]"))
        .await
        .unwrap();
    filter.select_by_value("1").await.unwrap();
    let chapters = script(
        &client,
        "return Array.from(document.querySelectorAll('[data-quiz-chapter]')).map(s => s.hidden)",
    )
    .await;
    assert_eq!(chapters, serde_json::json!([true, false]));
    // Reset forgets everything.
    click(&client, "[data-quiz-reset]").await;
    assert_eq!(script(&client, score).await, "0 / 8");
    client.refresh().await.unwrap();
    assert_eq!(state(&client, "capital").await, serde_json::Value::Null);
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn shuffled_options_keep_their_order_for_a_reader() {
    let site = built_quiz_fixture();
    let client = browser(1280, 900).await;
    let prime = "01-fenced/which-one-is-a-prime-number";
    let order = format!(
        "return Array.from(document.querySelectorAll(\"form[data-quiz-id='{prime}'] .quiz-option\")).map(o => o.dataset.option + o.querySelector('.quiz-letter').textContent)"
    );
    client
        .goto(&file_url(&site, "01-fenced.html"))
        .await
        .unwrap();
    let first = script(&client, &order).await;
    client.refresh().await.unwrap();
    assert_eq!(
        script(&client, &order).await,
        first,
        "the same order after a reload"
    );
    let letters: Vec<String> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap()[1..].to_string())
        .collect();
    assert_eq!(
        letters,
        ["A", "B", "C", "D"],
        "letters follow the shown order"
    );
    // The answer in the disclosure names 7 by the letter it shows.
    let shown_seven = script(
        &client,
        &format!("return document.querySelector(\"form[data-quiz-id='{prime}'] .quiz-option[data-option='1'] .quiz-letter\").textContent + ' / ' + document.querySelector(\"form[data-quiz-id='{prime}'] .quiz-answer [data-option='1']\").textContent"),
    )
    .await;
    let shown_seven = shown_seven.as_str().unwrap();
    let (option, answer) = shown_seven.split_once(" / ").unwrap();
    assert_eq!(option, answer, "{shown_seven}");
    // The right answer is still right wherever it stands.
    let seven = script(
        &client,
        &format!("return document.querySelector(\"form[data-quiz-id='{prime}']\").id"),
    )
    .await;
    let label = client
        .find(Locator::Css(&format!(
            "label[for='{}-1']",
            seven.as_str().unwrap()
        )))
        .await
        .unwrap();
    label.click().await.unwrap();
    submit(&client, prime).await;
    assert_eq!(state(&client, prime).await, "correct");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_alone_answers_a_card() {
    let site = built_quiz_fixture();
    let client = open(&site, "01-fenced.html").await;
    script(
        &client,
        "document.querySelector('#quiz-capital-0').focus(); return null",
    )
    .await;
    let focused = client.active_element().await.unwrap();
    focused
        .send_keys(&char::from(Key::Down).to_string())
        .await
        .unwrap();
    focused
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        state(&client, "capital").await,
        "correct",
        "↓ picks Paris, Enter checks"
    );
    let live = script(&client, "return document.querySelector(\"form[data-quiz-id='capital'] .quiz-result\").getAttribute('aria-live')").await;
    assert_eq!(live, "polite");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_the_answer_is_a_disclosure() {
    let site = built_quiz_fixture();
    let client = browser_with(1280, 900, &["--blink-settings=scriptEnabled=false"]).await;
    client
        .goto(&file_url(&site, "01-fenced.html"))
        .await
        .unwrap();
    let legend = client
        .find(Locator::Css("form[data-quiz-id='capital'] legend"))
        .await
        .unwrap();
    assert!(legend.is_displayed().await.unwrap());
    let options = client
        .find_all(Locator::Css("form[data-quiz-id='capital'] .quiz-option"))
        .await
        .unwrap();
    assert_eq!(options.len(), 3);
    let button = client
        .find(Locator::Css(
            "form[data-quiz-id='capital'] button[type=submit]",
        ))
        .await
        .unwrap();
    assert!(
        !button.is_displayed().await.unwrap(),
        "no check button that cannot work"
    );
    let summary = client
        .find(Locator::Css("form[data-quiz-id='capital'] details summary"))
        .await
        .unwrap();
    summary.click().await.unwrap();
    let answer = client
        .find(Locator::Css("form[data-quiz-id='capital'] details"))
        .await
        .unwrap();
    let text = answer.text().await.unwrap();
    assert!(
        text.contains("B Paris") && text.contains("largest city"),
        "{text}"
    );
    client.close().await.unwrap();
}

/// A site whose chapter holds an mdbook-quiz file: a multiple-choice
/// question and a short answer.
fn built_mdbook_quiz_site() -> Scratch {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Book\"\n")
        .write(
            "notes/ch01.md",
            "# Variables\n\n{{#quiz ../quizzes/ch01.toml}}\n",
        )
        .write(
            "quizzes/ch01.toml",
            "[[questions]]\nid = \"pick\"\ntype = \"MultipleChoice\"\nprompt.prompt = \"What does `let` make?\"\nprompt.distractors = [\"A constant\", \"A function\"]\nanswer.answer = \"A binding\"\ncontext = \"It binds a name.\"\n\n[[questions]]\nid = \"keyword\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"The keyword that makes a binding mutable?\"\nanswer.answer = \"mut\"\n",
        );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[tokio::test(flavor = "multi_thread")]
async fn cards_from_an_mdbook_quiz_file_are_checked_and_revealed() {
    let site = built_mdbook_quiz_site();
    let client = open(&site, "ch01.html").await;
    // The multiple-choice question is checked like any card.
    let answer = script(
        &client,
        "return Number(document.querySelector(\"form[data-quiz-id='pick']\").dataset.answer)",
    )
    .await;
    choose(&client, "pick", &[answer.as_u64().unwrap() as usize]).await;
    submit(&client, "pick").await;
    assert_eq!(state(&client, "pick").await, "correct");
    // The short answer: revealed, then graded by the reader.
    let grade_hidden =
        "return document.querySelector(\"form[data-quiz-id='keyword'] .quiz-grade\").hidden";
    assert_eq!(script(&client, grade_hidden).await, true);
    click(&client, "form[data-quiz-id='keyword'] summary").await;
    let answer = client
        .find(Locator::Css(
            "form[data-quiz-id='keyword'] .quiz-reveal-answer",
        ))
        .await
        .unwrap();
    assert_eq!(answer.text().await.unwrap(), "mut");
    assert_eq!(script(&client, grade_hidden).await, false);
    client
        .find(Locator::Css(
            "form[data-quiz-id='keyword'] .quiz-grade button[value=incorrect]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(state(&client, "keyword").await, "incorrect");
    // Both are remembered, and count on the quiz page.
    client.goto(&file_url(&site, "quiz.html")).await.unwrap();
    assert_eq!(state(&client, "keyword").await, "incorrect");
    let open_answer = script(
        &client,
        "return document.querySelector(\"form[data-quiz-id='keyword'] details\").open",
    )
    .await;
    assert_eq!(open_answer, true);
    let score = script(
        &client,
        "return document.querySelector('[data-quiz-score]').textContent",
    )
    .await;
    assert_eq!(score, "1 / 2");
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

/// The ids of the cards in the exam, once it has started (the dialog's
/// `close` event, which starts it, comes after the click that closes it).
async fn exam_ids(client: &Client) -> Vec<String> {
    let started = std::time::Instant::now();
    loop {
        let ids = script(
            client,
            "return Array.from(document.querySelectorAll('[data-exam-questions] form')).map(f => f.dataset.quizId)",
        )
        .await;
        let ids: Vec<String> = serde_json::from_value(ids).unwrap();
        if !ids.is_empty() || started.elapsed() > Duration::from_secs(5) {
            return ids;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the exam's setup, keeps only the chapters `keep` (by index), sets
/// the count and the time limit, and starts.
async fn start_exam(client: &Client, keep: &[&str], count: u32, minutes: u32) {
    click(client, "[data-exam-open]").await;
    let keep = serde_json::to_string(keep).unwrap();
    script(
        client,
        &format!(
            "const keep = {keep};
             document.querySelectorAll('[data-exam-setup] input[name=chapter]').forEach(b => b.checked = keep.includes(b.value));
             const form = document.querySelector('[data-exam-setup] form');
             form.elements.count.value = '{count}';
             form.elements.minutes.value = '{minutes}';"
        ),
    )
    .await;
    click(client, "[data-exam-setup] button[value=start]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exam_marks_nothing_until_handed_in_then_scores_and_feeds_retry() {
    let site = built_quiz_fixture();
    let client = open(&site, "quiz.html").await;
    let first_chapter = script(
        &client,
        "return Array.from(document.querySelectorAll('[data-quiz-chapter=\"0\"] form:not([data-kind=reveal])')).map(f => f.dataset.quizId)",
    )
    .await;
    let first_chapter: Vec<String> = serde_json::from_value(first_chapter).unwrap();
    start_exam(&client, &["0"], 3, 0).await;
    let drawn = exam_ids(&client).await;
    assert_eq!(drawn.len(), 3);
    assert!(
        drawn.iter().all(|id| first_chapter.contains(id)),
        "{drawn:?} from {first_chapter:?}"
    );
    let page = script(
        &client,
        "return [document.querySelector('[data-quiz-toolbar]').offsetParent === null, Array.from(document.querySelectorAll('[data-quiz-chapter]')).every(s => s.offsetParent === null), document.querySelector('[data-exam]').hidden, document.activeElement.id]",
    )
    .await;
    assert_eq!(page, serde_json::json!([true, true, false, "exam-title"]));
    let answers_shown = script(
        &client,
        "return Array.from(document.querySelectorAll('[data-exam-questions] .quiz-answer, [data-exam-questions] .quiz-link')).some(e => e.offsetParent !== null)",
    )
    .await;
    assert_eq!(
        answers_shown, false,
        "no answer and no way out before handing in"
    );

    // The first right, the second wrong, the third left empty.
    let answer_of = |id: &str| {
        format!(
            "return document.querySelector(\"form[data-quiz-id='{id}']\").dataset.answer.split(' ').map(Number)"
        )
    };
    let right: Vec<usize> =
        serde_json::from_value(script(&client, &answer_of(&drawn[0])).await).unwrap();
    choose(&client, &drawn[0], &right).await;
    let right: Vec<usize> =
        serde_json::from_value(script(&client, &answer_of(&drawn[1])).await).unwrap();
    let wrong = (0..4).find(|i| !right.contains(i)).unwrap();
    choose(&client, &drawn[1], &[wrong]).await;
    let progress = script(
        &client,
        "return document.querySelector('[data-exam-progress]').textContent",
    )
    .await;
    assert_eq!(progress, "2 / 3 answered");
    for id in &drawn {
        assert_eq!(
            state(&client, id).await,
            serde_json::Value::Null,
            "no feedback before handing in"
        );
    }
    let submit_shown = script(
        &client,
        "return Array.from(document.querySelectorAll('[data-exam-questions] button[type=submit]')).some(b => b.offsetParent !== null)",
    )
    .await;
    assert_eq!(submit_shown, false);

    click(&client, "[data-exam-finish]").await;
    assert_eq!(state(&client, &drawn[0]).await, "correct");
    assert_eq!(state(&client, &drawn[1]).await, "incorrect");
    assert_eq!(state(&client, &drawn[2]).await, "incorrect");
    let status = script(
        &client,
        "return document.querySelector('[data-exam-status]').textContent",
    )
    .await;
    assert_eq!(status, "Your score: 1 / 3 (33%)");
    let explained = script(
        &client,
        "return Array.from(document.querySelectorAll('[data-exam-questions] .quiz-explanation')).every(e => !e.hidden)",
    )
    .await;
    assert_eq!(explained, true);
    let locked = script(
        &client,
        "return Array.from(document.querySelectorAll('[data-exam-questions] fieldset')).every(f => f.disabled)",
    )
    .await;
    assert_eq!(locked, true, "the result is a record, not answered again");

    // Back on the page, the missed ones are what "retry" shows.
    click(&client, "[data-exam-leave]").await;
    let back = script(
        &client,
        "return [document.querySelectorAll('[data-quiz-chapter] form').length, document.querySelector('[data-quiz-score]').textContent, document.activeElement.matches('[data-exam-open]')]",
    )
    .await;
    assert_eq!(back, serde_json::json!([8, "1 / 8", true]));
    click(&client, "[data-quiz-retry]").await;
    let visible = script(&client, "return Array.from(document.querySelectorAll('form[data-quiz-id]')).filter(f => f.offsetParent !== null).map(f => f.dataset.quizId).sort()").await;
    let mut missed = vec![drawn[1].clone(), drawn[2].clone()];
    missed.sort();
    assert_eq!(visible, serde_json::json!(missed));
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exam_with_a_time_limit_hands_itself_in() {
    let site = built_quiz_fixture();
    let client = open(&site, "quiz.html").await;
    start_exam(&client, &["0", "1"], 8, 1).await;
    assert_eq!(exam_ids(&client).await.len(), 8);
    let timer = "return document.querySelector('[data-exam-timer]').textContent";
    let shown = script(&client, timer).await;
    assert!(
        shown == "Time left 1:00" || shown == "Time left 0:59",
        "{shown}"
    );
    // A minute passes.
    script(
        &client,
        "const now = Date.now.bind(Date); Date.now = () => now() + 61000;",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let status = script(
        &client,
        "return document.querySelector('[data-exam-status]').textContent",
    )
    .await;
    assert_eq!(
        status,
        "Time is up: the exam was handed in. Your score: 0 / 8 (0%)"
    );
    let done = script(
        &client,
        "return document.querySelector('[data-exam]').hasAttribute('data-exam-done')",
    )
    .await;
    assert_eq!(done, true);
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exam_works_from_the_keyboard_on_a_phone() {
    let site = built_quiz_fixture();
    let client = browser(375, 740).await;
    client.goto(&file_url(&site, "quiz.html")).await.unwrap();
    let open_button = client.find(Locator::Css("[data-exam-open]")).await.unwrap();
    open_button
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let dialog = script(
        &client,
        "const d = document.querySelector('[data-exam-setup]'); const r = d.getBoundingClientRect(); return [d.open, r.left >= 0 && r.right <= window.innerWidth, d.contains(document.activeElement)]",
    )
    .await;
    assert_eq!(dialog, serde_json::json!([true, true, true]));
    let start = client
        .find(Locator::Css("[data-exam-setup] button[value=start]"))
        .await
        .unwrap();
    start
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let drawn = exam_ids(&client).await;
    assert_eq!(drawn.len(), 8, "by default every question, up to ten");
    // Space on a focused option chooses it.
    let input = client
        .find(Locator::Css("[data-exam-questions] li:first-child input"))
        .await
        .unwrap();
    input.send_keys(" ").await.unwrap();
    let progress = script(
        &client,
        "return document.querySelector('[data-exam-progress]').textContent",
    )
    .await;
    assert_eq!(progress, "1 / 8 answered");
    let finish = client
        .find(Locator::Css("[data-exam-finish]"))
        .await
        .unwrap();
    finish
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let after = script(
        &client,
        "return [document.activeElement.id, document.querySelector('[data-exam-status]').textContent.startsWith('Your score:'), document.documentElement.scrollWidth <= window.innerWidth]",
    )
    .await;
    assert_eq!(after, serde_json::json!(["exam-title", true, true]));
    assert_eq!(console_errors(&client).await, Vec::<String>::new());
    client.close().await.unwrap();
}
