//! Markdown to HTML for one note: heading ids and anchors, the note's table
//! of contents, and links between notes rewritten to page links.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::content::SourceNote;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::links::{LinkTarget, classify};
use crate::naming::{IdRegistry, slugify};

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
    pub links: Vec<NoteLink>,
    /// The text of the first heading, the title when front matter has none.
    pub first_heading: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How to render: the words the theme needs inside the body.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// `aria-label` of the `#` link beside each heading.
    pub anchor_label: &'a str,
}

/// Renders a note's body. A leading level-one heading that serves as the
/// title (front matter gives none) is left out: the page template shows the
/// title already.
pub fn render(note: &SourceNote, options: RenderOptions<'_>) -> RenderedNote {
    let lines = LineIndex::new(&note.body);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&note.body, parser_options())
        .into_offset_iter()
        .collect();

    let mut ids = IdRegistry::default();
    for (event, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.reserve(id);
        }
    }

    let mut rendered = RenderedNote::default();
    let mut output: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        let (event, range) = &events[index];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = heading_end(&events, index);
                let inner: Vec<Event<'_>> = events[index + 1..end]
                    .iter()
                    .map(|(event, range)| match event {
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }) => Event::Start(Tag::Link {
                            link_type: *link_type,
                            dest_url: rewrite_link(
                                note,
                                dest_url,
                                range.start,
                                &lines,
                                &mut rendered,
                            ),
                            title: title.clone(),
                            id: id.clone(),
                        }),
                        other => other.clone(),
                    })
                    .collect();
                let text = plain_text(&inner);
                let is_title = index == 0
                    && *level == HeadingLevel::H1
                    && note.front.title.is_none()
                    && id.is_none();
                if rendered.first_heading.is_none() {
                    rendered.first_heading = Some(text.clone());
                }
                if !is_title {
                    let id = match id {
                        Some(id) => id.to_string(),
                        None => ids.unique(&slugify(&text)),
                    };
                    let heading = Heading {
                        level: *level as u8,
                        id,
                        text,
                    };
                    output.push(Event::Html(
                        heading_html(&heading, classes, attrs, inner, options).into(),
                    ));
                    rendered.headings.push(heading);
                }
                index = end + 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(note, dest_url, range.start, &lines, &mut rendered);
                output.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            other => output.push(other.clone()),
        }
        index += 1;
    }
    let mut html = String::with_capacity(note.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, output.into_iter());
    rendered.html = html;
    rendered
}

/// The index of the `End(Heading)` that closes the heading opened at `start`.
fn heading_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len() - 1, |offset| start + offset)
}

/// The heading element with its id and a self-link that shows on hover.
fn heading_html(
    heading: &Heading,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
    inner: Vec<Event<'_>>,
    options: RenderOptions<'_>,
) -> String {
    let mut html = format!("<h{} id=\"", heading.level);
    escape_html(&mut html, &heading.id).expect("writing to a String cannot fail");
    html.push('"');
    if !classes.is_empty() {
        html.push_str(" class=\"");
        escape_html(&mut html, &classes.join(" ")).expect("writing to a String cannot fail");
        html.push('"');
    }
    for (name, value) in attrs {
        html.push(' ');
        escape_html(&mut html, name).expect("writing to a String cannot fail");
        if let Some(value) = value {
            html.push_str("=\"");
            escape_html(&mut html, value).expect("writing to a String cannot fail");
            html.push('"');
        }
    }
    html.push('>');
    pulldown_cmark::html::push_html(&mut html, inner.into_iter());
    html.push_str("<a class=\"heading-anchor\" href=\"#");
    escape_href(&mut html, &heading.id).expect("writing to a String cannot fail");
    html.push_str("\" aria-label=\"");
    escape_html(&mut html, options.anchor_label).expect("writing to a String cannot fail");
    html.push_str("\">#</a></h");
    html.push_str(&heading.level.to_string());
    html.push_str(">\n");
    html
}

/// Rewrites a link to a note as a link to its page and records it for the
/// site to check; warns about links out of the book.
fn rewrite_link<'a>(
    note: &SourceNote,
    dest: &CowStr<'a>,
    offset: usize,
    lines: &LineIndex,
    rendered: &mut RenderedNote,
) -> CowStr<'a> {
    let (line, column) = lines.locate(offset);
    let line = line + note.body_line - 1;
    match classify(&note.rel_path, dest) {
        LinkTarget::Note {
            rel_path,
            fragment,
            href,
        } => {
            rendered.links.push(NoteLink {
                target: rel_path,
                fragment,
                line,
                column,
            });
            href.into()
        }
        LinkTarget::SamePage { fragment } => {
            rendered.links.push(NoteLink {
                target: note.rel_path.clone(),
                fragment: Some(fragment),
                line,
                column,
            });
            dest.clone()
        }
        LinkTarget::OutsideBook => {
            rendered.diagnostics.push(
                Diagnostic::warning(
                    note.display_path(),
                    format!("link to `{dest}` points outside the notes folder"),
                )
                .at(line, column)
                .with_help("only notes inside `notes/` become pages of the site"),
            );
            dest.clone()
        }
        LinkTarget::External | LinkTarget::File => dest.clone(),
    }
}

/// The text of inline events, without markup.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
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
        }
    }

    fn render_body(body: &str) -> RenderedNote {
        render(
            &note(body),
            RenderOptions {
                anchor_label: "Link",
            },
        )
    }

    #[test]
    fn headings_get_ids_that_keep_chinese_and_are_unique() {
        let out = render_body("## 分词\n\n## 分词\n\n### Hello *World*\n\n## Custom {#mine}\n");
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["分词", "分词-1", "hello-world", "mine"]);
        assert!(out.html.contains("<h2 id=\"分词\">分词<a class=\"heading-anchor\" href=\"#%E5%88%86%E8%AF%8D\" aria-label=\"Link\">#</a></h2>"), "{}", out.html);
        assert!(
            out.html
                .contains("<h3 id=\"hello-world\">Hello <em>World</em>")
        );
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
        assert_eq!(out.first_heading.as_deref(), Some("The title"));
        assert!(!out.html.contains("The title"));
        assert_eq!(out.headings.len(), 1);

        let mut with_front_title = note("# Kept\n");
        with_front_title.front.title = Some("Front".into());
        let out = render(&with_front_title, RenderOptions { anchor_label: "L" });
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
    fn extensions_are_enabled() {
        let out = render_body(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ [^1]\n\n[^1]: note\n\n- [x] done\n\n> [!NOTE]\n> hi\n\nterm\n: definition\n\n$x^2$\n",
        );
        for needle in [
            "<table>",
            "<del>gone</del>",
            "footnote",
            "type=\"checkbox\"",
            "markdown-alert-note",
            "<dl>",
            "math-inline",
        ] {
            assert!(out.html.contains(needle), "{needle} in {}", out.html);
        }
    }
}
