//! Quiz files of the mdbook-quiz preprocessor: a chapter writes
//! `{{#quiz ../quizzes/ch01.toml}}` and the TOML file holds its questions
//! (`[[questions]]` with `type = "MultipleChoice"`, `"ShortAnswer"` or
//! `"Tracing"`). They become the same cards as studysite's own syntax:
//! multiple choice is checked, a short answer or a program to trace is
//! revealed. The field names and the order of the options follow
//! mdbook-quiz, so a book moves over with its questions unchanged.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

/// A question of a quiz file, ready to become a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The 1-based line of its `[[questions]]` in the quiz file.
    pub line: usize,
    /// The author's id (mdbook-quiz writes a UUID).
    pub id: Option<String>,
    /// Markdown: the multipart context, if any, then the prompt.
    pub prompt: String,
    pub kind: QuestionKind,
    /// Markdown that explains the answer (`context`).
    pub context: Option<String>,
}

/// What the reader does with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionKind {
    /// Options, as Markdown, in the order shown.
    Choice {
        options: Vec<String>,
        correct: Vec<bool>,
        /// `answer.answer` is a list: check boxes, whatever its length.
        multiple: bool,
        /// Shown in a per-reader random order (mdbook-quiz shuffles unless
        /// `answerIndex` or `sortAnswers` fixes the order).
        shuffle: bool,
    },
    /// The answer is revealed, not checked.
    ShortAnswer {
        answer: String,
        alternatives: Vec<String>,
    },
    /// Does the program compile, and what does it print?
    Tracing {
        program: String,
        compiles: bool,
        stdout: Option<String>,
        error_line: Option<usize>,
    },
}

/// A problem in a quiz file, at a line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizFileError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

