//! Raw HTML in notes passes through, but an unclosed `<ul>` or a stray
//! `</div>` must not swallow the page around it. We find the first tag that
//! does not balance, to warn the author, and let html5ever (through
//! scraper) rebuild the note's HTML as a browser would, balanced.

use scraper::Html;
use std::borrow::Cow;

/// Elements that never have an end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// An unbalanced tag found in raw HTML.
#[derive(Debug, PartialEq, Eq)]
pub enum Imbalance {
    /// `<tag>` opened and never closed.
    Unclosed(String),
    /// `</tag>` without a matching open tag.
    Unopened(String),
}

impl Imbalance {
    pub fn describe(&self) -> String {
        match self {
            Imbalance::Unclosed(tag) => format!("raw HTML opens `<{tag}>` and never closes it"),
            Imbalance::Unopened(tag) => format!("raw HTML closes `</{tag}>`, which is not open"),
        }
    }
}

/// A tag token of raw HTML: its name and whether it opens or closes.
pub struct Tag<'a> {
    pub name: &'a str,
    pub closing: bool,
    pub self_closing: bool,
    /// What stands between the name and the `>`.
    pub attributes: &'a str,
}

/// The value of the attribute `name` (in any case) in the `attributes` of
/// a tag, with character references decoded; `Some("")` for an attribute
/// without a value.
pub fn attribute_value<'a>(attributes: &'a str, name: &str) -> Option<Cow<'a, str>> {
    let mut rest = attributes;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace() && c != '/') {
        rest = &rest[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..end];
        rest = rest[end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (found, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let close = inner.find(quote).unwrap_or(inner.len());
                    (&inner[..close], inner.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = found;
            rest = remaining;
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(html_escape::decode_html_entities(value));
        }
    }
    None
}

impl<'a> Tag<'a> {
    /// The value of the attribute `name`; see [`attribute_value`].
    pub fn attribute(&self, name: &str) -> Option<Cow<'a, str>> {
        attribute_value(self.attributes, name)
    }

    /// Whether the tag opens an element that needs an end tag.
    pub fn opens_element(&self) -> bool {
        !self.closing && !self.self_closing && !is_void(self.name)
    }
}

fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// Finds the start and end tags in raw HTML that arrives in pieces (an HTML
/// block comes one line at a time), remembering an open comment from one
/// piece to the next.
#[derive(Debug, Default)]
pub struct TagScanner {
    in_comment: bool,
}

impl TagScanner {
    /// The tags in the next piece of HTML. Comments are skipped, and so are
    /// `<` inside quoted attribute values (`caption="Box<T>"`).
    pub fn tags<'a>(&mut self, html: &'a str) -> Vec<Tag<'a>> {
        let mut tags = Vec::new();
        let mut rest = html;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        self.in_comment = false;
                    }
                    None => return tags,
                }
            }
            let Some(start) = rest.find('<') else {
                return tags;
            };
            rest = &rest[start + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment;
                self.in_comment = true;
                continue;
            }
            let closing = rest.starts_with('/');
            let body = if closing { &rest[1..] } else { rest };
            let name_len = body
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(body.len());
            if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let end = tag_end(body, name_len);
            tags.push(Tag {
                name: &body[..name_len],
                closing,
                self_closing: body[..end].ends_with('/'),
                attributes: &body[name_len..end],
            });
            rest = &body[end..];
        }
    }
}

/// The offset of the `>` that ends a tag, skipping quoted attribute values;
/// the end of the text when the tag is not finished.
fn tag_end(body: &str, from: usize) -> usize {
    let mut quote: Option<char> = None;
    for (offset, c) in body[from..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return from + offset,
            (None, _) => {}
        }
    }
    body.len()
}

/// Checks that the raw HTML fragments of a note, taken in order, open and
/// close their elements in balance. `</p>` and `</li>` that HTML lets an
/// author leave out are tolerated. Returns the problem and the index of the
/// fragment where the offending tag stands.
pub fn find_imbalance<'a>(
    fragments: impl IntoIterator<Item = &'a str>,
) -> Option<(usize, Imbalance)> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut scanner = TagScanner::default();
    for (index, fragment) in fragments.into_iter().enumerate() {
        for tag in scanner.tags(fragment) {
            let name = tag.name.to_ascii_lowercase();
            if is_void(&name) || tag.self_closing {
                continue;
            }
            if !tag.closing {
                open.push((name, index));
                continue;
            }
            match open.iter().rposition(|(o, _)| *o == name) {
                Some(position) => {
                    let skipped = &open[position + 1..];
                    if let Some((unclosed, at)) = skipped.iter().find(|(t, _)| !optional_end(t)) {
                        return Some((*at, Imbalance::Unclosed(unclosed.clone())));
                    }
                    open.truncate(position);
                }
                None => return Some((index, Imbalance::Unopened(name))),
            }
        }
    }
    open.into_iter()
        .find(|(tag, _)| !optional_end(tag))
        .map(|(tag, at)| (at, Imbalance::Unclosed(tag)))
}

fn optional_end(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li" | "dt" | "dd" | "option" | "tr" | "td" | "th" | "tbody" | "thead"
    )
}

/// Rebuilds an HTML fragment as a browser parses it: every element closed,
/// stray end tags dropped, nothing else changed in meaning.
pub fn repair(html: &str) -> String {
    let fragment = Html::parse_fragment(&shallow(html));
    fragment.root_element().inner_html()
}

/// How deep elements may nest before the rest are left out, as browsers
/// cap it (Blink at 512). The HTML parser looks through every open element
/// for each tag, so a note of thousands of unclosed `<div>`s would take
/// time growing with the square of their number.
const MOST_NESTED: usize = 512;

