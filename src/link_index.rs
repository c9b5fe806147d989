//! What links may name notes and files by besides their paths from the
//! note: a path without `.md` (VuePress, docsify), a folder with a page of
//! its own (GitHub), and, as Obsidian resolves `[[links]]`, `![[embeds]]`
//! and its Markdown links, a name found anywhere in the book.

use std::collections::HashMap;

use crate::content::{Asset, SourceNote, file_name_of};

/// The book's notes and files by the names links may give them.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Each note's path without `.md`, and each folder that has a page of
    /// its own, with the note (a note wins over a folder of its name).
    unsuffixed: HashMap<String, String>,
    /// Every note's path, lower-cased, with the path as it is.
    notes: HashMap<String, String>,
    /// Notes by file name without `.md`, lower-cased.
    notes_by_name: HashMap<String, Vec<String>>,
    /// Files other than notes by path, and by file name, lower-cased.
    files: HashMap<String, String>,
    files_by_name: HashMap<String, Vec<String>>,
}

/// A name looked up, as a rendered note keeps it: the note is rendered
/// again when the same lookup would now find something else.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lookup {
    /// A path without `.md`, or a folder.
    Unsuffixed(String),
    /// A note named Obsidian's way (`folder/note`, `note`).
    Note(String),
    /// A file named Obsidian's way (`image.png`, `img/image.png`).
    File(String),
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    One(String),
    None,
    /// Several, by path: the name does not say which.
    Several(Vec<String>),
}

impl Found {
    pub fn one(&self) -> Option<&str> {
        match self {
            Found::One(path) => Some(path),
            _ => None,
        }
    }
}

impl LinkIndex {
    pub fn new(notes: &[SourceNote], assets: &[Asset]) -> LinkIndex {
        let mut index = LinkIndex::default();
        for note in notes.iter().filter(|note| note.is_folder_index()) {
            index
                .unsuffixed
                .insert(note.folder().to_string(), note.rel_path.clone());
        }
        for note in notes {
            let path = &note.rel_path;
            let stem = path.strip_suffix(".md").unwrap_or(path);
            index.unsuffixed.insert(stem.to_string(), path.clone());
            index.notes.insert(path.to_lowercase(), path.clone());
            index
                .notes_by_name
                .entry(file_name_of(stem).to_lowercase())
                .or_default()
                .push(path.clone());
        }
        for asset in assets {
            let path = &asset.rel_path;
            index.files.insert(path.to_lowercase(), path.clone());
            index
                .files_by_name
                .entry(file_name_of(path).to_lowercase())
                .or_default()
                .push(path.clone());
        }
        index
    }

    /// Whether a note is at `rel_path`, exactly.
    pub fn has_note(&self, rel_path: &str) -> bool {
        let stem = rel_path.strip_suffix(".md").unwrap_or(rel_path);
        self.unsuffixed
            .get(stem)
            .is_some_and(|note| note == rel_path)
    }

    /// Whether a file other than a note is at `rel_path`, exactly.
    pub fn has_file(&self, rel_path: &str) -> bool {
        self.files
            .get(&rel_path.to_lowercase())
            .is_some_and(|file| file == rel_path)
    }

    /// What `lookup` finds.
    pub fn find(&self, lookup: &Lookup) -> Found {
        match lookup {
            Lookup::Unsuffixed(path) => match self.unsuffixed.get(path) {
                Some(note) => Found::One(note.clone()),
                None => Found::None,
            },
            Lookup::Note(name) => {
                let name = name.trim().trim_start_matches('/');
                let with_md = if name.to_lowercase().ends_with(".md") {
                    name.to_string()
                } else {
                    format!("{name}.md")
                };
                let stem = &with_md[..with_md.len() - 3];
                by_name(
                    &self.notes,
                    &self.notes_by_name,
                    &with_md,
                    &file_name_of(stem).to_lowercase(),
                )
            }
            Lookup::File(name) => {
                let name = name.trim().trim_start_matches('/');
                by_name(
                    &self.files,
                    &self.files_by_name,
                    name,
                    &file_name_of(name).to_lowercase(),
                )
            }
        }
    }
}

/// Obsidian's resolution: the path from the book's top, else the one item
/// whose path ends with the name (`note`, `folder/note`).
fn by_name(
    paths: &HashMap<String, String>,
    by_name: &HashMap<String, Vec<String>>,
    path: &str,
    name: &str,
) -> Found {
    let lower = path.to_lowercase();
    if let Some(found) = paths.get(&lower) {
        return Found::One(found.clone());
    }
    let suffix = format!("/{lower}");
    let mut matches: Vec<String> = by_name
        .get(name)
        .into_iter()
        .flatten()
        .filter(|candidate| candidate.to_lowercase().ends_with(&suffix))
        .cloned()
        .collect();
    match matches.len() {
        0 => Found::None,
        1 => Found::One(matches.remove(0)),
        _ => {
            matches.sort();
            Found::Several(matches)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::FrontMatter;

    fn note(rel_path: &str) -> SourceNote {
        SourceNote {
            rel_path: rel_path.into(),
            front: FrontMatter::default(),
            body: "".into(),
            body_line: 1,
            outline_title: None,
        }
    }

    fn asset(rel_path: &str) -> Asset {
        Asset {
            rel_path: rel_path.into(),
            source: rel_path.into(),
        }
    }

    #[test]
    fn names_resolve_as_obsidian_resolves_them() {
        let index = LinkIndex::new(
            &[
                note("c/socket.md"),
                note("a/tcp.md"),
                note("b/tcp.md"),
                note("java/README.md"),
            ],
            &[asset("image/pic.png")],
        );
        let note = |name: &str| index.find(&Lookup::Note(name.into()));
        assert_eq!(note("socket"), Found::One("c/socket.md".into()));
        assert_eq!(note("Socket.md"), Found::One("c/socket.md".into()));
        assert_eq!(note("a/tcp"), Found::One("a/tcp.md".into()));
        assert_eq!(
            note("tcp"),
            Found::Several(vec!["a/tcp.md".into(), "b/tcp.md".into()])
        );
        assert_eq!(note("nothing"), Found::None);
        assert_eq!(
            index.find(&Lookup::File("pic.png".into())),
            Found::One("image/pic.png".into())
        );
        assert_eq!(
            index.find(&Lookup::Unsuffixed("java".into())),
            Found::One("java/README.md".into())
        );
    }
}
