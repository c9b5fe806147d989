//! Reading the notes folder: which files are notes, which are assets, what
//! their front matter says, and where each one will be written.
//!
//! Paths inside the book are kept as `/`-separated strings relative to
//! `notes/` (`part/page.md`), which is also how they appear in URLs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::exclude::Exclusions;
use crate::outline::{OUTLINE_FILES, Outline};

use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, FrontMatter};

/// The folder under the site root that holds the notes.
pub const NOTES_DIR: &str = "notes";

/// One Markdown note, read and split but not yet rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNote {
    /// Relative to `notes/`, `/`-separated: `part/page.md`.
    pub rel_path: String,
    pub front: FrontMatter,
    /// The Markdown after the front matter, with `\n` line ends; shared, so
    /// that `serve`'s cache hands out notes without copying them.
    pub body: std::sync::Arc<str>,
    /// The file line on which `body` starts, to report body lines as file lines.
    pub body_line: usize,
    /// The note's title in the book's own table of contents (`SUMMARY.md`,
    /// `_sidebar.md`), when that lists it.
    pub outline_title: Option<String>,
}

impl SourceNote {
    /// The path to name in diagnostics: `notes/part/page.md`.
    pub fn display_path(&self) -> PathBuf {
        Path::new(NOTES_DIR).join(&self.rel_path)
    }

    /// Where the page is written, relative to the output root.
    pub fn output_path(&self) -> String {
        note_output_path(&self.rel_path)
    }

    /// The folder holding the note, `""` for the top level.
    pub fn folder(&self) -> &str {
        parent_of(&self.rel_path)
    }

    /// Whether this note is its folder's own page (`index.md`, `_index.md`,
    /// `README.md`).
    pub fn is_folder_index(&self) -> bool {
        is_index_name(file_name_of(&self.rel_path))
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> &str {
        file_name_of(&self.rel_path)
            .strip_suffix(".md")
            .unwrap_or(&self.rel_path)
    }
}

/// Any other file under `notes/`, copied to the same place in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub rel_path: String,
    pub source: PathBuf,
}

/// Everything read from `notes/`.
#[derive(Debug, Default)]
pub struct Content {
    pub notes: Vec<SourceNote>,
    pub assets: Vec<Asset>,
    /// Every folder under `notes/` that holds at least one note, nested or
    /// not, relative to `notes/` (`""` is not listed).
    pub folders: Vec<String>,
    /// The book's own table of contents, when it has one that lists notes.
    pub outline: Option<Outline>,
    pub diagnostics: Vec<Diagnostic>,
}

