//! Markdown to HTML for one note: heading ids and anchors, the note's table
//! of contents, links between notes rewritten to page links, highlighted
//! code, MathML, admonitions, footnotes, lazy images, and raw HTML repaired
//! when it does not balance.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::content::SourceNote;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::highlight::HighlightCache;
use crate::html_repair::{find_imbalance, repair};
use crate::i18n::UiStrings;
use crate::naming::IdRegistry;
use crate::quiz::{self, QuizError, QuizItem};

use body::Body;
use headings::with_heading_ids;

mod autolink;
mod body;
mod cjk;
mod colon_lines;
mod elements;
mod emoji;
mod footnotes;
mod headings;
mod hexo;
mod quiz_cards;
mod toc;

/// The Markdown extensions every note is parsed with.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
        | Options::ENABLE_CJK_FRIENDLY_EMPHASIS
}

/// A heading of a note, for its table of contents and for anchor checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text, for the table of contents.
    pub text: String,
}

/// A link from a note to another note, kept to check that it resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteLink {
    /// The target note's path in the book; the note itself for `#x` links.
    pub target: String,
    pub fragment: Option<String>,
    /// Where the link stands in the note's file.
    pub line: usize,
    pub column: usize,
}

/// A note's body as HTML, with what the site needs to know about it.
#[derive(Debug, Clone, Default)]
pub struct RenderedNote {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Ids that the note's raw HTML gives elements (`<a id="x">`,
    /// `<a name="x">`, `<span id>`): links may point to them too.
    pub html_ids: Vec<String>,
    pub links: Vec<NoteLink>,
    /// The note's leading `# H1` when front matter gives no title: the
    /// page's title, which the template shows with this heading's id.
    pub title_heading: Option<Heading>,
    /// Whether a code block was highlighted: the page needs `highlight.css`.
    pub has_highlighted_code: bool,
    /// The quiz items of the note, in order.
    pub quiz_items: Vec<QuizItem>,
    pub diagnostics: Vec<Diagnostic>,
    /// Observations only `studysite check` reports: they are often
    /// intended (prose with lettered points), so builds stay quiet.
    pub lints: Vec<Diagnostic>,
}

/// What rendering needs besides the note.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// The words the body itself shows (anchor labels, alert titles).
    pub ui: &'a UiStrings,
    /// The book's files other than notes, by path in the book, to check
    /// images and read their sizes.
    pub assets: &'a HashMap<String, PathBuf>,
    /// Code blocks highlighted before, by this process or an earlier build.
    pub highlights: &'a HighlightCache,
}

/// Renders a note's body. A leading level-one heading that serves as the
/// title (front matter gives none) is left out: the page template shows the
/// title already.
pub fn render(note: &SourceNote, options: RenderOptions<'_>) -> RenderedNote {
    match colon_lines::escape_false_definitions(&note.body) {
        Some(body) => {
            let escaped = SourceNote {
                body: body.into(),
                ..note.clone()
            };
            render_source(&escaped, options)
        }
        None => render_source(note, options),
    }
}

/// [`render`], once lines that only look like definitions are escaped.
fn render_source(note: &SourceNote, options: RenderOptions<'_>) -> RenderedNote {
    let lines = LineIndex::new(&note.body);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&note.body, parser_options())
        .into_offset_iter()
        .collect();
    let mut rendered = RenderedNote::default();
    // Ids the author wrote are reserved first, so that neither a quiz card
    // nor an earlier heading can take one.
    let mut ids = IdRegistry::default();
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event
            && !ids.reserve(id)
        {
            let (line, column) = lines.locate(range.start);
            rendered.diagnostics.push(
                Diagnostic::warning(
                    note.display_path(),
                    format!("the heading id `{id}` is used twice on this page"),
                )
                .at(line + note.body_line - 1, column)
                .with_help("links to it reach only the first; give each heading its own `{#id}`"),
            );
        }
    }
    let scan = quiz::exam::find_items(&events, &note.body);
    let mut body = Body::new(note, &lines, options, &mut rendered, None);
    body.ids = ids;
    body.exam_items = scan.items.into();
    for (offset, error) in scan.errors {
        let line = body.file_line(offset).0;
        body.quiz_error(QuizError { line, ..error });
    }
    for offset in scan.unanswered {
        let (line, column) = body.file_line(offset);
        body.rendered.lints.push(
            Diagnostic::warning(
                note.display_path(),
                "lettered options without an answer line are not a quiz item",
            )
            .at(line, column)
            .with_help("add a line such as `答案：B` after the options to make them one, or ignore this for prose"),
        );
    }
    body::highlight_code_blocks(&events, &body);
    let events = body.transform(events);
    let raw_html = std::mem::take(&mut body.raw_html);
    let ids = std::mem::take(&mut body.ids);
    let output = with_heading_ids(note, events, &mut rendered, options, ids);
    let mut html = String::with_capacity(note.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, output.into_iter());
    if html.contains(toc::MARKER) {
        let contents = toc::html(&rendered.headings, &options.ui.on_this_page);
        html = html.replace(toc::MARKER, &contents);
    }
    if let Some((index, imbalance)) = find_imbalance(raw_html.iter().map(|(h, _)| h.as_str())) {
        let line = raw_html[index].1;
        rendered.diagnostics.push(
            Diagnostic::warning(note.display_path(), imbalance.describe())
                .at_line(line)
                .with_help("the page shows it repaired; if the `<` is text, write `\\<` or `&lt;`; if it is markup, close the tag"),
        );
        html = repair(&html);
    }
    headings::resolve_own_fragments(note, &mut rendered, &mut html);
    // Every note's HTML is held until the pages are written: without its
    // spare capacity, a 1,000-note book takes about 10 MB less.
    html.shrink_to_fit();
    rendered.html = html;
    rendered
}

