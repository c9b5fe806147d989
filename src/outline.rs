//! The book's own table of contents, when another tool's is at the top of
//! `notes/`: mdBook's `SUMMARY.md` or docsify's `_sidebar.md`. It gives
//! the reading order, the parts (`# Part` headings, and list items without
//! a link that hold others) and the chapters' nesting; the file itself is
//! not a page.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostics::LineIndex;

/// The top-level files read as a book's table of contents, by priority.
pub const OUTLINE_FILES: [&str; 2] = ["SUMMARY.md", "_sidebar.md"];

/// An entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutlineNode {
    /// A title that groups the entries under it, without a page: mdBook's
    /// `# Part` headings, docsify's `- 基础` with a nested list.
    Part {
        title: String,
        children: Vec<OutlineNode>,
    },
    /// A linked note (relative to `notes/`), with the link's text (its
    /// title in this table of contents) and the chapters nested under it.
    Note {
        path: String,
        title: String,
        children: Vec<OutlineNode>,
        /// The line of the outline that links it.
        line: usize,
    },
}

/// A book's table of contents, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The file, relative to `notes/`.
    pub rel_path: String,
    pub nodes: Vec<OutlineNode>,
}

/// A list item being read: its text, its link, and the entries of its
/// nested list.
#[derive(Default)]
struct OpenItem {
    text: String,
    link: Option<(String, String, usize)>,
    /// The destination of the link being read, and where its text starts
    /// in `text`.
    in_link: Option<(String, usize)>,
    children: Vec<OutlineNode>,
    /// Whether a nested list has started: text after it is not the item's.
    nested: bool,
}

impl Outline {
    /// Reads `text`. Links to other hosts, to anchors and mdBook's draft
    /// chapters (`[Title]()`) are no entries; a note linked twice is
    /// listed at its first place.
    pub fn parse(rel_path: &str, text: &str) -> Outline {
        let lines = LineIndex::new(text);
        let mut top: Vec<OutlineNode> = Vec::new();
        // The part the top-level entries go to, by its index in `top`.
        let mut part: Option<usize> = None;
        let mut items: Vec<OpenItem> = Vec::new();
        // A link outside any list (mdBook's prefix and suffix chapters).
        let mut loose_link: Option<(String, String, usize)> = None;
        let mut heading: Option<String> = None;
        let mut seen_entry = false;
        let mut seen_paths: Vec<String> = Vec::new();
        for (event, range) in Parser::new(text).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H2 => {
                    heading = Some(String::new());
                }
                Event::End(TagEnd::Heading(_)) => {
                    // The first heading before any entry is the outline's
                    // own title (`# Summary`).
                    if let Some(title) = heading.take().filter(|_| seen_entry) {
                        top.push(OutlineNode::Part {
                            title: title.trim().to_string(),
                            children: Vec::new(),
                        });
                        part = Some(top.len() - 1);
                    }
                }
                Event::Rule if items.is_empty() => part = None,
                Event::Start(Tag::Item) => {
                    if let Some(parent) = items.last_mut() {
                        parent.nested = true;
                    }
                    items.push(OpenItem::default());
                }
                Event::End(TagEnd::Item) => {
                    let item = items.pop().unwrap_or_default();
                    let node = match item.link {
                        Some((path, title, line)) => Some(OutlineNode::Note {
                            path,
                            title,
                            children: item.children,
                            line,
                        }),
                        None if !item.children.is_empty() => Some(OutlineNode::Part {
                            title: item.text.trim().to_string(),
                            children: item.children,
                        }),
                        None => None,
                    };
                    if let Some(node) = node {
                        seen_entry = true;
                        match items.last_mut() {
                            Some(parent) => parent.children.push(node),
                            None => push_top(&mut top, part, node),
                        }
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => match items.last_mut() {
                    Some(item) if !item.nested && item.link.is_none() => {
                        item.in_link = Some((dest_url.to_string(), item.text.len()));
                    }
                    Some(_) => {}
                    None => {
                        let line = lines.locate(range.start).0;
                        loose_link = Some((dest_url.to_string(), String::new(), line));
                    }
                },
                Event::End(TagEnd::Link) => {
                    if let Some(item) = items.last_mut() {
                        if let Some((dest, start)) = item.in_link.take()
                            && let Some(path) = note_path(&dest)
                            && !seen_paths.contains(&path)
                        {
                            seen_paths.push(path.clone());
                            let title = item.text[start..].trim().to_string();
                            item.link = Some((path, title, lines.locate(range.start).0));
                        }
                    } else if let Some((dest, title, line)) = loose_link.take()
                        && let Some(path) = note_path(&dest)
                        && !seen_paths.contains(&path)
                    {
                        seen_paths.push(path.clone());
                        seen_entry = true;
                        let title = title.trim().to_string();
                        let node = OutlineNode::Note {
                            path,
                            title,
                            children: Vec::new(),
                            line,
                        };
                        push_top(&mut top, part, node);
                    }
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some(heading) = heading.as_mut() {
                        heading.push_str(&text);
                    } else if let Some(item) = items.last_mut() {
                        if !item.nested && item.link.is_none() {
                            item.text.push_str(&text);
                        }
                    } else if let Some((_, title, _)) = loose_link.as_mut() {
                        title.push_str(&text);
                    }
                }
                _ => {}
            }
        }
        Outline {
            rel_path: rel_path.to_string(),
            nodes: top,
        }
    }

