//! `[TOC]`, `[toc]` or `[[toc]]` alone in a paragraph: the place where
//! Typora, VuePress, Hexo and many Markdown editors put the note's table
//! of contents. It becomes the same list of sections the page's sidebar
//! shows, written where the author put it.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::Heading;
use crate::escape;

/// What stands in the HTML until the headings are known.
pub(super) const MARKER: &str = "<!-- studysite: table of contents -->";

/// The index of the paragraph's end when the paragraph that starts at
/// `index` holds only a table-of-contents marker.
pub(super) fn marker_at(events: &[(Event<'_>, Range<usize>)], index: usize) -> Option<usize> {
    if !matches!(events[index].0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    let mut text = String::new();
    let mut in_wiki_link = false;
    for (offset, (event, _)) in events[index + 1..].iter().enumerate() {
        match event {
            // `[[toc]]` is a wiki link to `toc` for the parser.
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) if dest_url.eq_ignore_ascii_case("toc") => {
                text.push_str("[[toc]]");
                in_wiki_link = true;
            }
            Event::End(TagEnd::Link) if in_wiki_link => in_wiki_link = false,
            _ if in_wiki_link => {}
            Event::Text(piece) => text.push_str(piece),
            Event::End(TagEnd::Paragraph) => {
                let text = text.trim().to_ascii_lowercase();
                return matches!(text.as_str(), "[toc]" | "[[toc]]").then_some(index + 1 + offset);
            }
            _ => return None,
        }
    }
    None
}

/// The note's table of contents: its headings of the two outermost
/// levels it uses, nested, as links.
pub(super) fn html(headings: &[Heading], label: &str) -> String {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return String::new();
    };
    let mut html = String::from("<nav class=\"note-toc\" aria-label=\"");
    escape::html(&mut html, label);
    html.push_str("\">\n<ul>");
    let mut nested = false;
    for heading in headings.iter().filter(|h| h.level <= top + 1) {
        let inner = heading.level > top;
        match (nested, inner) {
            (false, true) => html.push_str("\n<ul>"),
            (true, false) => html.push_str("</li>\n</ul></li>"),
            (false, false) if !html.ends_with("<ul>") => html.push_str("</li>"),
            (true, true) => html.push_str("</li>"),
            _ => {}
        }
        nested = inner;
        html.push_str("\n<li><a href=\"#");
        escape::href(&mut html, &heading.id);
        html.push_str("\">");
        escape::html(&mut html, &heading.text);
        html.push_str("</a>");
    }
    html.push_str(if nested {
        "</li>\n</ul></li>\n</ul>\n</nav>\n"
    } else {
        "</li>\n</ul>\n</nav>\n"
    });
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: id.to_uppercase(),
        }
    }

    #[test]
    fn the_list_nests_the_two_outer_levels_and_balances() {
        let html = html(
            &[
                heading(2, "a"),
                heading(3, "b"),
                heading(4, "c"),
                heading(3, "d"),
                heading(2, "e"),
            ],
            "On <this> page",
        );
        assert_eq!(
            html,
            "<nav class=\"note-toc\" aria-label=\"On &lt;this&gt; page\">\n<ul>\n<li><a href=\"#a\">A</a>\n<ul>\n<li><a href=\"#b\">B</a></li>\n<li><a href=\"#d\">D</a></li>\n</ul></li>\n<li><a href=\"#e\">E</a></li>\n</ul>\n</nav>\n"
        );
        assert_eq!(super::html(&[], "x"), "");
        let flat = super::html(&[heading(2, "a"), heading(2, "b")], "x");
        assert!(
            flat.ends_with("<li><a href=\"#b\">B</a></li>\n</ul>\n</nav>\n"),
            "{flat}"
        );
    }
}