/// `a/b.md` → `a/b.html`; `a/index.md`, `a/_index.md` and `a/README.md`
/// → `a/index.html`.
pub fn note_output_path(rel_path: &str) -> String {
    let folder = parent_of(rel_path);
    let name = file_name_of(rel_path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let page = if is_index_name(name) { "index" } else { stem };
    if folder.is_empty() {
        format!("{page}.html")
    } else {
        format!("{folder}/{page}.html")
    }
}

/// Whether a note of this name is its folder's page: `index.md`,
/// `_index.md` (Hugo, Zola), or `README.md` in any case (GitHub, mdBook,
/// docsify and VuePress show it as the folder's page).
pub fn is_index_name(name: &str) -> bool {
    name == "index.md" || name == "_index.md" || name.eq_ignore_ascii_case("readme.md")
}

/// The `/`-separated parent of a book path, `""` at the top.
pub fn parent_of(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

pub fn file_name_of(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or(rel_path, |(_, name)| name)
}

/// When a file last changed, as far as a rebuild needs to know.
pub type Stamp = (u64, Option<std::time::SystemTime>);

/// The stamp of a file, or `None` when its metadata cannot be read.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()))
}

/// Notes already read, by book path, with the stamp they were read at: a
/// rebuild reads again only the files that changed.
#[derive(Debug, Default)]
pub struct SourceCache {
    notes: HashMap<String, (Stamp, SourceNote)>,
    /// Off for a one-off build, which would only pay the copies.
    remember: bool,
}

impl SourceCache {
    /// A cache that keeps what it reads for the next load.
    pub fn remembering() -> Self {
        SourceCache {
            notes: HashMap::new(),
            remember: true,
        }
    }

    fn read(&mut self, path: &Path, rel_path: &str) -> Result<SourceNote, Diagnostic> {
        let current = stamp(path);
        if let (Some(current), Some((cached, note))) = (current, self.notes.get(rel_path))
            && *cached == current
        {
            return Ok(note.clone());
        }
        let note = read_note(path, rel_path)?;
        if let Some(current) = current.filter(|_| self.remember) {
            self.notes
                .insert(rel_path.to_string(), (current, note.clone()));
        }
        Ok(note)
    }
}

/// Walks `notes_dir` and reads every note. Problems in single files become
/// diagnostics; only a missing or unreadable notes folder is an `Err`.
pub fn load(notes_dir: &Path, include_drafts: bool) -> Result<Content, Diagnostic> {
    load_with(notes_dir, include_drafts, &[], &mut SourceCache::default())
}

/// [`load`], leaving out what `exclude` (globs relative to `notes/`) and
/// the `.gitignore` files name, and reusing the notes of `cache` whose
/// files did not change.
pub fn load_with(
    notes_dir: &Path,
    include_drafts: bool,
    exclude: &[String],
    cache: &mut SourceCache,
) -> Result<Content, Diagnostic> {
    let notes_root = notes_dir.canonicalize().map_err(|error| {
        Diagnostic::error(
            NOTES_DIR,
            format!(
                "cannot open the notes folder `{}`: {error}",
                notes_dir.display()
            ),
        )
        .with_help("a site keeps its Markdown notes in a folder named `notes` under its root")
    })?;
    if !notes_root.is_dir() {
        return Err(Diagnostic::error(NOTES_DIR, "`notes` is not a folder"));
    }
    let root = notes_root.parent().unwrap_or(&notes_root);
    let exclusions = std::cell::RefCell::new(Exclusions::new(root, &notes_root, exclude)?);
    let mut content = Content::default();
    let mut skipped = Vec::new();
    let mut too_deep: Vec<PathBuf> = Vec::new();
    let mut outlines: Vec<(String, String)> = Vec::new();
    let walker = WalkDir::new(&notes_root)
        .follow_links(true)
        .sort_by(|a, b| a.file_name().cmp(b.file_name()))
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && is_ignored_name(&entry.file_name().to_string_lossy()) {
                return false;
            }
            let is_dir = entry.file_type().is_dir();
            if exclusions.borrow().excludes(entry.path(), is_dir) {
                return false;
            }
            if is_dir && entry.depth() > MAX_FOLDER_DEPTH {
                too_deep.push(entry.path().to_path_buf());
                return false;
            }
            if is_dir && entry.depth() > 0 {
                // A folder's own .gitignore applies below it.
                exclusions.borrow_mut().add_gitignore_of(entry.path());
            }
            if !entry.path_is_symlink() {
                return true;
            }
            // A symlink may point anywhere; follow it only inside the book.
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|target| target.starts_with(&notes_root));
            if !inside {
                skipped.push(entry.path().to_path_buf());
            }
            inside
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(Path::to_path_buf).unwrap_or_default();
                let message = if error.loop_ancestor().is_some() {
                    "skipped a symbolic link that loops back to a folder above it".to_string()
                } else {
                    format!("cannot read this entry: {error}")
                };
                content.diagnostics.push(Diagnostic::warning(
                    book_display_path(&notes_root, &path),
                    message,
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel_path) = relative_book_path(&notes_root, entry.path()) else {
            continue;
        };
        if OUTLINE_FILES.contains(&rel_path.as_str()) {
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => outlines.push((rel_path, text)),
                Err(error) => content.diagnostics.push(Diagnostic::warning(
                    book_display_path(&notes_root, entry.path()),
                    format!("cannot read the table of contents: {error}"),
                )),
            }
            continue;
        }
        if is_navigation_of_another_tool(&rel_path) {
            continue;
        }
        if rel_path.ends_with(".md") {
            match cache.read(entry.path(), &rel_path) {
                Ok(note) if note.front.draft && !include_drafts => {}
                Ok(note) => content.notes.push(note),
                Err(diagnostic) => content.diagnostics.push(diagnostic),
            }
        } else {
            content.assets.push(Asset {
                rel_path,
                source: entry.path().to_path_buf(),
            });
        }
    }
    for path in skipped {
        content.diagnostics.push(
            Diagnostic::warning(
                book_display_path(&notes_root, &path),
                "skipped a symbolic link that points outside the notes folder",
            )
            .with_help("copy the file into `notes/` to publish it"),
        );
    }
    for path in too_deep {
        content.diagnostics.push(
            Diagnostic::error(
                book_display_path(&notes_root, &path),
                format!("folders nest more than {MAX_FOLDER_DEPTH} levels deep here; what is below is not read"),
            )
            .with_help("a book's folders are parts and chapters: a few levels are plenty"),
        );
    }
    // SUMMARY.md before _sidebar.md, whatever their names' order.
    outlines.sort_by_key(|(rel_path, _)| OUTLINE_FILES.iter().position(|f| f == rel_path));
    if let Some((rel_path, text)) = outlines.first() {
        apply_outline(&mut content, rel_path, text);
    }
    drop_notes_sharing_a_page(&mut content);
    content.folders = folders_with_notes(&content.notes);
    Ok(content)
}

