//! The review page's context: every card of the book and every quiz item
//! (asked again when the reader got it wrong), each as a disclosure the
//! page's script turns into one card at a time.

use serde::Serialize;
use tera::Context;

use super::{ContextBuilder, Holds};
use crate::cards::export::from_root;

/// The page's path in the output.
pub const REVIEW_PATH: &str = "review.html";

#[derive(Serialize)]
struct ReviewContext<'a> {
    total: usize,
    chapters: Vec<ReviewChapter<'a>>,
}

#[derive(Serialize)]
struct ReviewChapter<'a> {
    title: &'a str,
    url: &'a str,
    cards: Vec<ReviewCard<'a>>,
}

#[derive(Serialize)]
struct ReviewCard<'a> {
    id: String,
    /// Where the card stands on its chapter page.
    url: String,
    front_html: String,
    back_html: String,
    /// A quiz item: asked only after the reader got it wrong.
    quiz: Option<&'a str>,
}

impl ContextBuilder<'_> {
    /// The review page: the book's cards and quiz items by chapter.
    pub fn review_page(&self) -> Context {
        let mut chapters = Vec::new();
        let mut total = 0;
        for &index in &self.site.reading_order {
            let page = &self.site.pages[index];
            let link = |anchor: &str| {
                format!(
                    "{}#{}",
                    crate::links::href_path(&page.output_path),
                    crate::links::href_path(anchor)
                )
            };
            let mut cards: Vec<ReviewCard<'_>> = page
                .rendered
                .cards
                .iter()
                .map(|card| ReviewCard {
                    id: card.id.clone(),
                    url: link(&card.anchor),
                    front_html: from_root(&card.front_html, &page.output_path),
                    back_html: from_root(&card.back_html, &page.output_path),
                    quiz: None,
                })
                .collect();
            cards.extend(page.rendered.quiz_items.iter().map(|item| {
                let (front_html, back_html) = crate::cards::export::quiz_sides(item);
                ReviewCard {
                    id: format!("quiz:{}", item.id),
                    url: link(&item.anchor),
                    front_html: from_root(&front_html, &page.output_path),
                    back_html: from_root(&back_html, &page.output_path),
                    quiz: Some(&item.id),
                }
            }));
            if cards.is_empty() {
                continue;
            }
            total += cards.len();
            chapters.push(ReviewChapter {
                title: &page.title,
                url: &page.output_path,
                cards,
            });
        }
        let holds = if total > 0 {
            Holds::Answers
        } else {
            Holds::Nothing
        };
        let mut context = self.generated(&self.config.ui.review, REVIEW_PATH, "", holds);
        context.insert("review", &ReviewContext { total, chapters });
        context
    }
}
