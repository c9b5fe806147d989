//! The search index a build writes under `search/`, read as search.js
//! reads it, and the page hooks that decide what it indexes.

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

/// The index's list of chunks.
fn meta(site: &Scratch) -> serde_json::Value {
    serde_json::from_str(&site.read("search/meta.json")).unwrap()
}

/// A unit of the index.
fn unit(site: &Scratch, number: u64) -> serde_json::Value {
    serde_json::from_str(&site.read(&format!("search/units/{number}.json"))).unwrap()
}

/// Reads a LEB128 varint at `at`.
fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0;
    let mut shift = 0;
    loop {
        let byte = bytes[*at];
        *at += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte < 0x80 {
            return value;
        }
        shift += 7;
    }
}

/// The units that hold `term`, looked up as search.js does: in the last
/// chunk that starts at or before it.
fn units_holding(site: &Scratch, term: &str) -> Vec<u64> {
    let meta = meta(site);
    let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
    let chunk = meta["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|chunk| utf16(chunk[0].as_str().unwrap()) <= utf16(term))
        .unwrap();
    let path = std::path::Path::new(&site.out())
        .join("search")
        .join(chunk[1].as_str().unwrap());
    let bytes = std::fs::read(path).unwrap();
    let mut at = 0;
    while at < bytes.len() {
        let length = varint(&bytes, &mut at) as usize;
        let found = &bytes[at..at + length];
        at += length;
        let count = varint(&bytes, &mut at);
        let mut unit = 0;
        let mut units = Vec::new();
        for _ in 0..count {
            unit += varint(&bytes, &mut at);
            varint(&bytes, &mut at);
            units.push(unit);
        }
        if found == term.as_bytes() {
            return units;
        }
    }
    Vec::new()
}

#[test]
fn the_index_is_split_into_small_files_under_search() {
    let site = built();
    let index: Vec<String> = files(&site.out())
        .into_iter()
        .filter(|f| f.starts_with("search/"))
        .collect();
    let meta = meta(&site);
    assert!(meta["version"].as_str().unwrap().len() >= 8, "{meta}");
    // Two chapters and one quiz item.
    assert_eq!(meta["units"], 3, "{meta}");
    let units = index
        .iter()
        .filter(|f| f.starts_with("search/units/"))
        .count();
    assert_eq!(units, 3, "{index:?}");
    for chunk in meta["chunks"].as_array().unwrap() {
        let name = format!("search/{}", chunk[1].as_str().unwrap());
        assert!(index.contains(&name), "{name} in {index:?}");
    }
    assert_eq!(
        index.len(),
        1 + units + meta["chunks"].as_array().unwrap().len(),
        "nothing else: {index:?}"
    );
}

#[test]
fn chinese_pairs_and_english_words_lead_to_their_sections() {
    let site = built();
    let cnn = units_holding(&site, "池化");
    assert_eq!(cnn.len(), 1);
    let page = unit(&site, cnn[0]);
    assert_eq!(page["url"], "02-cnn.html");
    assert_eq!(page["title"], "卷积与注意力");
    let sections = page["sections"].as_array().unwrap();
    assert_eq!(sections[0][0], "卷积神经网络");
    assert!(sections[0][2].as_str().unwrap().contains("池化层提取特征"));
    assert_eq!(units_holding(&site, "自回"), cnn);
    assert_eq!(units_holding(&site, "回"), cnn);

    let tokens = units_holding(&site, "tokenization");
    assert_eq!(unit(&site, tokens[0])["url"], "01-tokens.html");
    assert!(
        units_holding(&site, "tokeniz").is_empty(),
        "whole words only"
    );
}

#[test]
fn quiz_items_are_units_of_their_own_and_skipped_in_their_page() {
    let site = built();
    let quiz = units_holding(&site, "支持");
    assert_eq!(quiz.len(), 1, "only the item holds its options");
    let item = unit(&site, quiz[0]);
    assert!(
        item["url"]
            .as_str()
            .unwrap()
            .starts_with("02-cnn.html#quiz-"),
        "{item}"
    );
    assert!(item["title"].as_str().unwrap().contains("循环神经网络"));

    let page = site.html("02-cnn.html");
    assert_eq!(
        select(&page, "form.quiz-card[data-search-skip]").len(),
        1,
        "quiz items are indexed apart"
    );
    assert!(select(&page, "h2 .heading-anchor[data-search-skip]").len() >= 2);
    let indexed = site.read(&format!(
        "search/units/{}.json",
        units_holding(&site, "池化")[0]
    ));
    assert!(!indexed.contains('#'), "no heading anchors: {indexed}");
}

#[test]
fn only_chapters_are_indexed() {
    let site = built();
    let count = meta(&site)["units"].as_u64().unwrap();
    for number in 0..count {
        let url = unit(&site, number)["url"].as_str().unwrap().to_string();
        assert!(
            url.starts_with("01-tokens.html") || url.starts_with("02-cnn.html"),
            "{url}"
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
        assert!(
            select(&html, "script[src$='static/search.js']").is_empty(),
            "the search script loads when the reader goes to search"
        );
        assert_eq!(select(&html, "script[src$='static/site.js']").len(), 1);
    }
    assert!(site.read("static/site.js").contains("static/search.js"));
    let script = site.read("static/search.js");
    assert!(script.contains("search/meta.json"));
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

#[test]
fn a_huge_note_makes_result_files_of_the_documented_size() {
    let site = Scratch::new();
    let paragraph: String = (0..200_000).map(|n| format!("word{n} ")).collect();
    site.write(
        "notes/a.md",
        format!(
            "# Huge\n\n{paragraph}\n\n## 章节\n\n{}\n",
            "长文".repeat(200_000)
        ),
    );
    assert!(site.build(&[]).status.success());
    let largest = files(&site.out())
        .iter()
        .filter(|f| f.starts_with("search/units/"))
        .map(|f| std::fs::metadata(site.out().join(f)).unwrap().len())
        .max()
        .unwrap();
    assert!(largest <= 16 * 1024, "{largest} bytes");
}
