//! The CJK-friendly emphasis amendment: CJK text gets the emphasis its
//! author meant, and every CommonMark emphasis example (and GFM
//! strikethrough example) still gives the spec's result.

use pulldown_cmark::{Options, Parser, html};
use studysite::markdown::parser_options;

fn to_html(markdown: &str, options: Options) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// The spec's comparison: self-closing tags and line breaks between tags
/// may differ.
fn standardize(html: &str) -> String {
    html.replace("<br>", "<br />")
        .replace("<hr>", "<hr />")
        .replace(">\n<", "><")
}

/// `(name, markdown, expected html)` from the spec-format data file.
fn examples() -> Vec<(String, String, String)> {
    let text = include_str!("data/commonmark-emphasis.txt");
    let fence = "`".repeat(32);
    let mut examples = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&format!("{fence} example ")) {
        let after = &rest[start + fence.len() + " example ".len()..];
        let (name, body) = after.split_once('\n').unwrap();
        let end = body
            .find(&format!("\n{fence}"))
            .map_or(body.len(), |e| e + 1);
        let example = &body[..end];
        let (markdown, expected) = example
            .split_once("\n.\n")
            .map(|(m, e)| (format!("{m}\n"), e.to_string()))
            .unwrap_or_else(|| {
                let (m, e) = example.split_once(".\n").unwrap();
                (m.to_string(), e.to_string())
            });
        examples.push((name.to_string(), markdown, expected));
        rest = &body[end..];
    }
    examples
}

#[test]
fn every_commonmark_emphasis_example_still_holds() {
    let examples = examples();
    assert_eq!(examples.len(), 134, "131 spec examples and 3 GFM ones");
    let mut failures = Vec::new();
    for (name, markdown, expected) in &examples {
        let got = to_html(markdown, parser_options());
        if standardize(&got) != standardize(expected) {
            failures.push(format!(
                "{name}\n{markdown}\nexpected {expected}got      {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_examples_also_hold_without_the_amendment() {
    // A check on the data file itself: plain CommonMark passes it too.
    let plain = parser_options() - Options::ENABLE_CJK_FRIENDLY_EMPHASIS;
    for (name, markdown, expected) in examples() {
        assert_eq!(
            standardize(&to_html(&markdown, plain)),
            standardize(&expected),
            "{name}"
        );
    }
}

#[test]
fn cjk_text_gets_the_emphasis_its_author_meant() {
    let cases = [
        (
            "**查询（Query）：**用于计算当前位置与其他位置的相关性权重。",
            "<p><strong>查询（Query）：</strong>用于计算当前位置与其他位置的相关性权重。</p>\n",
        ),
        (
            "**该星号不会被识别，而是直接显示。**这是因为它没有被识别为强调符号。",
            "<p><strong>该星号不会被识别，而是直接显示。</strong>这是因为它没有被识别为强调符号。</p>\n",
        ),
        (
            "我可以强调**这个`code`**吗",
            "<p>我可以强调<strong>这个<code>code</code></strong>吗</p>\n",
        ),
        ("这是*「引用」*的", "<p>这是<em>「引用」</em>的</p>\n"),
        (
            "**应用任务**： **BERT**：",
            "<p><strong>应用任务</strong>： <strong>BERT</strong>：</p>\n",
        ),
        ("~~删除。~~文字", "<p><del>删除。</del>文字</p>\n"),
        (
            "正解は**④**です。",
            "<p>正解は<strong>④</strong>です。</p>\n",
        ),
        (
            "**이 용어(This term)**를 강조해 주세요.",
            "<p><strong>이 용어(This term)</strong>를 강조해 주세요.</p>\n",
        ),
        // `_` still does not work inside a word, CJK or not.
        ("中_文_字", "<p>中_文_字</p>\n"),
        ("__强调，__", "<p><strong>强调，</strong></p>\n"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(to_html(markdown, parser_options()), expected, "{markdown}");
    }
}

#[test]
fn without_the_amendment_the_seed_stays_literal() {
    // The reason the amendment exists, kept as a test of the option itself.
    let plain = parser_options() - Options::ENABLE_CJK_FRIENDLY_EMPHASIS;
    let html = to_html("**查询（Query）：**用于计算", plain);
    assert!(html.contains("**查询"), "{html}");
}
