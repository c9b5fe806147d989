//! mdBook's include directives, expanded before a note is parsed, as
//! mdBook's preprocessor does:
//!
//! - `{{#include file}}` puts the file's text in place of the directive;
//!   `file:5`, `file:5:10`, `file:5:` and `file::10` take those lines
//!   (counted from 1, the last one included), and `file:name` the lines
//!   between `ANCHOR: name` and `ANCHOR_END: name`.
//! - `{{#rustdoc_include file:…}}` puts the whole file, with the lines
//!   outside the range or anchor hidden (`# `, see [`super::hidden_lines`]).
//! - `\{{#include …}}` shows the directive as written.
//!
//! - `{{#quiz file.toml}}` (mdbook-quiz) reads the file's questions, for
//!   [`super::quiz_files`] to make cards of; the directive stays in place.
//!
//! Paths are relative to the note's folder and may reach any file of the
//! site (the folder holding `notes/`, or holding the folder `notes` links
//! to), not beyond it, even through a symbolic link. Included text is
//! expanded in turn, relative to its own folder.

use std::path::{Path, PathBuf};

use super::quiz_files::LoadedQuiz;
use crate::content::{SourceNote, Stamp, stamp};
use crate::diagnostics::Diagnostic;
use crate::quiz::mdbook;

/// How deep included files may include others: deeper is taken for a
/// file that includes itself.
const MOST_NESTED: usize = 10;

/// A note's body with its directives expanded.
#[derive(Debug, Default)]
pub(super) struct Expanded {
    pub(super) body: String,
    /// The body line (1-based) each line of `body` comes from: an
    /// included line comes from its directive's line.
    pub(super) origins: Vec<usize>,
    /// Each file read, with its stamp then: the note is rendered again
    /// when one changes.
    pub(super) files: Vec<(PathBuf, Option<Stamp>)>,
    /// The quiz files of `{{#quiz}}` directives that could be read.
    pub(super) quizzes: Vec<LoadedQuiz>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// `note`'s body with its include directives expanded; `None` when it has
/// none. `notes_dir` is the book's `notes/` folder.
pub(super) fn expand(note: &SourceNote, notes_dir: &Path) -> Option<Expanded> {
    if !note.body.contains("{{#") {
        return None;
    }
    // The site's folder, and the folder that holds the notes' real folder
    // when `notes` is a link to a book's `src/` (whose listings are
    // beside it, as mdBook books keep them).
    let roots = [
        notes_dir.parent(),
        notes_dir
            .canonicalize()
            .ok()
            .as_deref()
            .and_then(Path::parent),
    ]
    .into_iter()
    .flatten()
    .filter_map(|root| root.canonicalize().ok())
    .collect();
    let mut expander = Expander {
        note,
        roots,
        expanded: Expanded::default(),
        found: false,
    };
    let folder = notes_dir.join(note.folder());
    for (index, line) in note.body.split_inclusive('\n').enumerate() {
        let line_number = index + 1;
        let text = expander.expand_line(line, &folder, line_number, 0);
        let lines = text.matches('\n').count() + usize::from(!text.ends_with('\n'));
        expander
            .expanded
            .origins
            .extend(std::iter::repeat_n(line_number, lines));
        expander.expanded.body.push_str(&text);
    }
    expander.found.then_some(expander.expanded)
}

/// Which lines of a file a directive takes.
#[derive(Debug, PartialEq, Eq)]
enum Lines<'a> {
    All,
    /// From the first (0-based) up to, not including, the second.
    Range(usize, Option<usize>),
    Anchor(&'a str),
}

/// A directive's words: `include path:lines`, or `quiz path`.
#[derive(Debug, PartialEq, Eq)]
struct Directive<'a> {
    name: Name,
    path: &'a str,
    lines: Lines<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Include,
    RustdocInclude,
    Quiz,
}

