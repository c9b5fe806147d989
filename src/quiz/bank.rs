//! `quiz.json`: every quiz item of the site in reading order, for other
//! tools (flash-card apps, graders, tests). The schema is in
//! `quiz-format.md`.

use serde::Serialize;

use super::{Kind, QuizItem};
use crate::site::Site;

/// An item with the chapter it belongs to.
pub struct BankEntry<'a> {
    pub chapter_title: &'a str,
    /// The chapter's page, relative to the site root.
    pub chapter_url: &'a str,
    /// The note, as `notes/…`.
    pub source_path: String,
    pub item: &'a QuizItem,
}

/// Every quiz item of `site`, the home page's first, then in reading
/// order.
pub fn entries(site: &Site) -> Vec<BankEntry<'_>> {
    site.quiz_items()
        .map(|(page, item)| BankEntry {
            chapter_title: &page.title,
            chapter_url: &page.output_path,
            source_path: page.source.display_path().display().to_string(),
            item,
        })
        .collect()
}

#[derive(Serialize)]
struct Bank<'a> {
    items: Vec<BankItem<'a>>,
}

#[derive(Serialize)]
struct BankItem<'a> {
    id: &'a str,
    chapter: Chapter<'a>,
    url: String,
    source: Source,
    kind: Kind,
    stem_html: &'a str,
    stem_text: &'a str,
    options: Vec<BankOption<'a>>,
    explanation_html: &'a str,
    /// The answer of a `reveal` item (a short answer or a program to
    /// trace); other items name theirs among the options.
    #[serde(skip_serializing_if = "str::is_empty")]
    answer_html: &'a str,
}

/// The chapter an item or a card belongs to, in `quiz.json` and
/// `cards.json`.
#[derive(Serialize)]
pub(crate) struct Chapter<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

/// Where an item or a card is written: the note's path and line.
#[derive(Serialize)]
pub(crate) struct Source {
    pub path: String,
    pub line: usize,
}

#[derive(Serialize)]
struct BankOption<'a> {
    html: &'a str,
    text: &'a str,
    correct: bool,
    feedback_html: &'a str,
}

/// The JSON text of `quiz.json`.
pub fn to_json(entries: &[BankEntry<'_>]) -> String {
    let items = entries
        .iter()
        .map(|entry| {
            let item = entry.item;
            let rendering = &item.from_root;
            BankItem {
                id: &item.id,
                chapter: Chapter {
                    title: entry.chapter_title,
                    url: entry.chapter_url,
                },
                url: format!("{}#{}", entry.chapter_url, item.anchor),
                source: Source {
                    path: entry.source_path.clone(),
                    line: item.line,
                },
                kind: item.kind,
                stem_html: &rendering.stem_html,
                stem_text: &item.stem_text,
                options: (0..item.option_texts.len())
                    .map(|i| BankOption {
                        html: &rendering.options_html[i],
                        text: &item.option_texts[i],
                        correct: item.correct[i],
                        feedback_html: &rendering.feedback_html[i],
                    })
                    .collect(),
                explanation_html: &rendering.explanation_html,
                answer_html: &rendering.answer_html,
            }
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&Bank { items }).expect("quiz items serialize");
    json.push('\n');
    json
}
