//! Cards written as cards, in the syntax of Obsidian's spaced-repetition
//! plugin, so that a vault brings its cards: `Question::Answer` on one
//! line, a question and its answer around a line holding only `?`, and,
//! under `cards: cloze`, a paragraph whose `==highlighted==` words are
//! hidden on the front. Found in the note's HTML, paragraph by paragraph;
//! each becomes a card block on the page.

use super::{Card, Kind, text_of};
use crate::frontmatter::Cards;
use crate::naming::IdRegistry;

/// The explicit cards of a note's `html`, each paragraph rewritten as a
/// card block whose element id `ids` makes unique on the page. `body` is
/// the note's Markdown, whose first line is file line `body_line`, to give
/// each card its line.
pub fn explicit_cards(
    page: &str,
    html: &mut String,
    body: &str,
    body_line: usize,
    setting: Cards,
    ids: &mut IdRegistry,
) -> Vec<Card> {
    if setting == Cards::Off
        || !(html.contains("::") || html.contains("\n?\n") || html.contains("<mark>"))
    {
        return Vec::new();
    }
    let mut cards = Vec::new();
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    let mut lines = SourceLines::new(body, body_line);
    while let Some(start) = rest.find("<p>") {
        // Paragraphs inside a quiz card are the quiz's.
        if let Some(form) = rest.find("<form class=\"quiz-card\"")
            && form < start
        {
            let end = rest[form..]
                .find("</form>")
                .map_or(rest.len(), |e| form + e + 7);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(length) = rest[start..].find("</p>") else {
            break;
        };
        let inner = &rest[start + 3..start + length];
        out.push_str(&rest[..start]);
        match card_of(inner, setting) {
            Some((kind, front, back)) => {
                let front_text = text_of(&front);
                let id = crate::quiz::derived_id(page, &front_text);
                let line = lines.find(kind, &front_text);
                let anchor = ids.unique(&anchor_of(&id));
                out.push_str(&block(kind, &id, &anchor, &front, &back, inner));
                cards.push(Card {
                    id,
                    kind,
                    anchor,
                    back_text: text_of(&back),
                    front_text,
                    front_html: front,
                    back_html: back,
                    line,
                });
            }
            None => out.push_str(&rest[start..start + length + 4]),
        }
        rest = &rest[start + length + 4..];
    }
    out.push_str(rest);
    *html = out;
    cards
}

/// The kind, front and back of a paragraph that is a card.
fn card_of(inner: &str, setting: Cards) -> Option<(Kind, String, String)> {
    if let Some((front, back)) = inner.split_once("\n?\n") {
        let (front, back) = (front.trim(), back.trim());
        return (!front.is_empty() && !back.is_empty())
            .then(|| (Kind::Explicit, front.to_string(), back.to_string()));
    }
    if let Some(at) = separator(inner) {
        let (front, back) = (inner[..at].trim(), inner[at + 2..].trim());
        return (!text_of(front).is_empty() && !text_of(back).is_empty())
            .then(|| (Kind::Explicit, front.to_string(), back.to_string()));
    }
    if setting == Cards::Cloze && inner.contains("<mark>") {
        let mut front = String::new();
        let mut rest = inner;
        while let Some(open) = rest.find("<mark>") {
            front.push_str(&rest[..open]);
            let close = rest[open..]
                .find("</mark>")
                .map_or(rest.len(), |c| open + c + 7);
            front.push_str("<span class=\"cloze\">[…]</span>");
            rest = &rest[close.min(rest.len())..];
        }
        front.push_str(rest);
        return Some((Kind::Cloze, front, inner.to_string()));
    }
    None
}

/// Where a one-line paragraph's `::` stands, when it separates a question
/// from its answer: once, outside tags and code, and not between the parts
/// of a path such as `std::io` or `Vec::new`.
fn separator(inner: &str) -> Option<usize> {
    if inner.contains('\n') {
        return None;
    }
    let mut found = None;
    let mut in_tag = false;
    let mut in_code = false;
    let bytes = inner.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        // Bytes, not characters: every byte looked for is ASCII.
        let rest = &bytes[index..];
        match bytes[index] {
            b'<' => {
                in_tag = true;
                if rest.starts_with(b"<code") {
                    in_code = true;
                } else if rest.starts_with(b"</code") {
                    in_code = false;
                }
            }
            b'>' => in_tag = false,
            b':' if !in_tag && !in_code && rest.starts_with(b"::") => {
                if found.is_some() {
                    return None;
                }
                found = Some(index);
                index += 1;
            }
            _ => {}
        }
        index += 1;
    }
    let at = found?;
    let before = inner[..at].chars().next_back()?;
    let after = inner[at + 2..].chars().next()?;
    let is_path = (before.is_ascii_alphanumeric() || before == '_')
        && (after.is_ascii_lowercase() || after == '_' || after == '<');
    (!is_path).then_some(at)
}