/// Orders the notes as the table of contents `rel_path` (mdBook's
/// `SUMMARY.md`, docsify's `_sidebar.md`) lists them: each listed note
/// without an `order` of its own takes its place there, and the outline is
/// kept for the book's navigation. Notes it does not list come after, with
/// a warning.
fn apply_outline(content: &mut Content, rel_path: &str, text: &str) {
    let outline = Outline::parse(rel_path, text);
    let positions = outline.positions();
    let mut unlisted = Vec::new();
    for note in &mut content.notes {
        match positions.get(note.rel_path.as_str()) {
            Some(&(position, title)) => {
                note.front.order.get_or_insert(position);
                note.outline_title = Some(title.to_string()).filter(|t| !t.is_empty());
            }
            None if note.folder().is_empty() && note.is_folder_index() => {}
            None => unlisted.push(note.rel_path.clone()),
        }
    }
    if positions.is_empty() {
        return;
    }
    if !unlisted.is_empty() {
        let shown: Vec<&str> = unlisted.iter().take(3).map(String::as_str).collect();
        let more = match unlisted.len() - shown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        content.diagnostics.push(
            Diagnostic::warning(
                Path::new(NOTES_DIR).join(rel_path),
                format!(
                    "{} not listed here and {} after the listed ones: {}{more}",
                    match unlisted.len() {
                        1 => "1 note is".to_string(),
                        n => format!("{n} notes are"),
                    },
                    if unlisted.len() == 1 { "comes" } else { "come" },
                    shown.join(", ")
                ),
            )
            .with_help("list them to place them, or give them an `order` in their front matter"),
        );
    }
    content.outline = Some(outline);
}

/// Files another tool reads to lay out its site, which are not notes:
/// docsify's sidebar, navigation bar and cover page, at any depth.
const NAVIGATION_OF_OTHER_TOOLS: &[&str] = &["_sidebar.md", "_navbar.md", "_coverpage.md"];

fn is_navigation_of_another_tool(rel_path: &str) -> bool {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    NAVIGATION_OF_OTHER_TOOLS.contains(&name)
}

/// Hidden files and editors' temporary files are never part of a book.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn relative_book_path(notes_root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(notes_root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

fn book_display_path(notes_root: &Path, path: &Path) -> PathBuf {
    match relative_book_path(notes_root, path) {
        Some(rel) if !rel.is_empty() => Path::new(NOTES_DIR).join(rel),
        _ => path.to_path_buf(),
    }
}

/// The largest note read: a book's longest chapters are well under 1 MB,
/// and rendering holds several copies of a note in memory.
pub const MAX_NOTE_BYTES: u64 = 16 << 20;

/// How deep folders under `notes/` may nest.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// Reads one note: UTF-8 check, line ends, byte order mark, front matter.
pub fn read_note(path: &Path, rel_path: &str) -> Result<SourceNote, Diagnostic> {
    let display = Path::new(NOTES_DIR).join(rel_path);
    if let Ok(metadata) = std::fs::metadata(path)
        && metadata.len() > MAX_NOTE_BYTES
    {
        return Err(Diagnostic::error(
            &display,
            format!(
                "the note is {:.1} MB; notes larger than {} MB are not read",
                metadata.len() as f64 / 1_048_576.0,
                MAX_NOTE_BYTES >> 20
            ),
        )
        .with_help("a file this large is data, not a note: give it another extension, or move it out of `notes/`"));
    }
    let bytes = std::fs::read(path)
        .map_err(|error| Diagnostic::error(&display, format!("cannot read the note: {error}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = crate::diagnostics::line_breaks(valid) + 1;
            return Err(Diagnostic::error(&display, "the note is not valid UTF-8 text")
                .at_line(line)
                .with_help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")"));
        }
    };
    let text = normalize_text(&text);
    let split =
        frontmatter::split(&text).map_err(|e| front_matter_diagnostic(&display, rel_path, e))?;
    let front = match &split.front_matter {
        Some(block) => {
            frontmatter::parse(block).map_err(|e| front_matter_diagnostic(&display, rel_path, e))?
        }
        None => FrontMatter::default(),
    };
    Ok(SourceNote {
        rel_path: rel_path.to_string(),
        front,
        body: split.body.into(),
        body_line: split.body_line,
        outline_title: None,
    })
}

/// Drops a byte order mark, makes every line end `\n`, and replaces NUL
/// with U+FFFD, as CommonMark requires, so that none reaches a page
/// (through code, raw HTML or math, which the parser leaves as written).
fn normalize_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if text.contains('\0') {
        text = text.replace('\0', "\u{fffd}");
    }
    text
}

