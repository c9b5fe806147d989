//! A note that uses every Markdown feature, built as a page: a snapshot of
//! its content, its warnings, and the page's structure around it.

mod common;

use common::*;

fn build_fixture() -> (Scratch, String) {
    let site = Scratch::copy_of("markdown");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    (site, stderr(&output))
}

fn content_html(site: &Scratch) -> String {
    let html = site.html("all.html");
    select(&html, ".content")[0].inner_html()
}

#[test]
fn every_feature_renders_as_the_snapshot() {
    let (site, _) = build_fixture();
    insta::assert_snapshot!(content_html(&site));
}

#[test]
fn warnings_name_file_line_and_column() {
    let (_, warnings) = build_fixture();
    insta::assert_snapshot!(warnings);
}

#[test]
fn broken_raw_html_leaves_the_layout_intact() {
    let (site, _) = build_fixture();
    let html = site.html("all.html");
    assert_eq!(select(&html, "body > .layout > #sidebar").len(), 1);
    assert_eq!(select(&html, "body > .layout > main").len(), 1);
    assert_eq!(select(&html, "body > footer.site-footer").len(), 1);
    assert_eq!(
        select(&html, "main footer, main #sidebar, .content .pager").len(),
        0
    );
    assert_eq!(
        select(&html, "main .pager").len(),
        1,
        "the pager stays outside the content"
    );
    assert_eq!(
        unbalanced_tags(&site.read("all.html")),
        Vec::<String>::new()
    );
    // What follows the broken line is not swallowed by it.
    assert_eq!(text(&html, ".content > p:last-of-type"), ["最后一段。"]);
    assert_eq!(select(&html, ".content > section.footnotes").len(), 1);
}

#[test]
fn highlight_stylesheet_only_on_pages_with_code() {
    let (site, _) = build_fixture();
    let with_code = site.html("all.html");
    assert_eq!(
        attr(&with_code, "link[href$='highlight.css']", "href").as_deref(),
        Some("static/highlight.css")
    );
    let home = site.html("index.html");
    assert!(select(&home, "link[href$='highlight.css']").is_empty());
}

#[test]
fn no_literal_emphasis_markers_outside_code() {
    let (site, _) = build_fixture();
    assert_eq!(
        literal_markers(&site.html("all.html")),
        Vec::<String>::new()
    );
}
