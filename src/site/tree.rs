//! The book's navigation tree: its own table of contents when it has one
//! (`SUMMARY.md`, `_sidebar.md`), and its folders for every note that
//! does not list.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::{NavNode, Page};
use crate::content::{file_name_of, is_index_name, parent_of};
use crate::diagnostics::Diagnostic;
use crate::naming::natural_cmp;
use crate::outline::{Outline, OutlineNode};

/// The navigation of the book: the outline's entries, if it has one, then
/// the notes it does not list, by folder; with a warning for each entry of
/// the outline that links no note.
pub(super) fn navigation(
    pages: &[Page],
    folders: &[String],
    folder_titles: &HashMap<String, String>,
    outline: Option<&Outline>,
) -> (Vec<NavNode>, Vec<Diagnostic>) {
    let mut placed = HashSet::new();
    let mut diagnostics = Vec::new();
    let mut nav = match outline {
        Some(outline) => {
            let by_path: HashMap<&str, usize> = pages
                .iter()
                .enumerate()
                // The home page is the site's first page, not an entry.
                .filter(|(_, page)| !is_home(&page.source.rel_path))
                .map(|(i, page)| (page.source.rel_path.as_str(), i))
                .collect();
            let mut from_outline = OutlineTree {
                outline,
                pages,
                by_path,
                placed: &mut placed,
                diagnostics: &mut diagnostics,
            };
            from_outline.nodes(&outline.nodes)
        }
        None => Vec::new(),
    };
    let book = FolderBook {
        pages,
        folders,
        folder_titles,
        placed: &placed,
    };
    nav.extend(folder_tree("", &book));
    (nav, diagnostics)
}

/// Whether the note at `rel_path` is (or would be) the home page.
fn is_home(rel_path: &str) -> bool {
    parent_of(rel_path).is_empty() && is_index_name(rel_path)
}

/// What the folder tree is built from.
#[derive(Clone, Copy)]
struct FolderBook<'a> {
    pages: &'a [Page],
    folders: &'a [String],
    folder_titles: &'a HashMap<String, String>,
    /// Pages the outline placed already.
    placed: &'a HashSet<usize>,
}

/// Turns an outline's entries into navigation entries.
struct OutlineTree<'a, 'p> {
    outline: &'a Outline,
    pages: &'p [Page],
    by_path: HashMap<&'p str, usize>,
    placed: &'a mut HashSet<usize>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl OutlineTree<'_, '_> {
    fn nodes(&mut self, nodes: &[OutlineNode]) -> Vec<NavNode> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            match node {
                OutlineNode::Part { title, children } => {
                    let children = self.nodes(children);
                    if !children.is_empty() {
                        out.push(NavNode::Part {
                            title: title.clone(),
                            page: None,
                            children,
                        });
                    }
                }
                OutlineNode::Note {
                    path,
                    children,
                    line,
                    ..
                } => {
                    let page = self.by_path.get(path.as_str()).copied();
                    if page.is_some_and(|p| !self.placed.insert(p)) {
                        continue;
                    }
                    let children = self.nodes(children);
                    match page {
                        Some(page) if children.is_empty() => out.push(NavNode::Chapter(page)),
                        Some(page) => out.push(NavNode::Part {
                            title: self.pages[page].title.clone(),
                            page: Some(page),
                            children,
                        }),
                        None => {
                            if !is_home(path) {
                                self.missing(path, *line);
                            }
                            out.extend(children);
                        }
                    }
                }
            }
        }
        out
    }

    fn missing(&mut self, path: &str, line: usize) {
        self.diagnostics.push(
            Diagnostic::warning(
                std::path::Path::new(crate::content::NOTES_DIR).join(&self.outline.rel_path),
                format!("the table of contents links `{path}`, which is not a note of the book"),
            )
            .at_line(line)
            .with_help(
                "paths are relative to the notes folder; a draft or excluded note is left out",
            ),
        );
    }
}

/// The sort key of a book entry: front matter order first, then the
/// natural order of names.
struct EntryKey<'a> {
    order: Option<i64>,
    name: &'a str,
}

fn compare_entries(a: &EntryKey<'_>, b: &EntryKey<'_>) -> Ordering {
    match (a.order, b.order) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| natural_cmp(a.name, b.name)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => natural_cmp(a.name, b.name),
    }
}

/// The entries of `folder`, by folder: its notes and sub-folders, in
/// order, leaving out the pages in `placed`.
fn folder_tree(folder: &str, book: &FolderBook<'_>) -> Vec<NavNode> {
    let FolderBook {
        pages,
        folders,
        folder_titles,
        placed,
    } = *book;
    let index_of = |folder: &str| {
        pages
            .iter()
            .position(|p| p.source.folder() == folder && p.source.is_folder_index())
            .filter(|p| !placed.contains(p))
    };
    let mut entries: Vec<(EntryKey<'_>, NavNode)> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if page.source.folder() == folder && !page.source.is_folder_index() && !placed.contains(&i)
        {
            let key = EntryKey {
                order: page.source.front.order,
                name: file_name_of(&page.source.rel_path),
            };
            entries.push((key, NavNode::Chapter(i)));
        }
    }
    for sub in folders.iter().filter(|f| parent_of(f) == folder) {
        let page = index_of(sub);
        let children = folder_tree(sub, book);
        if page.is_none() && children.is_empty() {
            continue;
        }
        // A part without a page of its own comes where its first note
        // does (a table of contents such as SUMMARY.md orders notes).
        let order = match page {
            Some(p) => pages[p].source.front.order,
            None => earliest_order_under(sub, book),
        };
        let key = EntryKey {
            order,
            name: file_name_of(sub),
        };
        let node = NavNode::Part {
            title: folder_titles[sub].clone(),
            page,
            children,
        };
        entries.push((key, node));
    }
    entries.sort_by(|(a, _), (b, _)| compare_entries(a, b));
    entries.into_iter().map(|(_, node)| node).collect()
}

/// The smallest `order` of the notes under `folder`, at any depth.
fn earliest_order_under(folder: &str, book: &FolderBook<'_>) -> Option<i64> {
    let prefix = format!("{folder}/");
    book.pages
        .iter()
        .enumerate()
        .filter(|(i, page)| page.source.rel_path.starts_with(&prefix) && !book.placed.contains(i))
        .map(|(_, page)| page)
        .filter_map(|page| page.source.front.order)
        .min()
}

pub(super) fn flatten(nodes: &[NavNode], order: &mut Vec<usize>) {
    for node in nodes {
        match node {
            NavNode::Chapter(i) => order.push(*i),
            NavNode::Part { page, children, .. } => {
                order.extend(page);
                flatten(children, order);
            }
        }
    }
}

pub(super) fn find_trail<'a>(
    nodes: &'a [NavNode],
    target: usize,
    trail: &mut Vec<(&'a str, Option<usize>)>,
) -> bool {
    for node in nodes {
        match node {
            NavNode::Chapter(i) if *i == target => return true,
            NavNode::Chapter(_) => {}
            NavNode::Part {
                title,
                page,
                children,
                ..
            } => {
                if *page == Some(target) {
                    return true;
                }
                trail.push((title, *page));
                if find_trail(children, target, trail) {
                    return true;
                }
                trail.pop();
            }
        }
    }
    false
}
