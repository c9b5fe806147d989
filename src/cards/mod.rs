//! Review cards: the questions a note asks, to be recalled and asked again
//! at the right time. A heading that asks a question is a card whose back
//! is its section; so is a `Question::Answer` line, a paragraph with a `?`
//! line between question and answer, and, under `cards: cloze`, a
//! paragraph with `==highlighted==` words. Cards are found in the note's
//! HTML once it is rendered, and marked there (`data-card`) for the page's
//! recall control.

mod explicit;
pub mod export;
mod questions;

pub use explicit::explicit_cards;
pub use questions::is_question;

use serde::Serialize;

use crate::frontmatter::Cards;
use crate::markdown::Heading;

/// One review card of a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    /// Stable while the front is: the chapter and the front's words, or
    /// the chapter and the heading's own `{#id}`.
    pub id: String,
    pub kind: Kind,
    /// The element id of the card on its chapter page.
    pub anchor: String,
    pub front_html: String,
    pub front_text: String,
    pub back_html: String,
    pub back_text: String,
    /// The 1-based line of the card in its note's file.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A heading and its section.
    Heading,
    /// `Question::Answer`, or a question and its answer around a `?` line.
    Explicit,
    /// A paragraph with its highlighted words hidden.
    Cloze,
}

/// Where a heading stands in the source: its line, whether the author
/// gave its id (`{#id}`), and whether it marks the headings below it as
/// cards (`{.cards}` or `{cards=true}`) or not (`{cards=false}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeadingSource {
    pub line: usize,
    pub explicit_id: bool,
    pub marks: Option<bool>,
}

impl HeadingSource {
    /// What a heading's attributes say of the headings below it.
    pub fn marks_of<'a>(
        classes: impl IntoIterator<Item = &'a str>,
        attributes: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Option<bool> {
        let by_class = classes
            .into_iter()
            .any(|class| class == "cards")
            .then_some(true);
        attributes
            .into_iter()
            .find(|(name, _)| *name == "cards")
            .map(|(_, value)| !matches!(value, Some("false" | "no")))
            .or(by_class)
    }
}

/// The cards of a note's headings, each heading marked `data-card` in
/// `html`. `page` is the note's output path; `sources` stands beside
/// `headings`. A heading is a card when it asks a question (or when the
/// note says `cards: true`) and its section holds more than a quiz item.
pub fn heading_cards(
    page: &str,
    html: &mut String,
    headings: &[Heading],
    sources: &[HeadingSource],
    setting: Cards,
    questions_are_cards: bool,
) -> Vec<Card> {
    if setting == Cards::Off || headings.is_empty() {
        return Vec::new();
    }
    let starts = heading_starts(html, headings);
    // Which headings ask: their text, the note's setting, and the marks of
    // the headings above them (level, cards or not).
    let mut marked: Vec<(u8, bool)> = Vec::new();
    let asks: Vec<bool> = headings
        .iter()
        .enumerate()
        .map(|(index, heading)| {
            marked.retain(|&(level, _)| level < heading.level);
            let source = sources.get(index).copied().unwrap_or_default();
            let under = marked.last().map(|&(_, cards)| cards);
            if let Some(cards) = source.marks {
                marked.push((heading.level, cards));
            }
            match (setting, source.marks, under) {
                (_, Some(false), _) | (_, _, Some(false)) => false,
                (Cards::AllHeadings, ..) | (_, _, Some(true)) => true,
                _ => questions_are_cards && is_question(&heading.text),
            }
        })
        .collect();
    // From the last heading back, so that a card's back can stop at the
    // next heading that is a card of its own: no answer is asked twice.
    let mut is_card = vec![false; headings.len()];
    let mut cards = Vec::new();
    let mut marks: Vec<(usize, String)> = Vec::new();
    for (index, heading) in headings.iter().enumerate().rev() {
        let Some((start, open_end)) = starts[index] else {
            continue;
        };
        if !asks[index] {
            continue;
        }
        let close = format!("</h{}>", heading.level);
        let Some(close_at) = html[open_end..].find(&close).map(|at| open_end + at) else {
            continue;
        };
        let body_start = close_at + close.len();
        let body_end = (index + 1..headings.len())
            .find(|&next| {
                starts[next].is_some() && (headings[next].level <= heading.level || is_card[next])
            })
            .and_then(|next| starts[next].map(|(at, _)| at))
            .unwrap_or(html.len());
        let section = &html[body_start..body_end.max(body_start)];
        // A section that opens with a quiz item is that item: not a card
        // twice.
        if section
            .trim_start()
            .starts_with("<form class=\"quiz-card\"")
        {
            continue;
        }
        let back_html = without_heading_ids(&balanced(&without_heading_anchors(
            &without_quiz_cards(section),
        )))
        .trim()
        .to_string();
        let back_text = text_of(&back_html);
        if back_text.is_empty() {
            continue;
        }
        is_card[index] = true;
        let source = sources.get(index).copied().unwrap_or_default();
        let front_html = heading_inner(&html[open_end..close_at]).trim().to_string();
        let id = if source.explicit_id {
            format!("{}/{}", chapter_of(page), heading.id)
        } else {
            crate::quiz::derived_id(page, &heading.text)
        };
        marks.push((start + 3, id.clone()));
        cards.push(Card {
            id,
            kind: Kind::Heading,
            anchor: heading.id.clone(),
            front_text: heading.text.clone(),
            front_html,
            back_html,
            back_text,
            line: source.line,
        });
    }
    cards.reverse();
    // From the last mark back, so that earlier positions stay true.
    for (at, id) in marks {
        let mut attribute = String::from(" data-card=\"");
        crate::escape::html(&mut attribute, &id);
        attribute.push('"');
        html.insert_str(at, &attribute);
    }
    cards
}

