//! Quizzes written for mdbook-quiz (`{{#quiz file.toml}}` and a TOML file
//! of questions) become studysite's own cards, on the chapter and in
//! `quiz.json`.

mod common;

use common::*;
use serde_json::Value;
use studysite::output::Contents;
use studysite::pipeline::Session;

const QUIZ: &str = r#"[[questions]]
type = "MultipleChoice"
prompt.prompt = "What does `let` make?"
prompt.distractors = ["A constant", "A function"]
prompt.answerIndex = 1
answer.answer = "A variable binding"
context = "`let` binds a **name**."
id = "b230bed3-d6ba-4048-8b06-aa655d837b04"

[[questions]]
type = "MultipleChoice"
prompt.prompt = "Which are integer types?"
prompt.distractors = ["f64"]
answer.answer = ["i32"]

[[questions]]
type = "ShortAnswer"
prompt.prompt = "The keyword that makes a binding mutable?"
answer.answer = "mut"

[[questions]]
type = "Tracing"
prompt.program = """
fn main() {
  let x = 1;
  x += 1;
}
"""
answer.doesCompile = false
answer.lineNumber = 3
"#;

fn quiz_site() -> Scratch {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Book\"\n")
        .write(
            "notes/ch03/variables.md",
            "# Variables\n\nText.\n\n{{#quiz ../../quizzes/ch03.toml}}\n\nAfter the quiz.\n",
        )
        .write("quizzes/ch03.toml", QUIZ);
    site
}

fn quiz_json(site: &Scratch) -> Vec<Value> {
    let json: Value = serde_json::from_str(&site.read("quiz.json")).unwrap();
    json["items"].as_array().unwrap().clone()
}

#[test]
fn each_question_of_the_file_is_a_card_where_the_directive_stands() {
    let site = quiz_site();
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = site.html("ch03/variables.html");
    let kinds: Vec<String> = select(&html, ".content form[data-quiz-id]")
        .iter()
        .map(|form| form.attr("data-kind").unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["single", "multiple", "reveal", "reveal"]);
    assert!(!html.html().contains("{{#quiz"));
    assert_eq!(text(&html, ".content > p"), ["Text.", "After the quiz."]);
    // The answer of a revealed card is inside its disclosure.
    assert_eq!(
        text(&html, "form[data-kind=reveal] details .quiz-reveal-answer")[0],
        "mut"
    );

    let items = quiz_json(&site);
    assert_eq!(items.len(), 4);
    let choice = &items[0];
    assert_eq!(choice["id"], "b230bed3-d6ba-4048-8b06-aa655d837b04");
    assert_eq!(choice["source"]["path"], "notes/ch03/variables.md");
    assert_eq!(choice["source"]["line"], 5);
    let options: Vec<(&str, bool)> = choice["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["text"].as_str().unwrap(), o["correct"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        options,
        [
            ("A constant", false),
            ("A variable binding", true),
            ("A function", false)
        ]
    );
    assert_eq!(
        choice["explanation_html"],
        "<code>let</code> binds a <strong>name</strong>."
    );
    assert!(choice.get("answer_html").is_none());
    assert_eq!(items[1]["kind"], "multiple", "a list answer is multiple");
    assert_eq!(items[2]["kind"], "reveal");
    assert_eq!(items[2]["options"].as_array().unwrap().len(), 0);
    assert_eq!(items[2]["answer_html"], "mut");
    let tracing = &items[3];
    assert!(
        tracing["stem_text"]
            .as_str()
            .unwrap()
            .ends_with("print? fn main() {\n  let x = 1;\n  x += 1;\n}"),
        "{tracing}"
    );
    assert!(tracing["stem_html"].as_str().unwrap().contains("<pre"));
    assert_eq!(
        tracing["answer_html"],
        "This program does <strong>not</strong> compile. The error is on line 3."
    );
}

#[test]
fn a_mistake_in_the_quiz_file_is_an_error_at_its_line_and_the_site_is_kept() {
    let site = quiz_site();
    assert!(site.build(&[]).status.success());
    site.write(
        "quizzes/ch03.toml",
        QUIZ.replace("answer.answer = \"mut\"", "answer.answr = \"mut\""),
    );
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("quizzes/ch03.toml:16"), "{err}");
    assert!(err.contains("missing field `answer`"), "{err}");
    assert!(err.contains("notes/ch03/variables.md:5"), "{err}");
    assert_eq!(quiz_json(&site).len(), 4, "the previous site is kept");

    site.write(
        "quizzes/ch03.toml",
        QUIZ.replace(
            "prompt.distractors = [\"f64\"]",
            "prompt.distractors = [\"i32\"]",
        ),
    );
    let err = stderr(&site.build(&[]));
    assert!(err.contains("quizzes/ch03.toml:10"), "{err}");
    assert!(err.contains("same text"), "{err}");
}

#[test]
fn a_missing_quiz_file_is_an_error_and_an_escaped_directive_is_text() {
    let site = quiz_site();
    site.write(
        "notes/ch03/variables.md",
        "# Variables\n\n\\{{#quiz shown.toml}}\n\n{{#quiz gone.toml}}\n",
    );
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("cannot read the quiz file `gone.toml`")
            && err.contains("notes/ch03/variables.md:5:1"),
        "{err}"
    );
    site.write(
        "notes/ch03/variables.md",
        "# Variables\n\n\\{{#quiz shown.toml}}\n",
    );
    assert!(site.build(&[]).status.success());
    assert_eq!(
        text(&site.html("ch03/variables.html"), ".content > p"),
        ["{{#quiz shown.toml}}"]
    );
}

#[test]
fn serve_renders_the_chapter_again_when_its_quiz_file_changes() {
    let site = quiz_site();
    let mut session = Session::new(site.path(), false);
    session.rebuild(false).unwrap();
    session.rebuild(false).unwrap();
    assert_eq!(session.last_stats.notes_rendered, 0);
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write(
        "quizzes/ch03.toml",
        QUIZ.replace("The keyword that makes", "Which keyword makes"),
    );
    let (files, _) = session.rebuild(false).unwrap();
    assert_eq!(session.last_stats.notes_rendered, 1);
    let page = files
        .iter()
        .find(|f| f.path == "ch03/variables.html")
        .unwrap();
    let Contents::Bytes(bytes) = &page.contents else {
        panic!("the page is rendered")
    };
    assert!(String::from_utf8_lossy(bytes).contains("Which keyword makes"));
}
