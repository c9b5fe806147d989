//! The reading order another tool's table of contents gives: mdBook's
//! `SUMMARY.md` or docsify's `_sidebar.md` at the top of `notes/`. Each
//! note it links takes its place there as its order (unless its front
//! matter gives one); the file itself is not a page.

use std::collections::HashMap;

/// The top-level files read as a book's table of contents, by priority.
pub const OUTLINE_FILES: [&str; 2] = ["SUMMARY.md", "_sidebar.md"];

/// A note the outline links: its path relative to `notes/` and the text
/// of the link, its title in the book's table of contents.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub title: String,
}

/// The notes `outline` links, in order (each once, at its first place).
/// Links to other hosts, to anchors and mdBook's draft chapters
/// (`[Title]()`) are skipped.
pub fn linked_notes(outline: &str) -> Vec<Entry> {
    let mut notes: Vec<Entry> = Vec::new();
    let mut in_code = false;
    for line in outline.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find("](") {
            let after = &rest[open + 2..];
            let Some(close) = after.find(')') else {
                break;
            };
            let title = rest[..open]
                .rfind('[')
                .map_or("", |start| rest[start + 1..open].trim());
            if let Some(path) = note_path(&after[..close])
                && !notes.iter().any(|entry| entry.path == path)
            {
                notes.push(Entry {
                    path,
                    title: title.to_string(),
                });
            }
            rest = &after[close + 1..];
        }
    }
    notes
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

/// Each linked note's place in the outline, and its entry.
pub fn positions(linked: &[Entry]) -> HashMap<&str, (i64, &Entry)> {
    linked
        .iter()
        .enumerate()
        .map(|(position, entry)| (entry.path.as_str(), (position as i64, entry)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdbook_and_docsify_outlines_give_their_notes_in_order() {
        let summary = "# Summary\n\n[Introduction](README.md)\n\n# Part one\n\n- [Getting started](ch01/intro.md)\n    - [Install](./ch01/install.md#top)\n    - [Draft]()\n- [Again](ch01/intro.md)\n- [Web](https://example.org)\n\n```\n- [Not](in-code.md)\n```\n";
        let paths = |outline: &str| -> Vec<String> {
            linked_notes(outline).into_iter().map(|e| e.path).collect()
        };
        assert_eq!(
            paths(summary),
            ["README.md", "ch01/intro.md", "ch01/install.md"]
        );
        assert_eq!(linked_notes(summary)[1].title, "Getting started");
        let sidebar = "- [首页](/)\n- 基础\n  - [Java 基础](java/basic)\n  - [集合](java/%E9%9B%86%E5%90%88.md)\n";
        assert_eq!(
            paths(sidebar),
            ["README.md", "java/basic.md", "java/集合.md"]
        );
        assert_eq!(linked_notes(sidebar)[2].title, "集合");
    }
}
