//! Hostile notes build in time proportional to their size. Each case took
//! from tens of seconds to minutes when it grew with the square of its
//! size (40,000 equal headings: 107 s); built linearly it takes about a
//! second even in a debug build. The bound is far above that, so only a
//! return to quadratic time fails: `bench/linear.sh` has the figures at
//! one and two times these sizes.

mod common;

use std::time::{Duration, Instant};

use common::*;

const BOUND: Duration = Duration::from_secs(60);

fn builds_in_bounded_time(name: &str, note: String) {
    let site = Scratch::new();
    site.write("notes/a.md", note);
    let started = Instant::now();
    let output = site.build(&["--quiet"]);
    let took = started.elapsed();
    assert!(
        output.status.code().is_some(),
        "{name}: {}",
        stderr(&output)
    );
    assert!(took < BOUND, "{name} took {took:?}");
}

#[test]
fn thousands_of_equal_headings() {
    builds_in_bounded_time(
        "headings",
        format!("# T\n\n{}", "## Same\n\n".repeat(20_000)),
    );
}

#[test]
fn thousands_of_footnotes() {
    let references: String = (0..50_000).map(|i| format!("text[^{i}]\n\n")).collect();
    let definitions: String = (0..50_000).map(|i| format!("[^{i}]: note {i}\n")).collect();
    builds_in_bounded_time("footnotes", format!("# T\n\n{references}{definitions}"));
}

#[test]
fn a_quiz_with_thousands_of_options() {
    let options: String = (1..10_000).map(|i| format!("- [ ] option {i}\n")).collect();
    builds_in_bounded_time(
        "options",
        format!("# T\n\n```quiz\nQ?\n\n- [x] option 0\n{options}```\n"),
    );
}

#[test]
fn thousands_of_unclosed_divs() {
    builds_in_bounded_time("divs", format!("# T\n\n{}", "<div>\n\n".repeat(50_000)));
}

#[test]
fn a_formula_of_thousands_of_nested_braces() {
    let n = 20_000;
    builds_in_bounded_time(
        "braces",
        format!("# T\n\n$$\n{}x{}\n$$\n", "{".repeat(n), "}".repeat(n)),
    );
}
