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
