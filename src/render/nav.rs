//! The book's navigation as the templates see it (`nav`), and the
//! sidebar's list built from it (`nav_html`).

use serde::Serialize;

use crate::escape::{self, escaped};
use crate::markdown::Heading;
use crate::quiz::QuizItem;
use crate::site::{NavNode, Page, Site};

/// An entry of the navigation tree (`nav`).
#[derive(Debug, Clone, Serialize)]
pub struct NavItem<'a> {
    pub title: &'a str,
    /// The page, relative to the site root; `None` for a part without one.
    pub url: Option<&'a str>,
    /// The page to open for this entry: its own, or a part's first page.
    pub first_url: Option<&'a str>,
    /// Whether this is a part (a folder, or a chapter with chapters of
    /// its own), folded in the sidebar unless the current page is in it.
    pub is_part: bool,
    pub children: Vec<NavItem<'a>>,
    /// The chapter's top sections, for a full table of contents.
    pub sections: Vec<Section<'a>>,
    /// The progress keys (`id|version`) of the page's quiz items, space
    /// separated, for the reader's progress; empty without items.
    pub quiz_keys: String,
    /// How many review cards the page has (their ids start with its path
    /// without `.html`, so the reader's due cards can be counted).
    pub cards: usize,
}

/// A heading in a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct Section<'a> {
    pub title: &'a str,
    pub id: &'a str,
    pub level: u8,
    pub children: Vec<Section<'a>>,
}

/// The navigation entries of `nodes`.
pub(crate) fn nav_items<'a>(site: &'a Site, nodes: &'a [NavNode]) -> Vec<NavItem<'a>> {
    nodes
        .iter()
        .map(|node| match node {
            NavNode::Chapter(i) => {
                let page = &site.pages[*i];
                NavItem {
                    title: &page.title,
                    url: Some(&page.output_path),
                    first_url: Some(&page.output_path),
                    is_part: false,
                    children: vec![],
                    sections: top_sections(&page.rendered.headings),
                    quiz_keys: quiz_keys(page),
                    cards: page.rendered.cards.len(),
                }
            }
            NavNode::Part {
                title,
                page,
                children,
            } => {
                let children = nav_items(site, children);
                let url = page.map(|p| site.pages[p].output_path.as_str());
                NavItem {
                    title,
                    url,
                    first_url: url.or_else(|| children.iter().find_map(|c| c.first_url)),
                    is_part: true,
                    children,
                    sections: page
                        .map(|p| top_sections(&site.pages[p].rendered.headings))
                        .unwrap_or_default(),
                    quiz_keys: page.map(|p| quiz_keys(&site.pages[p])).unwrap_or_default(),
                    cards: page.map_or(0, |p| site.pages[p].rendered.cards.len()),
                }
            }
        })
        .collect()
}

/// `items` without the sections of their chapters, which only the home
/// page's table of contents shows: what other pages get, as every page's
/// context holds a copy.
pub(crate) fn without_sections<'a>(items: &[NavItem<'a>]) -> Vec<NavItem<'a>> {
    items
        .iter()
        .map(|item| NavItem {
            title: item.title,
            url: item.url,
            first_url: item.first_url,
            is_part: item.is_part,
            children: without_sections(&item.children),
            sections: vec![],
            quiz_keys: item.quiz_keys.clone(),
            cards: item.cards,
        })
        .collect()
}

/// Each top-level entry's fold variant (only its subtree kept), then one
/// with every part folded.
pub(crate) fn fold_variants<'a>(items: &[NavItem<'a>]) -> Vec<Vec<NavItem<'a>>> {
    let folded: Vec<NavItem<'a>> = items
        .iter()
        .map(|item| NavItem {
            children: vec![],
            ..item.clone()
        })
        .collect();
    let mut variants: Vec<Vec<NavItem<'a>>> = (0..items.len())
        .map(|keep| {
            let mut variant = folded.clone();
            variant[keep] = items[keep].clone();
            variant
        })
        .collect();
    variants.push(folded);
    variants
}

