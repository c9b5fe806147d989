//! Quiz items end to end on fixture sites: `quiz.json`, the cards' HTML,
//! the quiz page, and every error of `quiz-format.md` with file and line.

mod common;

use common::*;
use serde_json::Value;

fn built() -> Scratch {
    let site = Scratch::copy_of("quiz");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("with 8 quiz items"),
        "{}",
        stdout(&output)
    );
    site
}

fn bank(site: &Scratch) -> Vec<Value> {
    let json: Value = serde_json::from_str(&site.read("quiz.json")).unwrap();
    json["items"].as_array().unwrap().clone()
}

#[test]
fn quiz_json_lists_every_item_in_reading_order_with_the_schema() {
    let site = built();
    let items = bank(&site);
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "capital",
            "01-fenced/which-of-these-are-sequence-models",
            "01-fenced/which-one-is-a-prime-number",
            "01-fenced/what-does-this-print",
            "01-fenced/what-does-scriptscriptalert1script-do-in-a-stem",
            "part/02-exam/以下哪个领域最早应用了注意力机制",
            "part/02-exam/哪些是编码器模型",
            "part/02-exam/which-picture-shows-the-diagram",
        ]
    );
    let capital = &items[0];
    assert_eq!(capital["chapter"]["title"], "Fenced items");
    assert_eq!(capital["chapter"]["url"], "01-fenced.html");
    assert_eq!(capital["url"], "01-fenced.html#quiz-capital");
    assert_eq!(capital["source"]["path"], "notes/01-fenced.md");
    assert_eq!(capital["source"]["line"], 7);
    assert_eq!(capital["kind"], "single");
    assert_eq!(
        capital["stem_html"],
        "What is the capital of <em>France</em>?"
    );
    assert_eq!(capital["stem_text"], "What is the capital of France?");
    let options = capital["options"].as_array().unwrap();
    assert_eq!(options.len(), 3);
    assert_eq!(options[1]["text"], "Paris");
    assert_eq!(options[1]["correct"], true);
    assert_eq!(
        options[1]["feedback_html"],
        "Paris has been the capital since 508."
    );
    assert_eq!(options[0]["feedback_html"], "");
    assert_eq!(
        capital["explanation_html"],
        "Paris is the capital and the largest city."
    );

    assert_eq!(items[1]["kind"], "multiple");
    assert_eq!(
        items[2]["kind"], "multiple",
        "`multiple` hides the count of answers"
    );
    assert_eq!(items[1]["explanation_html"], "");
    assert!(
        items[3]["stem_html"]
            .as_str()
            .unwrap()
            .contains("<pre class=\"code-block\"")
    );

    let exam = &items[5];
    assert_eq!(exam["kind"], "single");
    assert_eq!(exam["source"]["path"], "notes/part/02-exam.md");
    assert_eq!(exam["source"]["line"], 7);
    let texts: Vec<&str> = exam["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["计算机视觉", "自然语言处理", "语音识别", "推荐系统"]
    );
    assert_eq!(
        exam["explanation_html"],
        "最早用于<strong>机器翻译</strong>。"
    );
    assert_eq!(items[6]["kind"], "multiple");
    // URLs in quiz.json are relative to the site root.
    assert!(
        items[7]["stem_html"]
            .as_str()
            .unwrap()
            .contains("src=\"part/img/pic.png\"")
    );
    for item in &items {
        let url = item["url"].as_str().unwrap();
        let (page, anchor) = url.split_once('#').unwrap();
        let html = site.html(page);
        assert_eq!(
            select(&html, &format!("form[id='{anchor}']")).len(),
            1,
            "{url}"
        );
    }
}

#[test]
fn cards_carry_the_page_hooks() {
    let site = built();
    let html = site.html("01-fenced.html");
    let forms = select(&html, "form[data-quiz-id]");
    assert_eq!(forms.len(), 5);
    let capital = &select(&html, "form[data-quiz-id='capital']")[0];
    assert_eq!(capital.value().attr("data-kind"), Some("single"));
    assert_eq!(capital.value().attr("id"), Some("quiz-capital"));
    assert_eq!(
        text(&html, "form[data-quiz-id='capital'] > fieldset > legend"),
        ["What is the capital of France?"]
    );
    assert_eq!(
        select(&html, "form[data-quiz-id='capital'] input[type=radio]").len(),
        3
    );
    for input in select(&html, "form[data-quiz-id] input") {
        let id = input.value().attr("id").unwrap();
        assert_eq!(
            select(&html, &format!("label[for='{id}']")).len(),
            1,
            "{id}"
        );
    }
    assert_eq!(
        select(&html, "form[data-quiz-id='capital'] button[type=submit]").len(),
        1
    );
    let multiple = "form[data-kind=multiple]";
    assert_eq!(select(&html, multiple).len(), 2);
    assert!(select(&html, &format!("{multiple} input[type=checkbox]")).len() >= 6);
    // Without JavaScript: the disclosure names the answer and explains it.
    let answer = text(&html, "form[data-quiz-id='capital'] details.quiz-answer").join(" ");
    assert!(
        answer.contains("B Paris")
            && answer.contains("largest city")
            && answer.contains("since 508"),
        "{answer}"
    );
    // The card links to its place on the quiz page.
    assert_eq!(
        attr(&html, "form[data-quiz-id='capital'] a.quiz-link", "href").as_deref(),
        Some("quiz.html#quiz-capital")
    );
    // Shuffled items say so for the script.
    assert_eq!(select(&html, "form[data-shuffle]").len(), 1);
    // The fence is gone from the page.
    assert!(!site.read("01-fenced.html").contains("```"));
}