struct Expander<'n> {
    note: &'n SourceNote,
    /// The folders included files must be inside, symbolic links
    /// followed: a file that cannot be read otherwise is never published.
    roots: Vec<PathBuf>,
    expanded: Expanded,
    /// Whether any directive or escaped directive was met.
    found: bool,
}

impl Expander<'_> {
    /// `line` with its directives expanded, each file read relative to
    /// `folder`, reported at `line_number` of the note.
    fn expand_line(
        &mut self,
        line: &str,
        folder: &Path,
        line_number: usize,
        depth: usize,
    ) -> String {
        if !line.contains("{{#") {
            return line.to_string();
        }
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            self.found = true;
            let escaped = rest[..start].ends_with('\\');
            let Some(length) = rest[start..].find("}}") else {
                break;
            };
            let whole = &rest[start..start + length + 2];
            let column = line[..line.len() - rest.len() + start].chars().count() + 1;
            if escaped {
                out.push_str(&rest[..start - 1]);
                out.push_str(whole);
            } else {
                out.push_str(&rest[..start]);
                match parse(&whole[3..whole.len() - 2]) {
                    Some(directive) if directive.name == Name::Quiz => {
                        self.load_quiz(&directive, folder, (line_number, column));
                        out.push_str(whole);
                    }
                    Some(directive) => {
                        let text = self.include(&directive, folder, (line_number, column), depth);
                        match text {
                            Some(text) => out.push_str(&text),
                            None => out.push_str(whole),
                        }
                    }
                    // `{{#title …}}` and others that include nothing.
                    None => out.push_str(whole),
                }
            }
            rest = &rest[start + length + 2..];
        }
        out.push_str(rest);
        out
    }

    /// The text `directive` includes, expanded in turn; `None` (with an
    /// error) when the file cannot be read.
    fn include(
        &mut self,
        directive: &Directive<'_>,
        folder: &Path,
        (line, column): (usize, usize),
        depth: usize,
    ) -> Option<String> {
        let error = |message: String, help: &str| {
            Diagnostic::error(self.note.display_path(), message)
                .at(line + self.note.body_line - 1, column)
                .with_help(help.to_string())
        };
        if depth >= MOST_NESTED {
            self.expanded.diagnostics.push(error(
                format!("`{}` is included {MOST_NESTED} levels deep", directive.path),
                "a file that includes itself, directly or not, never ends",
            ));
            return None;
        }
        let (path, text) = self.read(directive, folder, (line, column))?;
        let taken = match take_lines(&text, directive) {
            Some(taken) => taken,
            None => {
                if let Lines::Anchor(anchor) = directive.lines {
                    self.expanded.diagnostics.push(
                        Diagnostic::warning(
                            self.note.display_path(),
                            format!("`{}` has no anchor `{anchor}`", directive.path),
                        )
                        .at(line + self.note.body_line - 1, column)
                        .with_help("mark the lines with `ANCHOR: name` and `ANCHOR_END: name`"),
                    );
                }
                String::new()
            }
        };
        let inner_folder = path
            .parent()
            .map_or_else(|| folder.to_path_buf(), Path::to_path_buf);
        let mut expanded = String::with_capacity(taken.len());
        for included_line in taken.split_inclusive('\n') {
            expanded.push_str(&self.expand_line(included_line, &inner_folder, line, depth + 1));
        }
        Some(expanded)
    }
    /// The file a directive names, read, when it is inside the site's
    /// folder; `None` (with an error at the directive) otherwise. The file
    /// is remembered, so that the note is rendered again when it changes.
    fn read(
        &mut self,
        directive: &Directive<'_>,
        folder: &Path,
        (line, column): (usize, usize),
    ) -> Option<(PathBuf, String)> {
        let error = |message: String, help: &str| {
            Diagnostic::error(self.note.display_path(), message)
                .at(line + self.note.body_line - 1, column)
                .with_help(help.to_string())
        };
        let what = match directive.name {
            Name::Quiz => "read the quiz file",
            Name::Include | Name::RustdocInclude => "include",
        };
        let path = folder.join(directive.path);
        let inside = match path.canonicalize() {
            Ok(resolved) => self.roots.iter().any(|root| resolved.starts_with(root)),
            // Reading it fails below, with the reason.
            Err(_) => true,
        };
        if !inside {
            self.expanded.diagnostics.push(error(
                format!("cannot {what} `{}`: it is outside the site's folder", directive.path),
                "included files must be inside the folder that holds `notes/`, symbolic links followed",
            ));
            return None;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text.replace("\r\n", "\n"),
            Err(reason) => {
                self.expanded.diagnostics.push(error(
                    format!("cannot {what} `{}`: {reason}", directive.path),
                    "the path is relative to the note's folder; write `\\{{#…}}` to show the directive as text",
                ));
                return None;
            }
        };
        self.expanded.files.push((path.clone(), stamp(&path)));
        Some((path, text))
    }

    /// Reads the questions of a `{{#quiz}}` directive's file; a problem in
    /// the file is an error at its own line.
    fn load_quiz(&mut self, directive: &Directive<'_>, folder: &Path, at: (usize, usize)) {
        let Some((_, text)) = self.read(directive, folder, at) else {
            return;
        };
        match mdbook::parse(&text) {
            Ok(questions) => self.expanded.quizzes.push(LoadedQuiz {
                line: at.0,
                path: directive.path.to_string(),
                questions,
            }),
            Err(problem) => {
                let shown = site_relative(&self.note.display_path(), directive.path);
                let mut diagnostic =
                    Diagnostic::error(shown, problem.message).at_line(problem.line);
                diagnostic.column = problem.column;
                self.expanded.diagnostics.push(diagnostic.with_help(format!(
                    "in the quiz file of `{{{{#quiz {}}}}}` at {}:{}",
                    directive.path,
                    self.note.display_path().display(),
                    at.0 + self.note.body_line - 1
                )));
            }
        }
    }
}

