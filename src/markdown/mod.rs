//! Markdown to HTML for one note: heading ids and anchors, the note's table
//! of contents, links between notes rewritten to page links, highlighted
//! code, MathML, admonitions, footnotes, lazy images, and raw HTML repaired
//! when it does not balance.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::cjk::is_cjk;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

use crate::content::{SourceNote, parent_of};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::highlight::{HighlightCache, fence_language};
use crate::html_repair::{TagScanner, find_imbalance, repair};
use crate::i18n::UiStrings;
use crate::links::{LinkTarget, classify};
use crate::math::to_mathml;
use crate::naming::{IdRegistry, slugify};
use crate::quiz::{self, QuizError, QuizItem};

mod quiz_cards;

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
    let events = body.transform(events);
    let raw_html = std::mem::take(&mut body.raw_html);
    let ids = std::mem::take(&mut body.ids);
    let output = with_heading_ids(note, events, &mut rendered, options, ids);
    let mut html = String::with_capacity(note.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, output.into_iter());
    if let Some((index, imbalance)) = find_imbalance(raw_html.iter().map(|(h, _)| h.as_str())) {
        let line = raw_html[index].1;
        rendered.diagnostics.push(
            Diagnostic::warning(note.display_path(), imbalance.describe())
                .at_line(line)
                .with_help("the page shows it repaired; close the tag or remove the line"),
        );
        html = repair(&html);
    }
    // Every note's HTML is held until the pages are written: without its
    // spare capacity, a 1,000-note book takes about 10 MB less.
    html.shrink_to_fit();
    rendered.html = html;
    rendered
}

/// Gives every heading an id and a self-link, and collects the table of
/// contents. `ids` holds the ids already taken on the page.
fn with_heading_ids<'a>(
    note: &SourceNote,
    events: Vec<Event<'a>>,
    rendered: &mut RenderedNote,
    options: RenderOptions<'_>,
    mut ids: IdRegistry,
) -> Vec<Event<'a>> {
    let mut output = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[index]
        else {
            output.push(events[index].clone());
            index += 1;
            continue;
        };
        let end = heading_end(&events, index);
        let inner = &events[index + 1..end];
        let text = plain_text(inner);
        let is_title =
            index == 0 && *level == HeadingLevel::H1 && note.front.title.is_none() && id.is_none();
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
            let html = heading_html(&heading, classes, attrs, inner.to_vec(), options);
            output.push(Event::Html(html.into()));
            rendered.headings.push(heading);
        }
        index = end + 1;
    }
    output
}

/// The transforming pass over a note's events: links, images, code, math,
/// alerts, footnotes, tables, line breaks, and raw HTML bookkeeping.
struct Body<'n, 'r> {
    note: &'n SourceNote,
    lines: &'n LineIndex<'n>,
    options: RenderOptions<'n>,
    rendered: &'r mut RenderedNote,
    /// Raw HTML fragments with their file lines, to check their balance.
    raw_html: Vec<(String, usize)>,
    /// Element ids taken on the page (headings the author named, quiz cards).
    ids: IdRegistry,
    /// Exam-style quiz items of the note, in order, by the events they replace.
    exam_items: std::collections::VecDeque<quiz::exam::ExamItem>,
    /// When set, links and images are written relative to the site root
    /// instead of the note: this is the note's page path (for the quiz page).
    url_base: Option<&'n str>,
    /// Whether `quiz` fences become cards (not inside a quiz item's parts).
    allow_quiz: bool,
}

impl<'n, 'r> Body<'n, 'r> {
    fn new(
        note: &'n SourceNote,
        lines: &'n LineIndex<'n>,
        options: RenderOptions<'n>,
        rendered: &'r mut RenderedNote,
        url_base: Option<&'n str>,
    ) -> Self {
        Body {
            note,
            lines,
            options,
            rendered,
            raw_html: Vec::new(),
            ids: IdRegistry::default(),
            exam_items: Default::default(),
            url_base,
            allow_quiz: url_base.is_none(),
        }
    }

    fn file_line(&self, offset: usize) -> (usize, usize) {
        let (line, column) = self.lines.locate(offset);
        (line + self.note.body_line - 1, column)
    }