#[test]
fn a_stem_with_a_script_tag_cannot_break_the_page() {
    let site = built();
    let source = site.read("01-fenced.html");
    assert!(!source.contains("<script>alert(1)"));
    assert_eq!(unbalanced_tags(&source), Vec::<String>::new());
    let quiz_page = site.read("quiz.html");
    assert!(!quiz_page.contains("<script>alert(1)"));
    for item in bank(&site) {
        assert!(!item["stem_html"].as_str().unwrap().contains("<script>"));
    }
}

#[test]
fn exam_style_items_and_prose_with_lettered_points() {
    let site = built();
    let html = site.html("part/02-exam.html");
    assert_eq!(select(&html, "form[data-quiz-id]").len(), 3);
    // The question heading stays a heading.
    assert!(
        text(&html, ".content h3")
            .iter()
            .any(|h| h.starts_with("哪些是编码器模型"))
    );
    // Prose with lettered points is left alone.
    let prose = text(&html, ".content > p").join("\n");
    assert!(
        prose.contains("A. 第一点") && prose.contains("B. 第二点"),
        "{prose}"
    );
    assert!(!site.read("part/02-exam.html").contains("答案：B"));
}

#[test]
fn the_quiz_page_groups_items_by_chapter_with_links_back() {
    let site = built();
    let html = site.html("quiz.html");
    assert_eq!(
        text(&html, ".quiz-chapter > h2"),
        ["Fenced items", "Exam style"]
    );
    assert_eq!(select(&html, ".quiz-chapter form[data-quiz-id]").len(), 8);
    assert_eq!(select(&html, "[data-quiz-score]").len(), 1);
    assert_eq!(text(&html, "[data-quiz-score]"), ["0 / 8"]);
    assert_eq!(select(&html, "[data-quiz-filter] option").len(), 3);
    assert_eq!(select(&html, "script[src='static/quiz.js']").len(), 1);
    // The exam: its setup lists the chapters with their questions, and its
    // script comes after quiz.js.
    assert_eq!(
        text(&html, "[data-exam-setup] .exam-chapter-count"),
        ["(5)", "(3)"]
    );
    assert_eq!(
        select(&html, "[data-exam-setup] input[name=count]")[0].attr("max"),
        Some("8")
    );
    let scripts: Vec<String> = select(&html, "script[src]")
        .iter()
        .map(|s| s.attr("src").unwrap().to_string())
        .collect();
    assert!(
        scripts.ends_with(&["static/quiz.js".into(), "static/exam.js".into()]),
        "{scripts:?}"
    );
    // Every card links back to its place, and the image in a stem resolves.
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
    let back: Vec<String> = select(&html, "a.quiz-link")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        back.contains(&"part/02-exam.html#quiz-哪些是编码器模型".to_string()),
        "{back:?}"
    );
}

#[test]
fn progress_markers_on_the_home_page_and_in_the_sidebar() {
    let site = built();
    let home = site.html("index.html");
    let keys = attr(
        &home,
        ".quiz-progress-summary [data-quiz-keys]",
        "data-quiz-keys",
    )
    .unwrap();
    assert_eq!(keys.split(' ').count(), 8);
    assert!(keys.starts_with("capital|"));
    let page = site.html("01-fenced.html");
    let sidebar = attr(&page, "#sidebar a[href='01-fenced.html']", "data-quiz-keys").unwrap();
    assert_eq!(sidebar.split(' ').count(), 5);
}

#[test]
fn pages_without_items_do_not_load_the_quiz_script() {
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n\nNo questions.\n");
    assert!(site.build(&[]).status.success());
    assert!(select(&site.html("a.html"), "script[src$='quiz.js']").is_empty());
    assert_eq!(site.read("quiz.json"), "{\n  \"items\": []\n}\n");
    assert!(
        text(&site.html("quiz.html"), "main")
            .join("")
            .contains("no quiz items")
    );
}