/// The path of the file `target` names, relative to the site's folder as
/// `note` is (`notes/ch/a.md` and `../../quizzes/x.toml` give
/// `quizzes/x.toml`), so that a message about it names it as the author
/// sees it.
fn site_relative(note: &Path, target: &str) -> PathBuf {
    let mut parts: Vec<std::ffi::OsString> = note
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_owned())
        .collect();
    for component in Path::new(target).components() {
        match component {
            std::path::Component::ParentDir if !parts.is_empty() => {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            other => parts.push(other.as_os_str().to_owned()),
        }
    }
    parts.iter().collect()
}

/// The directive written between `{{#` and `}}`; `None` for one that
/// includes nothing.
fn parse(words: &str) -> Option<Directive<'_>> {
    let words = words.trim();
    let (name, argument) = words.split_once(char::is_whitespace)?;
    let name = match name {
        "include" => Name::Include,
        "rustdoc_include" => Name::RustdocInclude,
        "quiz" => Name::Quiz,
        _ => return None,
    };
    let argument = argument.trim();
    let (path, lines) = match argument.split_once(':') {
        _ if name == Name::Quiz => (argument, Lines::All),
        None => (argument, Lines::All),
        Some((path, spec)) => (path, lines_of(spec)),
    };
    (!path.is_empty()).then_some(Directive { name, path, lines })
}

/// `5`, `5:10`, `5:`, `:10` or an anchor's name.
fn lines_of(spec: &str) -> Lines<'_> {
    let number = |text: &str| text.trim().parse::<usize>().ok();
    match spec.split_once(':') {
        None if spec.trim().is_empty() => Lines::All,
        None => match number(spec) {
            Some(line) => Lines::Range(line.saturating_sub(1), Some(line)),
            None => Lines::Anchor(spec.trim()),
        },
        Some((start, end)) => Lines::Range(
            number(start).map_or(0, |start| start.saturating_sub(1)),
            number(end),
        ),
    }
}

