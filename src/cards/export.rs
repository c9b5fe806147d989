//! The book's cards for other tools and for the review page: `cards.json`,
//! and `anki.txt`, a file Anki imports as it is (tab-separated, HTML
//! fields, a deck per chapter, tags from front matter), which also holds
//! the quiz items with their options on the front and the answer on the
//! back.

use serde::Serialize;

use super::Kind;
use crate::quiz::QuizItem;
use crate::quiz::bank::{Chapter, Source};
use crate::site::{Page, Site};

/// The file names the build writes.
pub const CARDS_JSON: &str = "cards.json";
pub const ANKI_FILE: &str = "anki.txt";

#[derive(Serialize)]
struct CardsFile<'a> {
    cards: Vec<CardEntry<'a>>,
}

#[derive(Serialize)]
struct CardEntry<'a> {
    id: &'a str,
    kind: Kind,
    chapter: Chapter<'a>,
    /// The card's place on its chapter page, from the site's root.
    url: String,
    source: Source,
    front_html: String,
    front_text: &'a str,
    back_html: String,
    back_text: &'a str,
}

/// Every card of the book in reading order, with links made relative to
/// the site's root (where `review.html` shows them).
pub fn cards_json(site: &Site) -> String {
    let cards = site
        .reading_order
        .iter()
        .map(|&index| &site.pages[index])
        .flat_map(|page| page.rendered.cards.iter().map(move |card| (page, card)))
        .map(|(page, card)| CardEntry {
            id: &card.id,
            kind: card.kind,
            chapter: Chapter {
                title: &page.title,
                url: &page.output_path,
            },
            url: format!(
                "{}#{}",
                page.output_path,
                crate::links::href_path(&card.anchor)
            ),
            source: Source {
                path: page.source.display_path().display().to_string(),
                line: card.line,
            },
            front_html: from_root(&card.front_html, &page.output_path),
            front_text: &card.front_text,
            back_html: from_root(&card.back_html, &page.output_path),
            back_text: &card.back_text,
        })
        .collect();
    serde_json::to_string(&CardsFile { cards }).expect("cards serialize")
}

/// How many cards the book has.
pub fn count(site: &Site) -> usize {
    site.pages
        .iter()
        .map(|page| page.rendered.cards.len())
        .sum()
}

/// The Anki import file: its header lines, then one note per line (guid,
/// front, back, deck, tags). Links and images point at `base_url` when the
/// site has one, so that they work inside Anki.
pub fn anki(site: &Site, book_title: &str, base_url: Option<&str>) -> String {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#notetype:Basic\n#guid column:1\n#deck column:4\n#tags column:5\n#columns:guid\tFront\tBack\tDeck\tTags\n",
    );
    let absolute = |html: &str, page: &Page| {
        let from_root = from_root(html, &page.output_path);
        match base_url {
            Some(base) => prefixed(&from_root, &format!("{base}/")),
            None => from_root,
        }
    };
    for &index in &site.reading_order {
        let page = &site.pages[index];
        let deck = format!("{}::{}", deck_name(book_title), deck_name(&page.title));
        let tags = tags_of(page);
        for card in &page.rendered.cards {
            push_row(
                &mut out,
                [
                    &card.id,
                    &absolute(&card.front_html, page),
                    &absolute(&card.back_html, page),
                    &deck,
                    &tags,
                ],
            );
        }
        for item in &page.rendered.quiz_items {
            let (front, back) = quiz_sides(item);
            push_row(
                &mut out,
                [
                    &format!("quiz:{}", item.id),
                    &absolute(&front, page),
                    &absolute(&back, page),
                    &deck,
                    format!("{tags} quiz").trim(),
                ],
            );
        }
    }
    out
}

/// A quiz item's question with its options, and its answer with the
/// explanation (for a page at the item's chapter).
pub fn quiz_sides(item: &QuizItem) -> (String, String) {
    let rendering = &item.in_chapter;
    let mut front = rendering.stem_html.clone();
    if !rendering.options_html.is_empty() {
        front.push_str("<ol type=\"A\">");
        for option in &rendering.options_html {
            front.push_str(&format!("<li>{option}</li>"));
        }
        front.push_str("</ol>");
    }
    let mut back = String::new();
    if rendering.answer_html.is_empty() {
        let answers: Vec<String> = item
            .correct
            .iter()
            .enumerate()
            .filter(|(_, correct)| **correct)
            .map(|(index, _)| {
                format!(
                    "<p><b>{}</b>. {}</p>",
                    crate::quiz::letter(index),
                    rendering.options_html[index]
                )
            })
            .collect();
        back.push_str(&answers.concat());
    } else {
        back.push_str(&rendering.answer_html);
    }
    back.push_str(&rendering.explanation_html);
    (front, back)
}

