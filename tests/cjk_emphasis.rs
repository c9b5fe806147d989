//! The CJK-friendly emphasis amendment: CJK text gets the emphasis its
//! author meant, every CommonMark emphasis example (and GFM strikethrough
//! example) still gives the spec's result, and every example of upstream
//! pulldown-cmark's own CJK-friendly spec gives upstream's result.

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
        .replace("<br/>", "<br />")
        .replace("<hr>", "<hr />")
        .replace("<hr/>", "<hr />")
        .replace(">\n<", "><")
}

/// One example of a spec-format data file.
struct Example {
    /// What follows `example` on the opening fence, trimmed: a name in
    /// commonmark-emphasis.txt, `_cjk_friendly_emphasis` or nothing in
    /// cjk-friendly-emphasis.txt.
    info: String,
    markdown: String,
    expected: String,
}

fn spec_examples(text: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let opening = format!("{fence} example");
    let mut examples = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&opening) {
        let after = &rest[start + opening.len()..];
        let (info, body) = after.split_once('\n').unwrap();
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
        examples.push(Example {
            info: info.trim().to_string(),
            markdown,
            expected,
        });
        rest = &body[end..];
    }
    examples
}

/// `(name, markdown, expected html)` from the CommonMark data file.
fn examples() -> Vec<(String, String, String)> {
    spec_examples(include_str!("data/commonmark-emphasis.txt"))
        .into_iter()
        .map(|e| (e.info, e.markdown, e.expected))
        .collect()
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
        // U+FE01 after “ and ” asks for the full-width (CJK) glyphs, and the
        // amendment counts the pair as CJK punctuation.
        (
            "**“\u{FE01}Git”\u{FE01}**Hub",
            "<p><strong>“\u{FE01}Git”\u{FE01}</strong>Hub</p>\n",
        ),
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

/// The options of upstream pulldown-cmark's spec test harness
/// (`tests/lib.rs` of PR #1059), minus `ENABLE_HIGHLIGHT`, which 0.13.6 does
/// not have and which no CJK-friendly example uses.
fn upstream_harness_options(cjk_friendly_emphasis: bool) -> Options {
    let options = Options::ENABLE_MATH
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if cjk_friendly_emphasis {
        options | Options::ENABLE_CJK_FRIENDLY_EMPHASIS
    } else {
        options
    }
}

/// `(option on, markdown, expected html)` for upstream's CJK-friendly spec.
fn upstream_cjk_examples() -> Vec<(bool, String, String)> {
    spec_examples(include_str!("data/cjk-friendly-emphasis.txt"))
        .into_iter()
        .map(|e| {
            let on = match e.info.as_str() {
                "_cjk_friendly_emphasis" => true,
                "" => false,
                other => panic!("unknown example kind {other:?}"),
            };
            (on, e.markdown, e.expected)
        })
        .collect()
}

fn check_upstream_cjk_examples(options: impl Fn(bool) -> Options) {
    let examples = upstream_cjk_examples();
    assert_eq!(examples.len(), 11, "1 without the option, 10 with it");
    let mut failures = Vec::new();
    for (i, (on, markdown, expected)) in examples.iter().enumerate() {
        let got = to_html(markdown, options(*on));
        if standardize(&got) != standardize(expected) {
            failures.push(format!(
                "example {} (option {})\n{markdown}\nexpected {expected}got      {got}",
                i + 1,
                if *on { "on" } else { "off" }
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
fn every_upstream_cjk_friendly_example_holds() {
    check_upstream_cjk_examples(upstream_harness_options);
}

#[test]
fn the_upstream_cjk_friendly_examples_hold_with_the_site_options() {
    check_upstream_cjk_examples(|on| {
        if on {
            parser_options()
        } else {
            parser_options() - Options::ENABLE_CJK_FRIENDLY_EMPHASIS
        }
    });
}

#[test]
fn with_the_option_strikethrough_follows_gfm_flanking_in_any_text() {
    // `(markdown, with the option, without it)`. With the option `~~` opens
    // and closes by GFM's (cmark-gfm's) flanking rules, CJK or not; without
    // it pulldown-cmark lets `~~` open before punctuation inside a word.
    let cases = [
        (
            "foo~~ bar~~",
            "<p>foo~~ bar~~</p>\n",
            "<p>foo~~ bar~~</p>\n",
        ),
        (
            "~~foo~~bar and foo~~bar~~",
            "<p><del>foo</del>bar and foo<del>bar</del></p>\n",
            "<p><del>foo</del>bar and foo<del>bar</del></p>\n",
        ),
        ("a~~.b~~", "<p>a~~.b~~</p>\n", "<p>a<del>.b</del></p>\n"),
        ("a~~(b)~~", "<p>a~~(b)~~</p>\n", "<p>a<del>(b)</del></p>\n"),
        (
            "a~~\"b\"~~",
            "<p>a~~\"b\"~~</p>\n",
            "<p>a<del>\"b\"</del></p>\n",
        ),
        (
            "Here I strike out an exclamation point~~!~~.",
            "<p>Here I strike out an exclamation point~~!~~.</p>\n",
            "<p>Here I strike out an exclamation point<del>!</del>.</p>\n",
        ),
    ];
    let plain = parser_options() - Options::ENABLE_CJK_FRIENDLY_EMPHASIS;
    for (markdown, on, off) in cases {
        assert_eq!(to_html(markdown, parser_options()), on, "{markdown}");
        assert_eq!(to_html(markdown, plain), off, "{markdown}");
    }
}

#[test]
fn with_the_option_a_run_next_to_another_delimiter_can_open_and_close() {
    // Upstream's implementation counts `*` and `_` on the inside of a run
    // as no obstacle to flanking, so these emphasize with the option, where
    // CommonMark (and the option off) leaves the outer run literal. No
    // CommonMark spec example is affected. The same holds for `~~`, where
    // 0.13.6 without the option opens before punctuation anyway.
    let cases = [
        (
            "a**_b_**c",
            "<p>a<strong><em>b</em></strong>c</p>\n",
            "<p>a**<em>b</em>**c</p>\n",
        ),
        (
            "a*_b_*c",
            "<p>a<em><em>b</em></em>c</p>\n",
            "<p>a*<em>b</em>*c</p>\n",
        ),
        (
            "**a _b_**c",
            "<p><strong>a <em>b</em></strong>c</p>\n",
            "<p>**a <em>b</em>**c</p>\n",
        ),
        (
            "a~~*b*~~ c",
            "<p>a<del><em>b</em></del> c</p>\n",
            "<p>a<del><em>b</em></del> c</p>\n",
        ),
    ];
    let plain = parser_options() - Options::ENABLE_CJK_FRIENDLY_EMPHASIS;
    for (markdown, on, off) in cases {
        assert_eq!(to_html(markdown, parser_options()), on, "{markdown}");
        assert_eq!(to_html(markdown, plain), off, "{markdown}");
    }
}