/// The sidebar's navigation as HTML (`nav_html` in templates): parts fold
/// open around the current page, which is marked; in a compact book only
/// the current part is listed in full. Built here rather than by a
/// recursive Tera macro, which took nearly a third of a build's
/// instructions on the rust book.
pub(crate) fn nav_html(items: &[NavItem<'_>], current: &str, root: &str, compact: bool) -> String {
    let mut html = String::with_capacity(4096);
    let list = NavList {
        current,
        root: &escaped(root),
        compact,
    };
    list.push(&mut html, items);
    html
}

/// What every level of the sidebar's list is written with.
struct NavList<'a> {
    current: &'a str,
    /// The page's way back to the site root, escaped.
    root: &'a str,
    compact: bool,
}

impl NavList<'_> {
    fn push(&self, html: &mut String, items: &[NavItem<'_>]) {
        html.push_str("<ul class=\"nav-list\">");
        for item in items {
            self.push_item(html, item);
        }
        html.push_str("\n</ul>");
    }

    fn push_item(&self, html: &mut String, item: &NavItem<'_>) {
        let inside = item.is_part && holds(&item.children, self.current);
        let has_children = !item.children.is_empty();
        if has_children && (!self.compact || inside) {
            // A part with a page: its link stands over the disclosure's
            // summary, not inside it, where a link would be a control
            // within a control.
            match item.url {
                Some(url) => {
                    html.push_str("\n<li class=\"nav-part nav-part-linked\">\n");
                    self.push_link(html, item, url);
                    html.push_str("\n<details");
                    if inside {
                        html.push_str(" open");
                    }
                    html.push_str(">\n<summary aria-label=\"");
                    escape::html(html, item.title);
                    html.push_str("\"><span class=\"nav-part-spacer\" aria-hidden=\"true\">");
                    escape::html(html, item.title);
                    html.push_str("</span>");
                }
                None => {
                    html.push_str("\n<li class=\"nav-part\">\n<details");
                    if inside {
                        html.push_str(" open");
                    }
                    html.push_str(">\n<summary>");
                    push_label(html, item.title);
                }
            }
            html.push_str("</summary>\n");
            self.push(html, &item.children);
            html.push_str("\n</details>\n</li>");
        } else if let Some(first_url) = item.first_url {
            html.push_str(if item.is_part {
                "\n<li class=\"nav-part nav-part-folded\">"
            } else {
                "\n<li>"
            });
            self.push_link(html, item, first_url);
            html.push_str("</li>");
        } else {
            html.push_str("\n<li>");
            push_label(html, item.title);
            html.push_str("</li>");
        }
    }

    fn push_link(&self, html: &mut String, item: &NavItem<'_>, url: &str) {
        html.push_str("<a href=\"");
        html.push_str(self.root);
        escape::html(html, &crate::links::href_path(url));
        html.push('"');
        if url == self.current {
            html.push_str(" aria-current=\"page\"");
        }
        if !item.quiz_keys.is_empty() {
            html.push_str(" data-quiz-keys=\"");
            escape::html(html, &item.quiz_keys);
            html.push('"');
        }
        if item.cards > 0 {
            html.push_str(&format!(
                " data-cards=\"{}\" data-card-prefix=\"",
                item.cards
            ));
            escape::html(html, url.strip_suffix(".html").unwrap_or(url));
            html.push_str("/\"");
        }
        html.push('>');
        escape::html(html, item.title);
        html.push_str("</a>");
    }
}

/// Whether the page at `url` is among `items` or their children.
fn holds(items: &[NavItem<'_>], url: &str) -> bool {
    items
        .iter()
        .any(|item| item.url == Some(url) || holds(&item.children, url))
}

/// An entry without a page of its own: its title, not a link.
fn push_label(html: &mut String, title: &str) {
    html.push_str("<span>");
    escape::html(html, title);
    html.push_str("</span>");
}

fn quiz_keys(page: &Page) -> String {
    let keys: Vec<String> = page
        .rendered
        .quiz_items
        .iter()
        .map(QuizItem::progress_key)
        .collect();
    keys.join(" ")
}

/// The headings of the two outermost levels a note uses, nested.
pub(crate) fn toc(headings: &[Heading]) -> Vec<Section<'_>> {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return vec![];
    };
    let mut sections: Vec<Section<'_>> = Vec::new();
    for heading in headings.iter().filter(|h| h.level <= top + 1) {
        let section = Section {
            title: &heading.text,
            id: &heading.id,
            level: heading.level,
            children: vec![],
        };
        match sections.last_mut() {
            Some(parent) if heading.level > top => parent.children.push(section),
            _ => sections.push(section),
        }
    }
    sections
}