/// A deck name part: Anki separates decks with `::`.
fn deck_name(title: &str) -> String {
    title.replace("::", ":").trim().to_string()
}

/// The page's tags as Anki tags (no spaces inside one).
fn tags_of(page: &Page) -> String {
    page.source
        .front
        .tags
        .iter()
        .chain(&page.rendered.tags)
        .map(|tag| tag.split_whitespace().collect::<Vec<_>>().join("_"))
        .filter(|tag| !tag.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of the file: each field quoted (quotes doubled), its line
/// breaks kept as `<br>` inside code and as spaces elsewhere.
fn push_row(out: &mut String, fields: [&str; 5]) {
    let quoted: Vec<String> = fields
        .iter()
        .map(|field| format!("\"{}\"", one_line(field).replace('"', "\"\"")))
        .collect();
    out.push_str(&quoted.join("\t"));
    out.push('\n');
}

fn one_line(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_pre = false;
    let mut rest = html;
    while let Some(at) = rest.find(['\n', '\r', '\t', '<']) {
        out.push_str(&rest[..at]);
        let next = &rest[at..];
        match next.as_bytes()[0] {
            b'<' => {
                if next.starts_with("<pre") {
                    in_pre = true;
                } else if next.starts_with("</pre") {
                    in_pre = false;
                }
                out.push('<');
            }
            b'\t' => out.push_str("    "),
            b'\r' => {}
            _ if in_pre => out.push_str("<br>"),
            _ => out.push(' '),
        }
        rest = &next[1..];
    }
    out.push_str(rest);
    out
}

/// HTML of a page at `page` with its relative links and images made
/// relative to the site's root.
pub fn from_root(html: &str, page: &str) -> String {
    rewrite_urls(html, |url| crate::links::relative_to_root(url, page))
}

/// `html` with its root-relative links made absolute under `base`.
fn prefixed(html: &str, base: &str) -> String {
    rewrite_urls(html, |url| {
        if is_relative(url) || url.starts_with('#') {
            format!("{base}{url}")
        } else {
            url.to_string()
        }
    })
}

/// `html` with the value of each `href` and `src` attribute rewritten.
fn rewrite_urls(html: &str, rewrite: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(value_start) = find_url_attribute(rest) {
        out.push_str(&rest[..value_start]);
        let value_end = rest[value_start..]
            .find('"')
            .map_or(rest.len(), |end| value_start + end);
        out.push_str(&rewrite(&rest[value_start..value_end]));
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    out
}

/// Where the value of the next ` href="` or ` src="` starts.
fn find_url_attribute(html: &str) -> Option<usize> {
    let href = html.find(" href=\"").map(|at| at + 7);
    let src = html.find(" src=\"").map(|at| at + 6);
    match (href, src) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn is_relative(url: &str) -> bool {
    !url.is_empty() && !url.starts_with(['/', '#']) && !url.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_made_relative_to_the_root() {
        let html = "<a href=\"b.html\">b</a> <img src=\"img/x.png\"> <a href=\"#s\">s</a> <a href=\"https://x.org\">x</a> <a href=\"/abs\">a</a>";
        assert_eq!(
            from_root(html, "part/a.html"),
            "<a href=\"part/b.html\">b</a> <img src=\"part/img/x.png\"> <a href=\"part/a.html#s\">s</a> <a href=\"https://x.org\">x</a> <a href=\"/abs\">a</a>"
        );
        assert_eq!(
            prefixed(
                "<img src=\"part/x.png\"> <a href=\"https://y\">y</a>",
                "https://s.org/"
            ),
            "<img src=\"https://s.org/part/x.png\"> <a href=\"https://y\">y</a>"
        );
    }

    #[test]
    fn anki_rows_are_one_line_each_with_quoted_fields() {
        let mut out = String::new();
        push_row(
            &mut out,
            [
                "id",
                "say \"hi\"",
                "<pre><code>a\n\tb\n</code></pre>\n<p>x</p>",
                "Book::Ch",
                "t1 t2",
            ],
        );
        assert_eq!(
            out,
            "\"id\"\t\"say \"\"hi\"\"\"\t\"<pre><code>a<br>    b<br></code></pre> <p>x</p>\"\t\"Book::Ch\"\t\"t1 t2\"\n"
        );
    }
}
