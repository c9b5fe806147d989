//! The transforming pass over a note's events.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::admonitions::Fold;
use super::autolink::{self, Piece};
use super::callouts;
use super::cjk::joins_cjk;
use super::emoji;
use super::footnotes::Footnotes;
use super::headings::plain_text;
use super::hexo;
use super::mermaid;
use super::obsidian;
use super::toc;
use super::{RenderOptions, RenderedNote};
use crate::content::SourceNote;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::escape;
use crate::highlight::fence_language;
use crate::html_repair::TagScanner;
use crate::naming::IdRegistry;
use crate::quiz;

/// The transforming pass over a note's events: links, images, code, math,
/// alerts, footnotes, tables, line breaks, and raw HTML bookkeeping.
pub(super) struct Body<'n, 'r> {
    pub(super) note: &'n SourceNote,
    pub(super) lines: &'n LineIndex<'n>,
    pub(super) options: RenderOptions<'n>,
    pub(super) rendered: &'r mut RenderedNote,
    /// Raw HTML fragments with their file lines, to check their balance.
    pub(super) raw_html: Vec<(String, usize)>,
    /// Element ids taken on the page (headings the author named, quiz cards).
    pub(super) ids: IdRegistry,
    /// Exam-style quiz items of the note, in order, by the events they replace.
    pub(super) exam_items: std::collections::VecDeque<quiz::exam::ExamItem>,
    /// When set, links and images are written relative to the site root
    /// instead of the note: this is the note's page path (for the quiz page).
    pub(super) url_base: Option<&'n str>,
    /// Whether `quiz` fences become cards (not inside a quiz item's parts).
    pub(super) allow_quiz: bool,
    /// The quiz files the note's `{{#quiz}}` directives name, each taken
    /// when its directive is met.
    pub(super) quiz_files: Vec<super::quiz_files::LoadedQuiz>,
}

