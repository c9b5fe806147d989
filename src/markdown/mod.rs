//! Markdown to HTML for one note: heading ids and anchors, the note's table
//! of contents, links between notes rewritten to page links, highlighted
//! code, MathML, admonitions, footnotes, lazy images, and raw HTML repaired
//! when it does not balance.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::content::{SourceNote, Stamp};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::highlight::HighlightCache;
use crate::html_repair::{find_imbalance, repair};
use crate::i18n::UiStrings;
use crate::link_index::{Found, LinkIndex, Lookup};
use crate::naming::IdRegistry;
use crate::quiz::{self, QuizError, QuizItem};

use crate::cards::HeadingSource;
use body::Body;
use headings::with_heading_ids;

mod admonitions;
mod autolink;
mod body;
mod bracket_links;
mod callouts;
mod cjk;
mod colon_lines;
mod comments;
mod containers;
mod elements;
mod emoji;
mod fences;
mod footnotes;
mod headings;
mod hexo;
mod hidden_lines;
mod includes;
mod marks;
mod math_delimiters;
mod mermaid;
mod obsidian;
mod quiz_cards;
mod quiz_files;
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
        | Options::ENABLE_WIKILINKS
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
    /// The link as the page has it (before escaping), to point it at the
    /// id it means when the fragment names a section in other letter case.
    pub href: String,
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
    /// Whether the note has tabs (MkDocs' `===`, VitePress's code groups):
    /// the page needs `tabs.js`.
    pub has_tabs: bool,
    /// The quiz items of the note, in order.
    pub quiz_items: Vec<QuizItem>,
    /// The review cards of the note, in order.
    pub cards: Vec<crate::cards::Card>,
    pub diagnostics: Vec<Diagnostic>,
    /// Observations only `studysite check` reports: they are often
    /// intended (prose with lettered points), so builds stay quiet.
    pub lints: Vec<Diagnostic>,
    /// The files the note includes (`{{#include}}`), with their stamps
    /// when read: the note is rendered again when one changes.
    pub included: Vec<(PathBuf, Option<Stamp>)>,
    /// The names the note's links gave notes and files by (see
    /// [`LinkIndex`]) and what each found: the note is rendered again when
    /// one would find something else.
    pub lookups: Vec<(Lookup, Found)>,
    /// The notes embedded (`![[note]]`) with fingerprints of their bodies
    /// then: the note is rendered again when one changes.
    pub embedded: Vec<(String, u64)>,
    /// Obsidian's `#tags` in the note's text, shown with the front
    /// matter's.
    pub tags: Vec<String>,
    /// How many Mermaid diagrams the note has.
    pub diagrams: usize,
    /// Whether the note has formulas: the page needs `math.css`.
    pub has_math: bool,
    /// The start of the note's first paragraph, as plain text: the page's
    /// description when its front matter gives none.
    pub summary: String,
}

/// How long a summary runs, in characters (search engines show about as
/// many).
const SUMMARY_CHARS: usize = 150;