/// The card block that takes a paragraph's place on the page. A cloze
/// paragraph stays as written, marked as a card.
fn block(kind: Kind, id: &str, anchor: &str, front: &str, back: &str, inner: &str) -> String {
    let id = crate::escape::escaped(id);
    let anchor = crate::escape::escaped(anchor);
    match kind {
        Kind::Cloze => {
            format!("<p class=\"cloze-card\" id=\"{anchor}\" data-card=\"{id}\">{inner}</p>")
        }
        _ => format!(
            "<div class=\"recall-card\" id=\"{anchor}\" data-card=\"{id}\">\n<p class=\"card-front\">{front}</p>\n<div class=\"card-back\">\n<p>{back}</p>\n</div>\n</div>"
        ),
    }
}

/// The element id of a card block: `card-` and the last part of its id.
fn anchor_of(id: &str) -> String {
    let last = id.rsplit('/').next().unwrap_or(id);
    format!("card-{}", crate::naming::slugify(last))
}

/// The note's lines, searched in order for each card's line.
struct SourceLines<'a> {
    lines: Vec<&'a str>,
    next: usize,
    body_line: usize,
}

impl<'a> SourceLines<'a> {
    fn new(body: &'a str, body_line: usize) -> Self {
        SourceLines {
            lines: body.lines().collect(),
            next: 0,
            body_line,
        }
    }

    /// The file line of the next card: the first line from the last card
    /// on that holds the start of its front, or else its mark (`::`, a lone
    /// `?`, `==`); 0 when none is found.
    fn find(&mut self, kind: Kind, front_text: &str) -> usize {
        let start: String = front_text.chars().take(12).collect();
        let marker = |line: &str| match kind {
            Kind::Explicit => line.contains("::") || line.trim() == "?",
            Kind::Cloze => line.contains("=="),
            Kind::Heading => false,
        };
        let found = (self.next..self.lines.len())
            .find(|&i| !start.is_empty() && self.lines[i].contains(&start))
            .or_else(|| (self.next..self.lines.len()).find(|&i| marker(self.lines[i])));
        match found {
            Some(index) => {
                self.next = index + 1;
                index + self.body_line
            }
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(html: &str, setting: Cards) -> (Vec<Card>, String) {
        let mut html = html.to_string();
        let body = "intro\n\n注意力机制的作用::让模型关注重要部分\n\nWhat does RNN stand for\n?\nRecurrent neural network\n\nRNN 把==隐藏状态==逐步传递。\n";
        let cards = explicit_cards(
            "a.html",
            &mut html,
            body,
            5,
            setting,
            &mut IdRegistry::default(),
        );
        (cards, html)
    }

    #[test]
    fn one_line_multi_line_and_cloze_cards() {
        let page = "<p>intro</p>\n<p>注意力机制的作用::让模型关注<strong>重要</strong>部分</p>\n<p>What does RNN stand for\n?\nRecurrent neural network</p>\n<p>RNN 把<mark>隐藏状态</mark>逐步传递。</p>\n";
        let (found, html) = cards(page, Cards::Cloze);
        let summary: Vec<_> = found
            .iter()
            .map(|c| (c.kind, c.front_text.as_str(), c.back_text.as_str(), c.line))
            .collect();
        assert_eq!(
            summary,
            [
                (Kind::Explicit, "注意力机制的作用", "让模型关注重要部分", 7),
                (
                    Kind::Explicit,
                    "What does RNN stand for",
                    "Recurrent neural network",
                    9
                ),
                (
                    Kind::Cloze,
                    "RNN 把[…]逐步传递。",
                    "RNN 把隐藏状态逐步传递。",
                    13
                ),
            ]
        );
        assert_eq!(found[0].back_html, "让模型关注<strong>重要</strong>部分");
        assert!(html.contains("<div class=\"recall-card\" id=\"card-注意力机制的作用\" data-card=\"a/注意力机制的作用\">\n<p class=\"card-front\">注意力机制的作用</p>"), "{html}");
        assert!(
            html.contains("<p class=\"cloze-card\" id=\"card-rnn-把逐步传递\" data-card=\""),
            "{html}"
        );
        assert!(html.starts_with("<p>intro</p>"));
        // Without `cards: cloze` a highlight is a highlight.
        let (found, html) = cards(page, Cards::Questions);
        assert_eq!(found.len(), 2);
        assert!(html.contains("<p>RNN 把<mark>隐藏状态</mark>逐步传递。</p>"));
        assert!(cards(page, Cards::Off).0.is_empty());
    }

    #[test]
    fn paths_code_and_quiz_paragraphs_are_not_cards() {
        for inner in [
            "Call <code>Vec::new</code> first",
            "Use std::io for input",
            "Vec::new makes a vector",
            "a::b::c",
            "::nothing before",
            "nothing after::",
        ] {
            let page = format!("<p>{inner}</p>\n");
            assert!(cards(&page, Cards::Questions).0.is_empty(), "{inner}");
        }
        let quiz = "<form class=\"quiz-card\" id=\"q\"><p>Q::A</p></form>\n<p>Capital of France::Paris</p>\n";
        let (found, html) = cards(quiz, Cards::Questions);
        assert_eq!(found.len(), 1);
        assert!(html.contains("<p>Q::A</p>"), "the quiz's paragraph stays");
    }
}
