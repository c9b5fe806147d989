//! Tests of rendering one note: what each Markdown feature and each
//! dialect becomes.

use super::*;
use crate::frontmatter::FrontMatter;

fn note(body: &str) -> SourceNote {
    SourceNote {
        rel_path: "part/page.md".into(),
        front: FrontMatter::default(),
        body: body.into(),
        body_line: 5,
        outline_title: None,
    }
}

fn render_with(note: &SourceNote, assets: &HashMap<String, PathBuf>) -> RenderedNote {
    let ui = UiStrings::for_language("en");
    render(
        note,
        RenderOptions {
            ui: &ui,
            assets,
            highlights: &HighlightCache::default(),
            notes_dir: Path::new("notes"),
            links: &crate::link_index::LinkIndex::default(),
            bodies: &HashMap::new(),
            embedding: true,
            question_headings_are_cards: true,
        },
    )
}

fn render_body(body: &str) -> RenderedNote {
    render_with(&note(body), &HashMap::new())
}

mod links;

#[test]
fn headings_get_ids_that_keep_chinese_and_are_unique() {
    let out = render_body("## 分词\n\n## 分词\n\n### Hello *World*\n\n## Custom {#mine}\n");
    let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["分词", "分词-1", "hello-world", "mine"]);
    assert!(out.html.contains("<h2 id=\"分词\">分词<a class=\"heading-anchor\" data-search-skip href=\"#%E5%88%86%E8%AF%8D\" aria-label=\"Link to “分词”\">#</a></h2>"), "{}", out.html);
    assert!(
        out.html
            .contains("<h3 id=\"hello-world\">Hello <em>World</em>")
    );
}

#[test]
fn the_same_explicit_id_twice_warns() {
    let out = render_body("## One {#same}\n\n## Two {#same}\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].message.contains("`same`"));
    assert_eq!(out.diagnostics[0].line, Some(7));
}

#[test]
fn explicit_id_is_not_taken_by_an_earlier_heading() {
    let out = render_body("## x\n\n## Other {#x-1}\n\n## x\n");
    let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["x", "x-1", "x-2"]);
}

#[test]
fn leading_h1_becomes_the_title() {
    let out = render_body("# The title\n\ntext\n\n## Section\n");
    let title = out.title_heading.as_ref().expect("the leading H1");
    assert_eq!(
        (title.text.as_str(), title.id.as_str()),
        ("The title", "the-title")
    );
    assert!(!out.html.contains("The title"));
    assert_eq!(out.headings.len(), 1);

    let mut with_front_title = note("# Kept\n");
    with_front_title.front.title = Some("Front".into());
    let out = render_with(&with_front_title, &HashMap::new());
    assert!(out.html.contains("Kept"));
}

#[test]
fn a_toc_marker_becomes_the_notes_table_of_contents() {
    for marker in ["[TOC]", "[toc]", "[[toc]]"] {
        let out = render_body(&format!(
            "{marker}\n\n## 一、A\n\n### B\n\ntext [TOC] inside\n"
        ));
        assert!(
            out.html.starts_with("<nav class=\"note-toc\" aria-label=\"On this page\">\n<ul>\n<li><a href=\"#%E4%B8%80a\">一、A</a>\n<ul>\n<li><a href=\"#b\">B</a></li>"),
            "{marker}: {}",
            out.html
        );
        assert!(out.html.contains("text [TOC] inside"), "{}", out.html);
    }
}