/// The plain text of the first paragraph that has some, shortened to
/// [`SUMMARY_CHARS`] with an ellipsis.
fn summary(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    let mut inside = false;
    // An image's description is not the paragraph's text.
    let mut images = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => inside = false,
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images = images.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if inside && images == 0 => text.push_str(t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(SUMMARY_CHARS - 1).collect();
    short.push('…');
    short
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
    /// The book's `notes/` folder, which mdBook's `{{#include}}` paths
    /// start from.
    pub notes_dir: &'a Path,
    /// The book's notes and files by the names links may give them.
    pub links: &'a LinkIndex,
    /// Every note's body by its path, for Obsidian's `![[note]]` embeds.
    pub bodies: &'a HashMap<String, std::sync::Arc<str>>,
    /// Whether embeds show the note (not inside an embedded note, so that
    /// no embed can include itself). An embedded note has no cards.
    pub embedding: bool,
    /// Whether headings that ask a question are review cards.
    pub question_headings_are_cards: bool,
}

/// Renders a note's body. A leading level-one heading that serves as the
/// title (front matter gives none) is left out: the page template shows the
/// title already.
pub fn render(note: &SourceNote, options: RenderOptions<'_>) -> RenderedNote {
    let mut diagnostics = Vec::new();
    let mut included = Vec::new();
    let mut quizzes = Vec::new();
    // The body as rewritten so far, and the note line of each of its lines.
    let mut body: Option<(String, Vec<usize>)> = None;
    if let Some(expanded) = includes::expand(note, options.notes_dir) {
        diagnostics.extend(expanded.diagnostics);
        included = expanded.files;
        quizzes = expanded.quizzes;
        body = Some((expanded.body, expanded.origins));
    }
    let current = body.as_ref().map_or(&*note.body, |(text, _)| text.as_str());
    if let Some(rewritten) = containers::rewrite(current, options.ui) {
        let origin = |line: usize| match &body {
            Some((_, origins)) => origins.get(line - 1).copied().unwrap_or(line),
            None => line,
        };
        for (line, opener) in &rewritten.unclosed {
            diagnostics.push(
                Diagnostic::warning(
                    note.display_path(),
                    format!("`{opener}` is never closed: the block ends at the end of the note"),
                )
                .at_line(origin(*line) + note.body_line - 1)
                .with_help("close it with a line of as many colons, or `{% endnote %}`"),
            );
        }
        let origins = rewritten.origins.iter().map(|&line| origin(line)).collect();
        body = Some((rewritten.body, origins));
    }
    let Some((text, origins)) = body else {
        return render_escaped(note, options, None, quizzes);
    };
    let rewritten = SourceNote {
        body: text.into(),
        ..note.clone()
    };
    let mut rendered = render_escaped(&rewritten, options, Some(&origins), quizzes);
    diagnostics.append(&mut rendered.diagnostics);
    rendered.diagnostics = diagnostics;
    rendered.included = included;
    rendered
}

/// The note's review cards, its headings and paragraphs marked in `html`;
/// card ids made unique on the page, and card blocks' element ids unique
/// among the page's (`ids`).
fn cards_of(
    note: &SourceNote,
    html: &mut String,
    headings: &[Heading],
    sources: &[HeadingSource],
    options: RenderOptions<'_>,
    ids: &mut IdRegistry,
) -> Vec<crate::cards::Card> {
    let page = note.output_path();
    let setting = note.front.cards;
    let mut cards = crate::cards::heading_cards(
        &page,
        html,
        headings,
        sources,
        setting,
        options.question_headings_are_cards,
    );
    cards.extend(crate::cards::explicit_cards(
        &page,
        html,
        &note.body,
        note.body_line,
        setting,
        ids,
    ));
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for card in &mut cards {
        let count = seen.entry(card.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            let unique = format!("{}-{count}", card.id);
            let mark = format!("data-card=\"{}\"", crate::escape::escaped(&card.id));
            // The first mark keeps the id; this card's is the count-th.
            if let Some((at, _)) = html.match_indices(&mark).nth(*count - 1) {
                let renamed = format!("data-card=\"{}\"", crate::escape::escaped(&unique));
                html.replace_range(at..at + mark.len(), &renamed);
            }
            card.id = unique;
        }
    }
    cards.sort_by_key(|card| card.line);
    cards
}

/// [`render_source`], once Obsidian's comments are out, `\(…\)` and
/// `\[…\]` are math, bracketed link text is no wiki link, and lines that
/// only look like definitions are escaped.
fn render_escaped(
    note: &SourceNote,
    options: RenderOptions<'_>,
    origins: Option<&[usize]>,
    quizzes: Vec<quiz_files::LoadedQuiz>,
) -> RenderedNote {
    // Each pass keeps every line where it is; `None`: nothing to change.
    let mut body: Option<String> = None;
    for pass in [
        comments::strip,
        math_delimiters::rewrite,
        bracket_links::escape,
        colon_lines::escape_false_definitions,
    ] {
        if let Some(changed) = pass(body.as_deref().unwrap_or(&note.body)) {
            body = Some(changed);
        }
    }
    match body {
        Some(body) => {
            let escaped = SourceNote {
                body: body.into(),
                ..note.clone()
            };
            render_source(&escaped, options, origins, quizzes)
        }
        None => render_source(note, options, origins, quizzes),
    }
}

/// Renders a note's body as it is; `origins` gives the body line of each
/// of its lines when files were included into it, and `quizzes` the quiz
/// files its `{{#quiz}}` directives name.
fn render_source(
    note: &SourceNote,
    options: RenderOptions<'_>,
    origins: Option<&[usize]>,
    quizzes: Vec<quiz_files::LoadedQuiz>,
) -> RenderedNote {
    let lines = match origins {
        Some(origins) => LineIndex::with_origins(&note.body, origins),
        None => LineIndex::new(&note.body),
    };
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
    rendered.summary = summary(&events);
    let scan = quiz::exam::find_items(&events, &note.body);
    let mut body = Body::new(note, &lines, options, &mut rendered, None);
    body.ids = ids;
    body.exam_items = scan.items.into();
    body.quiz_files = quizzes;
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
            .with_help("looked for an answer line after the options (`答案：B`, `**答案**：B`, `✅ 正确答案：B`, `Answer: B`), an answer heading (`#### 答案：B`) and a `<details>` holding one; add one to make them a quiz item, or ignore this for prose"),
        );
    }
    body::highlight_code_blocks(&events, &body);
    let heading_sources: Vec<HeadingSource> = events
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => Some(HeadingSource {
                line: body.file_line(range.start).0,
                explicit_id: id.is_some(),
                marks: HeadingSource::marks_of(
                    classes.iter().map(|class| class.as_ref()),
                    attrs
                        .iter()
                        .map(|(name, value)| (name.as_ref(), value.as_deref())),
                ),
            }),
            _ => None,
        })
        .collect();
    let events = body.transform(events);
    let raw_html = std::mem::take(&mut body.raw_html);
    let ids = std::mem::take(&mut body.ids);
    let (output, mut ids) = with_heading_ids(note, events, &mut rendered, options, ids);
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
    if options.embedding {
        // The title heading is the page's, not a section.
        let sections = heading_sources
            .get(usize::from(rendered.title_heading.is_some())..)
            .unwrap_or_default();
        rendered.cards = cards_of(
            note,
            &mut html,
            &rendered.headings,
            sections,
            options,
            &mut ids,
        );
    }
    rendered.has_tabs = html.contains(containers::TABS_OPENING);
    // Every note's HTML is held until the pages are written: without its
    // spare capacity, a 1,000-note book takes about 10 MB less.
    html.shrink_to_fit();
    rendered.html = html;
    rendered
}

#[cfg(test)]
mod tests;