    fn transform<'a>(&mut self, events: Vec<(Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
        let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
        let mut footnotes = Footnotes::default();
        let mut in_definition: Option<(String, Vec<Event<'a>>)> = None;
        // Elements opened by raw HTML inside each enclosing Markdown block,
        // closed when the block ends: a stray `<ul>` in a list item stays
        // inside that item instead of swallowing the rest of the page. At
        // the top level raw HTML may span blocks (`<details>` … `</details>`).
        let mut inline_open: Vec<Vec<String>> = vec![Vec::new()];
        let mut scanner = TagScanner::default();
        // What an event becomes: one buffer for all of them, as a note has
        // thousands of events.
        let mut produced: Vec<Event<'a>> = Vec::with_capacity(4);
        let mut index = 0;
        while index < events.len() {
            if self
                .exam_items
                .front()
                .is_some_and(|item| item.replaced.start == index)
            {
                let item = self.exam_items.pop_front().expect("checked above");
                let end = item.replaced.end;
                if let Some(card) = self.exam_quiz(item, &events) {
                    out.push(Event::Html(card.into()));
                }
                index = end;
                continue;
            }
            let (event, range) = &events[index];
            produced.clear();
            match event {
                Event::Start(Tag::Link {
                    dest_url, title, ..
                }) => produced.push(Event::InlineHtml(
                    self.link_open(dest_url, title, range.start).into(),
                )),
                Event::End(TagEnd::Link) => produced.push(Event::InlineHtml("</a>".into())),
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let end = matching_end(&events, index);
                    let alt = plain_text_of(&events[index + 1..end]);
                    produced.push(Event::InlineHtml(
                        self.image(dest_url, title, &alt, range.start).into(),
                    ));
                    index = end;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = matching_end(&events, index);
                    let code: String = events[index + 1..end]
                        .iter()
                        .filter_map(|(e, _)| match e {
                            Event::Text(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.as_ref(),
                        CodeBlockKind::Indented => "",
                    };
                    if self.allow_quiz && fence_language(info) == "quiz" {
                        if let Some(card) = self.fenced_quiz(info, &code, range.start) {
                            produced.push(Event::Html(card.into()));
                        }
                    } else {
                        produced.push(Event::Html(self.code_block(info, &code).into()));
                    }
                    index = end;
                }
                Event::InlineMath(tex) => {
                    produced.push(Event::InlineHtml(self.math(tex, false, range.start).into()))
                }
                Event::DisplayMath(tex) => {
                    produced.push(Event::InlineHtml(self.math(tex, true, range.start).into()))
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    produced.push(Event::Html(self.alert_open(*kind).into()))
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    produced.push(Event::Html("</div>\n".into()))
                }
                Event::Start(Tag::Table(_)) => {
                    produced.push(Event::Html("<div class=\"table-scroll\">".into()));
                    produced.push(event.clone());
                }
                Event::End(TagEnd::Table) => {
                    produced.push(event.clone());
                    produced.push(Event::Html("</div>\n".into()));
                }
                Event::SoftBreak if joins_cjk(&events, index) => {}
                Event::FootnoteReference(label) => {
                    produced.push(Event::InlineHtml(footnotes.reference(label).into()))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    in_definition = Some((label.to_string(), Vec::new()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, body)) = in_definition.take() {
                        footnotes.define(label, body, self.file_line(range.start).0);
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.raw_html
                        .push((html.to_string(), self.file_line(range.start).0));
                    let open = inline_open.last_mut().expect("the document frame");
                    for tag in scanner.tags(html) {
                        if tag.opens_element() {
                            open.push(tag.name.to_ascii_lowercase());
                        } else if tag.closing
                            && let Some(position) =
                                open.iter().rposition(|o| o.eq_ignore_ascii_case(tag.name))
                        {
                            open.truncate(position);
                        }
                    }
                    produced.push(event.clone());
                }
                Event::Start(_) => {
                    inline_open.push(Vec::new());
                    produced.push(event.clone());
                }
                Event::End(_) => {
                    if inline_open.len() > 1
                        && let Some(unclosed) = inline_open.pop()
                        && !unclosed.is_empty()
                    {
                        let closing: String =
                            unclosed.iter().rev().map(|t| format!("</{t}>")).collect();
                        produced.push(Event::InlineHtml(closing.into()));
                    }
                    produced.push(event.clone());
                }
                other => produced.push(other.clone()),
            }
            match &mut in_definition {
                Some((_, body)) => body.append(&mut produced),
                None => out.append(&mut produced),
            }
            index += 1;
        }
        if let Some(section) =
            footnotes.section(self.options.ui, self.note, &mut self.rendered.diagnostics)
        {
            out.push(Event::Html(section.into()));
        }
        out
    }

    /// An `<a>` tag: note links rewritten to pages, other hosts marked.
    fn link_open(&mut self, dest: &CowStr<'_>, title: &CowStr<'_>, offset: usize) -> String {
        let href = self.rewrite_link(dest, offset);
        let href = self.rebase(&href);
        let mut html = String::from("<a href=\"");
        escape_href(&mut html, &href).expect(WRITE);
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape_html(&mut html, title).expect(WRITE);
            html.push('"');
        }
        if href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//") {
            html.push_str(" class=\"external\"");
        }
        html.push('>');
        html
    }