#[test]
fn emoji_short_codes_and_lines_starting_with_a_colon_read_as_on_github() {
    let out = render_body(
        "发布 :rocket: 了 `:rocket:`\n\n文字\n:::\n\n说明\n:white_check_mark: 完成\n\n术语\n:定义\n",
    );
    assert!(
        out.html.contains("<p>发布 🚀 了 <code>:rocket:</code></p>"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("<dl>"), "{}", out.html);
    assert!(out.html.contains("✅ 完成"), "{}", out.html);
    assert!(out.html.contains("<p>术语\n:定义</p>"), "{}", out.html);
    let real = render_body("term\n: definition\n");
    assert!(
        real.html.contains("<dt>term</dt>\n<dd>definition</dd>"),
        "{}",
        real.html
    );
}

#[test]
fn raw_html_that_spans_blank_lines_stays_one_element() {
    let out = render_body(
        "1. 问题\n\n   <details><summary>答案</summary>\n\n   **B**\n\n   </details>\n\n<details><summary>答案</summary>\n\n- 列表\n\n</details>\n\n<div align=\"center\">\n\n文字\n\n</div>\n\n后文\n",
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert!(
        out.html.contains(
            "<details><summary>答案</summary>\n<p><strong>B</strong></p>\n</details>\n</li>"
        ),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<details><summary>答案</summary>\n<ul>\n<li>列表</li>\n</ul>\n</details>"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<div align=\"center\">\n<p>文字</p>\n</div>\n<p>后文</p>"),
        "{}",
        out.html
    );
    assert_eq!(out.html.matches("</details>").count(), 2, "{}", out.html);
}

#[test]
fn tables_scroll_in_a_wrapper() {
    let out = render_body("| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(
        out.html.starts_with("<div class=\"table-scroll\"><table>"),
        "{}",
        out.html
    );
    assert!(out.html.contains("</table>\n</div>"));
}

#[test]
fn footnotes_are_numbered_and_link_back() {
    let out = render_body(
        "One[^b] two[^a] again[^b].\n\n[^a]: First def.\n[^b]: Second def.\n[^unused]: Never.\n",
    );
    assert!(
        out.html.contains(
            "<sup class=\"footnote-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup> two"
        ),
        "{}",
        out.html
    );
    assert!(out.html.contains("id=\"fnref-1-2\""));
    let section = &out.html[out.html.find("<section class=\"footnotes\"").unwrap()..];
    let first = section.find("<li id=\"fn-1\">").unwrap();
    let second = section.find("<li id=\"fn-2\">").unwrap();
    assert!(first < second);
    assert!(
        section[first..second].contains("Second def."),
        "numbered by first reference"
    );
    assert!(
        section[first..second].contains("href=\"#fnref-1\"")
            && section[first..second].contains("href=\"#fnref-1-2\"")
    );
    assert!(!section.contains("Never."));
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].message.contains("[^unused]"));
    assert_eq!(out.diagnostics[0].line, Some(9));
}

#[test]
fn task_lists_and_definition_lists() {
    let out = render_body("- [x] done\n- [ ] todo\n\nterm\n: definition\n");
    assert!(
        out.html
            .contains("<input type=\"checkbox\" disabled checked aria-label=\"Done\"> done"),
        "{}",
        out.html
    );
    assert_eq!(
        out.html
            .matches("<input type=\"checkbox\" disabled")
            .count(),
        2,
        "{}",
        out.html
    );
    assert!(
        out.html.contains("<dl>")
            && out.html.contains("<dt>term</dt>")
            && out.html.contains("<dd>definition</dd>")
    );
}

#[test]
fn alerts_are_titled_in_the_site_language() {
    let ui = UiStrings::for_language("zh-CN");
    let note = note("> [!TIP]\n> 多练习。\n\n> [!CAUTION]\n> 小心。\n");
    let out = render(
        &note,
        RenderOptions {
            ui: &ui,
            assets: &HashMap::new(),
            highlights: &HighlightCache::default(),
            notes_dir: Path::new("notes"),
            links: &crate::link_index::LinkIndex::default(),
            bodies: &HashMap::new(),
            embedding: true,
            question_headings_are_cards: true,
        },
    );
    assert!(out.html.contains("<div class=\"admonition admonition-tip\" role=\"note\">\n<p class=\"admonition-title\">提示</p>"), "{}", out.html);
    assert!(out.html.contains("admonition-caution") && out.html.contains(">小心</p>"));
    assert!(!out.html.contains("<blockquote"));
}

