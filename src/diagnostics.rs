//! One problem type for everything the tool reports about a site's sources.
//!
//! Every message about the author's files names the file and, where it can,
//! the line and column, and prints the way a compiler does so that editors and
//! terminals make the location clickable.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem in one of the site's source files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible (`notes/a.md`).
    pub path: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    pub message: String,
    /// What the author can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, as far as it is known.
    pub fn location(&self) -> String {
        let mut location = self.path.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(location, ":{line}");
            if let Some(column) = self.column {
                let _ = write!(location, ":{column}");
            }
        }
        location
    }

    /// Renders the diagnostic like rustc does: the message, the location, the
    /// source line with a caret under the column, and the help text.
    ///
    /// `root` is the folder the path is relative to; the source line is read
    /// from there only when the diagnostic is printed.
    pub fn render(&self, root: &Path) -> String {
        self.render_styled(root, false)
    }

    /// [`render`](Self::render), with terminal colours when `color` is set.
    pub fn render_styled(&self, root: &Path, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let label = match self.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        let mut out = format!("{label}{} {}\n", paint("1", ":"), paint("1", &self.message));
        let _ = writeln!(out, "  {} {}", paint("1;34", "-->"), self.location());
        if let Some(line_number) = self.line
            && let Some(source_line) = read_line(&root.join(&self.path), line_number)
        {
            let gutter = line_number.to_string();
            let pad = " ".repeat(gutter.len());
            let bar = paint("1;34", "|");
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {}",
                paint("1;34", &gutter),
                source_line.trim_end()
            );
            if let Some(column) = self.column {
                let indent: String = source_line
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let caret = match self.severity {
                    Severity::Error => paint("1;31", "^"),
                    Severity::Warning => paint("1;33", "^"),
                };
                let _ = writeln!(out, "{pad} {bar} {indent}{caret}");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  {} {help}", paint("1", "= help:"));
        }
        out
    }

    /// One JSON object, for editors and CI (`check --format json`).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "severity": self.severity.label(),
            "path": self.path.display().to_string().replace('\\', "/"),
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "help": self.help,
        })
        .to_string()
    }
}

/// One line of a file, without failing: a diagnostic prints without its
/// source line when the file cannot be read.
fn read_line(path: &Path, line_number: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let line = text
        .split("\r\n")
        .flat_map(|part| part.split(['\r', '\n']))
        .nth(line_number.checked_sub(1)?)?
        .trim_start_matches('\u{feff}');
    // A line of a file that is not text can be the whole file.
    Some(if line.chars().count() > SHOWN_LINE_CHARS {
        let mut short: String = line.chars().take(SHOWN_LINE_CHARS).collect();
        short.push('…');
        short
    } else {
        line.to_string()
    })
}

/// How much of a source line a diagnostic shows.
const SHOWN_LINE_CHARS: usize = 200;

/// The line ends in `bytes`, counted as a text editor does: `\r\n`, `\r`
/// and `\n` each end one line.
pub fn line_breaks(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut previous = 0u8;
    for &byte in bytes {
        if byte == b'\r' || (byte == b'\n' && previous != b'\r') {
            count += 1;
        }
        previous = byte;
    }
    count
}

#[cfg(test)]
#[test]
fn line_breaks_count_every_kind_of_line_end() {
    assert_eq!(line_breaks(b"a\r\nb\rc\nd"), 3);
    assert_eq!(line_breaks(b"\r\r\n\n"), 3);
    assert_eq!(line_breaks(b"none"), 0);
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, to turn many byte offsets into lines quickly.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Where each line starts, worked out on the first lookup: a quiz
    /// item's parts each get an index of the whole item, and most are
    /// never asked.
    starts: std::sync::OnceLock<Vec<usize>>,
    /// For a text made from another (files included into a note), the
    /// line of the original each line comes from.
    origins: Option<&'a [usize]>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: std::sync::OnceLock::new(),
            origins: None,
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The index of `text`, whose lines come from the lines `origins`
    /// names (1-based, one per line of `text`): locations are reported
    /// there.
    pub fn with_origins(text: &'a str, origins: &'a [usize]) -> Self {
        LineIndex {
            origins: Some(origins),
            ..LineIndex::new(text)
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let starts = self.starts();
        let line = starts.partition_point(|&start| start <= offset);
        let column = self.text[starts[line - 1]..offset].chars().count() + 1;
        match self.origins {
            Some(origins) => (origins.get(line - 1).copied().unwrap_or(line), column),
            None => (line, column),
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "第一行\n中文 x";
        assert_eq!(line_column(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 4));
        assert_eq!(line_column(text, text.len() + 10), (2, 5));
    }

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "a\n分词 b\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.locate(offset), line_column(text, offset), "{offset}");
        }
    }

    #[test]
    fn render_shows_location_source_line_and_caret() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "one\ntitle: x: y\n").unwrap();
        let diagnostic = Diagnostic::error("a.md", "bad value")
            .at(2, 9)
            .with_help("quote it");
        let text = diagnostic.render(dir.path());
        assert_eq!(
            text,
            "error: bad value\n  --> a.md:2:9\n  |\n2 | title: x: y\n  |         ^\n  = help: quote it\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let diagnostic = Diagnostic::error("x.md", "bad").at_line(1);
        assert!(
            !diagnostic
                .render(Path::new("/nonexistent"))
                .contains('\x1b')
        );
        assert!(
            diagnostic
                .render_styled(Path::new("/nonexistent"), true)
                .contains("\x1b[1;31merror")
        );
    }

    #[test]
    fn json_has_the_fields_editors_need() {
        let json: serde_json::Value =
            serde_json::from_str(&Diagnostic::warning("notes/a.md", "m").at(3, 4).to_json())
                .unwrap();
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["path"], "notes/a.md");
        assert_eq!(json["line"], 3);
        assert_eq!(json["column"], 4);
        assert_eq!(json["message"], "m");
        assert!(json["help"].is_null());
    }

    #[test]
    fn render_without_a_readable_file_still_names_the_location() {
        let diagnostic = Diagnostic::warning("missing.md", "gone").at_line(3);
        assert_eq!(
            diagnostic.render(Path::new("/nonexistent")),
            "warning: gone\n  --> missing.md:3\n"
        );
    }
}