/// The anchor a line opens (`ANCHOR: name`) or closes (`ANCHOR_END:
/// name`), if any: `(name, opens)`.
fn anchor_mark(line: &str) -> Option<(&str, bool)> {
    let (at, opens) = match line.find("ANCHOR_END:") {
        Some(at) => (at + "ANCHOR_END:".len(), false),
        None => (line.find("ANCHOR:")? + "ANCHOR:".len(), true),
    };
    let rest = line[at..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (end > 0).then(|| (&rest[..end], opens))
}

/// The lines of `text` that `directive` takes, joined by `\n` without a
/// final one; `None` when its anchor is not in the text.
fn take_lines(text: &str, directive: &Directive<'_>) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    // Whether each line is taken (shown), and whether it is an anchor's
    // mark, which is never shown.
    let taken: Vec<bool> = match directive.lines {
        Lines::All => vec![true; lines.len()],
        Lines::Range(start, end) => (0..lines.len())
            .map(|i| i >= start && end.is_none_or(|end| i < end))
            .collect(),
        Lines::Anchor(anchor) => {
            let mut inside = false;
            let mut seen = false;
            let taken = lines
                .iter()
                .map(|line| match anchor_mark(line) {
                    Some((name, opens)) if name == anchor => {
                        inside = opens;
                        seen |= opens;
                        false
                    }
                    _ => inside,
                })
                .collect();
            if !seen {
                return None;
            }
            taken
        }
    };
    let strip_marks =
        directive.name == Name::RustdocInclude || matches!(directive.lines, Lines::Anchor(_));
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (line, taken) in lines.iter().zip(taken) {
        if strip_marks && anchor_mark(line).is_some() {
            continue;
        }
        if taken {
            out.push((*line).to_string());
        } else if directive.name == Name::RustdocInclude {
            out.push(format!("# {line}"));
        }
    }
    Some(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::FrontMatter;

    fn note(body: &str) -> SourceNote {
        SourceNote {
            rel_path: "ch/page.md".into(),
            front: FrontMatter::default(),
            body: body.into(),
            body_line: 3,
            outline_title: None,
        }
    }

    #[test]
    fn directives_and_their_line_specs() {
        let directive = |words| parse(words).unwrap();
        assert_eq!(directive("include a.rs").lines, Lines::All);
        assert_eq!(directive("include a.rs:3").lines, Lines::Range(2, Some(3)));
        assert_eq!(
            directive("include a.rs:2:4").lines,
            Lines::Range(1, Some(4))
        );
        assert_eq!(directive("include a.rs:2:").lines, Lines::Range(1, None));
        assert_eq!(directive("include a.rs::4").lines, Lines::Range(0, Some(4)));
        assert_eq!(
            directive(" include a.rs:here ").lines,
            Lines::Anchor("here")
        );
        assert_eq!(
            directive("rustdoc_include ../x/a.rs").name,
            Name::RustdocInclude
        );
        assert_eq!(directive("quiz ../q/a:b.toml").path, "../q/a:b.toml");
        assert_eq!(parse("title My page"), None);
        assert_eq!(parse("include"), None);
    }

    #[test]
    fn lines_ranges_anchors_and_hidden_rest() {
        let text = "use std::io;\n// ANCHOR: main\nfn main() {\n    run();\n}\n// ANCHOR_END: main\nfn run() {}\n";
        let take = |words| take_lines(text, &parse(words).unwrap());
        assert_eq!(take("include a:3:5").unwrap(), "fn main() {\n    run();\n}");
        assert_eq!(
            take("include a:main").unwrap(),
            "fn main() {\n    run();\n}"
        );
        assert_eq!(take("include a:missing"), None);
        assert_eq!(
            take("rustdoc_include a:main").unwrap(),
            "# use std::io;\nfn main() {\n    run();\n}\n# fn run() {}"
        );
        assert_eq!(take("include a").unwrap(), text.trim_end());
    }

    #[test]
    fn includes_expand_from_the_notes_folder_keeping_its_lines() {
        let outer = tempfile::tempdir().unwrap();
        let site = outer.path().join("site");
        let notes = site.join("notes");
        std::fs::create_dir_all(notes.join("ch/src")).unwrap();
        std::fs::write(notes.join("ch/src/a.rs"), "fn a() {}\nfn b() {}\n").unwrap();
        std::fs::write(notes.join("ch/part.md"), "Part {{#include src/a.rs:2}}\n").unwrap();
        std::fs::write(site.join("listing.txt"), "listing").unwrap();
        std::fs::write(outer.path().join("secret.txt"), "secret").unwrap();
        let body = "```rust\n{{#include src/a.rs}}\n```\n{{#include part.md}}\n\\{{#include src/a.rs}}\n{{#include nope.rs}}\n";
        let expanded = expand(&note(body), &notes).unwrap();
        assert_eq!(
            expanded.body,
            "```rust\nfn a() {}\nfn b() {}\n```\nPart fn b() {}\n{{#include src/a.rs}}\n{{#include nope.rs}}\n"
        );
        assert_eq!(expanded.origins, [1, 2, 2, 3, 4, 5, 6]);
        assert_eq!(expanded.files.len(), 3);
        let [missing] = &expanded.diagnostics[..] else {
            panic!("{:?}", expanded.diagnostics)
        };
        assert!(missing.is_error());
        assert_eq!((missing.line, missing.column), (Some(8), Some(1)));
        assert!(missing.message.contains("cannot include `nope.rs`"));

        let in_site = expand(&note("{{#include ../../listing.txt}}\n"), &notes).unwrap();
        assert_eq!(in_site.body, "listing\n");
        let beyond = expand(&note("x {{#include ../../../secret.txt}}\n"), &notes).unwrap();
        assert_eq!(beyond.body, "x {{#include ../../../secret.txt}}\n");
        assert!(
            beyond.diagnostics[0].message.contains("outside the site"),
            "{:?}",
            beyond.diagnostics
        );
        assert_eq!(beyond.diagnostics[0].column, Some(3));
        assert_eq!(
            expand(&note("no directives\n"), &notes).map(|e| e.body),
            None
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_site_is_refused_but_notes_may_link_to_a_books_src() {
        use std::os::unix::fs::symlink;
        let outer = tempfile::tempdir().unwrap();
        let book = outer.path().join("book");
        std::fs::create_dir_all(book.join("src/ch")).unwrap();
        std::fs::create_dir_all(book.join("listings")).unwrap();
        std::fs::write(book.join("listings/main.rs"), "fn main() {}\n").unwrap();
        let site = outer.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        symlink(book.join("src"), site.join("notes")).unwrap();
        let notes = site.join("notes");
        let listing = expand(&note("{{#include ../../listings/main.rs}}\n"), &notes).unwrap();
        assert_eq!(listing.body, "fn main() {}\n", "{:?}", listing.diagnostics);
        // `site/secret` is a link out of both.
        std::fs::create_dir_all(outer.path().join("secret")).unwrap();
        std::fs::write(outer.path().join("secret/key"), "secret").unwrap();
        symlink(outer.path().join("secret"), site.join("secret")).unwrap();
        let linked = expand(&note("{{#include ../../../site/secret/key}}\n"), &notes).unwrap();
        assert!(
            linked.diagnostics[0].message.contains("outside the site"),
            "{:?}",
            linked.diagnostics
        );
    }

    #[test]
    fn a_file_that_includes_itself_stops() {
        let site = tempfile::tempdir().unwrap();
        let notes = site.path().join("notes");
        std::fs::create_dir_all(notes.join("ch")).unwrap();
        std::fs::write(notes.join("ch/loop.md"), "{{#include loop.md}}\n").unwrap();
        let expanded = expand(&note("{{#include loop.md}}\n"), &notes).unwrap();
        assert!(expanded.diagnostics[0].message.contains("levels deep"));
    }
}