#[test]
fn math_becomes_mathml_and_bad_math_warns() {
    let out = render_body("Inline $x^2$ and\n\n$$\\frac{a}{b}$$\n\nbad $\\nosuch{x}$ here\n");
    assert!(out.html.contains("<math"), "{}", out.html);
    assert!(
        out.html
            .contains("<span class=\"math-display\"><math display=\"block\">"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<code class=\"math-error\">$\\nosuch{x}$</code>"),
        "{}",
        out.html
    );
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].line, Some(9));
    // At the command at fault, which the message names.
    assert_eq!(out.diagnostics[0].column, Some(6));
    assert!(
        out.diagnostics[0].message.contains("\\nosuch"),
        "{}",
        out.diagnostics[0].message
    );
}

#[test]
fn code_is_highlighted_or_escaped() {
    let out = render_body(
        "```rust,ignore\nfn main() {}\n```\n\n```no-such-language\nval x = \"<b>\"\n```\n\n    indented <i>\n",
    );
    assert!(out.has_highlighted_code);
    assert!(out.html.contains("<pre class=\"code-block\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"), "{}", out.html);
    assert!(
        out.html
            .contains("<code class=\"language-no-such-language\">val x = \"&lt;b&gt;\"\n</code>"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<pre class=\"code-block\"><code>indented &lt;i&gt;\n</code></pre>"),
        "{}",
        out.html
    );
    assert!(!render_body("```\nplain\n```\n").has_highlighted_code);
}

#[test]
fn mdbook_hidden_lines_are_marked_and_kept_for_copying() {
    let out = render_body(
        "```rust\n# fn main() {\nlet x = 1;\n# }\n```\n\n```python\n# a comment\n```\n",
    );
    assert!(
        out.html.contains("<pre class=\"code-block has-hidden-lines\" data-show-label=\"Show hidden lines\" data-hide-label=\"Hide hidden lines\" data-lang=\"rust\">"),
        "{}",
        out.html
    );
    let hidden = out.html.matches("<span class=\"boring\">").count();
    assert_eq!(hidden, 2, "{}", out.html);
    assert!(!out.html.contains("# fn main"), "{}", out.html);
    assert!(
        out.html
            .contains("<pre class=\"code-block\" data-lang=\"python\">"),
        "{}",
        out.html
    );
}

#[test]
fn mdbook_includes_expand_and_a_missing_file_is_an_error_at_its_line() {
    let site = tempfile::tempdir().unwrap();
    let notes = site.path().join("notes");
    std::fs::create_dir_all(notes.join("part/listings")).unwrap();
    std::fs::write(
        notes.join("part/listings/main.rs"),
        "use std::io;\n// ANCHOR: body\nfn main() {}\n// ANCHOR_END: body\n",
    )
    .unwrap();
    let body = "```rust\n{{#rustdoc_include listings/main.rs:body}}\n```\n\n{{#include listings/gone.rs}}\n\n![](missing.png)\n";
    let ui = UiStrings::for_language("en");
    let out = render(
        &note(body),
        RenderOptions {
            ui: &ui,
            assets: &HashMap::new(),
            highlights: &HighlightCache::default(),
            notes_dir: &notes,
            links: &crate::link_index::LinkIndex::default(),
            bodies: &HashMap::new(),
            embedding: true,
            question_headings_are_cards: true,
        },
    );
    assert!(out.html.contains("has-hidden-lines"), "{}", out.html);
    assert!(out.html.contains("<span class=\"boring\">"), "{}", out.html);
    assert!(!out.html.contains("ANCHOR"), "{}", out.html);
    assert_eq!(out.included.len(), 1);
    let lines: Vec<(bool, Option<usize>)> = out
        .diagnostics
        .iter()
        .map(|d| (d.is_error(), d.line))
        .collect();
    // The note's body starts on line 5: the directive is on line 9, the
    // image after it on line 11, where the file has it.
    assert_eq!(
        lines,
        [(true, Some(9)), (false, Some(11))],
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn images_load_lazily_with_their_size_and_missing_ones_warn() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("pic.png");
    // A 3×2 PNG header is enough for the size.
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
    std::fs::write(&png, bytes).unwrap();
    let assets = HashMap::from([("part/img/pic.png".to_string(), png)]);
    let out = render_with(
        &note(
            "![A *pic*](img/pic.png \"T\")\n\n![gone](img/none.png)\n\n![web](https://x.org/a.png)\n",
        ),
        &assets,
    );
    assert!(out.html.contains("<img src=\"img/pic.png\" alt=\"A pic\" title=\"T\" width=\"3\" height=\"2\" loading=\"lazy\" decoding=\"async\">"), "{}", out.html);
    assert!(
        out.html
            .contains("<img src=\"https://x.org/a.png\" alt=\"web\" loading=\"lazy\"")
    );
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].message.contains("img/none.png"));
    assert_eq!(out.diagnostics[0].line, Some(7));
}

