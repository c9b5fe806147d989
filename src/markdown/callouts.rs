//! Obsidian's callouts: a block quote whose first line is `[!type]`, then
//! `-` (folded) or `+` (folded, open), then a title: `> [!definition]
//! 自信息`, `> [!tip]- 提示`. GitHub's five alerts without a title are the
//! parser's own (`BlockQuote(Some(kind))`); every other callout is found
//! here and becomes an admonition (see [`super::admonitions`]). The title
//! line stays the title: the line break after it does not join the body.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::admonitions::{self, Fold, Kind};
use super::body::{Body, Pass};

/// A callout's opening line, read from its events.
struct Opening {
    kind: Kind,
    fold: Fold,
    /// The title's text in the event that holds the end of `[!type]`.
    first_text: String,
    /// The events of the rest of the title line.
    title: Range<usize>,
    /// Whether the first paragraph goes on after the title line.
    body_follows: bool,
}

/// The callout that the block quote opening at `index` is, if it is one.
fn opening(events: &[(Event<'_>, Range<usize>)], index: usize) -> Option<Opening> {
    if !matches!(events.get(index + 1)?.0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    // The marker may span several text events (`[`, `!tip`, `]- Title`).
    let mut text = String::new();
    let mut at = index + 2;
    while let Some((Event::Text(piece), _)) = events.get(at) {
        text.push_str(piece);
        at += 1;
        let Some(close) = text.find(']') else {
            continue;
        };
        let name = text.strip_prefix("[!")?.get(..close - 2)?.to_string();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return None;
        }
        // What follows the bracket (`- Title`) may be the next event.
        if text.len() == close + 1
            && let Some((Event::Text(next), _)) = events.get(at)
        {
            text.push_str(next);
            at += 1;
        }
        let mut rest = &text[close + 1..];
        let fold = if let Some(after) = rest.strip_prefix('-') {
            rest = after;
            Fold::Closed
        } else if let Some(after) = rest.strip_prefix('+') {
            rest = after;
            Fold::Open
        } else {
            Fold::None
        };
        let title_end = events[at..]
            .iter()
            .position(|(event, _)| {
                matches!(
                    event,
                    Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
                )
            })
            .map_or(events.len(), |offset| at + offset);
        return Some(Opening {
            kind: Kind::named(&name),
            fold,
            first_text: rest.trim_start().to_string(),
            title: at..title_end,
            body_follows: !matches!(
                events.get(title_end),
                Some((Event::End(TagEnd::Paragraph), _))
            ),
        });
    }
    None
}

impl Body<'_, '_> {
    /// The callout opening at `index` (a block quote's start): its
    /// element's opening, title and the start of its body. Returns the
    /// index of the next event, or `None` when the quote is no callout.
    pub(super) fn callout<'a>(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        pass: &mut Pass<'a>,
    ) -> Option<usize> {
        let opening = opening(events, index)?;
        let untitled = opening.first_text.trim().is_empty() && opening.title.is_empty();
        if untitled {
            let html = admonitions::open(&opening.kind, None, opening.fold, self.options.ui);
            pass.produced.push(Event::Html(html.into()));
        } else {
            let (before, _) = admonitions::around_title(&opening.kind, opening.fold);
            pass.produced.push(Event::Html(before.into()));
        }
        pass.quotes.push(Some(opening.fold));
        pass.inline_open.push(Vec::new());
        pass.flush();
        if !untitled {
            if !opening.first_text.is_empty() {
                let text = opening.first_text.into();
                let offset = events[opening.title.start - 1].1.start;
                self.text(&text, offset, pass);
                pass.flush();
            }
            let mut at = opening.title.start;
            while at < opening.title.end {
                at = self.event(events, at, pass);
                pass.flush();
            }
            let (_, after) = admonitions::around_title(&opening.kind, opening.fold);
            pass.produced.push(Event::Html(after.into()));
        }
        let next = opening.title.end + 1;
        if opening.body_follows {
            pass.produced.push(Event::Start(Tag::Paragraph));
            pass.inline_open.push(Vec::new());
        }
        Some(next)
    }
}

/// The closing tag of the callout a quote's end closes, or `None` for a
/// plain quote.
pub(super) fn closing(fold: Option<Fold>) -> Option<&'static str> {
    fold.map(admonitions::close)
}
