//! Front matter: the metadata block at the top of a note.
//!
//! Notes exported from blogs carry front matter in many shapes: YAML between
//! `---` lines, TOML between `+++` lines, Hexo's fence-less YAML ended by a
//! single `---`, fences with trailing spaces, keys this tool does not use. We
//! split the block off ourselves (pulldown-cmark's metadata option misses
//! most of those) and deserialize only the keys we use.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diagnostics::line_column;

/// The keys of front matter this tool uses; all others are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// Position in the reading order (`order`, or `weight` as Hugo and Zola
    /// call it).
    pub order: Option<i64>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub date: Option<String>,
    pub draft: bool,
    /// `cards:` — which parts of the note are review cards.
    pub cards: Cards,
}

/// A note's `cards:` setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Cards {
    /// Headings that ask a question, and explicit cards (no `cards:`).
    #[default]
    Questions,
    /// `cards: true`: every heading below the title.
    AllHeadings,
    /// `cards: false`: none.
    Off,
    /// `cards: cloze`: as `Questions`, and each paragraph with
    /// `==highlighted==` words is a card that hides them.
    Cloze,
}

/// A note's text cut into its front matter and its Markdown body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: Option<Block<'a>>,
    pub body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// The raw text of a front matter block and where it stands.
#[derive(Debug, PartialEq, Eq)]
pub struct Block<'a> {
    pub format: Format,
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A front matter problem, with the 1-based line and column in the file.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// Splits the front matter off a note. `text` must already have `\n` line
/// ends and no byte order mark.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let lines = LineCursor::new(text);
    let Some(first) = lines.clone().find(|line| !line.text.trim().is_empty()) else {
        return Ok(no_front_matter(text));
    };
    let fence = first.text.trim_end();
    let (format, opening) = match fence {
        "---" => (Format::Yaml, Some(first)),
        "+++" => (Format::Toml, Some(first)),
        _ if looks_like_key(first.text) => (Format::Yaml, None),
        _ => return Ok(no_front_matter(text)),
    };
    let content_start = opening.map_or(first.start, |line| line.end);
    let content_line = opening.map_or(first.number, |line| line.number + 1);
    let closing_fences: &[&str] = match format {
        Format::Yaml => &["---", "..."],
        Format::Toml => &["+++"],
    };
    for line in LineCursor::new(text).skip_while(|line| line.start < content_start) {
        if closing_fences.contains(&line.text.trim_end()) {
            if opening.is_none() && !hexo_block(&text[content_start..line.start]) {
                return Ok(no_front_matter(text));
            }
            return Ok(Split {
                front_matter: Some(Block {
                    format,
                    text: &text[content_start..line.start],
                    first_line: content_line,
                }),
                body: &text[line.end..],
                body_line: line.number + 1,
            });
        }
    }
    // No closing fence. A lone `---` at the top may just be a thematic break;
    // but when a key follows it, the author forgot to close the block.
    let next_is_key = LineCursor::new(text)
        .skip_while(|line| line.start < content_start)
        .find(|line| !line.text.trim().is_empty())
        .is_some_and(|line| looks_like_key(line.text));
    if opening.is_some() && next_is_key {
        return Err(FrontMatterError {
            line: content_line - 1,
            column: Some(1),
            message: format!("front matter is opened with `{fence}` but never closed"),
            help: Some(format!(
                "end the block with a line holding only `{}`",
                closing_fences[0]
            )),
        });
    }
    Ok(no_front_matter(text))
}

fn no_front_matter(text: &str) -> Split<'_> {
    Split {
        front_matter: None,
        body: text,
        body_line: 1,
    }
}

/// Parses a front matter block.
pub fn parse(block: &Block<'_>) -> Result<FrontMatter, FrontMatterError> {
    if block.text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let raw: RawFrontMatter = match block.format {
        // YAML 1.2 booleans only: a tag called `y` or `on` stays text.
        Format::Yaml => serde_saphyr::from_str_with_options(
            block.text,
            serde_saphyr::options! { strict_booleans: true, with_snippet: false },
        )
        .map_err(|error| {
            let location = error.location();
            let line = location.map_or(0, |l| l.line() as usize);
            let column = location.map(|l| l.column() as usize);
            let message = clean_yaml_message(&error.without_snippet().to_string());
            yaml_error(block, line, column, message)
        })?,
        Format::Toml => toml::from_str(block.text).map_err(|error| {
            let (line, column) = error
                .span()
                .map(|span| line_column(block.text, span.start))
                .unwrap_or((1, 1));
            FrontMatterError {
                line: block.first_line + line - 1,
                column: Some(column),
                message: format!("invalid TOML front matter: {}", error.message().trim()),
                help: None,
            }
        })?,
    };
    Ok(raw.into_front_matter())
}