#[test]
fn line_breaks_between_chinese_characters_add_no_space() {
    let out = render_body("中文第一行\n第二行\n\nEnglish line\nnext line\n\n한국어\n문장\n");
    assert!(out.html.contains("<p>中文第一行第二行</p>"), "{}", out.html);
    assert!(out.html.contains("<p>English line\nnext line</p>"));
    assert!(out.html.contains("<p>한국어\n문장</p>"));
}

#[test]
fn unbalanced_raw_html_is_repaired_and_warned() {
    let out = render_body("text\n\n- - <ul><li>- <ul><li>- - <ul><li>\n\nafter\n");
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].message.contains("<ul>"));
    assert_eq!(out.diagnostics[0].line, Some(7));
    let opens = out.html.matches("<ul>").count();
    assert_eq!(opens, out.html.matches("</ul>").count(), "{}", out.html);
    assert_eq!(
        out.html.matches("<li>").count(),
        out.html.matches("</li>").count()
    );

    let fine = render_body("<div class=\"box\">\n\n**bold**\n\n</div>\n");
    assert!(fine.diagnostics.is_empty());
    assert!(fine.html.contains("<div class=\"box\">"));
}

#[test]
fn a_note_with_much_code_highlights_its_blocks_in_parallel_alike() {
    // Over the threshold the blocks are highlighted in parallel first; the
    // page is the same as block by block.
    let line = "let value = compute(1, \"two\"); // three\n";
    let code = line.repeat(body::PARALLEL_CODE_BYTES / line.len() / 2 + 1);
    let note = note(&format!(
        "```rust\n{code}```\n\n```python\nx = 1\n```\n\n```rust\n{code}```\n"
    ));
    let ui = UiStrings::for_language("en");
    let assets = HashMap::new();
    let render_with_cache = |cache: &HighlightCache| {
        render(
            &note,
            RenderOptions {
                ui: &ui,
                assets: &assets,
                highlights: cache,
                notes_dir: Path::new("notes"),
                links: &crate::link_index::LinkIndex::default(),
                bodies: &HashMap::new(),
                embedding: true,
                question_headings_are_cards: true,
            },
        )
    };
    let parallel = render_with_cache(&HighlightCache::default());
    assert!(parallel.has_highlighted_code);
    assert_eq!(
        parallel.html.matches("<span class=\"hl-string\">").count(),
        2 * code.lines().count()
    );
    // The same note, its blocks each highlighted on their own first.
    let one_by_one = HighlightCache::default();
    for (language, block) in [("rust", code.as_str()), ("python", "x = 1\n")] {
        one_by_one.highlight(language, block);
    }
    assert_eq!(render_with_cache(&one_by_one).html, parallel.html);
}

#[test]
fn the_summary_is_the_first_paragraph_shortened() {
    let out = render_body("![图](a.png)\n\n第一段 **加粗**\n文字。\n\n第二段。\n");
    assert_eq!(out.summary, "第一段 加粗 文字。");
    let long = "字".repeat(400);
    let out = render_body(&format!("{long}\n"));
    assert_eq!(out.summary.chars().count(), 150);
    assert!(out.summary.ends_with('…'));
    assert_eq!(render_body("```\ncode\n```\n").summary, "");
}