/// Where each heading's tag starts in `html` and where its opening tag
/// ends; `None` for one not found.
fn heading_starts(html: &str, headings: &[Heading]) -> Vec<Option<(usize, usize)>> {
    let mut from = 0;
    headings
        .iter()
        .map(|heading| {
            let mut needle = format!("<h{} id=\"", heading.level);
            crate::escape::html(&mut needle, &heading.id);
            needle.push('"');
            let at = from + html[from..].find(&needle)?;
            let open_end = at + html[at..].find('>')? + 1;
            from = open_end;
            Some((at, open_end))
        })
        .collect()
}

/// A heading's content without its self-link.
fn heading_inner(inner: &str) -> &str {
    match inner.rfind("<a class=\"heading-anchor\"") {
        Some(at) => &inner[..at],
        None => inner,
    }
}

/// `html` without the self-links of its headings.
fn without_heading_anchors(html: &str) -> String {
    without_elements(html, "<a class=\"heading-anchor\"", "</a>")
}

/// `html` as it is when its tags balance, else rebuilt as a browser would
/// (a section can end inside an element the note's raw HTML opened).
fn balanced(html: &str) -> String {
    match crate::html_repair::find_imbalance([html]) {
        Some(_) => crate::html_repair::repair(html),
        None => html.to_string(),
    }
}