/// Builds a YAML error, adding advice for the mistakes exported notes make.
fn yaml_error(
    block: &Block<'_>,
    line: usize,
    column: Option<usize>,
    message: String,
) -> FrontMatterError {
    let line = line.max(1);
    let source_line = block.text.lines().nth(line - 1).unwrap_or_default();
    let help = if source_line.contains('：') && !source_line.contains(':') {
        Some("front matter keys end with an ASCII colon `:`, not the full-width `：`".to_string())
    } else if source_line.starts_with('\t') {
        Some("YAML does not allow tabs for indentation; indent with spaces".to_string())
    } else if source_line
        .split_once(':')
        .is_some_and(|(_, value)| value.contains(": "))
    {
        Some("a value that contains `: ` must be quoted, as in title: \"Rust: 所有权\"".to_string())
    } else {
        None
    };
    FrontMatterError {
        line: block.first_line + line - 1,
        column,
        message: format!("invalid YAML front matter: {message}"),
        help,
    }
}

/// serde-saphyr appends the position to its messages; ours is shown apart.
fn clean_yaml_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    match first.find(" at line ") {
        Some(index) => first[..index].to_string(),
        None => first.to_string(),
    }
}

/// `key:` at the start of a line, the shape of a YAML mapping entry.
fn looks_like_key(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Whether text ended by a lone `---` is Hexo front matter rather than a
/// paragraph above a thematic break: every line must be a key, an indented
/// continuation, a list item, a comment, or blank.
fn hexo_block(text: &str) -> bool {
    text.lines().all(|line| {
        line.trim().is_empty() || looks_like_key(line) || line.starts_with([' ', '\t', '-', '#'])
    })
}

#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    /// Byte offset of the line's first byte.
    start: usize,
    /// Byte offset just past its `\n` (or the end of the text).
    end: usize,
    number: usize,
}

/// Iterates over lines with their offsets and 1-based numbers.
#[derive(Clone)]
struct LineCursor<'a> {
    text: &'a str,
    offset: usize,
    number: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        LineCursor {
            text,
            offset: 0,
            number: 0,
        }
    }
}

impl<'a> Iterator for LineCursor<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.offset >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.offset..];
        let length = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = Line {
            text: rest[..length].trim_end_matches('\n'),
            start: self.offset,
            end: self.offset + length,
            number: self.number + 1,
        };
        self.offset += length;
        self.number += 1;
        Some(line)
    }
}

/// What the deserializers read: tolerant of the value shapes blogs export.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFrontMatter {
    title: Option<Scalar>,
    order: Option<i64>,
    weight: Option<i64>,
    description: Option<Scalar>,
    tags: StringList,
    categories: StringList,
    date: Option<Scalar>,
    draft: Option<bool>,
    /// Hexo's way of saying draft: `published: false`.
    published: Option<bool>,
    cards: Option<Scalar>,
}

impl RawFrontMatter {
    fn into_front_matter(self) -> FrontMatter {
        let text = |value: Option<Scalar>| {
            value
                .map(|Scalar(s)| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        FrontMatter {
            title: text(self.title),
            order: self.order.or(self.weight),
            description: text(self.description),
            tags: self.tags.0,
            categories: self.categories.0,
            date: text(self.date),
            draft: self.draft.unwrap_or(false) || self.published == Some(false),
            cards: match text(self.cards).map(|s| s.to_lowercase()).as_deref() {
                Some("true" | "yes" | "all") => Cards::AllHeadings,
                Some("false" | "no" | "none") => Cards::Off,
                Some("cloze") => Cards::Cloze,
                _ => Cards::Questions,
            },
        }
    }
}

/// Any scalar (string, number, boolean, date) read as text, so that
/// `title: 2024` or an unquoted TOML date work.
#[derive(Debug)]
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor).map(Scalar)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text, a number, or a date")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    /// TOML dates arrive as a one-entry map holding their text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut text = String::new();
        while let Some((_, value)) = map.next_entry::<de::IgnoredAny, Scalar>()? {
            text = value.0;
        }
        Ok(text)
    }
}

/// A list of strings written as a list, a nested list (Hexo categories), a
/// single value, or nothing at all.
#[derive(Debug, Default)]
struct StringList(Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(StringListVisitor)
            .map(StringList)
    }
}

struct StringListVisitor;