    /// A URL relative to the note made relative to the site root, when this
    /// body is rendered for a page at the root (the quiz page).
    fn rebase(&self, url: &str) -> String {
        let Some(page) = self.url_base else {
            return url.to_string();
        };
        match classify(&self.note.rel_path, url) {
            LinkTarget::External => url.to_string(),
            LinkTarget::SamePage { .. } => format!("{page}{url}"),
            _ => format!("{}{url}", folder_prefix(page)),
        }
    }

    /// Rewrites a link to a note as a link to its page and records it for
    /// the site to check; warns about links out of the book.
    fn rewrite_link(&mut self, dest: &str, offset: usize) -> String {
        let (line, column) = self.file_line(offset);
        match classify(&self.note.rel_path, dest) {
            LinkTarget::Note {
                rel_path,
                fragment,
                href,
            } => {
                self.rendered.links.push(NoteLink {
                    target: rel_path,
                    fragment,
                    line,
                    column,
                });
                href
            }
            LinkTarget::SamePage { fragment } => {
                self.rendered.links.push(NoteLink {
                    target: self.note.rel_path.clone(),
                    fragment: Some(fragment),
                    line,
                    column,
                });
                dest.to_string()
            }
            LinkTarget::OutsideBook => {
                self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        self.note.display_path(),
                        format!("link to `{dest}` points outside the notes folder"),
                    )
                    .at(line, column)
                    .with_help("only notes inside `notes/` become pages of the site"),
                );
                dest.to_string()
            }
            LinkTarget::External | LinkTarget::File => dest.to_string(),
        }
    }

    /// An `<img>` that loads lazily, with its size when the file can be read.
    fn image(&mut self, dest: &str, title: &str, alt: &str, offset: usize) -> String {
        let mut html = String::from("<img src=\"");
        escape_href(&mut html, &self.rebase(dest)).expect(WRITE);
        html.push_str("\" alt=\"");
        escape_html(&mut html, alt).expect(WRITE);
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape_html(&mut html, title).expect(WRITE);
            html.push('"');
        }
        if let LinkTarget::File = classify(&self.note.rel_path, dest) {
            match crate::links::book_path_of(&self.note.rel_path, dest)
                .and_then(|p| self.options.assets.get(&p))
            {
                Some(path) => {
                    if let Ok(size) = imagesize::size(path) {
                        html.push_str(&format!(
                            " width=\"{}\" height=\"{}\"",
                            size.width, size.height
                        ));
                    }
                }
                None => {
                    let (line, column) = self.file_line(offset);
                    self.rendered.diagnostics.push(
                        Diagnostic::warning(
                            self.note.display_path(),
                            format!("image `{dest}` not found"),
                        )
                        .at(line, column)
                        .with_help(
                            "image paths are relative to the note; put the file under `notes/`",
                        ),
                    );
                }
            }
        }
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
        html
    }

    /// A fenced or indented code block, highlighted when its language is known.
    fn code_block(&mut self, info: &str, code: &str) -> String {
        let language = fence_language(info);
        let mut html = String::from("<pre class=\"code-block\"");
        if !language.is_empty() {
            html.push_str(" data-lang=\"");
            escape_html(&mut html, language).expect(WRITE);
            html.push('"');
        }
        html.push_str("><code");
        if !language.is_empty() {
            html.push_str(" class=\"language-");
            escape_html(&mut html, language).expect(WRITE);
            html.push('"');
        }
        html.push('>');
        match self.options.highlights.highlight(language, code) {
            Some(highlighted) => {
                self.rendered.has_highlighted_code = true;
                html.push_str(&highlighted);
            }
            None => escape_html_body_text(&mut html, code).expect(WRITE),
        }
        html.push_str("</code></pre>\n");
        html
    }

    /// MathML for a formula, or its escaped source and a warning.
    fn math(&mut self, tex: &str, display: bool, offset: usize) -> String {
        match to_mathml(tex, display) {
            Ok(mathml) if display => format!("<span class=\"math-display\">{mathml}</span>"),
            Ok(mathml) => mathml,
            Err(error) => {
                let (line, column) = self.file_line(offset);
                self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        self.note.display_path(),
                        format!("this formula cannot be rendered: {error}"),
                    )
                    .at(line, column)
                    .with_help("the page shows the formula's source instead"),
                );
                let delimiter = if display { "$$" } else { "$" };
                let mut html = String::from("<code class=\"math-error\">");
                escape_html_body_text(&mut html, &format!("{delimiter}{tex}{delimiter}"))
                    .expect(WRITE);
                html.push_str("</code>");
                html
            }
        }
    }

    fn alert_open(&self, kind: BlockQuoteKind) -> String {
        let ui = self.options.ui;
        let (class, title) = match kind {
            BlockQuoteKind::Note => ("note", &ui.alert_note),
            BlockQuoteKind::Tip => ("tip", &ui.alert_tip),
            BlockQuoteKind::Important => ("important", &ui.alert_important),
            BlockQuoteKind::Warning => ("warning", &ui.alert_warning),
            BlockQuoteKind::Caution => ("caution", &ui.alert_caution),
        };
        let mut html = format!(
            "<div class=\"admonition admonition-{class}\" role=\"note\">\n<p class=\"admonition-title\">"
        );
        escape_html(&mut html, title).expect(WRITE);
        html.push_str("</p>\n");
        html
    }
}