#[derive(Deserialize)]
struct RawQuiz {
    questions: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    multipart: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum RawQuestion {
    MultipleChoice(Fields<ChoicePrompt, ChoiceAnswer>),
    ShortAnswer(Fields<ShortPrompt, ShortAnswer>),
    Tracing(Fields<TracingPrompt, TracingAnswer>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fields<Prompt, Answer> {
    id: Option<String>,
    multipart: Option<String>,
    prompt: Prompt,
    answer: Answer,
    context: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChoicePrompt {
    prompt: String,
    distractors: Vec<String>,
    answer_index: Option<usize>,
    sort_answers: Option<bool>,
}

#[derive(Deserialize)]
struct ChoiceAnswer {
    answer: OneOrMany,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct ShortPrompt {
    prompt: String,
}

#[derive(Deserialize)]
struct ShortAnswer {
    answer: String,
    #[serde(default)]
    alternatives: Vec<String>,
}

#[derive(Deserialize)]
struct TracingPrompt {
    program: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TracingAnswer {
    does_compile: bool,
    stdout: Option<String>,
    line_number: Option<usize>,
}

/// The questions of a quiz file's text, or the first problem in it.
pub fn parse(text: &str) -> Result<Vec<Question>, QuizFileError> {
    let raw: RawQuiz = toml::from_str(text).map_err(|error| {
        let message = first_line(error.message());
        match error.span() {
            // A question that does not fit its type: serde names no place
            // inside it, so find which question it is.
            Some(span) if span.start > 0 => {
                let (line, column) = line_and_column(text, span.start);
                QuizFileError {
                    line,
                    column,
                    message,
                }
            }
            _ => QuizFileError {
                line: failing_question_line(text).unwrap_or(1),
                column: None,
                message,
            },
        }
    })?;
    if raw.questions.is_empty() {
        return Err(QuizFileError {
            line: 1,
            column: None,
            message: "the quiz file has no `[[questions]]`".into(),
        });
    }
    raw.questions
        .into_iter()
        .map(|spanned| {
            let line = line_and_column(text, spanned.span().start).0;
            question(spanned.into_inner(), line, &raw.multipart)
        })
        .collect()
}

/// The line of the first question that is not one of the three types,
/// in a file that is valid TOML.
fn failing_question_line(text: &str) -> Option<usize> {
    #[derive(Deserialize)]
    struct Located {
        questions: Vec<Spanned<toml::Value>>,
    }
    let located: Located = toml::from_str(text).ok()?;
    located.questions.into_iter().find_map(|question| {
        let start = question.span().start;
        let fits = question.into_inner().try_into::<RawQuestion>().is_ok();
        (!fits).then(|| line_and_column(text, start).0)
    })
}

/// One question, checked as mdbook-quiz's validator does.
fn question(
    raw: RawQuestion,
    line: usize,
    multipart: &HashMap<String, String>,
) -> Result<Question, QuizFileError> {
    let error = |message: String| QuizFileError {
        line,
        column: None,
        message,
    };
    let with_part = |part: &Option<String>, prompt: String| match part {
        None => Ok(prompt),
        Some(key) => match multipart.get(key) {
            Some(context) => Ok(format!("{}\n\n{prompt}", context.trim_end())),
            None => Err(error(format!(
                "multipart key `{key}` is not in the file's `[multipart]` table"
            ))),
        },
    };
    let id = match &raw {
        RawQuestion::MultipleChoice(f) => &f.id,
        RawQuestion::ShortAnswer(f) => &f.id,
        RawQuestion::Tracing(f) => &f.id,
    };
    if let Some(id) = id.as_deref().filter(|id| !super::valid_id(id)) {
        return Err(error(format!(
            "the id `{id}` cannot be used in a link: ids start with a letter or digit and hold letters, digits, `-`, `_`, `.` and `/`"
        )));
    }
    Ok(match raw {
        RawQuestion::MultipleChoice(fields) => {
            let answers = match fields.answer.answer {
                OneOrMany::One(answer) => (vec![answer], false),
                OneOrMany::Many(answers) => (answers, true),
            };
            let (answers, multiple) = answers;
            if answers.is_empty() {
                return Err(error("`answer.answer` is an empty list".into()));
            }
            let prompt = fields.prompt;
            let (options, correct, shuffle) = choice_order(
                answers,
                prompt.distractors,
                prompt.answer_index,
                prompt.sort_answers,
            )
            .map_err(error)?;
            super::validate(&options, &correct, line).map_err(|problem| error(problem.message))?;
            Question {
                line,
                id: fields.id,
                prompt: with_part(&fields.multipart, prompt.prompt)?,
                kind: QuestionKind::Choice {
                    options,
                    correct,
                    multiple,
                    shuffle,
                },
                context: fields.context,
            }
        }
        RawQuestion::ShortAnswer(fields) => Question {
            line,
            id: fields.id,
            prompt: with_part(&fields.multipart, fields.prompt.prompt)?,
            kind: QuestionKind::ShortAnswer {
                answer: fields.answer.answer,
                alternatives: fields.answer.alternatives,
            },
            context: fields.context,
        },
        RawQuestion::Tracing(fields) => Question {
            line,
            id: fields.id,
            prompt: with_part(&fields.multipart, String::new())?,
            kind: QuestionKind::Tracing {
                program: fields.prompt.program,
                compiles: fields.answer.does_compile,
                stdout: fields.answer.stdout,
                error_line: fields.answer.line_number,
            },
            context: fields.context,
        },
    })
}

type Choices = (Vec<String>, Vec<bool>, bool);

/// The options in mdbook-quiz's order: the answers at `answerIndex` among
/// the distractors, or all of them sorted (`sortAnswers`), or answers then
/// distractors, shuffled for each reader.
fn choice_order(
    answers: Vec<String>,
    distractors: Vec<String>,
    answer_index: Option<usize>,
    sort_answers: Option<bool>,
) -> Result<Choices, String> {
    let mut options: Vec<(String, bool)> = Vec::with_capacity(answers.len() + distractors.len());
    let shuffle = match answer_index {
        Some(index) => {
            if index > distractors.len() {
                return Err(format!(
                    "`answerIndex = {index}` is past the {} distractors",
                    distractors.len()
                ));
            }
            options.extend(distractors.into_iter().map(|d| (d, false)));
            let tail = options.split_off(index);
            options.extend(answers.into_iter().map(|a| (a, true)));
            options.extend(tail);
            false
        }
        None => {
            options.extend(answers.into_iter().map(|a| (a, true)));
            options.extend(distractors.into_iter().map(|d| (d, false)));
            if sort_answers == Some(true) {
                options.sort_by(|a, b| a.0.cmp(&b.0));
                false
            } else {
                true
            }
        }
    };
    let (options, correct) = options.into_iter().unzip();
    Ok((options, correct, shuffle))
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, Option<usize>) {
    let before = &text[..text.floor_char_boundary(offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, Some(column))
}

/// The first line of a parser message (the rest repeats the source).
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_of_question() {
        let text = r#"
[[questions]]
type = "MultipleChoice"
prompt.prompt = "What is 1 + 1?"
prompt.distractors = ["1", "3"]
answer.answer = "2"
context = "Arithmetic."
id = "b230bed3-d6ba-4048-8b06-aa655d837b04"

[[questions]]
type = "ShortAnswer"
prompt.prompt = "The keyword after `let` that makes a variable mutable?"
answer.answer = "mut"
answer.alternatives = ["`mut`"]

[[questions]]
type = "Tracing"
prompt.program = """
fn main() {
  let x = 1;
  x += 1;
}
"""
answer.doesCompile = false
answer.lineNumber = 3
"#;
        let questions = parse(text).unwrap();
        assert_eq!(questions.len(), 3);
        assert_eq!(questions[0].line, 2);
        assert_eq!(
            questions[0].id.as_deref(),
            Some("b230bed3-d6ba-4048-8b06-aa655d837b04")
        );
        assert_eq!(questions[0].context.as_deref(), Some("Arithmetic."));
        assert_eq!(
            questions[0].kind,
            QuestionKind::Choice {
                options: vec!["2".into(), "1".into(), "3".into()],
                correct: vec![true, false, false],
                multiple: false,
                shuffle: true,
            }
        );
        assert_eq!(questions[1].line, 10);
        assert!(matches!(
            &questions[1].kind,
            QuestionKind::ShortAnswer { answer, alternatives } if answer == "mut" && alternatives.len() == 1
        ));
        assert_eq!(questions[2].line, 16);
        assert!(matches!(
            &questions[2].kind,
            QuestionKind::Tracing { compiles: false, error_line: Some(3), program, .. } if program.contains("x += 1")
        ));
    }

    #[test]
    fn a_list_answer_is_multiple_and_answer_index_places_it() {
        let text = r#"
[[questions]]
type = "MultipleChoice"
prompt.prompt = "Pick"
prompt.distractors = ["a", "b"]
prompt.answerIndex = 1
answer.answer = ["right"]
"#;
        let question = &parse(text).unwrap()[0];
        assert_eq!(
            question.kind,
            QuestionKind::Choice {
                options: vec!["a".into(), "right".into(), "b".into()],
                correct: vec![false, true, false],
                multiple: true,
                shuffle: false,
            }
        );
        let sorted = text.replace("prompt.answerIndex = 1", "prompt.sortAnswers = true");
        let QuestionKind::Choice { options, .. } = &parse(&sorted).unwrap()[0].kind else {
            panic!("a choice");
        };
        assert_eq!(options, &["a", "b", "right"]);
    }

    #[test]
    fn multipart_context_comes_before_the_prompt() {
        let text = r#"
[multipart]
a = "Consider this program."

[[questions]]
type = "ShortAnswer"
multipart = "a"
prompt.prompt = "What does it print?"
answer.answer = "1"

[[questions]]
type = "ShortAnswer"
multipart = "b"
prompt.prompt = "Why?"
answer.answer = "2"
"#;
        let error = parse(text).unwrap_err();
        assert_eq!(error.line, 11);
        assert!(error.message.contains("`b`"), "{}", error.message);
        let first_only = &text[..text
            .find("[[questions]]\ntype = \"ShortAnswer\"\nmultipart = \"b\"")
            .unwrap()];
        let questions = parse(first_only).unwrap();
        assert_eq!(
            questions[0].prompt,
            "Consider this program.\n\nWhat does it print?"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            (
                "[[questions]]\ntype = \"MultipleChoice\"\nprompt = \"Ok\"\nanswer.answer = \"Y\"\n",
                1,
            ),
            (
                "\n\n[[questions]]\ntype = \"Essay\"\nprompt.prompt = \"x\"\n",
                4,
            ),
            ("[[questions]\n", 1),
            ("x = 1\n", 1),
            (
                "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"x\"\nanswer.answer = \"y\"\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"p\"\nprompt.distractors = []\nprompt.answerIndex = 3\nanswer.answer = \"a\"\n",
                5,
            ),
            (
                "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"p\"\nprompt.distractors = [\"b\"]\nanswer.answer = []\n",
                1,
            ),
        ];
        for (text, line) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.line, line, "{text}: {}", error.message);
            assert!(!error.message.is_empty());
        }
        assert!(parse("").unwrap_err().message.contains("questions"));
        let bad_id = "\n[[questions]]\nid = \"a b\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"x\"\nanswer.answer = \"y\"\n";
        let error = parse(bad_id).unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("`a b`"), "{}", error.message);
    }
}