impl<'de> Visitor<'de> for StringListVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of words")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut items = Vec::new();
        while let Some(StringList(nested)) = seq.next_element()? {
            items.extend(nested);
        }
        Ok(items)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        let v = v.trim();
        Ok(if v.is_empty() {
            vec![]
        } else {
            vec![v.to_string()]
        })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
        Ok(vec![v.to_string()])
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(vec![])
    }
    fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(vec![])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> FrontMatter {
        let split = split(text).unwrap();
        parse(&split.front_matter.expect("front matter")).unwrap()
    }

    #[test]
    fn yaml_with_trailing_space_fence_and_padded_values() {
        let text =
            "\n--- \ntitle:  ai大模型学习和实践 \ntags: []\ncategories: [] \n\n---\n\n# Body\n";
        let split = split(text).unwrap();
        assert_eq!(split.body, "\n# Body\n");
        assert_eq!(split.body_line, 8);
        let block = split.front_matter.unwrap();
        assert_eq!(block.first_line, 3);
        let fm = parse(&block).unwrap();
        assert_eq!(fm.title.as_deref(), Some("ai大模型学习和实践"));
        assert!(fm.tags.is_empty() && fm.categories.is_empty());
    }

    #[test]
    fn toml_front_matter() {
        let fm =
            front("+++\ntitle = \"T\"\nweight = 3\ndate = 2024-05-01\ntags = [\"a\"]\n+++\nbody");
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(fm.order, Some(3));
        assert_eq!(fm.date.as_deref(), Some("2024-05-01"));
        assert_eq!(fm.tags, vec!["a"]);
    }

    #[test]
    fn hexo_front_matter_without_opening_fence() {
        let text = "title: Hexo post\ndate: 2020-01-01 10:00:00\ntags:\n  - x\n  - y\n---\nBody";
        let split = split(text).unwrap();
        assert_eq!(split.body, "Body");
        let fm = parse(&split.front_matter.unwrap()).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Hexo post"));
        assert_eq!(fm.tags, vec!["x", "y"]);
        assert_eq!(fm.date.as_deref(), Some("2020-01-01 10:00:00"));
    }

    #[test]
    fn prose_above_a_thematic_break_is_not_front_matter() {
        let text = "Note: this is prose.\n\nMore prose here.\n---\nafter";
        assert!(split(text).unwrap().front_matter.is_none());
        let text = "---\n\nJust a rule at the top.\n";
        assert!(split(text).unwrap().front_matter.is_none());
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let error = split("---\ntitle: x\n\n# Body\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(error.message.contains("never closed"));
    }

    #[test]
    fn shapes_of_values_blogs_export() {
        let fm = front(
            "---\ntitle: 2024\norder: 2\ntags: solo\ncategories: [[a, b], c]\ndraft: true\nunused: {x: 1}\n---\n",
        );
        assert_eq!(fm.title.as_deref(), Some("2024"));
        assert_eq!(fm.order, Some(2));
        assert_eq!(fm.tags, vec!["solo"]);
        assert_eq!(fm.categories, vec!["a", "b", "c"]);
        assert!(fm.draft);
        assert!(front("---\npublished: false\n---\n").draft);
        assert_eq!(front("---\ntags:\n---\n").tags, Vec::<String>::new());
    }

    #[test]
    fn yaml_error_names_the_file_line_and_helps() {
        let text = "---\ntitle: ok\ndescription: Rust: 所有权\n---\n";
        let block = split(text).unwrap().front_matter.unwrap();
        let error = parse(&block).unwrap_err();
        assert_eq!(error.line, 3, "{error:?}");
        assert!(error.help.unwrap().contains("quoted"));

        let text = "---\ntitle：中文\norder: [\n---\n";
        let block = split(text).unwrap().front_matter.unwrap();
        let error = parse(&block).unwrap_err();
        assert!(error.line >= 2, "{error:?}");
    }

    #[test]
    fn wrong_type_is_an_error_with_line() {
        let text = "---\ntitle: x\norder: first\n---\n";
        let block = split(text).unwrap().front_matter.unwrap();
        let error = parse(&block).unwrap_err();
        assert_eq!(error.line, 3, "{error:?}");
    }

    #[test]
    fn toml_error_has_line() {
        let text = "+++\ntitle = \"x\"\norder = \"first\"\n+++\n";
        let block = split(text).unwrap().front_matter.unwrap();
        let error = parse(&block).unwrap_err();
        assert_eq!(error.line, 3, "{error:?}");
    }

    #[test]
    fn no_front_matter() {
        let split = split("# Title\n\ntext").unwrap();
        assert!(split.front_matter.is_none());
        assert_eq!(split.body_line, 1);
        assert!(super::split("").unwrap().front_matter.is_none());
    }
}