impl<'n, 'r> Body<'n, 'r> {
    pub(super) fn new(
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
            quiz_files: Vec::new(),
        }
    }

    pub(super) fn file_line(&self, offset: usize) -> (usize, usize) {
        let (line, column) = self.lines.locate(offset);
        (line + self.note.body_line - 1, column)
    }

    /// The note's events transformed: each kind of event goes to its own
    /// method, which appends what it becomes to `pass.produced` and says
    /// where the next event is.
    pub(super) fn transform<'a>(
        &mut self,
        events: Vec<(Event<'a>, Range<usize>)>,
    ) -> Vec<Event<'a>> {
        let mut pass = Pass::new(events.len());
        let mut index = 0;
        while index < events.len() {
            index = match self.exam_item_at(&events, index, &mut pass) {
                Some(next) => next,
                None => self.event(&events, index, &mut pass),
            };
            pass.flush();
        }
        if let Some(section) =
            pass.footnotes
                .section(self.options.ui, self.note, &mut self.rendered.diagnostics)
        {
            pass.out.push(Event::Html(section.into()));
        }
        pass.out
    }

    /// The card of the exam-style quiz item that starts at `index`, if one
    /// does: it replaces the events of its question, options and answer.
    fn exam_item_at<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        pass: &mut Pass<'a>,
    ) -> Option<usize> {
        if self
            .exam_items
            .front()
            .is_none_or(|item| item.replaced.start != index)
        {
            return None;
        }
        let item = self.exam_items.pop_front().expect("checked above");
        let end = item.replaced.end;
        if let Some(card) = self.exam_quiz(item, events) {
            pass.produced.push(Event::Html(card.into()));
        }
        Some(end)
    }

    /// What the event at `index` becomes; returns the index of the next.
    pub(super) fn event<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        pass: &mut Pass<'a>,
    ) -> usize {
        if let Some(end) = toc::marker_at(events, index) {
            pass.produced.push(Event::Html(toc::MARKER.into()));
            return end + 1;
        }
        if let Some(next) = self.quiz_file_at(events, index, pass) {
            return next;
        }
        let (event, range) = &events[index];
        let produced = &mut pass.produced;
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => return self.wiki_link(events, index, dest_url, pass),
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => return self.wiki_embed(events, index, dest_url, *has_pothole, pass),
            Event::Text(text)
                if obsidian::ends_block(events.get(index + 1).map(|(e, _)| e))
                    && let Some((rest, id)) = obsidian::block_id(text) =>
            {
                let id = format!("^{id}");
                self.rendered.html_ids.push(id.clone());
                self.text(&rest.to_string().into(), range.start, pass);
                let mut anchor = String::from(" <span id=\"");
                escape::html(&mut anchor, &id);
                anchor.push_str("\"></span>");
                pass.produced.push(Event::InlineHtml(anchor.into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                pass.in_link += 1;
                // `<a@b.com>` is an e-mail address, not a file.
                let dest = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}").into(),
                    _ => dest_url.clone(),
                };
                produced.push(Event::InlineHtml(
                    self.link_open(&dest, title, range.start).into(),
                ))
            }
            Event::End(TagEnd::Link) => {
                pass.in_link = pass.in_link.saturating_sub(1);
                produced.push(Event::InlineHtml("</a>".into()))
            }
            Event::Text(text) if pass.in_link == 0 => self.text(text, range.start, pass),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = matching_end(events, index);
                let alt = plain_text_of(&events[index + 1..end]);
                produced.push(Event::InlineHtml(
                    self.image(dest_url, title, &alt, range.start).into(),
                ));
                return end + 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                return self.code_event(events, index, kind, pass);
            }
            // Pandoc's rule: a closing `$` has no digit right after it, so
            // `扣除 $50（$100）` is text.
            Event::InlineMath(_)
                if self.note.body[range.end..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                let source = self.note.body[range.clone()].to_string();
                self.text(&source.into(), range.start, pass);
            }
            // A task's box names its state: it has no label of its own.
            Event::TaskListMarker(done) => produced.push(Event::InlineHtml(
                format!(
                    "<input type=\"checkbox\" disabled{} aria-label=\"{}\"> ",
                    if *done { " checked" } else { "" },
                    crate::escape::escaped(if *done {
                        &self.options.ui.task_done
                    } else {
                        &self.options.ui.task_open
                    })
                )
                .into(),
            )),
            Event::InlineMath(tex) => {
                produced.push(Event::InlineHtml(self.math(tex, false, range.start).into()))
            }
            Event::DisplayMath(tex) => {
                produced.push(Event::InlineHtml(self.math(tex, true, range.start).into()))
            }
            Event::Start(Tag::BlockQuote(None)) => {
                if let Some(next) = self.callout(events, index, pass) {
                    return next;
                }
                pass.quotes.push(None);
                pass.inline_open.push(Vec::new());
                pass.produced.push(event.clone());
            }
            Event::End(TagEnd::BlockQuote(None)) => {
                pass.close_raw_html_of_block();
                match callouts::closing(pass.quotes.pop().flatten()) {
                    Some(close) => pass.produced.push(Event::Html(format!("{close}\n").into())),
                    None => pass.produced.push(event.clone()),
                }
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
            Event::SoftBreak if joins_cjk(events, index) => {}
            Event::FootnoteReference(label) => {
                let reference = pass.footnotes.reference(label);
                produced.push(Event::InlineHtml(reference.into()))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                pass.in_definition = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, body)) = pass.in_definition.take() {
                    let line = self.file_line(range.start).0;
                    pass.footnotes.define(label, body, line);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.raw_html
                    .push((html.to_string(), self.file_line(range.start).0));
                let ids = pass.raw_html_opened(html);
                self.rendered.html_ids.extend(ids);
                pass.produced.push(event.clone());
            }
            // An HTML block is no container: what its tags open may close
            // in a later block (`<details>`, a blank line, Markdown, a
            // blank line, `</details>`), as on GitHub.
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {
                produced.push(event.clone())
            }
            Event::Start(_) => {
                pass.inline_open.push(Vec::new());
                produced.push(event.clone());
            }
            Event::End(_) => {
                pass.close_raw_html_of_block();
                pass.produced.push(event.clone());
            }
            other => produced.push(other.clone()),
        }
        index + 1
    }

    /// Text: Hexo's tags (see [`hexo`]), then GitHub's emoji and
    /// addresses in the rest.
    pub(super) fn text<'a>(&mut self, text: &CowStr<'a>, offset: usize, pass: &mut Pass<'a>) {
        let Some(pieces) = hexo::tags(text) else {
            return self.github_text(text, offset, pass);
        };
        for piece in pieces {
            match piece {
                hexo::Piece::Text(plain) => {
                    self.github_text(&CowStr::from(plain.to_string()), offset, pass)
                }
                hexo::Piece::Tag {
                    raw,
                    at,
                    name,
                    arguments,
                } => {
                    let html = self.hexo_tag(raw, name, &arguments, offset + at);
                    pass.produced.push(Event::InlineHtml(html.into()));
                }
            }
        }
    }

    /// What a Hexo tag becomes: a link, an image, or its text and a
    /// warning.
    fn hexo_tag(&mut self, raw: &str, name: &str, arguments: &[&str], offset: usize) -> String {
        match (name, arguments) {
            ("post_link", [slug, title @ ..]) => {
                let text = if title.is_empty() {
                    *slug
                } else {
                    &title.join(" ")
                };
                let mut html = self.link_open(&format!("{slug}.md").into(), &"".into(), offset);
                escape::html(&mut html, text);
                html.push_str("</a>");
                html
            }
            ("asset_img", [file, title @ ..]) => {
                let stem = self.note.stem().to_string();
                let title = title.join(" ");
                self.image(&format!("{stem}/{file}"), &title, &title, offset)
            }
            _ => {
                let (line, column) = self.file_line(offset);
                self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        self.note.display_path(),
                        format!("the Hexo tag `{{% {name} %}}` is not understood; the page shows it as written"),
                    )
                    .at(line, column)
                    .with_help("post_link and asset_img are understood; write other content in Markdown"),
                );
                escape::escaped(raw)
            }
        }
    }

    /// Text with Obsidian's highlights marked and its tags kept for the
    /// page, then GitHub's emoji and addresses (see [`Self::github_text`]).
    fn github_text<'a>(&mut self, text: &CowStr<'a>, offset: usize, pass: &mut Pass<'a>) {
        for tag in obsidian::tags(text) {
            if !self.rendered.tags.contains(&tag) {
                self.rendered.tags.push(tag);
            }
        }
        let Some(pieces) = obsidian::highlights(text) else {
            return self.plain_text(text, offset, pass);
        };
        for (marked, piece) in pieces {
            if marked {
                pass.produced.push(Event::InlineHtml("<mark>".into()));
            }
            self.plain_text(&CowStr::from(piece.to_string()), offset, pass);
            if marked {
                pass.produced.push(Event::InlineHtml("</mark>".into()));
            }
        }
    }

    /// Text with GitHub's emoji short codes replaced and the addresses
    /// GitHub would link made links.
    fn plain_text<'a>(&mut self, text: &CowStr<'a>, offset: usize, pass: &mut Pass<'a>) {
        let text: CowStr<'a> = match emoji::with_emoji(text) {
            Some(replaced) => replaced.into(),
            None => text.clone(),
        };
        let Some(pieces) = autolink::autolinks(&text) else {
            pass.produced.push(Event::Text(text));
            return;
        };
        for piece in pieces {
            match piece {
                Piece::Text(plain) => pass.produced.push(Event::Text(plain.to_string().into())),
                Piece::Link { text, href } => {
                    let open = self.link_open(&href.into(), &CowStr::Borrowed(""), offset);
                    pass.produced.push(Event::InlineHtml(open.into()));
                    pass.produced.push(Event::Text(text.to_string().into()));
                    pass.produced.push(Event::InlineHtml("</a>".into()));
                }
            }
        }
    }

    /// A code block: a quiz item when it is a `quiz` fence, else
    /// highlighted code. Returns the index after its end.
    fn code_event<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        kind: &CodeBlockKind<'_>,
        pass: &mut Pass<'a>,
    ) -> usize {
        let (info, code, end) = code_block_at(events, index, kind);
        let offset = events[index].1.start;
        if self.allow_quiz && fence_language(info) == "quiz" {
            if let Some(card) = self.fenced_quiz(info, &code, offset) {
                pass.produced.push(Event::Html(card.into()));
            }
        } else if mermaid::is_diagram(fence_language(info)) {
            let html = self.diagram(info, &code, offset);
            pass.produced.push(Event::Html(html.into()));
        } else {
            pass.produced
                .push(Event::Html(self.code_block(info, &code).into()));
        }
        end + 1
    }
}

