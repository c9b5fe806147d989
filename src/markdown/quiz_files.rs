//! `{{#quiz file.toml}}` (mdbook-quiz) in a note: the paragraph holding
//! the directive becomes the cards of the file's questions, made like any
//! other quiz item (see [`crate::quiz::mdbook`] for the file format). The
//! file is read, checked and parsed while includes are expanded
//! ([`super::includes`]), which keeps every file a note reads in one place.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::body::{Body, Pass};
use super::fences::Fences;
use super::marks;
use super::quiz_cards::{Events, ItemParts, parse_whole, sub_note};
use crate::content::SourceNote;
use crate::i18n::UiStrings;
use crate::quiz::Flags;
use crate::quiz::mdbook::{Question, QuestionKind};

/// The questions of a quiz file a note names.
#[derive(Debug, Clone)]
pub(super) struct LoadedQuiz {
    /// The body line of the directive.
    pub(super) line: usize,
    /// The path as the directive writes it.
    pub(super) path: String,
    pub(super) questions: Vec<Question>,
}

/// The path of a paragraph that is only `{{#quiz path}}`, starting at
/// `index`, and the index of its end.
fn directive_at(events: &[(Event<'_>, Range<usize>)], index: usize) -> Option<(usize, String)> {
    if !matches!(events[index].0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    let mut text = String::new();
    for (offset, (event, _)) in events[index + 1..].iter().enumerate() {
        match event {
            Event::Text(t) => text.push_str(t),
            Event::End(TagEnd::Paragraph) => {
                let words = text.trim().strip_prefix("{{#")?.strip_suffix("}}")?;
                let path = words.trim().strip_prefix("quiz")?;
                if !path.starts_with(char::is_whitespace) || path.trim().is_empty() {
                    return None;
                }
                return Some((index + 1 + offset, path.trim().to_string()));
            }
            _ => return None,
        }
    }
    None
}

impl Body<'_, '_> {
    /// The cards of the quiz file whose directive is the paragraph at
    /// `index`; returns the index after it. `None` when the paragraph is
    /// not a directive whose file was read (it stays as written).
    pub(super) fn quiz_file_at(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        index: usize,
        pass: &mut Pass<'_>,
    ) -> Option<usize> {
        if self.quiz_files.is_empty() {
            return None;
        }
        let (end, path) = directive_at(events, index)?;
        let offset = events[index].1.start;
        let body_line = self.lines.locate(offset).0;
        let position = self
            .quiz_files
            .iter()
            .position(|quiz| quiz.line == body_line && quiz.path == path)?;
        let quiz = self.quiz_files.remove(position);
        let line = self.file_line(offset).0;
        for question in quiz.questions {
            if let Some(card) = self.question_card(question, line) {
                pass.produced.push(Event::Html(card.into()));
            }
        }
        Some(end + 1)
    }

    /// One question's card, placed at `line` of the note.
    fn question_card(&mut self, question: Question, line: usize) -> Option<String> {
        let part = |text: String| sub_note(self.note, text, line);
        // A program to trace is named by its code: its prompt is the same
        // for every one.
        let id_words = match &question.kind {
            QuestionKind::Tracing { program, .. } => Some(program.clone()),
            _ => None,
        };
        let Shown {
            prompt,
            options,
            correct,
            answer,
            multiple,
            shuffle,
        } = shown(question.prompt, question.kind, self.options.ui);
        let mut marked = false;
        let mut snippet = |text: String| {
            let text = code_as_mdbook_quiz_shows_it(&text);
            marked |= text.contains(marks::OPEN);
            text
        };
        let prompt = snippet(prompt);
        let options: Vec<String> = options.into_iter().map(&mut snippet).collect();
        let context = question.context.map(&mut snippet);
        let answer = answer.map(&mut snippet);
        let options: Vec<SourceNote> = options.into_iter().map(part).collect();
        let stem = part(prompt);
        let explanation = context.map(part);
        let answer = answer.map(part);
        let flags = Flags {
            multiple,
            shuffle,
            id: question.id,
        };
        let parts = ItemParts {
            stem: whole(&stem),
            options: options.iter().map(whole).collect(),
            feedback: vec![None; options.len()],
            explanation: explanation.as_ref().map(whole),
            answer: answer.as_ref().map(whole),
            flags,
            correct,
            line,
            stem_repeats_heading: false,
            marked_code: marked,
            id_words,
        };
        self.finish_item(parts)
    }
}

/// The Markdown of a quiz file's field with its code blocks as
/// mdbook-quiz shows them: a block without a language (or an `ide` block,
/// an editor there) is Rust, and `` `[`` … ``]` `` marks a region to
/// highlight.
fn code_as_mdbook_quiz_shows_it(markdown: &str) -> String {
    if !markdown.contains("```") && !markdown.contains("~~~") {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len());
    let mut fences = Fences::default();
    for line in markdown.split_inclusive('\n') {
        let content = line.trim_start_matches([' ', '\t']);
        let was_open = fences.is_open();
        if !fences.in_code(content) {
            out.push_str(line);
        } else if !was_open {
            // An opening fence: the language mdbook-quiz assumes.
            let run = content.len() - content.trim_start_matches(['`', '~']).len();
            let info = content[run..].trim();
            let indent = &line[..line.len() - content.len()];
            match info.split([' ', ',']).next().unwrap_or("") {
                "" | "ide" => {
                    out.push_str(indent);
                    out.push_str(&content[..run]);
                    out.push_str("rust\n");
                }
                _ => out.push_str(line),
            }
        } else if fences.is_open() {
            out.push_str(
                &line
                    .replace("`[", &marks::OPEN.to_string())
                    .replace("]`", &marks::CLOSE.to_string()),
            );
        } else {
            out.push_str(line);
        }
    }
    out
}

/// What a question shows, as Markdown.
struct Shown {
    prompt: String,
    options: Vec<String>,
    correct: Vec<bool>,
    /// The answer the reader reveals, for a question without options.
    answer: Option<String>,
    multiple: bool,
    shuffle: bool,
}

/// The prompt, the options and the answer of a question of `kind`, in the
/// site's language.
fn shown(prompt: String, kind: QuestionKind, ui: &UiStrings) -> Shown {
    let revealed = |prompt: String, answer: String| Shown {
        prompt,
        options: Vec::new(),
        correct: Vec::new(),
        answer: Some(answer),
        multiple: false,
        shuffle: false,
    };
    match kind {
        QuestionKind::Choice {
            options,
            correct,
            multiple,
            shuffle,
        } => Shown {
            prompt,
            options,
            correct,
            answer: None,
            multiple,
            shuffle,
        },
        QuestionKind::ShortAnswer {
            answer,
            alternatives,
        } if alternatives.is_empty() => revealed(prompt, answer),
        QuestionKind::ShortAnswer {
            answer,
            alternatives,
        } => revealed(
            prompt,
            format!(
                "{answer}\n\n{} {}",
                ui.quiz_also_accepted,
                alternatives.join("、")
            ),
        ),
        QuestionKind::Tracing {
            program,
            compiles,
            stdout,
            error_line,
        } => {
            let prompt = format!(
                "{}\n\n{}\n\n{}",
                prompt.trim(),
                ui.quiz_tracing_prompt,
                fenced(&program, "rust")
            );
            let answer = match (
                compiles,
                stdout.filter(|s| !s.trim().is_empty()),
                error_line,
            ) {
                (true, Some(out), _) => format!(
                    "{} {}\n\n{}",
                    ui.quiz_tracing_compiles,
                    ui.quiz_tracing_prints,
                    fenced(&out, "text")
                ),
                (true, None, _) => ui.quiz_tracing_compiles.clone(),
                (false, _, Some(n)) => format!(
                    "{} {}",
                    ui.quiz_tracing_fails,
                    ui.quiz_tracing_error_line.replace("{line}", &n.to_string())
                ),
                (false, _, None) => ui.quiz_tracing_fails.clone(),
            };
            revealed(prompt, answer)
        }
    }
}

/// A part of an item with its events.
fn whole(note: &SourceNote) -> (&SourceNote, Events<'static>) {
    (note, parse_whole(note))
}

/// `code` as a fenced code block, its fence longer than any run of
/// backticks in it.
fn fenced(code: &str, language: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "{fence}{language}\n{}\n{fence}",
        code.trim_end_matches('\n')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn directive(markdown: &str) -> Option<String> {
        let events: Vec<_> = Parser::new(markdown).into_offset_iter().collect();
        directive_at(&events, 0).map(|(_, path)| path)
    }

    #[test]
    fn only_a_paragraph_of_the_directive_is_one() {
        assert_eq!(
            directive("{{#quiz ../quizzes/ch03_01.toml}}\n").as_deref(),
            Some("../quizzes/ch03_01.toml")
        );
        assert_eq!(directive("{{#quiz  a.toml }}").as_deref(), Some("a.toml"));
        assert_eq!(directive("See {{#quiz a.toml}}"), None);
        assert_eq!(directive("{{#quizzes a.toml}}"), None);
        assert_eq!(directive("{{#quiz}}"), None);
        assert_eq!(directive("{{#include a.toml}}"), None);
    }

    #[test]
    fn snippets_are_rust_by_default_and_mark_regions() {
        let markdown = "Which line?\n\n```\nlet mut name = `[name.clone()]`;\n```\n\n```ide\nfn f() {}\n```\n\n~~~python\nx = `[1]`\n~~~\n\nText `[not code]`.\n";
        let shown = code_as_mdbook_quiz_shows_it(markdown);
        assert_eq!(
            shown,
            "Which line?\n\n```rust\nlet mut name = \u{E000}name.clone()\u{E001};\n```\n\n```rust\nfn f() {}\n```\n\n~~~python\nx = \u{E000}1\u{E001}\n~~~\n\nText `[not code]`.\n"
        );
    }

    #[test]
    fn fences_outgrow_the_code() {
        assert_eq!(fenced("x\n", "rust"), "```rust\nx\n```");
        assert_eq!(fenced("a ```` b", "text"), "`````text\na ```` b\n`````");
    }
}
