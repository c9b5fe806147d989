//! The text of a chapter, cut at its headings: what the index reads of a
//! page and what a result shows. The HTML is the note's own rendering, so
//! a small scanner does: tags are dropped, block boundaries become spaces,
//! and elements marked `data-search-skip` (heading anchors, quiz cards,
//! which are indexed as records of their own) are left out, as are
//! scripts and styles.

use std::borrow::Cow;

/// A part of a page that starts at a heading (or at the top of the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's `id`; empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// Elements whose content is never text a reader searches for.
const SKIPPED: &[&str] = &["script", "style", "template", "button", "annotation"];

/// Elements that separate words: their tags become spaces. Inline ones
/// (`strong`, `a`, `code`…) do not, so `重<b>点</b>` stays one word.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "math",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Whether `name` (in any case) is one of `list` (in lower case).
fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|item| item.eq_ignore_ascii_case(name))
}

/// Whether `text` holds `needle` (ASCII), in any case: a quick test before
/// the attributes are read one by one.
fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A tag as the scanner reads it.
struct Tag<'a> {
    /// As written; compare it ignoring ASCII case.
    name: &'a str,
    closing: bool,
    self_closing: bool,
    attributes: &'a str,
}

impl Tag<'_> {
    /// The value of attribute `name`, or `Some("")` when present bare.
    fn attribute(&self, name: &str) -> Option<Cow<'_, str>> {
        crate::html_repair::attribute_value(self.attributes, name)
    }
}

/// Reads the tag at the start of `html` (which starts with `<`): the tag
/// and the length it spans, or `None` when `<` does not open a tag.
fn read_tag(html: &str) -> Option<(Tag<'_>, usize)> {
    let body = &html[1..];
    let closing = body.starts_with('/');
    let body = if closing { &body[1..] } else { body };
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(body.len());
    if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // The end of the tag: the first `>` outside a quoted attribute value
    // (all three are ASCII, which no byte of another character can be).
    let mut quote = None;
    let mut end = None;
    for (i, &byte) in body.as_bytes().iter().enumerate().skip(name_len) {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), byte) if byte == q => quote = None,
            (None, b'>') => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let end = end.unwrap_or(body.len());
    let inside = &body[name_len..end];
    let tag = Tag {
        name: &body[..name_len],
        closing,
        self_closing: inside.trim_end().ends_with('/'),
        attributes: inside,
    };
    let consumed = 1 + usize::from(closing) + end + 1;
    Some((tag, consumed.min(html.len())))
}

/// Collects text with runs of white space made one space.
#[derive(Default)]
struct Text(String);

impl Text {
    fn push(&mut self, text: &str) {
        let mut rest = text;
        while let Some(start) = rest.find(char::is_whitespace) {
            self.0.push_str(&rest[..start]);
            self.space();
            rest = rest[start..].trim_start();
        }
        self.0.push_str(rest);
    }

    fn space(&mut self) {
        if !self.0.is_empty() && !self.0.ends_with(' ') {
            self.0.push(' ');
        }
    }

    fn finish(self) -> String {
        let mut text = self.0;
        text.truncate(text.trim_end().len());
        text
    }
}

