//! Multiple-choice quiz items: the model, the two ways notes write them
//! (`quiz-format.md`: a fenced `quiz` block, or exam style with lettered
//! options and an answer line), their validation, and the card HTML.
//!
//! Parsing here works on Markdown events and source text; turning the parts
//! of an item into HTML is the Markdown renderer's job, so that a stem gets
//! the same code highlighting, math and links as the rest of the note.

pub mod bank;
pub mod card;
pub mod exam;
pub mod fenced;
pub mod mdbook;

use serde::Serialize;

use crate::naming::slugify;

/// Radio buttons, check boxes, or an answer the reader reveals and
/// grades themself (a short answer or a program to trace, from
/// mdbook-quiz).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Single,
    Multiple,
    Reveal,
}

/// One option of an item, rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuizOption {
    pub html: String,
    pub text: String,
    pub correct: bool,
    pub feedback_html: String,
}

/// The parts of an item as HTML, for one place the item is shown (links in
/// them are relative to that page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendering {
    pub stem_html: String,
    pub options_html: Vec<String>,
    pub feedback_html: Vec<String>,
    pub explanation_html: String,
    /// The answer of a [`Kind::Reveal`] item; empty for the others.
    pub answer_html: String,
}

/// A quiz item of a note, rendered for its chapter and for the quiz page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizItem {
    /// Stable across rebuilds that leave the question unchanged: the
    /// author's `id=`, or the chapter and the stem.
    pub id: String,
    /// Whether the author gave the id (explicit ids must be unique site-wide).
    pub explicit_id: bool,
    /// The card's element id on the chapter page (`quiz-…`).
    pub anchor: String,
    pub kind: Kind,
    pub shuffle: bool,
    pub stem_text: String,
    pub option_texts: Vec<String>,
    pub correct: Vec<bool>,
    /// The answer of a [`Kind::Reveal`] item as text; empty for the others.
    pub answer_text: String,
    /// For the chapter page.
    pub in_chapter: Rendering,
    /// For the quiz page and `quiz.json`, with links relative to the root.
    pub from_root: Rendering,
    /// The 1-based line of the item in its note.
    pub line: usize,
}

/// The flags of a fenced block's info string (`quiz multiple shuffle id=x`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub multiple: bool,
    pub shuffle: bool,
    pub id: Option<String>,
}

/// A problem with a quiz item, at a line of its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizError {
    pub line: usize,
    pub message: String,
    pub help: Option<String>,
}

impl QuizError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        QuizError {
            line,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Checks what every item must satisfy, whichever way it was written.
pub fn validate(option_texts: &[String], correct: &[bool], line: usize) -> Result<(), QuizError> {
    if option_texts.len() < 2 {
        return Err(QuizError::new(
            line,
            format!(
                "a quiz item needs at least two options, this one has {}",
                option_texts.len()
            ),
        ));
    }
    if !correct.iter().any(|&c| c) {
        return Err(QuizError::new(line, "this quiz item has no correct option")
            .help("mark correct options with `[x]`, or name them in the answer line"));
    }
    // Each text's first option, so that thousands of options stay linear.
    let mut first: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(option_texts.len());
    for (i, text) in option_texts.iter().enumerate() {
        if let Some(&j) = first.get(text.as_str()) {
            return Err(QuizError::new(
                line,
                format!(
                    "options {} and {} have the same text `{text}`",
                    letter(j),
                    letter(i)
                ),
            ));
        }
        first.insert(text, i);
    }
    Ok(())
}

/// `A`, `B`, … for an option's position.
pub fn letter(index: usize) -> char {
    char::from(b'A' + (index % 26) as u8)
}

/// Whether an explicit id is usable in URLs and storage keys.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().next().is_some_and(char::is_alphanumeric)
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'))
}

/// The id an item gets when its author gives none: the chapter's page path
/// and the stem, so that it survives any rebuild that keeps the question.
pub fn derived_id(chapter: &str, stem_text: &str) -> String {
    let chapter = chapter.strip_suffix(".html").unwrap_or(chapter);
    let stem: String = slugify(stem_text).chars().take(48).collect();
    format!("{chapter}/{}", stem.trim_end_matches('-'))
}

/// The element id of a card on its chapter page: `quiz-` and the last part
/// of the item id.
pub fn anchor_base(id: &str) -> String {
    let last = id.rsplit('/').next().unwrap_or(id);
    format!("quiz-{}", slugify(last))
}

impl QuizItem {
    /// A short fingerprint of what the reader answers (stem, options and
    /// which are correct): saved progress is kept only while it matches, so
    /// an item edited under the same id starts afresh.
    pub fn version(&self) -> String {
        // FNV-1a: stable across builds and platforms, unlike std's hasher.
        let mut hash: u32 = 0x811c_9dc5;
        let mut feed = |bytes: &[u8]| {
            for &byte in bytes {
                hash ^= u32::from(byte);
                hash = hash.wrapping_mul(0x0100_0193);
            }
        };
        feed(self.stem_text.as_bytes());
        for (text, correct) in self.option_texts.iter().zip(&self.correct) {
            feed(&[0, u8::from(*correct)]);
            feed(text.as_bytes());
        }
        if !self.answer_text.is_empty() {
            feed(&[1]);
            feed(self.answer_text.as_bytes());
        }
        format!("{hash:08x}")
    }

    /// `id|version`, the key the reader's browser keeps progress under.
    pub fn progress_key(&self) -> String {
        format!("{}|{}", self.id, self.version())
    }
}

/// The element id of a card on the quiz page, unique site-wide.
pub fn quiz_page_anchor(id: &str) -> String {
    format!("quiz-{}", id.replace('/', "--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn validation_errors() {
        let one = validate(&texts(&["only"]), &[true], 3).unwrap_err();
        assert!(one.message.contains("at least two"));
        assert_eq!(one.line, 3);
        assert!(
            validate(&texts(&["a", "b"]), &[false, false], 1)
                .unwrap_err()
                .message
                .contains("no correct")
        );
        let same = validate(&texts(&["a", "b", "a"]), &[true, false, false], 1).unwrap_err();
        assert!(same.message.contains("A and C"), "{}", same.message);
        assert!(validate(&texts(&["a", "b"]), &[true, true], 1).is_ok());
    }

    #[test]
    fn ids() {
        assert_eq!(
            derived_id("01-intro.html", "注意力机制最早在哪里应用？"),
            "01-intro/注意力机制最早在哪里应用"
        );
        assert_eq!(
            derived_id("part/ch.html", "What is *self-attention*?"),
            "part/ch/what-is-self-attention"
        );
        assert_eq!(
            anchor_base("transformer/attention-origin"),
            "quiz-attention-origin"
        );
        assert_eq!(quiz_page_anchor("a/b"), "quiz-a--b");
        assert!(valid_id("attention-origin") && valid_id("ch1/q.2") && valid_id("注意力"));
        assert!(!valid_id("") && !valid_id("-x") && !valid_id("a b") && !valid_id("a\"b"));
    }
}
