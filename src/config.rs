//! `studysite.toml`: the site's settings, their defaults, and the UI strings
//! they pick.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, line_column};
use crate::i18n::{UiOverrides, UiStrings};

/// The name of the optional configuration file in the site root.
pub const CONFIG_FILE: &str = "studysite.toml";

/// The file as the author writes it. Unknown keys are errors, so a typo
/// (`titel`) is caught instead of silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    title: Option<String>,
    description: Option<String>,
    author: Option<String>,
    language: Option<String>,
    base_url: Option<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    ui: UiOverrides,
    #[serde(default)]
    cards: CardsSection,
}

/// `[cards]`: where review cards come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardsSection {
    /// Whether headings that ask a question are cards (default true).
    #[serde(default = "yes")]
    headings: bool,
}

impl Default for CardsSection {
    fn default() -> Self {
        CardsSection { headings: true }
    }
}

fn yes() -> bool {
    true
}

/// The settings a build runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub author: String,
    /// BCP 47 tag for `<html lang>`.
    pub language: String,
    /// Absolute address of the published site without a trailing slash, used
    /// only for `sitemap.xml` and canonical links.
    pub base_url: Option<String>,
    /// Files under `notes/` that are not part of the book: globs relative
    /// to `notes/`, in `.gitignore` syntax (see [`crate::exclude`]).
    pub exclude: Vec<String>,
    pub ui: UiStrings,
    /// Whether headings that ask a question are review cards
    /// (`[cards] headings`).
    pub question_headings_are_cards: bool,
}

impl Config {
    /// Reads `ROOT/studysite.toml`, or returns the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    Diagnostic::error(CONFIG_FILE, "the configuration file is not valid UTF-8")
                })?;
                Config::parse(&text)
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Config::parse(""),
            Err(error) => Err(Diagnostic::error(
                CONFIG_FILE,
                format!("cannot read the configuration file: {error}"),
            )),
        }
    }

    /// Parses the text of `studysite.toml`; errors name the line.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let file: ConfigFile = toml::from_str(text).map_err(|error| {
            let mut diagnostic = Diagnostic::error(CONFIG_FILE, error.message().trim().to_string());
            if let Some(span) = error.span() {
                let (line, column) = line_column(text, span.start);
                diagnostic = diagnostic.at(line, column);
            }
            diagnostic
        })?;
        let language = non_empty(file.language).unwrap_or_else(|| "en".to_string());
        let mut ui = UiStrings::for_language(&language);
        ui.apply(&file.ui);
        let base_url = non_empty(file.base_url).map(|url| url.trim_end_matches('/').to_string());
        if let Some(url) = &base_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(Diagnostic::error(
                CONFIG_FILE,
                format!("`base_url` must be an absolute http(s) address, not `{url}`"),
            )
            .with_help("for example base_url = \"https://example.org/notes\""));
        }
        for glob in &file.exclude {
            if let Some(problem) = crate::exclude::pattern_problem(glob) {
                let mut diagnostic = crate::exclude::pattern_error(&problem);
                if let Some(at) = text.find(glob.as_str()) {
                    let (line, column) = line_column(text, at);
                    diagnostic = diagnostic.at(line, column);
                }
                return Err(diagnostic);
            }
        }
        Ok(Config {
            title: non_empty(file.title).unwrap_or_else(|| "Study notes".to_string()),
            description: file.description.unwrap_or_default().trim().to_string(),
            author: file.author.unwrap_or_default().trim().to_string(),
            language,
            base_url,
            exclude: file.exclude,
            ui,
            question_headings_are_cards: file.cards.headings,
        })
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_exclude_pattern_names_its_line() {
        let error = Config::parse("title = \"T\"\nexclude = [\"ok/**\", \"a/{b\"]\n").unwrap_err();
        assert!(error.message.contains("exclude"), "{}", error.message);
        assert_eq!(error.line, Some(2));
        let config = Config::parse("exclude = [\"templates/**\"]\n").unwrap();
        assert_eq!(config.exclude, ["templates/**"]);
    }

    #[test]
    fn no_file_gives_defaults() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.title, "Study notes");
        assert_eq!(config.language, "en");
        assert_eq!(config.ui.home, "Home");
        assert!(config.base_url.is_none());
    }

    #[test]
    fn language_and_ui_overrides() {
        let config = Config::parse(
            "title = \"书\"\nlanguage = \"zh-CN\"\nbase_url = \"https://x.org/b/\"\n[ui]\nnext = \"往后\"\n",
        )
        .unwrap();
        assert_eq!(config.title, "书");
        assert_eq!(config.ui.previous, "上一篇");
        assert_eq!(config.ui.next, "往后");
        assert_eq!(config.base_url.as_deref(), Some("https://x.org/b"));
    }

    #[test]
    fn unknown_key_names_the_key_and_line() {
        let error = Config::parse("title = \"x\"\n\ntitel = \"y\"\n").unwrap_err();
        assert!(error.message.contains("titel"), "{}", error.message);
        assert_eq!(error.path, Path::new(CONFIG_FILE));
        assert_eq!(error.line, Some(3));
    }

    #[test]
    fn unknown_ui_string_is_an_error() {
        let error = Config::parse("[ui]\nnxt = \"x\"\n").unwrap_err();
        assert!(error.message.contains("nxt"), "{}", error.message);
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn relative_base_url_is_rejected() {
        let error = Config::parse("base_url = \"example.org\"\n").unwrap_err();
        assert!(error.message.contains("base_url"));
    }
}
