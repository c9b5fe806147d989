//! The search index a build writes: Pagefind's bundle under `pagefind/`,
//! and the page hooks that decide what it indexes.

mod common;

use common::*;

fn built() -> Scratch {
    let site = Scratch::copy_of("search");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("(search index"),
        "{}",
        stdout(&output)
    );
    site
}

#[test]
fn the_index_is_a_split_bundle_under_pagefind() {
    let site = built();
    let index: Vec<String> = files(&site.out())
        .into_iter()
        .filter(|f| f.starts_with("pagefind/"))
        .collect();
    for needed in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.unknown.pagefind",
    ] {
        assert!(index.iter().any(|f| f == needed), "{needed} in {index:?}");
    }
    let chunks = index
        .iter()
        .filter(|f| f.starts_with("pagefind/index/"))
        .count();
    let fragments = index
        .iter()
        .filter(|f| f.starts_with("pagefind/fragment/"))
        .count();
    assert!(chunks >= 1, "{index:?}");
    // One fragment per chapter and per quiz item.
    assert_eq!(fragments, 3, "{index:?}");
    assert!(
        !index.iter().any(|f| f.contains("-ui.")),
        "Pagefind's own interfaces are left out"
    );
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert!(
        entry["languages"]["zh"].is_object(),
        "indexed as Chinese: {entry}"
    );
    assert_eq!(entry["languages"]["zh"]["page_count"], 3);
}

#[test]
fn pages_mark_what_is_indexed() {
    let site = built();
    let page = site.html("02-cnn.html");
    assert_eq!(select(&page, "article[data-pagefind-body]").len(), 1);
    assert_eq!(
        select(&page, "form.quiz-card[data-pagefind-ignore='all']").len(),
        1,
        "quiz items are records of their own"
    );
    assert!(select(&page, "h2 .heading-anchor[data-pagefind-ignore]").len() >= 2);
    // Home, quiz and 404 pages are not indexed.
    for generated in ["index.html", "quiz.html", "404.html"] {
        assert!(
            select(&site.html(generated), "[data-pagefind-body]").is_empty(),
            "{generated}"
        );
    }
}

#[test]
fn every_page_has_a_search_box_that_loads_the_index_from_the_site() {
    let site = built();
    for (page, root) in [
        ("index.html", ""),
        ("01-tokens.html", ""),
        ("quiz.html", ""),
    ] {
        let html = site.html(page);
        assert_eq!(
            select(&html, "[data-search] input[type=search]").len(),
            1,
            "{page}"
        );
        assert_eq!(select(&html, "[data-search-results]").len(), 1, "{page}");
        assert_eq!(
            attr(&html, "[data-search]", "data-search-root").as_deref(),
            Some(root)
        );
        assert_eq!(select(&html, "script[src$='static/search.js']").len(), 1);
    }
    let script = site.read("static/search.js");
    assert!(script.contains("pagefind/pagefind.js"));
    assert!(
        !script.contains("//cdn") && !script.contains("https://"),
        "no other host"
    );
}

#[test]
fn check_does_not_build_the_index() {
    let site = Scratch::copy_of("search");
    let output = studysite(&["check", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!site.out().exists());
}