/// The info string, the code and the index of the end event of the code
/// block that `kind` opens at `index`.
pub(super) fn code_block_at<'k>(
    events: &[(Event<'_>, Range<usize>)],
    index: usize,
    kind: &'k CodeBlockKind<'_>,
) -> (&'k str, String, usize) {
    let end = matching_end(events, index);
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
    (info, code, end)
}

/// How much code a note holds before its blocks are highlighted in
/// parallel. Notes are rendered in parallel already, which keeps the cores
/// of a book of ordinary chapters busy: there, highlighting each note's
/// blocks in parallel too cost the rust book 0.017 s of wall and CPU time
/// (its biggest chapter has 18 KB of code). A chapter with much more code
/// than the others is what leaves a core idle.
pub(super) const PARALLEL_CODE_BYTES: usize = 32 * 1024;

/// Highlights a note's code blocks in parallel before the pass over its
/// events, which then finds each in the cache, when the note holds much
/// code (see [`PARALLEL_CODE_BYTES`]).
pub(super) fn highlight_code_blocks(events: &[(Event<'_>, Range<usize>)], body: &Body<'_, '_>) {
    // The blocks' source spans, summed before any code is gathered: most
    // notes hold far less code than the threshold, and pay nothing more.
    let fenced = |event: &Event<'_>| {
        matches!(
            event,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))
        )
    };
    let source_bytes: usize = events
        .iter()
        .filter(|(event, _)| fenced(event))
        .map(|(_, range)| range.len())
        .sum();
    if source_bytes < PARALLEL_CODE_BYTES {
        return;
    }
    let blocks: Vec<(&str, String)> = events
        .iter()
        .enumerate()
        .filter_map(|(index, (event, _))| match event {
            Event::Start(Tag::CodeBlock(kind @ CodeBlockKind::Fenced(_))) => {
                let (info, code, _) = code_block_at(events, index, kind);
                let language = fence_language(info);
                (language != "quiz").then_some((language, code))
            }
            _ => None,
        })
        .collect();
    if blocks.len() > 1 {
        let blocks: Vec<(&str, &str)> = blocks
            .iter()
            .map(|(language, code)| (*language, code.as_str()))
            .collect();
        body.options.highlights.prepare(&blocks);
    }
}

