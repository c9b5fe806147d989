//! A book written for mdBook builds as it stands: its `SUMMARY.md`, its
//! `{{#include}}` directives and the hidden lines of its Rust examples.

mod common;

use common::*;
use studysite::output::Contents;
use studysite::pipeline::Session;

fn mdbook_site() -> Scratch {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Book\"\n")
        .write(
            "notes/ch01/hello.md",
            "# Hello\n\n```rust\n{{#rustdoc_include listings/main.rs:greet}}\n```\n\n```rust\n{{#include listings/main.rs:1:1}}\n```\n\n{{#include shared.md}} {{#include ../../listings/name.txt}}\n",
        )
        .write(
            "notes/ch01/listings/main.rs",
            "use std::fmt;\n\n// ANCHOR: greet\nfn main() {\n    println!(\"hi\");\n}\n// ANCHOR_END: greet\n",
        )
        .write("notes/ch01/shared.md", "Shared *text* from")
        // Outside `notes/`, as mdBook books keep their listings.
        .write("listings/name.txt", "a listing.\n");
    site
}

#[test]
fn includes_are_expanded_and_included_lines_hidden() {
    let site = mdbook_site();
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = site.html("ch01/hello.html");
    let blocks = text(&html, "pre.code-block code");
    assert_eq!(
        blocks,
        [
            "use std::fmt;\n\nfn main() {\n    println!(\"hi\");\n}",
            "use std::fmt;"
        ]
    );
    let hidden = text(&html, "pre.has-hidden-lines .boring");
    assert_eq!(hidden, ["use std::fmt;", ""]);
    assert_eq!(text(&html, ".content > p"), ["Shared text from a listing."]);
    assert_eq!(select(&html, ".content > p em").len(), 1);
}

#[test]
fn a_missing_include_is_an_error_at_its_line_and_the_site_is_kept() {
    let site = mdbook_site();
    assert!(site.build(&[]).status.success());
    site.write(
        "notes/ch01/hello.md",
        "# Hello\n\nText.\n\n```rust\n{{#include listings/gone.rs}}\n```\n",
    );
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("cannot include `listings/gone.rs`")
            && err.contains("notes/ch01/hello.md:6:1"),
        "{err}"
    );
    assert!(site.read("ch01/hello.html").contains("println!"));
}

#[test]
fn serve_renders_a_note_again_when_a_file_it_includes_changes() {
    let site = mdbook_site();
    let mut session = Session::new(site.path(), false);
    session.rebuild(false).unwrap();
    session.rebuild(false).unwrap();
    assert_eq!(session.last_stats.notes_rendered, 0);
    // Make sure the file's stamp changes even on a coarse clock.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("listings/name.txt", "an edited listing\n");
    let (files, _) = session.rebuild(false).unwrap();
    assert_eq!(session.last_stats.notes_rendered, 1);
    let page = files.iter().find(|f| f.path == "ch01/hello.html").unwrap();
    let Contents::Bytes(bytes) = &page.contents else {
        panic!("the page is rendered")
    };
    assert!(String::from_utf8_lossy(bytes).contains("an edited listing"));
}

#[test]
fn summary_parts_and_nesting_make_the_sidebar() {
    let site = Scratch::new();
    site.write(
        "notes/SUMMARY.md",
        "# Summary\n\n[前言](README.md)\n\n# 基础篇\n\n- [变量](basics/variables.md)\n- [所有权](ownership/index.md)\n  - [借用](ownership/borrowing.md)\n\n# 进阶篇\n\n- [并发](advanced/concurrency.md)\n- [尚未写](advanced/missing.md)\n\n---\n\n[附录](appendix.md)\n",
    )
    .write("notes/README.md", "# 前言\n")
    .write("notes/basics/variables.md", "# 变量\n")
    .write("notes/ownership/index.md", "# 所有权\n")
    .write("notes/ownership/borrowing.md", "# 借用\n")
    .write("notes/advanced/concurrency.md", "# 并发\n")
    .write("notes/appendix.md", "# 附录\n")
    .write("notes/advanced/extra.md", "# 额外\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("notes/SUMMARY.md:14")
            && err.contains("links `advanced/missing.md`, which is not a note"),
        "{err}"
    );
    assert!(
        err.contains("advanced/extra.md"),
        "the unlisted note: {err}"
    );

    let html = site.html("ownership/borrowing.html");
    let book = "#sidebar > ul.nav-list:nth-of-type(2) > li";
    let top = text(&html, &format!("{book} > a, {book} > details > summary"));
    assert_eq!(top, ["基础篇", "进阶篇", "附录", "advanced"]);
    // mdBook's introduction, `README.md`, is the home page.
    assert_eq!(
        attr(&site.html("index.html"), ".home-header h1", "id").as_deref(),
        Some("前言")
    );
    // The part that holds the page is open, the chapter with chapters of
    // its own is a part with its page, and the page is marked.
    assert_eq!(
        text(&html, "#sidebar details[open] > summary"),
        ["基础篇", "所有权"]
    );
    assert_eq!(text(&html, "#sidebar [aria-current=page]"), ["借用"]);
    assert_eq!(
        text(&html, ".breadcrumbs li"),
        ["Home", "基础篇", "所有权", "借用"]
    );
    assert_eq!(
        attr(&html, "a[rel=next]", "href").as_deref(),
        Some("../advanced/concurrency.html")
    );
    assert!(
        !files(&site.out()).iter().any(|p| p == "SUMMARY.html"),
        "the table of contents is not a page"
    );
}