fn top_sections(headings: &[Heading]) -> Vec<Section<'_>> {
    toc(headings)
        .into_iter()
        .map(|section| Section {
            children: vec![],
            ..section
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter<'a>(title: &'a str, url: &'a str, quiz_keys: &str) -> NavItem<'a> {
        NavItem {
            title,
            url: Some(url),
            first_url: Some(url),
            is_part: false,
            children: vec![],
            sections: vec![],
            quiz_keys: quiz_keys.to_string(),
            cards: 0,
        }
    }

    fn part<'a>(title: &'a str, url: Option<&'a str>, children: Vec<NavItem<'a>>) -> NavItem<'a> {
        NavItem {
            title,
            url,
            first_url: url.or_else(|| children.iter().find_map(|c| c.first_url)),
            is_part: true,
            children,
            sections: vec![],
            quiz_keys: String::new(),
            cards: 0,
        }
    }

    #[test]
    fn the_sidebar_opens_the_current_part_and_marks_the_page() {
        let nav = [
            chapter("A <1>", "a.html", "a/q|1"),
            part("Part", None, vec![chapter("B", "p/b.html", "")]),
            part(
                "Other",
                Some("o/index.html"),
                vec![chapter("C", "o/c.html", "")],
            ),
            part("Pp", None, vec![]),
        ];
        let html = nav_html(&nav, "p/b.html", "../", false);
        assert!(
            html.contains("<a href=\"../a.html\" data-quiz-keys=\"a/q|1\">A &lt;1&gt;</a>"),
            "{html}"
        );
        assert!(
            html.contains("<details open>\n<summary><span>Part</span></summary>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"../p/b.html\" aria-current=\"page\">B</a>"),
            "{html}"
        );
        assert!(
            html.contains("<li class=\"nav-part nav-part-linked\">\n<a href=\"../o/index.html\">Other</a>\n<details>\n<summary aria-label=\"Other\">"),
            "{html}"
        );
        assert!(html.contains("<li><span>Pp</span></li>"), "{html}");

        // A compact sidebar lists only the current part in full.
        let compact = nav_html(&nav, "p/b.html", "", true);
        assert!(compact.contains("<details open>"), "{compact}");
        assert!(!compact.contains("o/c.html"), "{compact}");
        assert!(
            compact.contains(
                "<li class=\"nav-part nav-part-folded\"><a href=\"o/index.html\">Other</a></li>"
            ),
            "{compact}"
        );
    }

    #[test]
    fn fold_variants_keep_one_subtree_each_then_none() {
        let nav = [
            part("P", None, vec![chapter("B", "p/b.html", "")]),
            part("Q", None, vec![chapter("C", "q/c.html", "")]),
        ];
        let variants = fold_variants(&nav);
        let children = |variant: &[NavItem<'_>]| -> Vec<usize> {
            variant.iter().map(|item| item.children.len()).collect()
        };
        assert_eq!(variants.len(), 3);
        assert_eq!(children(&variants[0]), [1, 0]);
        assert_eq!(children(&variants[1]), [0, 1]);
        assert_eq!(children(&variants[2]), [0, 0]);
        assert_eq!(variants[2][1].first_url, Some("q/c.html"));
    }

    fn heading(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: id.to_uppercase(),
        }
    }

    #[test]
    fn toc_nests_the_two_outer_levels() {
        let headings = [
            heading(3, "a"),
            heading(4, "b"),
            heading(5, "c"),
            heading(3, "d"),
        ];
        let toc = toc(&headings);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 1);
        assert_eq!(toc[0].children[0].id, "b");
        assert_eq!(toc[1].id, "d");
        assert_eq!(top_sections(&headings)[0].children.len(), 0);
    }
}
