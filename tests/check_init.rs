//! `studysite check` and `studysite init` from the command line.

mod common;

use common::*;

fn bad_site() -> Scratch {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "# A\n\nSee [gone](missing.md).\n\n```quiz\nQ?\n\n- [x] only\n```\n",
    )
    .write("notes/b.md", "---\ntitle: [x\n---\n")
    .write("notes/c.md", "Points:\n\nA. one\n\nB. two\n");
    site
}

#[test]
fn check_reports_every_problem_like_a_compiler() {
    let site = bad_site();
    let output = studysite(&["check", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "error: a quiz item needs at least two options, this one has 1\n  --> notes/a.md:5"
        ),
        "{err}"
    );
    assert!(err.contains("--> notes/b.md:2"), "{err}");
    assert!(err.contains("warning: link to a missing note `missing.md`\n  --> notes/a.md:3:5\n  |\n3 | See [gone](missing.md).\n  |     ^"), "{err}");
    assert!(
        err.contains("warning: lettered options without an answer line"),
        "{err}"
    );
    assert!(err.contains("--> notes/c.md:3:1"), "{err}");
    assert!(err.ends_with("found 2 errors and 2 warnings\n"), "{err}");
    assert!(!err.contains('\x1b'), "no colour when not on a terminal");
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn check_json_is_one_object_per_line() {
    let site = bad_site();
    let output = studysite(&["check", site.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let quiz = lines
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("two options"))
        .unwrap();
    assert_eq!(quiz["severity"], "error");
    assert_eq!(quiz["path"], "notes/a.md");
    assert_eq!(quiz["line"], 5);
}

#[test]
fn check_exit_codes_and_deny_warnings() {
    let site = Scratch::new();
    site.write("notes/a.md", "[x](gone.md)\n");
    let root = site.path().to_str().unwrap();
    assert_eq!(studysite(&["check", root]).status.code(), Some(0));
    assert_eq!(
        studysite(&["check", root, "--deny-warnings"]).status.code(),
        Some(1)
    );
    let clean = Scratch::new();
    clean.write("notes/a.md", "# Fine\n");
    let output = studysite(&["check", clean.path().to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("no problems found"));
    assert_eq!(
        studysite(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
}

#[test]
fn init_then_build_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("mybook");
    let output = studysite(&["init", book.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("studysite serve"));
    for file in [
        "studysite.toml",
        ".gitignore",
        "notes/index.md",
        "notes/01-getting-started.md",
    ] {
        assert!(book.join(file).is_file(), "{file}");
    }
    let check = studysite(&["check", book.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let build = studysite(&["build", book.to_str().unwrap()]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        stdout(&build).contains("with 2 quiz items"),
        "{}",
        stdout(&build)
    );
    let page = std::fs::read_to_string(book.join("public/01-getting-started.html")).unwrap();
    for feature in ["hl-", "<math", "admonition-tip", "data-quiz-id"] {
        assert!(page.contains(feature), "{feature}");
    }
    assert!(
        std::fs::read_to_string(book.join("public/02-quizzes.html"))
            .unwrap()
            .contains("data-quiz-id")
    );
    assert_eq!(broken_links(&book.join("public")), Vec::<String>::new());
}

#[test]
fn init_refuses_a_folder_that_holds_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = studysite(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("already holds files"));
    assert_eq!(files(dir.path()), ["notes.txt"]);
}

#[test]
fn init_with_theme_copies_it_and_the_copy_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("themed");
    assert!(
        studysite(&["init", book.to_str().unwrap(), "--theme"])
            .status
            .success()
    );
    assert!(book.join("templates/chapter.html").is_file());
    assert!(book.join("static/style.css").is_file());
    std::fs::write(book.join("static/style.css"), "body { color: teal; }\n").unwrap();
    assert!(
        studysite(&["build", book.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(book.join("public/static/style.css")).unwrap(),
        "body { color: teal; }\n"
    );
}

#[test]
fn a_reader_that_stops_early_ends_check_quietly() {
    let site = Scratch::new();
    // Thousands of warnings: more JSON than a pipe holds.
    let links: String = (0..4000)
        .map(|n| format!("[x{n}](missing-{n}.md)\n\n"))
        .collect();
    site.write("notes/a.md", format!("# A\n\n{links}"));
    let mut child = std::process::Command::new(binary())
        .args(["check", site.path().to_str().unwrap(), "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.starts_with('{'), "{first}");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(output.status.code(), Some(0), "{err}");
}