fn front_matter_diagnostic(
    path: &Path,
    rel_path: &str,
    error: frontmatter::FrontMatterError,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(path, error.message).at_line(error.line);
    diagnostic.column = error.column;
    // A file that is not a note at all (an Obsidian Templater template, a
    // Hexo scaffold) is better left out than fixed.
    let leave_out = format!(
        "if this file is not a note (a template, say), leave it out with `exclude = [\"{}\"]` in studysite.toml (globs relative to `notes/`) or list it in a .gitignore",
        exclude_suggestion(rel_path)
    );
    diagnostic.with_help(match error.help {
        Some(help) => format!("{help}; {leave_out}"),
        None => leave_out,
    })
}

/// The glob to suggest for leaving out the note at `rel_path`: its top
/// folder (`templates/**`), or the file itself at the top of the notes.
fn exclude_suggestion(rel_path: &str) -> String {
    match rel_path.split_once('/') {
        Some((folder, _)) => format!("{folder}/**"),
        None => rel_path.to_string(),
    }
}

/// Two notes of one folder can claim one page. A `README.md` gives way to
/// an `index.md` or `_index.md` beside it (as in MkDocs), with a warning;
/// `index.md` and `_index.md` together are an error naming both, and only
/// the first is kept.
fn drop_notes_sharing_a_page(content: &mut Content) {
    let is_readme =
        |note: &SourceNote| file_name_of(&note.rel_path).eq_ignore_ascii_case("readme.md");
    let notes = std::mem::take(&mut content.notes);
    let mut owners: HashMap<String, usize> = HashMap::new();
    for (i, note) in notes.iter().enumerate() {
        owners
            .entry(note.output_path())
            .and_modify(|owner| {
                if is_readme(&notes[*owner]) && !is_readme(note) {
                    *owner = i;
                }
            })
            .or_insert(i);
    }
    let owner_paths: Vec<Option<String>> = notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            let owner = owners[&note.output_path()];
            (owner != i).then(|| notes[owner].rel_path.clone())
        })
        .collect();
    for (note, owner) in notes.into_iter().zip(owner_paths) {
        let Some(owner) = owner else {
            content.notes.push(note);
            continue;
        };
        let page = note.output_path();
        let diagnostic = if is_readme(&note) {
            Diagnostic::warning(
                note.display_path(),
                format!("left out: `{NOTES_DIR}/{owner}` is this folder's page `{page}`"),
            )
            .with_help("rename this file to publish it as a page of its own")
        } else {
            Diagnostic::error(
                note.display_path(),
                format!(
                    "`{}` and `{NOTES_DIR}/{owner}` would both be written to `{page}`",
                    note.display_path().display()
                ),
            )
            .with_help("keep one of them")
        };
        content.diagnostics.push(diagnostic);
    }
}

fn folders_with_notes(notes: &[SourceNote]) -> Vec<String> {
    let mut folders = std::collections::BTreeSet::new();
    for note in notes {
        let mut folder = note.folder();
        while !folder.is_empty() {
            folders.insert(folder.to_string());
            folder = parent_of(folder);
        }
    }
    folders.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(note_output_path("a/b.md"), "a/b.html");
        assert_eq!(note_output_path("a/index.md"), "a/index.html");
        assert_eq!(note_output_path("a/_index.md"), "a/index.html");
        assert_eq!(note_output_path("index.md"), "index.html");
        assert_eq!(note_output_path("x.md"), "x.html");
    }

    #[test]
    fn crlf_and_bom_are_normalized() {
        assert_eq!(normalize_text("\u{feff}a\r\nb\rc"), "a\nb\nc");
        assert_eq!(normalize_text("a\0b"), "a\u{fffd}b");
    }

    #[test]
    fn ignored_names() {
        assert!(is_ignored_name(".DS_Store"));
        assert!(is_ignored_name("a.md~"));
        assert!(is_ignored_name(".a.md.swp"));
        assert!(!is_ignored_name("a.md"));
        assert!(is_navigation_of_another_tool("_sidebar.md"));
        assert!(is_navigation_of_another_tool("guide/_navbar.md"));
        assert!(!is_navigation_of_another_tool("sidebar.md"));
    }

    #[test]
    fn invalid_utf8_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.md");
        std::fs::write(&path, b"ok\nstill ok\n\xff\xfe bad").unwrap();
        let error = read_note(&path, "bad.md").unwrap_err();
        assert_eq!(error.path, Path::new("notes/bad.md"));
        assert_eq!(error.line, Some(3));
        assert!(error.message.contains("UTF-8"));
    }
}
