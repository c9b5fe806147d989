//! Review cards: the sample book's question headings, explicit cards, the
//! settings that turn them on and off, ids that survive an edited answer,
//! and the files for other tools (`cards.json`, `anki.txt`).

mod common;

use common::*;
use serde_json::Value;

fn cards(site: &Scratch) -> Vec<Value> {
    let json: Value = serde_json::from_str(&site.read("cards.json")).unwrap();
    json["cards"].as_array().unwrap().clone()
}

fn fronts(cards: &[Value]) -> Vec<String> {
    cards
        .iter()
        .map(|card| card["front_text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_sample_book_asks_its_question_headings_and_nothing_else() {
    let site = Scratch::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = site.out();
    let output = studysite(&["build", root, "-o", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let cards = cards(&site);
    let headings: Vec<&Value> = cards.iter().filter(|c| c["kind"] == "heading").collect();
    assert!(headings.len() >= 12, "{:?}", fronts(&cards));
    let all = fronts(&cards);
    for question in [
        "1.4 注意力机制是什么",
        "3.2 bert和gpt的区别",
        "2.1 bert后续会超越gpt吗",
        "1、为什么 Transformer 需要位置编码？",
    ] {
        assert!(all.iter().any(|f| f == question), "{question}: {all:?}");
    }
    for statement in [
        "1、预热篇：解码注意力机制",
        "3.3 bert和gpt的应用场景",
        "3、GPT-4 一个新的开始",
        "4、快速回顾",
        // Its answer is only the next card: not asked twice.
        "2、chatGPT：赢在哪里",
        // Quiz items already: not cards twice.
        "1.1 注意力机制最早是在哪个领域得到应用的",
        "1.2 以下哪些方法被用于处理序列数据？",
    ] {
        assert!(!all.iter().any(|f| f == statement), "{statement}");
    }
    // Each card names the line its front stands on.
    for card in &cards {
        let path = card["source"]["path"].as_str().unwrap();
        let line = card["source"]["line"].as_u64().unwrap() as usize;
        let text = std::fs::read_to_string(std::path::Path::new(root).join(path)).unwrap();
        let source_line = text.lines().nth(line - 1).unwrap();
        let front = card["front_text"].as_str().unwrap();
        assert!(
            source_line.contains(front),
            "{path}:{line} `{source_line}` for `{front}`"
        );
    }
    // The chapter marks each card for the recall control.
    let page = site.read("01-intro.html");
    assert!(
        page.contains("<h3 data-card=\"01-intro/14-注意力机制是什么\" id=\"14-注意力机制是什么\">")
    );
    let review = site.read("03-review.html");
    assert!(review.contains("class=\"recall-card\""));
}

#[test]
fn explicit_cards_settings_and_stable_ids() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "# A\n\n## What is attention?\n\nA weighting.\n\n## Setup\n\nInstall.\n\nCapital of France::Paris\n\nWhy\n?\nBecause.\n",
    )
    .write("notes/all.md", "---\ncards: true\n---\n# All\n\n## Setup\n\nInstall.\n")
    .write("notes/none.md", "---\ncards: false\n---\n# None\n\n## Why?\n\nNo.\n\nQ::A\n")
    .write(
        "notes/cloze.md",
        "---\ncards: cloze\n---\n# Cloze\n\nRNN passes its ==hidden state== along.\n",
    );
    assert!(site.build(&[]).status.success());
    let first = cards(&site);
    assert_eq!(
        fronts(&first),
        [
            "What is attention?",
            "Capital of France",
            "Why",
            "Setup",
            "RNN passes its […] along."
        ]
    );
    let ids: Vec<Value> = first.iter().map(|c| c["id"].clone()).collect();
    // An edited answer keeps every id.
    site.write(
        "notes/a.md",
        "# A\n\n## What is attention?\n\nA new answer.\n\n## Setup\n\nInstall.\n\nCapital of France::Paris, on the Seine\n\nWhy\n?\nBecause, really.\n",
    );
    assert!(site.build(&[]).status.success());
    let second = cards(&site);
    assert_eq!(
        second.iter().map(|c| c["id"].clone()).collect::<Vec<_>>(),
        ids
    );
    assert_eq!(second[0]["back_text"], "A new answer.");
    // `[cards] headings = false` keeps the explicit cards only.
    site.write("studysite.toml", "[cards]\nheadings = false\n");
    assert!(site.build(&[]).status.success());
    assert_eq!(
        fronts(&cards(&site)),
        [
            "Capital of France",
            "Why",
            "Setup",
            "RNN passes its […] along."
        ]
    );
}

#[test]
fn the_same_front_twice_gives_two_cards_with_their_own_ids() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "# A\n\n## Card {#card-same}\n\nA heading with the id a card would take.\n\nSame::One\n\nSame::Two\n",
    );
    assert!(site.build(&[]).status.success());
    let cards = cards(&site);
    let ids: Vec<&str> = cards.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a/same", "a/same-2"]);
    let html = site.html("a.html");
    let mut element_ids: Vec<String> = select(&html, "[id]")
        .iter()
        .map(|e| e.attr("id").unwrap().to_string())
        .collect();
    let count = element_ids.len();
    element_ids.sort();
    element_ids.dedup();
    assert_eq!(
        element_ids.len(),
        count,
        "no element id twice: {element_ids:?}"
    );
    for card in &cards {
        let url = card["url"].as_str().unwrap();
        let anchor = url.split('#').nth(1).unwrap();
        assert_eq!(
            select(&html, &format!("[id='{anchor}'][data-card]")).len(),
            1,
            "{url}"
        );
    }
}

#[test]
fn anki_gets_a_deck_per_chapter_with_cards_and_quiz_items() {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Book\"\nbase_url = \"https://notes.example\"\n")
        .write(
            "notes/part/a.md",
            "---\ntags: [ml, deep learning]\n---\n# Chapter A\n\n## Why attention?\n\nSee ![pic](pic.png).\n\n```quiz\nPick one\n\n- [x] Right\n- [ ] Wrong\n\nBecause.\n```\n",
        )
        .write("notes/part/pic.png", b"\x89PNG\r\n\x1a\n".as_slice());
    assert!(site.build(&[]).status.success());
    let anki = site.read("anki.txt");
    let lines: Vec<&str> = anki.lines().collect();
    assert_eq!(lines[0], "#separator:tab");
    assert!(lines.contains(&"#html:true"));
    let rows: Vec<Vec<&str>> = lines
        .iter()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 2, "{anki}");
    assert_eq!(rows[0][0], "\"part/a/why-attention\"");
    // Quotes are doubled inside a quoted field.
    assert!(
        rows[0][2].contains("src=\"\"https://notes.example/part/pic.png\"\""),
        "{}",
        rows[0][2]
    );
    assert_eq!(rows[0][3], "\"Book::Chapter A\"");
    assert_eq!(rows[0][4], "\"ml deep_learning\"");
    assert!(rows[1][0].starts_with("\"quiz:"));
    assert!(rows[1][1].contains("<li>Right</li>") && rows[1][2].contains("Right"));
    assert_eq!(rows[1][4], "\"ml deep_learning quiz\"");
}