/// `html` without the start tags nested deeper than [`MOST_NESTED`] and
/// their end tags; their content stays.
fn shallow(html: &str) -> Cow<'_, str> {
    let mut scanner = TagScanner::default();
    let tags = scanner.tags(html);
    let mut open: Vec<&str> = Vec::new();
    let mut open_names: std::collections::HashMap<String, usize> = Default::default();
    let mut skipped: std::collections::HashMap<String, usize> = Default::default();
    // Byte ranges of the tags to leave out.
    let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
    for tag in &tags {
        let name = tag.name.to_ascii_lowercase();
        if is_void(&name) || tag.self_closing {
            continue;
        }
        // Where the tag's `<` and its `>` are: its name is a slice of `html`.
        let name_at = tag.name.as_ptr() as usize - html.as_ptr() as usize;
        let start = name_at - if tag.closing { 2 } else { 1 };
        let attributes_end =
            tag.attributes.as_ptr() as usize - html.as_ptr() as usize + tag.attributes.len();
        let end = (attributes_end + 1).min(html.len());
        if !tag.closing {
            if open.len() >= MOST_NESTED {
                *skipped.entry(name).or_default() += 1;
                cut.push(start..end);
            } else {
                *open_names.entry(name).or_default() += 1;
                open.push(tag.name);
            }
            continue;
        }
        let is_open = open_names.get(&name).is_some_and(|&n| n > 0);
        let top_is_it = open
            .last()
            .is_some_and(|top| top.eq_ignore_ascii_case(&name));
        match skipped.get_mut(&name) {
            Some(count) if *count > 0 && !top_is_it => {
                *count -= 1;
                cut.push(start..end);
            }
            _ if is_open => {
                // Closing it closes what was opened inside it.
                while let Some(top) = open.pop() {
                    let top = top.to_ascii_lowercase();
                    if let Some(n) = open_names.get_mut(&top) {
                        *n -= 1;
                    }
                    if top == name {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if cut.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for range in cut {
        out.push_str(&html[from..range.start]);
        from = range.end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_beyond_the_nesting_cap_are_left_out_with_their_content_kept() {
        let deep = "<div>".repeat(MOST_NESTED + 3) + "x" + "<b>y</b>";
        let shallow = shallow(&deep);
        assert_eq!(shallow.matches("<div>").count(), MOST_NESTED);
        assert!(
            shallow.ends_with("xy"),
            "{}",
            &shallow[shallow.len() - 20..]
        );
        let repaired = repair(&deep);
        assert_eq!(repaired.matches("</div>").count(), MOST_NESTED);
        assert!(repaired.contains("xy</div>"));
        let ordinary = "<div><p>a</p></div>";
        assert!(matches!(super::shallow(ordinary), Cow::Borrowed(_)));
    }

    #[test]
    fn attributes_are_read_quoted_unquoted_and_in_any_case() {
        let mut scanner = TagScanner::default();
        let tags = scanner.tags("<A NAME=old href='x'><span id=\"a&amp;b\" hidden><div id=c>");
        assert_eq!(tags[0].attribute("name").as_deref(), Some("old"));
        assert_eq!(tags[0].attribute("href").as_deref(), Some("x"));
        assert_eq!(tags[1].attribute("id").as_deref(), Some("a&b"));
        assert_eq!(tags[1].attribute("hidden").as_deref(), Some(""));
        assert_eq!(tags[2].attribute("id").as_deref(), Some("c"));
        assert_eq!(tags[2].attribute("class"), None);
    }

    #[test]
    fn balanced_fragments_pass() {
        assert_eq!(
            find_imbalance(["<div class=\"x\">", "text", "</div>"]),
            None
        );
        assert_eq!(
            find_imbalance(["<p>one<p>two", "<br>", "<img src=x>", "<x-y/>"]),
            None
        );
        assert_eq!(find_imbalance(["<!-- <div> -->", "<span>a</span>"]), None);
        assert_eq!(find_imbalance(["a < b and 3<4"]), None);
        assert_eq!(
            find_imbalance(["<Listing caption=\"Use `Box<T>` here\">", "</Listing>"]),
            None
        );
        assert_eq!(
            find_imbalance(["<!-- a comment", "with `<code>` inside", "-->", "<b>x</b>"]),
            None
        );
    }

    #[test]
    fn the_seed_line_is_unbalanced() {
        let fragments = ["<ul><li>", "<ul><li>", "<ul><li>"];
        assert_eq!(
            find_imbalance(fragments),
            Some((0, Imbalance::Unclosed("ul".into())))
        );
        assert_eq!(
            find_imbalance(["ok", "</div>"]),
            Some((1, Imbalance::Unopened("div".into())))
        );
        assert_eq!(
            find_imbalance(["<div><span>", "</div>"]),
            Some((0, Imbalance::Unclosed("span".into())))
        );
    }

    #[test]
    fn repair_closes_what_was_left_open() {
        let repaired = repair("<ul><li>- <ul><li>x");
        assert_eq!(repaired, "<ul><li>- <ul><li>x</li></ul></li></ul>");
        assert_eq!(repair("a</div>b"), "ab");
        let kept = repair(
            "<p class=\"k\" id=\"i\">x <input type=\"checkbox\" disabled=\"\"></p><math><mi>x</mi></math>",
        );
        assert!(
            kept.contains("class=\"k\"") && kept.contains("<input") && kept.contains("<mi>x</mi>"),
            "{kept}"
        );
    }
}