/// The state of one transforming pass.
pub(super) struct Pass<'a> {
    out: Vec<Event<'a>>,
    /// What an event becomes: one buffer for all of them, as a note has
    /// thousands of events.
    pub(super) produced: Vec<Event<'a>>,
    footnotes: Footnotes<'a>,
    /// The footnote being defined: its label and body so far.
    in_definition: Option<(String, Vec<Event<'a>>)>,
    /// Elements opened by raw HTML inside each enclosing Markdown block,
    /// closed when the block ends: a stray `<ul>` in a list item stays
    /// inside that item instead of swallowing the rest of the page. At
    /// the top level raw HTML may span blocks (`<details>` … `</details>`).
    pub(super) inline_open: Vec<Vec<String>>,
    scanner: TagScanner,
    /// For each block quote open, the fold of the callout it is, if any
    /// (see [`super::callouts`]).
    pub(super) quotes: Vec<Option<Fold>>,
    /// How many links the pass is inside: their text is not linked again.
    pub(super) in_link: usize,
}

impl<'a> Pass<'a> {
    fn new(events: usize) -> Pass<'a> {
        Pass {
            out: Vec::with_capacity(events),
            produced: Vec::with_capacity(4),
            footnotes: Footnotes::default(),
            in_definition: None,
            inline_open: vec![Vec::new()],
            scanner: TagScanner::default(),
            quotes: Vec::new(),
            in_link: 0,
        }
    }

    /// Moves what the last event became to the page, or to the footnote
    /// being defined.
    pub(super) fn flush(&mut self) {
        match &mut self.in_definition {
            Some((_, body)) => body.append(&mut self.produced),
            None => self.out.append(&mut self.produced),
        }
    }

    /// Notes the elements `html` opens and closes in the current block;
    /// returns the ids (`id`, or `name` of an `<a>`) that its tags give.
    fn raw_html_opened(&mut self, html: &str) -> Vec<String> {
        let open = self.inline_open.last_mut().expect("the document frame");
        let mut ids = Vec::new();
        for tag in self.scanner.tags(html) {
            if !tag.closing {
                ids.extend(tag.attribute("id").map(String::from));
                if tag.name.eq_ignore_ascii_case("a") {
                    ids.extend(tag.attribute("name").map(String::from));
                }
            }
            if tag.opens_element() {
                open.push(tag.name.to_ascii_lowercase());
            } else if tag.closing
                && let Some(position) = open.iter().rposition(|o| o.eq_ignore_ascii_case(tag.name))
            {
                open.truncate(position);
            }
        }
        ids
    }

    /// Closes what raw HTML left open in the block that ends now.
    fn close_raw_html_of_block(&mut self) {
        if self.inline_open.len() > 1
            && let Some(unclosed) = self.inline_open.pop()
            && !unclosed.is_empty()
        {
            let closing: String = unclosed.iter().rev().map(|t| format!("</{t}>")).collect();
            self.produced.push(Event::InlineHtml(closing.into()));
        }
    }
}

/// The index of the end event that closes the tag opened at `start`.
pub(super) fn matching_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
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

pub(super) fn plain_text_of(events: &[(Event<'_>, Range<usize>)]) -> String {
    let inner: Vec<Event<'_>> = events.iter().map(|(e, _)| e.clone()).collect();
    plain_text(&inner)
}
