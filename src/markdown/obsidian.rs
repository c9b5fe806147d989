//! Obsidian's own syntax: `[[links]]` and `![[embeds]]` (the parser's
//! wiki links), resolved as Obsidian resolves them (see [`LinkIndex`]),
//! and block ids (`^6us1wf` at the end of a paragraph) that
//! `[[note#^6us1wf]]` reaches.
//!
//! [`LinkIndex`]: crate::link_index::LinkIndex

use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

use super::body::{Body, Pass, matching_end, plain_text_of};
use super::{NoteLink, RenderedNote};
use crate::content::{SourceNote, note_output_path};
use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::fingerprint::fingerprint_of;
use crate::link_index::{Found, Lookup};
use crate::links::root_prefix;

/// Why a wiki link leads nowhere.
enum Unresolved {
    /// It was no link (`[[1,2],[3,4]]`): shown as written, quietly.
    NoLink,
    /// No note, or several, have its name: warned about.
    Warned,
}

/// File types `![[…]]` shows as images.
const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif", "ico",
];

impl Body<'_, '_> {
    /// A wiki link opening at `index` to `dest` (`note`, `folder/note`,
    /// `note#heading`, `#heading`): a link to the page, or, when the note
    /// cannot be told, its source as text with a warning. Returns the
    /// index of the next event.
    pub(super) fn wiki_link<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        dest: &str,
        pass: &mut Pass<'a>,
    ) -> usize {
        let (name, fragment) = match dest.split_once('#') {
            Some((name, fragment)) => (name.trim(), Some(fragment.trim())),
            None => (dest.trim(), None),
        };
        let (target, page) = if name.is_empty() {
            (self.note.rel_path.clone(), String::new())
        } else {
            match self.wiki_target(name, events[index].1.start) {
                Ok(target) => {
                    let page = format!(
                        "{}{}",
                        root_prefix(&self.note.output_path()),
                        note_output_path(&target)
                    );
                    (target, page)
                }
                Err(Unresolved::NoLink) => return self.as_written(events, index, pass),
                Err(Unresolved::Warned) => return self.unresolved(events, index, pass),
            }
        };
        let href = match fragment.filter(|f| !f.is_empty()) {
            Some(fragment) => format!("{page}#{fragment}"),
            None => page,
        };
        let (line, column) = self.file_line(events[index].1.start);
        self.rendered.links.push(NoteLink {
            target,
            fragment: fragment.filter(|f| !f.is_empty()).map(String::from),
            href: href.clone(),
            line,
            column,
        });
        let mut html = String::from("<a href=\"");
        escape::href(&mut html, &self.rebase(&href));
        html.push_str("\">");
        pass.produced.push(Event::InlineHtml(html.into()));
        pass.in_link += 1;
        index + 1
    }

    /// An embed opening at `index` (`![[image.png|300]]`, `![[note]]`,
    /// `![[note#heading]]`): the image, or the note's text (or that
    /// section) in a frame with a link to it. Returns the next index.
    pub(super) fn wiki_embed<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        dest: &str,
        has_pothole: bool,
        pass: &mut Pass<'a>,
    ) -> usize {
        let end = matching_end(events, index);
        let offset = events[index].1.start;
        let (name, fragment) = match dest.split_once('#') {
            Some((name, fragment)) => (name.trim(), Some(fragment.trim())),
            None => (dest.trim(), None),
        };
        // An Excalidraw drawing is a note (`x.excalidraw.md`), shown by the
        // picture the plugin exports beside it, else linked.
        if name.to_ascii_lowercase().ends_with(".excalidraw") {
            for picture in ["svg", "png"] {
                let file = format!("{name}.{picture}");
                if let Found::One(file) = self.look_up(Lookup::File(file)) {
                    let src = format!("{}{file}", root_prefix(&self.note.output_path()));
                    let html = self.sized_image(&src, "", name, offset, None);
                    pass.produced.push(Event::InlineHtml(html.into()));
                    return end + 1;
                }
            }
        }
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .filter(|e| e != "excalidraw");
        let is_note = extension.as_deref().is_none_or(|e| e == "md");
        if !is_note {
            let shown = plain_text_of(&events[index + 1..end]);
            let size = if has_pothole {
                image_size(&shown)
            } else {
                None
            };
            let alt = if has_pothole && size.is_none() {
                shown.as_str()
            } else {
                ""
            };
            let is_image = extension
                .as_deref()
                .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e));
            let html = match self.look_up(Lookup::File(name.to_string())) {
                Found::One(file) => {
                    let src = format!("{}{file}", root_prefix(&self.note.output_path()));
                    if is_image {
                        self.sized_image(&src, "", alt, offset, size)
                    } else {
                        let mut link = String::from("<a href=\"");
                        escape::href(&mut link, &self.rebase(&src));
                        link.push_str("\">");
                        escape::html(&mut link, name);
                        link.push_str("</a>");
                        link
                    }
                }
                _ => {
                    self.wiki_warning(offset, format!("no file named `{name}` in the book"));
                    escape::escaped(&self.source_of(events, index))
                }
            };
            pass.produced.push(Event::InlineHtml(html.into()));
            return end + 1;
        }
        let target = match self.wiki_target(name, offset) {
            Ok(target) => target,
            Err(Unresolved::NoLink) => return self.as_written(events, index, pass),
            Err(Unresolved::Warned) => return self.unresolved(events, index, pass),
        };
        let html = self.embedded_note(&target, fragment, offset);
        pass.produced.push(Event::InlineHtml(html.into()));
        end + 1
    }

    /// The note `name` leads to, or why not.
    fn wiki_target(&mut self, name: &str, offset: usize) -> Result<String, Unresolved> {
        match self.look_up(Lookup::Note(name.to_string())) {
            Found::One(target) => Ok(target),
            Found::None => {
                // `[[1,2],[3,4]]` or `[["a","b"]]` in an algorithm note is no
                // link; a name in words is (`[[尽量以const, enum替换define]]`).
                let data = name.is_ascii() && (name.contains(',') || name.contains('"'));
                if !name.chars().any(char::is_alphabetic) || data {
                    return Err(Unresolved::NoLink);
                }
                self.wiki_warning(offset, format!("no note named `{name}` in the book"));
                Err(Unresolved::Warned)
            }
            Found::Several(paths) => {
                self.wiki_warning(
                    offset,
                    format!(
                        "`{name}` names several notes: {}",
                        paths
                            .iter()
                            .map(|p| format!("`{p}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                Err(Unresolved::Warned)
            }
        }
    }

    /// A link whose note is not in the book: its text, marked as Obsidian
    /// marks a link to a note not written yet.
    fn unresolved<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        pass: &mut Pass<'a>,
    ) -> usize {
        let end = matching_end(events, index);
        pass.produced
            .push(Event::InlineHtml("<span class=\"unresolved-link\">".into()));
        pass.in_link += 1;
        let mut at = index + 1;
        while at < end {
            at = self.event(events, at, pass);
        }
        pass.in_link -= 1;
        pass.produced.push(Event::InlineHtml("</span>".into()));
        end + 1
    }

    fn wiki_warning(&mut self, offset: usize, message: String) {
        let (line, column) = self.file_line(offset);
        self.rendered.diagnostics.push(
            Diagnostic::warning(self.note.display_path(), message)
                .at(line, column)
                .with_help("the page shows the link as written; give the note's path from the notes folder (`[[folder/note]]`)"),
        );
    }

    /// The source of the link or embed opening at `index`.
    fn source_of(&self, events: &[(Event<'_>, Range<usize>)], index: usize) -> String {
        self.note
            .body
            .get(events[index].1.clone())
            .unwrap_or_default()
            .to_string()
    }

    /// The link or embed at `index` shown as its source text.
    fn as_written<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        pass: &mut Pass<'a>,
    ) -> usize {
        let source = self.source_of(events, index);
        pass.produced.push(Event::Text(source.into()));
        matching_end(events, index) + 1
    }

    /// The text of the note at `target` (or its section `fragment`), framed
    /// with a link to it. An embed inside an embedded note is a link.
    fn embedded_note(&mut self, target: &str, fragment: Option<&str>, offset: usize) -> String {
        let page = format!(
            "{}{}",
            root_prefix(&self.note.output_path()),
            note_output_path(target)
        );
        let title = match fragment {
            Some(fragment) => format!("{} › {fragment}", file_stem(target)),
            None => file_stem(target).to_string(),
        };
        let mut link = String::from("<a href=\"");
        escape::href(&mut link, &self.rebase(&page));
        link.push_str("\">");
        escape::html(&mut link, &title);
        link.push_str("</a>");
        let body = self.options.bodies.get(target).cloned();
        // A drawing's note holds the drawing's data, not text to read.
        let drawing = target.to_ascii_lowercase().ends_with(".excalidraw.md");
        let embeddable = target != self.note.rel_path && self.options.embedding && !drawing;
        let (Some(body), true) = (body, embeddable) else {
            if target == self.note.rel_path {
                self.wiki_warning(offset, "a note cannot embed itself".into());
            }
            return link;
        };
        self.rendered
            .embedded
            .push((target.to_string(), fingerprint_of(&*body)));
        let text = match fragment {
            Some(fragment) => section(&body, fragment).unwrap_or_default(),
            None => body.to_string(),
        };
        let embedded = SourceNote {
            rel_path: self.note.rel_path.clone(),
            front: Default::default(),
            body: text.into(),
            body_line: 1,
            outline_title: None,
        };
        let options = super::RenderOptions {
            embedding: false,
            ..self.options
        };
        let RenderedNote { html, .. } = super::render(&embedded, options);
        format!("<div class=\"embed\">\n<p class=\"embed-title\">{link}</p>\n{html}</div>\n")
    }
}

/// `300` or `300x200`: the size Obsidian gives an embedded image.
fn image_size(text: &str) -> Option<(u32, Option<u32>)> {
    let text = text.trim();
    match text.split_once('x') {
        Some((width, height)) => Some((width.parse().ok()?, Some(height.parse().ok()?))),
        None => Some((text.parse().ok()?, None)),
    }
}

fn file_stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The section of `body` under the heading `heading` (by its text, in any
/// letter case), up to the next heading of its level or higher; or the
/// paragraph that ends with the block id `^id`.
fn section(body: &str, heading: &str) -> Option<String> {
    if let Some(id) = heading.strip_prefix('^') {
        let marker = format!(" ^{id}");
        let paragraphs = body.split("\n\n");
        return paragraphs
            .into_iter()
            .find(|p| p.trim_end().ends_with(&marker))
            .map(|p| p.trim_end().trim_end_matches(&marker).to_string());
    }
    let wanted = heading.trim().to_lowercase();
    let mut level = None;
    let mut out = String::new();
    let mut fence = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        let is_heading = !fence && (1..=6).contains(&hashes) && line[hashes..].starts_with(' ');
        match level {
            None if is_heading && line[hashes..].trim().to_lowercase() == wanted => {
                level = Some(hashes);
            }
            Some(open) if is_heading && hashes <= open => break,
            Some(_) => {
                out.push_str(line);
                out.push('\n');
            }
            None => {}
        }
    }
    level.map(|_| out)
}

/// A block id at the end of a paragraph's last text (`… ^6us1wf`): the
/// text without it, and the id.
pub(super) fn block_id(text: &str) -> Option<(&str, &str)> {
    let (rest, id) = text.rsplit_once(" ^")?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then_some((rest, id))
}

/// Whether the event after a text ends its block, where a block id stands.
pub(super) fn ends_block(event: Option<&Event<'_>>) -> bool {
    matches!(
        event,
        Some(Event::End(TagEnd::Paragraph | TagEnd::Item)) | Some(Event::HardBreak)
    )
}

/// `text` cut at Obsidian's highlights (`==marked==`): each piece, and
/// whether it is marked; `None` when it has none. A marker needs text
/// right inside it (`a == b` is no highlight).
pub(super) fn highlights(text: &str) -> Option<Vec<(bool, &str)>> {
    if !text.contains("==") {
        return None;
    }
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("==") {
        let inner_start = open + 2;
        let inner = &rest[inner_start..];
        // `a==b` in code-like prose is no marker: an ASCII letter or digit
        // may not touch it from outside (Chinese text may).
        let opens = inner
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '=')
            && !rest[..open].ends_with(|c: char| c == '=' || c.is_ascii_alphanumeric());
        let close = inner.find("==").filter(|&close| {
            close > 0
                && !inner[..close].ends_with(char::is_whitespace)
                && !inner[close + 2..].starts_with(|c: char| c == '=' || c.is_ascii_alphanumeric())
        });
        match (opens, close) {
            (true, Some(close)) => {
                pieces.push((false, &rest[..open]));
                pieces.push((true, &inner[..close]));
                rest = &inner[close + 2..];
            }
            _ => {
                pieces.push((false, &rest[..inner_start]));
                rest = inner;
            }
        }
    }
    pieces.push((false, rest));
    pieces.retain(|(_, piece)| !piece.is_empty());
    pieces.iter().any(|(marked, _)| *marked).then_some(pieces)
}

/// Obsidian's tags in `text`: `#word` after a space or at the start, with
/// a letter in it (`#1` is no tag), up to a space or punctuation other
/// than `_`, `-` and `/`.
pub(super) fn tags(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        if c == '#' && previous.is_whitespace() {
            let rest = &text[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
                .unwrap_or(rest.len());
            let tag = &rest[..end];
            if tag.chars().any(char::is_alphabetic) {
                found.push(tag.to_string());
            }
        }
        previous = c;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_sections_and_block_ids() {
        assert_eq!(image_size("300"), Some((300, None)));
        assert_eq!(image_size("300x200"), Some((300, Some(200))));
        assert_eq!(image_size("a caption"), None);
        let body =
            "# A\n\nintro\n\n## Part\n\ntext ^abc123\n\n### Deeper\n\nmore\n\n## Next\n\nother\n";
        assert_eq!(
            section(body, "part").unwrap(),
            "\ntext ^abc123\n\n### Deeper\n\nmore\n\n"
        );
        assert_eq!(section(body, "^abc123").unwrap(), "text");
        assert_eq!(section(body, "missing"), None);
        assert_eq!(block_id("some text ^6us1wf"), Some(("some text", "6us1wf")));
        assert_eq!(block_id("x ^ y"), None);
        assert_eq!(
            highlights("a ==重点== b").unwrap(),
            [(false, "a "), (true, "重点"), (false, " b")]
        );
        assert_eq!(highlights("if a == b == c"), None);
        assert_eq!(highlights("a==b 和 c==d"), None);
        assert_eq!(
            highlights("这是==重点==内容").unwrap(),
            [(false, "这是"), (true, "重点"), (false, "内容")]
        );
        assert_eq!(highlights("x ==== y"), None);
        assert_eq!(
            tags("#学习 笔记 #rust/async, C# and #1 or a#b"),
            ["学习", "rust/async"]
        );
    }
}