/// `html` without the ids of its headings: a card's back is shown beside
/// the page that has them.
fn without_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |end| at + end);
        let is_heading = rest[at + 2..].starts_with(|c: char| ('1'..='6').contains(&c));
        let tag = &rest[at..tag_end];
        match tag.find(" id=\"").filter(|_| is_heading) {
            Some(id_at) => {
                let value_end = tag[id_at + 5..]
                    .find('"')
                    .map_or(tag.len(), |e| id_at + 5 + e + 1);
                out.push_str(&rest[..at]);
                out.push_str(&tag[..id_at]);
                out.push_str(&tag[value_end..]);
            }
            None => out.push_str(&rest[..tag_end]),
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// `html` without the quiz cards in it (the review shows the answer, not
/// a quiz to take).
fn without_quiz_cards(html: &str) -> String {
    without_elements(html, "<form class=\"quiz-card\"", "</form>")
}

/// `html` without the elements that start with `open` and end at the next
/// `close` (elements that do not nest).
fn without_elements(html: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find(close) {
            Some(end) => &rest[start + end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment, its white space collapsed.
pub fn text_of(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let text: String = fragment.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The chapter part of an id: the page path without `.html`.
fn chapter_of(page: &str) -> &str {
    page.strip_suffix(".html").unwrap_or(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str, text: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: text.into(),
        }
    }

    fn page() -> (String, Vec<Heading>) {
        let html = "<h2 id=\"what\">What is attention?<a class=\"heading-anchor\" href=\"#what\">#</a></h2>\n<p>A <strong>weighting</strong>.</p>\n<h3 id=\"sub\">Detail<a class=\"heading-anchor\" href=\"#sub\">#</a></h3>\n<p>More.</p>\n<h2 id=\"setup\">Setup</h2>\n<p>Install.</p>\n<h2 id=\"why\">为什么需要位置编码</h2>\n<form class=\"quiz-card\" id=\"quiz-x\"><p>Q</p></form>\n<h2 id=\"diff\">BERT和GPT的区别</h2>\n<p>Encoder and decoder.</p>\n<form class=\"quiz-card\" id=\"quiz-y\"><p>Q</p></form>\n<p>After.</p>\n";
        let headings = vec![
            heading(2, "what", "What is attention?"),
            heading(3, "sub", "Detail"),
            heading(2, "setup", "Setup"),
            heading(2, "why", "为什么需要位置编码"),
            heading(2, "diff", "BERT和GPT的区别"),
        ];
        (html.to_string(), headings)
    }

    #[test]
    fn question_headings_are_cards_with_their_section_as_the_back() {
        let (mut html, headings) = page();
        let sources: Vec<_> = (1..=5)
            .map(|line| HeadingSource {
                line: line * 10,
                explicit_id: false,
                marks: None,
            })
            .collect();
        let cards = heading_cards(
            "ch/a.html",
            &mut html,
            &headings,
            &sources,
            Cards::Questions,
            true,
        );
        let fronts: Vec<_> = cards.iter().map(|c| c.front_text.as_str()).collect();
        assert_eq!(
            fronts,
            ["What is attention?", "BERT和GPT的区别"],
            "a quiz item's heading is no card"
        );
        let first = &cards[0];
        assert_eq!(first.front_html, "What is attention?");
        assert_eq!(
            first.back_html,
            "<p>A <strong>weighting</strong>.</p>\n<h3>Detail</h3>\n<p>More.</p>"
        );
        assert_eq!(first.back_text, "A weighting. Detail More.");
        assert_eq!(first.line, 10);
        assert_eq!(first.id, "ch/a/what-is-attention");
        assert!(
            !cards[1].back_html.contains("quiz-card"),
            "{}",
            cards[1].back_html
        );
        assert!(cards[1].back_html.contains("After."));
        assert!(
            html.contains("<h2 data-card=\"ch/a/what-is-attention\" id=\"what\">"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"setup\">"));
    }

    #[test]
    fn settings_and_explicit_ids() {
        let (html, headings) = page();
        let explicit: Vec<_> = (0..5)
            .map(|_| HeadingSource {
                line: 1,
                explicit_id: true,
                marks: None,
            })
            .collect();
        let all = heading_cards(
            "a.html",
            &mut html.clone(),
            &headings,
            &explicit,
            Cards::AllHeadings,
            false,
        );
        let ids: Vec<_> = all.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a/what", "a/sub", "a/setup", "a/diff"]);
        assert!(
            heading_cards(
                "a.html",
                &mut html.clone(),
                &headings,
                &explicit,
                Cards::Off,
                true
            )
            .is_empty()
        );
        assert!(
            heading_cards(
                "a.html",
                &mut html.clone(),
                &headings,
                &explicit,
                Cards::Questions,
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn a_marked_heading_makes_the_headings_below_it_cards() {
        let html = "<h2 id=\"terms\">Terms</h2>\n<h3 id=\"softmax\">Softmax</h3>\n<p>Normalises.</p>\n<h3 id=\"logit\">Logit</h3>\n<p>A score.</p>\n<h2 id=\"faq\">FAQ</h2>\n<h3 id=\"why\">Why attention?</h3>\n<p>Because.</p>\n<h2 id=\"after\">After</h2>\n<h3 id=\"plain\">Plain</h3>\n<p>Text.</p>\n";
        let headings = vec![
            heading(2, "terms", "Terms"),
            heading(3, "softmax", "Softmax"),
            heading(3, "logit", "Logit"),
            heading(2, "faq", "FAQ"),
            heading(3, "why", "Why attention?"),
            heading(2, "after", "After"),
            heading(3, "plain", "Plain"),
        ];
        let mark = |marks| HeadingSource {
            line: 1,
            explicit_id: false,
            marks,
        };
        let sources = [
            mark(Some(true)),
            mark(None),
            mark(None),
            mark(Some(false)),
            mark(None),
            mark(None),
            mark(None),
        ];
        let cards = heading_cards(
            "a.html",
            &mut html.to_string(),
            &headings,
            &sources,
            Cards::Questions,
            true,
        );
        let fronts: Vec<_> = cards.iter().map(|c| c.front_text.as_str()).collect();
        assert_eq!(
            fronts,
            ["Softmax", "Logit"],
            "`{{cards=false}}` turns questions off below it"
        );
        assert_eq!(HeadingSource::marks_of(["cards"], []), Some(true));
        assert_eq!(
            HeadingSource::marks_of([], [("cards", Some("false"))]),
            Some(false)
        );
        assert_eq!(HeadingSource::marks_of(["x"], [("id", None)]), None);
    }

    #[test]
    fn an_answer_stops_at_a_card_of_its_own() {
        let html = "<h2 id=\"win\">Where does it win?</h2>\n<h3 id=\"beat\">Will BERT beat GPT?</h3>\n<p>Unclear.</p>\n<h2 id=\"what\">What is it?</h2>\n<p>A model.</p>\n<h3 id=\"why\">Why?</h3>\n<p>Because.</p>\n<h4 id=\"more\">More</h4>\n<p>Detail.</p>\n";
        let headings = vec![
            heading(2, "win", "Where does it win?"),
            heading(3, "beat", "Will BERT beat GPT?"),
            heading(2, "what", "What is it?"),
            heading(3, "why", "Why?"),
            heading(4, "more", "More"),
        ];
        let mut page = html.to_string();
        let cards = heading_cards("a.html", &mut page, &headings, &[], Cards::Questions, true);
        let summary: Vec<_> = cards
            .iter()
            .map(|c| (c.front_text.as_str(), c.back_text.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("Will BERT beat GPT?", "Unclear."),
                ("What is it?", "A model."),
                ("Why?", "Because. More Detail.")
            ],
            "a heading whose answer is only another card is none"
        );
        assert!(!page.contains("data-card=\"a/where-does-it-win\""));
        assert!(cards[2].back_html.contains("<h4>More</h4>"), "no ids twice");
    }

    #[test]
    fn a_back_that_ends_inside_an_element_is_rebuilt_whole() {
        let mut html = "<div class=\"box\">\n<h2 id=\"q\">Why?</h2>\n<p>Because.</p>\n</div>\n<h2 id=\"n\">Next</h2>\n".to_string();
        let headings = vec![heading(2, "q", "Why?"), heading(2, "n", "Next")];
        let cards = heading_cards("a.html", &mut html, &headings, &[], Cards::Questions, true);
        assert_eq!(
            cards[0].back_html, "<p>Because.</p>",
            "the stray `</div>` is dropped"
        );
    }

    #[test]
    fn an_edited_back_keeps_the_id() {
        let (mut html, headings) = page();
        let before = heading_cards(
            "a.html",
            &mut html.clone(),
            &headings,
            &[],
            Cards::Questions,
            true,
        );
        html = html.replace("A <strong>weighting</strong>.", "A new answer.");
        let after = heading_cards("a.html", &mut html, &headings, &[], Cards::Questions, true);
        assert_eq!(before[0].id, after[0].id);
        assert_ne!(before[0].back_html, after[0].back_html);
    }
}