/// The sections of a chapter's HTML, in order; sections without text or
/// heading are left out.
pub fn sections(html: &str) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut anchor = String::new();
    let mut heading = Text::default();
    let mut body = Text::default();
    // The heading being read, by its tag name.
    let mut in_heading: Option<&str> = None;
    // The element being skipped, and how deep inside it the scanner is.
    let mut skipping: Option<(&str, usize)> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        if lt > 0 {
            if skipping.is_none() {
                let raw = &rest[..lt];
                let text = if raw.contains('&') {
                    html_escape::decode_html_entities(raw)
                } else {
                    Cow::Borrowed(raw)
                };
                if in_heading.is_some() {
                    heading.push(&text);
                } else {
                    body.push(&text);
                }
            }
            rest = &rest[lt..];
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some((tag, consumed)) = read_tag(rest) else {
            if skipping.is_none() {
                body.push("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[consumed..];
        // Most tags of a page with code are the highlighter's spans: inline,
        // neither void nor a heading, so only a skip mark can matter.
        if skipping.is_none()
            && tag.name.eq_ignore_ascii_case("span")
            && (tag.closing || !contains_ignoring_case(tag.attributes, "data-search-skip"))
        {
            continue;
        }
        let void = tag.self_closing || is_one_of(tag.name, VOID);
        if let Some((name, depth)) = &mut skipping {
            if name.eq_ignore_ascii_case(tag.name) && !void {
                if tag.closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            continue;
        }
        if !tag.closing
            && !void
            && (is_one_of(tag.name, SKIPPED)
                || (contains_ignoring_case(tag.attributes, "data-search-skip")
                    && tag.attribute("data-search-skip").is_some()))
        {
            skipping = Some((tag.name, 1));
            continue;
        }
        let is_heading = is_one_of(tag.name, &["h1", "h2", "h3", "h4", "h5", "h6"]);
        if is_heading && !tag.closing {
            let finished = Section {
                anchor: std::mem::take(&mut anchor),
                heading: std::mem::take(&mut heading).finish(),
                text: std::mem::take(&mut body).finish(),
            };
            if !finished.text.is_empty() || !finished.heading.is_empty() {
                sections.push(finished);
            }
            anchor = tag.attribute("id").map(Cow::into_owned).unwrap_or_default();
            in_heading = Some(tag.name);
            continue;
        }
        if is_heading && in_heading.is_some_and(|open| open.eq_ignore_ascii_case(tag.name)) {
            in_heading = None;
            continue;
        }
        if is_one_of(tag.name, BLOCKS) {
            if in_heading.is_some() {
                heading.space();
            } else {
                body.space();
            }
        }
    }
    let last = Section {
        anchor,
        heading: heading.finish(),
        text: body.finish(),
    };
    if !last.text.is_empty() || !last.heading.is_empty() {
        sections.push(last);
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(anchor: &str, heading: &str, text: &str) -> Section {
        Section {
            anchor: anchor.into(),
            heading: heading.into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_page_is_cut_at_its_headings() {
        let html = "<p>Intro &amp; more</p>\n<h2 id=\"分词\">分词<a class=\"heading-anchor\" data-search-skip href=\"#x\">#</a></h2>\n<p>一段<strong>重点</strong>内容</p><ul><li>one</li><li>two</li></ul><h3 id='b'>B</h3>";
        assert_eq!(
            sections(html),
            [
                section("", "", "Intro & more"),
                section("分词", "分词", "一段重点内容 one two"),
                section("b", "B", ""),
            ]
        );
    }

    #[test]
    fn skipped_elements_leave_no_text_even_when_nested() {
        let html = "<p>before</p><form class=\"quiz-card\" data-search-skip=\"\"><div><form><p>inner</p></form><div>x</div></div></form><p>after</p><script>var a = \"<p>\";</script><pre><code><span class=\"hl\">fn</span> main</code></pre>";
        assert_eq!(sections(html), [section("", "", "before after fn main")]);
    }

    #[test]
    fn tags_are_read_in_any_case() {
        let html =
            "<P>one</P><H2 ID=\"Up\">Two</H2><SCRIPT>x</SCRIPT><DIV DATA-SEARCH-SKIP>no</DIV>three";
        assert_eq!(
            sections(html),
            [section("", "", "one"), section("Up", "Two", "three")]
        );
    }

    #[test]
    fn broken_markup_is_read_as_text_or_left_out() {
        let text = |text: &str| vec![section("", "", text)];
        for (html, expected) in [
            ("<", text("<")),
            ("a < b", text("a < b")),
            // A tag cut off by the end of the page is dropped, as a
            // browser drops it.
            ("<p", vec![]),
            ("<a href=\"x", vec![]),
            ("<!-- open", vec![]),
            ("<h2 id=x>t", vec![section("x", "t", "")]),
            ("</p>", vec![]),
            ("<1>", text("<1>")),
        ] {
            assert_eq!(sections(html), expected, "{html}");
        }
    }
}
