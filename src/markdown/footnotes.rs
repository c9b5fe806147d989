//! Footnotes, gathered at the end of the page.

use std::collections::HashMap;

use pulldown_cmark::Event;

use crate::content::SourceNote;
use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::i18n::UiStrings;

/// Footnotes, numbered in the order they are first referenced, gathered at
/// the end of the page with links back to each reference.
#[derive(Default)]
pub(super) struct Footnotes<'a> {
    /// Labels in order of first reference, with their reference count.
    referenced: Vec<(String, usize)>,
    /// Each referenced label's place in `referenced`, so that a note of
    /// thousands of footnotes stays linear.
    positions: HashMap<String, usize>,
    definitions: HashMap<String, (Vec<Event<'a>>, usize)>,
}

impl<'a> Footnotes<'a> {
    pub(super) fn reference(&mut self, label: &str) -> String {
        let next = self.referenced.len();
        let position = *self.positions.entry(label.to_string()).or_insert(next);
        if position == next {
            self.referenced.push((label.to_string(), 0));
        }
        self.referenced[position].1 += 1;
        let number = position + 1;
        let count = self.referenced[position].1;
        let id = if count == 1 {
            format!("fnref-{number}")
        } else {
            format!("fnref-{number}-{count}")
        };
        format!(
            "<sup class=\"footnote-ref\" id=\"{id}\"><a href=\"#fn-{number}\">{number}</a></sup>"
        )
    }

    pub(super) fn define(&mut self, label: String, body: Vec<Event<'a>>, line: usize) {
        self.definitions.entry(label).or_insert((body, line));
    }

    /// The footnotes section, or `None` when nothing was referenced.
    pub(super) fn section(
        mut self,
        ui: &UiStrings,
        note: &SourceNote,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let mut unused: Vec<(&String, &usize)> = self
            .definitions
            .iter()
            .filter(|(label, _)| !self.positions.contains_key(*label))
            .map(|(label, (_, line))| (label, line))
            .collect();
        unused.sort_by_key(|(_, line)| **line);
        for (label, line) in unused {
            diagnostics.push(
                Diagnostic::warning(
                    note.display_path(),
                    format!("footnote `[^{label}]` is never referenced"),
                )
                .at_line(*line),
            );
        }
        if self.referenced.is_empty() {
            return None;
        }
        let mut html = String::from("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (position, (label, count)) in self.referenced.iter().enumerate() {
            let number = position + 1;
            html.push_str(&format!("<li id=\"fn-{number}\">\n"));
            if let Some((body, _)) = self.definitions.remove(label) {
                pulldown_cmark::html::push_html(&mut html, body.into_iter());
            }
            for k in 1..=*count {
                let target = if k == 1 {
                    format!("fnref-{number}")
                } else {
                    format!("fnref-{number}-{k}")
                };
                html.push_str(&format!(
                    "<a class=\"footnote-back\" href=\"#{target}\" aria-label=\""
                ));
                escape::html(&mut html, &ui.footnote_back);
                html.push_str("\">↩</a>\n");
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
        Some(html)
    }
}