/// Builds a one-note site and returns stderr, asserting the build failed.
fn failing_build(note: &str) -> String {
    let site = Scratch::new();
    site.write("notes/q.md", note);
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!site.out().exists(), "nothing was written");
    stderr(&output)
}

#[test]
fn every_quiz_error_stops_the_build_with_file_and_line() {
    let cases = [
        (
            "intro\n\n```quiz\nQ?\n\n- [x] only\n```\n",
            "at least two options",
            3,
        ),
        (
            "intro\n\n```quiz\nQ?\n\n- [ ] a\n- [ ] b\n```\n",
            "no correct option",
            3,
        ),
        ("intro\n\nQ?\n\nA. a B. b\n\n答案：C\n", "names option C", 7),
        (
            "intro\n\n```quiz\nQ?\n\n- [x] same\n- [ ] same\n```\n",
            "same text",
            3,
        ),
        (
            "intro\n\n```quiz shufle\nQ?\n\n- [x] a\n- [ ] b\n```\n",
            "unknown quiz flag `shufle`",
            3,
        ),
        (
            "intro\n\nQ?\n\nA. only\n\n答案：A\n",
            "at least two options",
            3,
        ),
    ];
    for (note, message, line) in cases {
        let err = failing_build(note);
        assert!(err.contains(message), "{message}: {err}");
        assert!(
            err.contains(&format!("--> notes/q.md:{line}")),
            "{message}: {err}"
        );
    }
}

#[test]
fn the_same_explicit_id_twice_names_both_places() {
    let site = Scratch::new();
    let item = "```quiz id=twice\nQ?\n\n- [x] a\n- [ ] b\n```\n";
    site.write("notes/1-a.md", format!("# A\n\n{item}"))
        .write("notes/2-b.md", format!("# B\n\ntext\n\n{item}"));
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("the quiz id `twice` is already used at notes/1-a.md:3"),
        "{err}"
    );
    assert!(err.contains("--> notes/2-b.md:5"), "{err}");
}

#[test]
fn question_collections_answer_in_a_heading_and_label_options_with_a_colon() {
    let site = Scratch::new();
    site.write(
        "notes/题库.md",
        "# 题库\n\n### 1. 哪一个是编码器？\n\nA：BERT B：GPT\n\n#### ✅ 正确答案：A\n\n解析：BERT 只有编码器。\n\n### 2. 哪一个是解码器？\n\n- A: BERT\n- B: GPT\n\n**答案**：B\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("with 2 quiz items"),
        "{}",
        stdout(&output)
    );
    let items = bank(&site);
    let correct: Vec<Vec<bool>> = items
        .iter()
        .map(|item| {
            item["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|option| option["correct"] == true)
                .collect()
        })
        .collect();
    assert_eq!(correct, [[true, false], [false, true]]);
    assert!(
        items[0]["explanation_html"]
            .as_str()
            .unwrap()
            .contains("BERT 只有编码器")
    );
    assert_eq!(items[1]["stem_text"], "2. 哪一个是解码器？");
    // The answer is not on the page before the reader answers.
    let html = site.html("题库.html");
    assert!(!text(&html, ".content").concat().contains("正确答案"));
}

#[test]
fn a_question_collection_with_code_stems_and_answers_in_disclosures() {
    let site = Scratch::new();
    site.write(
        "notes/js.md",
        "# JS\n\n###### 1. 输出是什么？\n\n```javascript\nconsole.log(typeof 1)\n```\n\n- A: `\"number\"`\n- B: `\"string\"`\n\n<details><summary><b>答案</b></summary>\n<p>\n\n#### 答案：A\n\n`typeof 1` 是 `\"number\"`。\n\n</p>\n</details>\n\n---\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("with 1 quiz item "),
        "{}",
        stdout(&output)
    );
    let items = bank(&site);
    assert_eq!(items[0]["options"][0]["correct"], true);
    let stem = items[0]["stem_html"].as_str().unwrap();
    assert!(
        stem.contains("输出是什么？") && stem.contains("<pre"),
        "{stem}"
    );
    let explanation = items[0]["explanation_html"].as_str().unwrap();
    assert!(
        explanation.contains("<code>typeof 1</code>"),
        "{explanation}"
    );
    // The answer is not on the chapter page before the reader answers:
    // only in the card's explanation, which shows once answered.
    let html = site.html("js.html");
    assert_eq!(select(&html, ".content details:not(.quiz-answer)").len(), 0);
    assert!(!site.read("js.html").contains("答案：A"));
    assert_eq!(
        select(&html, ".content pre.code-block").len(),
        2,
        "the code on the page, and in the card's stem"
    );
}