#[cfg(test)]
mod tests {
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
            },
        )
    }

    fn render_body(body: &str) -> RenderedNote {
        render_with(&note(body), &HashMap::new())
    }

    #[test]
    fn headings_get_ids_that_keep_chinese_and_are_unique() {
        let out = render_body("## 分词\n\n## 分词\n\n### Hello *World*\n\n## Custom {#mine}\n");
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["分词", "分词-1", "hello-world", "mine"]);
        assert!(out.html.contains("<h2 id=\"分词\">分词<a class=\"heading-anchor\" data-search-skip href=\"#%E5%88%86%E8%AF%8D\" aria-label=\"Link to this section\">#</a></h2>"), "{}", out.html);
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
    fn links_to_notes_are_rewritten_and_recorded_with_file_lines() {
        let out = render_body("text\n\nsee [b](../other.md#x) and [self](#top)\n");
        assert!(
            out.html.contains("href=\"../other.html#x\""),
            "{}",
            out.html
        );
        assert_eq!(
            out.links,
            vec![
                NoteLink {
                    target: "other.md".into(),
                    fragment: Some("x".into()),
                    line: 7,
                    column: 5
                },
                NoteLink {
                    target: "part/page.md".into(),
                    fragment: Some("top".into()),
                    line: 7,
                    column: 28
                }
            ]
        );
    }

    #[test]
    fn links_out_of_the_book_warn() {
        let out = render_body("[x](../../../etc.md)\n");
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(out.diagnostics[0].line, Some(5));
    }

    #[test]
    fn bare_addresses_become_links_as_on_github() {
        let out = render_body(
            "见 https://example.org/a 和 www.rust-lang.org。\n\nMail <a@b.com> or c@d.io.\n\n[https://x.org](https://x.org) `https://y.org`\n",
        );
        assert!(
            out.html.contains("见 <a href=\"https://example.org/a\" class=\"external\">https://example.org/a</a> 和 <a href=\"http://www.rust-lang.org\" class=\"external\">www.rust-lang.org</a>。"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<a href=\"mailto:a@b.com\">a@b.com</a>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<a href=\"mailto:c@d.io\">c@d.io</a>."),
            "{}",
            out.html
        );
        assert_eq!(
            out.html.matches("https://x.org\"").count(),
            1,
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<code>https://y.org</code>"),
            "{}",
            out.html
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
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
    fn hexo_tags_become_links_and_images_or_show_with_a_warning() {
        let out = render_body(
            "见 {% post_link other-post 另一篇 %}。\n\n{% asset_img pic.png 图一 %}\n\n{% note info %}\n提示\n{% endnote %}\n\n`{% raw %}`\n",
        );
        assert!(
            out.html
                .contains("见 <a href=\"other-post.html\">另一篇</a>。"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<img src=\"page/pic.png\" alt=\"图一\" title=\"图一\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("{% note info %}"), "{}", out.html);
        assert!(out.html.contains("<code>{% raw %}</code>"), "{}", out.html);
        let messages: Vec<(String, Option<usize>)> = out
            .diagnostics
            .iter()
            .map(|d| (d.message.clone(), d.line))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].0.contains("page/pic.png"), "{messages:?}");
        assert_eq!(messages[1].1, Some(9), "{messages:?}");
        assert!(messages[1].0.contains("{% note %}"), "{messages:?}");
        assert!(messages[2].0.contains("{% endnote %}"), "{messages:?}");
        assert_eq!(out.links[0].target, "part/other-post.md");
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
            out.html.contains(
                "<details><summary>答案</summary>\n<ul>\n<li>列表</li>\n</ul>\n</details>"
            ),
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
    fn links_to_a_section_in_other_case_or_by_its_text_reach_it() {
        let out = render_body(
            "- [客户端](#SQL客户端)\n- [事务](#MySQL-事务)\n- [无](#Nowhere)\n\n### SQL客户端\n\n## ⭐️MySQL 事务\n",
        );
        assert!(
            out.html
                .contains("href=\"#sql%E5%AE%A2%E6%88%B7%E7%AB%AF\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("href=\"#mysql-%E4%BA%8B%E5%8A%A1\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("href=\"#Nowhere\""), "{}", out.html);
        let fragments: Vec<Option<&str>> =
            out.links.iter().map(|l| l.fragment.as_deref()).collect();
        assert_eq!(
            fragments,
            [Some("sql客户端"), Some("mysql-事务"), Some("Nowhere")]
        );
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
        assert_eq!(
            out.html
                .matches("<input disabled=\"\" type=\"checkbox\"")
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
        assert_eq!(out.diagnostics[0].column, Some(5));
    }

    #[test]
    fn code_is_highlighted_or_escaped() {
        let out = render_body(
            "```rust,ignore\nfn main() {}\n```\n\n```no-such-language\nval x = \"<b>\"\n```\n\n    indented <i>\n",
        );
        assert!(out.has_highlighted_code);
        assert!(out.html.contains("<pre class=\"code-block\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"), "{}", out.html);
        assert!(
            out.html.contains(
                "<code class=\"language-no-such-language\">val x = \"&lt;b&gt;\"\n</code>"
            ),
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
    fn links_to_other_hosts_are_marked_and_stay_in_the_tab() {
        let out = render_body("[a](https://example.org) [b](other.md) <https://x.org>\n");
        assert!(
            out.html
                .contains("<a href=\"https://example.org\" class=\"external\">a</a>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<a href=\"other.html\">b</a>"));
        assert!(!out.html.contains("target="));
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
}