/// `a/b/` for a page `a/b/c.html`, `""` at the root.
fn folder_prefix(page: &str) -> String {
    match parent_of(page) {
        "" => String::new(),
        folder => format!("{folder}/"),
    }
}

/// "Writing to a String cannot fail."
const WRITE: &str = "writing to a String cannot fail";

/// The index of the end event that closes the tag opened at `start`.
fn matching_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (offset, (event, _)) in events[start..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return start + offset;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn plain_text_of(events: &[(Event<'_>, Range<usize>)]) -> String {
    let inner: Vec<Event<'_>> = events.iter().map(|(e, _)| e.clone()).collect();
    plain_text(&inner)
}

/// Whether a line break between two CJK characters should vanish, as a
/// Chinese reader expects (a space there reads as a gap). Korean keeps it:
/// Hangul text is written with spaces.
fn joins_cjk(events: &[(Event<'_>, Range<usize>)], index: usize) -> bool {
    let before = index.checked_sub(1).and_then(|i| match &events[i].0 {
        Event::Text(text) => text.chars().next_back(),
        _ => None,
    });
    let after = events.get(index + 1).and_then(|(event, _)| match event {
        Event::Text(text) => text.chars().next(),
        _ => None,
    });
    matches!((before, after), (Some(a), Some(b)) if is_wide_unspaced(a) && is_wide_unspaced(b))
}

fn is_wide_unspaced(c: char) -> bool {
    let hangul = matches!(c as u32, 0x1100..=0x11ff | 0x3131..=0x318e | 0xa960..=0xa97c | 0xac00..=0xd7a3 | 0xd7b0..=0xd7fb);
    is_cjk(c) && !hangul
}

/// Footnotes, numbered in the order they are first referenced, gathered at
/// the end of the page with links back to each reference.
#[derive(Default)]
struct Footnotes<'a> {
    /// Labels in order of first reference, with their reference count.
    referenced: Vec<(String, usize)>,
    definitions: HashMap<String, (Vec<Event<'a>>, usize)>,
}

impl<'a> Footnotes<'a> {
    fn reference(&mut self, label: &str) -> String {
        let position = match self.referenced.iter().position(|(l, _)| l == label) {
            Some(position) => position,
            None => {
                self.referenced.push((label.to_string(), 0));
                self.referenced.len() - 1
            }
        };
        self.referenced[position].1 += 1;
        let number = position + 1;
        let count = self.referenced[position].1;
        let id = if count == 1 {
            format!("fnref-{number}")
        } else {
            format!("fnref-{number}-{count}")
        };
        format!(
            "<sup class=\"footnote-ref\" id=\"{id}\"><a href=\"#fn-{number}\">{number}</a></sup>"
        )
    }

    fn define(&mut self, label: String, body: Vec<Event<'a>>, line: usize) {
        self.definitions.entry(label).or_insert((body, line));
    }

    /// The footnotes section, or `None` when nothing was referenced.
    fn section(
        mut self,
        ui: &UiStrings,
        note: &SourceNote,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let mut unused: Vec<(&String, &usize)> = self
            .definitions
            .iter()
            .filter(|(label, _)| !self.referenced.iter().any(|(l, _)| l == *label))
            .map(|(label, (_, line))| (label, line))
            .collect();
        unused.sort_by_key(|(_, line)| **line);
        for (label, line) in unused {
            diagnostics.push(
                Diagnostic::warning(
                    note.display_path(),
                    format!("footnote `[^{label}]` is never referenced"),
                )
                .at_line(*line),
            );
        }
        if self.referenced.is_empty() {
            return None;
        }
        let mut html = String::from("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (position, (label, count)) in self.referenced.iter().enumerate() {
            let number = position + 1;
            html.push_str(&format!("<li id=\"fn-{number}\">\n"));
            if let Some((body, _)) = self.definitions.remove(label) {
                pulldown_cmark::html::push_html(&mut html, body.into_iter());
            }
            for k in 1..=*count {
                let target = if k == 1 {
                    format!("fnref-{number}")
                } else {
                    format!("fnref-{number}-{k}")
                };
                html.push_str(&format!(
                    "<a class=\"footnote-back\" href=\"#{target}\" aria-label=\""
                ));
                escape_html(&mut html, &ui.footnote_back).expect(WRITE);
                html.push_str("\">↩</a>\n");
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
        Some(html)
    }
}

/// The index of the `End(Heading)` that closes the heading opened at `start`.
fn heading_end(events: &[Event<'_>], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
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
    escape_html(&mut html, &heading.id).expect(WRITE);
    html.push('"');
    if !classes.is_empty() {
        html.push_str(" class=\"");
        escape_html(&mut html, &classes.join(" ")).expect(WRITE);
        html.push('"');
    }
    for (name, value) in attrs {
        html.push(' ');
        escape_html(&mut html, name).expect(WRITE);
        if let Some(value) = value {
            html.push_str("=\"");
            escape_html(&mut html, value).expect(WRITE);
            html.push('"');
        }
    }
    html.push('>');
    pulldown_cmark::html::push_html(&mut html, inner.into_iter());
    html.push_str("<a class=\"heading-anchor\" data-search-skip href=\"#");
    escape_href(&mut html, &heading.id).expect(WRITE);
    html.push_str("\" aria-label=\"");
    escape_html(&mut html, &options.ui.anchor_link).expect(WRITE);
    html.push_str("\">#</a></h");
    html.push_str(&heading.level.to_string());
    html.push_str(">\n");
    html
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
        assert_eq!(out.first_heading.as_deref(), Some("The title"));
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