    /// The notes the outline links, in reading order, with their titles
    /// there.
    pub fn notes(&self) -> Vec<(&str, &str)> {
        fn walk<'a>(nodes: &'a [OutlineNode], out: &mut Vec<(&'a str, &'a str)>) {
            for node in nodes {
                match node {
                    OutlineNode::Part { children, .. } => walk(children, out),
                    OutlineNode::Note {
                        path,
                        title,
                        children,
                        ..
                    } => {
                        out.push((path, title));
                        walk(children, out);
                    }
                }
            }
        }
        let mut notes = Vec::new();
        walk(&self.nodes, &mut notes);
        notes
    }

    /// Each linked note's place in reading order and its title there.
    pub fn positions(&self) -> HashMap<&str, (i64, &str)> {
        self.notes()
            .into_iter()
            .enumerate()
            .map(|(position, (path, title))| (path, (position as i64, title)))
            .collect()
    }
}

/// Adds a top-level entry: to the current part, if any.
fn push_top(top: &mut Vec<OutlineNode>, part: Option<usize>, node: OutlineNode) {
    if let Some(OutlineNode::Part { children, .. }) = part.and_then(|p| top.get_mut(p)) {
        children.push(node);
    } else {
        top.push(node);
    }
}

/// The note a link destination of the outline names, relative to
/// `notes/`: `./a/b.md`, `/a/b.md`, `a/b` (docsify leaves out `.md`).
fn note_path(destination: &str) -> Option<String> {
    let destination = destination.split_whitespace().next()?;
    let destination = destination.split('#').next()?;
    if destination.is_empty() || destination.contains("://") || destination.starts_with("mailto:") {
        return None;
    }
    let path = destination.trim_start_matches("./").trim_start_matches('/');
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let path = if path.ends_with('/') || path.is_empty() {
        format!("{path}README.md")
    } else if path.ends_with(".md") {
        path.into_owned()
    } else {
        format!("{path}.md")
    };
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(path: &str, title: &str, line: usize, children: Vec<OutlineNode>) -> OutlineNode {
        OutlineNode::Note {
            path: path.into(),
            title: title.into(),
            children,
            line,
        }
    }

    #[test]
    fn an_mdbook_summary_gives_parts_nesting_and_order() {
        let summary = "# Summary\n\n[Introduction](README.md)\n\n# Part one\n\n- [Getting started](ch01/intro.md)\n    - [Install](./ch01/install.md#top)\n    - [Draft]()\n- [Again](ch01/intro.md)\n- [Web](https://example.org)\n\n```\n- [Not](in-code.md)\n```\n\n# Part `two`\n\n- [Last](last.md)\n\n---\n\n[Appendix](appendix.md)\n";
        let outline = Outline::parse("SUMMARY.md", summary);
        assert_eq!(
            outline.nodes,
            [
                note("README.md", "Introduction", 3, vec![]),
                OutlineNode::Part {
                    title: "Part one".into(),
                    children: vec![note(
                        "ch01/intro.md",
                        "Getting started",
                        7,
                        vec![note("ch01/install.md", "Install", 8, vec![])]
                    )],
                },
                OutlineNode::Part {
                    title: "Part two".into(),
                    children: vec![note("last.md", "Last", 19, vec![])],
                },
                note("appendix.md", "Appendix", 23, vec![]),
            ]
        );
        let paths: Vec<&str> = outline.notes().into_iter().map(|(path, _)| path).collect();
        assert_eq!(
            paths,
            [
                "README.md",
                "ch01/intro.md",
                "ch01/install.md",
                "last.md",
                "appendix.md"
            ]
        );
        assert_eq!(outline.positions()["last.md"], (3, "Last"));
    }

    #[test]
    fn a_docsify_sidebar_groups_under_items_without_a_link() {
        let sidebar = "- [首页](/)\n- 基础\n  - [Java 基础](java/basic)\n  - [集合](java/%E9%9B%86%E5%90%88.md)\n* 空的\n";
        let outline = Outline::parse("_sidebar.md", sidebar);
        assert_eq!(
            outline.nodes,
            [
                note("README.md", "首页", 1, vec![]),
                OutlineNode::Part {
                    title: "基础".into(),
                    children: vec![
                        note("java/basic.md", "Java 基础", 3, vec![]),
                        note("java/集合.md", "集合", 4, vec![]),
                    ],
                },
            ]
        );
    }
}
