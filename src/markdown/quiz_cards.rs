//! Quiz items in a note become cards: the parts of each item (stem,
//! options, feedback, explanation) are rendered like the rest of the note,
//! once for the chapter page and once with links from the site root for
//! the quiz page and `quiz.json`.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::body::{Body, plain_text_of};
use super::marks;
use super::{RenderedNote, parser_options};
use crate::content::SourceNote;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::frontmatter::FrontMatter;
use crate::quiz::card::{self, Placement};
use crate::quiz::exam::{ExamItem, Snippet};
use crate::quiz::{
    Flags, Kind, QuizError, QuizItem, Rendering, anchor_base, derived_id, fenced, quiz_page_anchor,
    validate,
};

pub(super) type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// An item's parts as events, before rendering.
pub(super) struct ItemParts<'a, 's> {
    /// The text the events point into, as a note (the note itself for an
    /// exam stem, the fence's content for a fenced item).
    pub(super) stem: (&'s SourceNote, Events<'a>),
    pub(super) options: Vec<(&'s SourceNote, Events<'a>)>,
    pub(super) feedback: Vec<Option<(&'s SourceNote, Events<'a>)>>,
    pub(super) explanation: Option<(&'s SourceNote, Events<'a>)>,
    /// The answer of an item that is revealed rather than checked (no
    /// options).
    pub(super) answer: Option<(&'s SourceNote, Events<'a>)>,
    pub(super) flags: Flags,
    pub(super) correct: Vec<bool>,
    pub(super) line: usize,
    pub(super) stem_repeats_heading: bool,
    /// Whether code blocks in the parts hold regions marked with
    /// [`marks::OPEN`] and [`marks::CLOSE`].
    pub(super) marked_code: bool,
    /// The words a derived id is made of, when not the stem's first
    /// paragraph.
    pub(super) id_words: Option<String>,
}

/// A note's body as events that own their text.
pub(super) fn parse_whole(note: &SourceNote) -> Events<'static> {
    Parser::new_ext(&note.body, parser_options())
        .into_offset_iter()
        .map(|(event, range)| (event.into_static(), range))
        .collect()
}

impl<'n> Body<'n, '_> {
    /// Records a quiz problem as an error of the note.
    pub(super) fn quiz_error(&mut self, error: QuizError) {
        let mut diagnostic =
            Diagnostic::error(self.note.display_path(), error.message).at_line(error.line);
        if let Some(help) = error.help {
            diagnostic = diagnostic.with_help(help);
        }
        self.rendered.diagnostics.push(diagnostic);
    }

    /// A fenced `quiz` block as a card, or `None` (with an error) when the
    /// block is not a valid item.
    pub(super) fn fenced_quiz(&mut self, info: &str, code: &str, offset: usize) -> Option<String> {
        let line = self.file_line(offset).0;
        let flags = match fenced::parse_flags(info, line) {
            Ok(flags) => flags,
            Err(error) => {
                self.quiz_error(error);
                return None;
            }
        };
        let content = sub_note(self.note, code.to_string(), line + 1);
        let events: Events<'_> = Parser::new_ext(&content.body, parser_options())
            .into_offset_iter()
            .collect();
        let parts = match fenced::split(&events, line) {
            Ok(parts) => parts,
            Err(error) => {
                self.quiz_error(error);
                return None;
            }
        };
        let pick = |ranges: &[Range<usize>]| -> Events<'_> {
            ranges
                .iter()
                .flat_map(|r| events[r.clone()].iter().cloned())
                .collect()
        };
        let item = ItemParts {
            stem: (&content, pick(std::slice::from_ref(&parts.stem))),
            options: parts
                .options
                .iter()
                .map(|o| (&content, pick(&o.content)))
                .collect(),
            feedback: parts
                .options
                .iter()
                .map(|o| o.feedback.clone().map(|f| (&content, pick(&[f]))))
                .collect(),
            explanation: (!parts.explanation.is_empty())
                .then(|| (&content, pick(std::slice::from_ref(&parts.explanation)))),
            answer: None,
            correct: parts.options.iter().map(|o| o.correct).collect(),
            flags,
            line,
            stem_repeats_heading: false,
            marked_code: false,
            id_words: None,
        };
        self.finish_item(item)
    }

    /// An exam-style item as a card, or `None` (with an error).
    pub(super) fn exam_quiz(
        &mut self,
        item: ExamItem,
        events: &[(Event<'_>, Range<usize>)],
    ) -> Option<String> {
        let line = self.file_line(item.offset).0;
        let snippet_note = |snippet: &Snippet| {
            let first_line = self.file_line(snippet.offset).0;
            sub_note(self.note, snippet.text.clone(), first_line)
        };
        let option_notes: Vec<SourceNote> = item.options.iter().map(snippet_note).collect();
        let explanation_note = item.explanation.as_ref().map(snippet_note);
        let mut correct = vec![false; item.options.len()];
        for &answer in &item.answers {
            correct[answer] = true;
        }
        // A stem with code after its question: the question as a
        // paragraph, then the code.
        let stem: Events<'_> = match &item.stem_code {
            Some(code) => std::iter::once((Event::Start(Tag::Paragraph), 0..0))
                .chain(events[item.stem.clone()].iter().cloned())
                .chain(std::iter::once((Event::End(TagEnd::Paragraph), 0..0)))
                .chain(events[code.clone()].iter().cloned())
                .collect(),
            None => events[item.stem.clone()].to_vec(),
        };
        let parts = ItemParts {
            stem: (self.note, stem),
            options: option_notes.iter().map(|n| (n, parse_whole(n))).collect(),
            feedback: vec![None; item.options.len()],
            explanation: explanation_note.as_ref().map(|n| (n, parse_whole(n))),
            answer: None,
            flags: Flags::default(),
            correct,
            line,
            stem_repeats_heading: item.stem_is_heading,
            marked_code: false,
            id_words: None,
        };
        self.finish_item(parts)
    }

    /// Validates an item, renders its parts for both places, records it and
    /// returns its card for the chapter.
    pub(super) fn finish_item(&mut self, parts: ItemParts<'_, '_>) -> Option<String> {
        let option_texts: Vec<String> = parts
            .options
            .iter()
            .map(|(_, events)| plain_text_of(events))
            .collect();
        let revealed = parts.answer.is_some();
        if !revealed && let Err(error) = validate(&option_texts, &parts.correct, parts.line) {
            self.quiz_error(error);
            return None;
        }
        let stem_text = plain_text_of(&parts.stem.1);
        let page = self.note.output_path();
        let id = match &parts.flags.id {
            Some(id) => id.clone(),
            None => {
                let words = match &parts.id_words {
                    Some(words) => words.clone(),
                    None => question_text(&parts.stem.1),
                };
                self.unique_derived_id(derived_id(&page, &words))
            }
        };
        let correct_count = parts.correct.iter().filter(|&&c| c).count();
        let kind = if revealed {
            Kind::Reveal
        } else if parts.flags.multiple || correct_count > 1 {
            Kind::Multiple
        } else {
            Kind::Single
        };
        let mut in_chapter = self.render_parts(&parts, None);
        let mut from_root = self.render_parts(&parts, Some(&page));
        let mut answer_text = parts
            .answer
            .as_ref()
            .map(|(_, events)| plain_text_of(events))
            .unwrap_or_default();
        let mut stem_text = stem_text;
        let mut option_texts = option_texts;
        if parts.marked_code {
            for rendering in [&mut in_chapter, &mut from_root] {
                marks::in_rendering(rendering);
            }
            for text in std::iter::once(&mut stem_text)
                .chain(&mut option_texts)
                .chain([&mut answer_text])
            {
                marks::strip(text);
            }
        }
        let anchor = self.ids.unique(&anchor_base(&id));
        let item = QuizItem {
            explicit_id: parts.flags.id.is_some(),
            anchor,
            kind,
            shuffle: parts.flags.shuffle,
            stem_text,
            option_texts,
            answer_text,
            correct: parts.correct.clone(),
            in_chapter,
            from_root,
            line: parts.line,
            id,
        };
        let quiz_link = format!(
            "{}quiz.html#{}",
            crate::links::root_prefix(&page),
            quiz_page_anchor(&item.id)
        );
        let card = card::html(
            &item,
            &item.in_chapter,
            &Placement {
                anchor: &item.anchor,
                link_href: &quiz_link,
                link_label: &self.options.ui.quiz_practice,
                stem_repeats_heading: parts.stem_repeats_heading,
            },
            self.options.ui,
        );
        self.rendered.quiz_items.push(item);
        Some(card)
    }

    /// `base`, or `base-2`, … when an earlier item of the note has it.
    fn unique_derived_id(&self, base: String) -> String {
        let taken = |id: &str| self.rendered.quiz_items.iter().any(|item| item.id == id);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !taken(id))
            .expect("an unbounded range has a free number")
    }

    /// Renders every part of an item; `url_base` set renders it for a page
    /// at the site root. Only the chapter rendering reports problems.
    fn render_parts(&mut self, parts: &ItemParts<'_, '_>, url_base: Option<&str>) -> Rendering {
        let mut scratch = RenderedNote::default();
        let options = self.options;
        let rendered: &mut RenderedNote = if url_base.is_some() {
            &mut scratch
        } else {
            self.rendered
        };
        let mut render = |(note, events): &(&SourceNote, Events<'_>)| {
            render_fragment(note, events.clone(), options, rendered, url_base)
        };
        Rendering {
            stem_html: render(&parts.stem),
            options_html: parts.options.iter().map(&mut render).collect(),
            feedback_html: parts
                .feedback
                .iter()
                .map(|f| f.as_ref().map(&mut render).unwrap_or_default())
                .collect(),
            explanation_html: parts
                .explanation
                .as_ref()
                .map(&mut render)
                .unwrap_or_default(),
            answer_html: parts.answer.as_ref().map(&mut render).unwrap_or_default(),
        }
    }
}

/// A piece of Markdown inside a note, as a note of its own whose lines are
/// counted from `first_line` of the real file.
pub(super) fn sub_note(note: &SourceNote, body: String, first_line: usize) -> SourceNote {
    SourceNote {
        rel_path: note.rel_path.clone(),
        front: FrontMatter::default(),
        body: body.into(),
        body_line: first_line,
        outline_title: None,
    }
}

/// Renders events of `note`'s body as HTML; a lone paragraph is unwrapped
/// so that it fits in a legend or a label.
fn render_fragment(
    note: &SourceNote,
    events: Events<'_>,
    options: super::RenderOptions<'_>,
    rendered: &mut RenderedNote,
    url_base: Option<&str>,
) -> String {
    let lines = LineIndex::new(&note.body);
    let mut body = Body::new(note, &lines, options, rendered, url_base);
    body.allow_quiz = false;
    // An option's `[x]` is its correctness, not a box to show.
    let events: Vec<_> = events
        .into_iter()
        .filter(|(e, _)| !matches!(e, Event::TaskListMarker(_)))
        .collect();
    let events = body.transform(events);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// The words of a stem's first paragraph or heading, without code blocks
/// and image descriptions: what names the question in its derived id.
fn question_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    let mut skipping = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Image { .. } | Tag::CodeBlock(_)) => skipping += 1,
            Event::End(TagEnd::Image | TagEnd::CodeBlock) => skipping = skipping.saturating_sub(1),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if !text.trim().is_empty() => break,
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) if skipping == 0 => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak if skipping == 0 => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::super::{RenderOptions, render};
    use super::*;
    use crate::i18n::UiStrings;
    use std::collections::HashMap;

    fn note(rel_path: &str, body: &str) -> SourceNote {
        SourceNote {
            rel_path: rel_path.into(),
            front: FrontMatter::default(),
            body: body.into(),
            body_line: 1,
            outline_title: None,
        }
    }

    fn render_note(note: &SourceNote) -> RenderedNote {
        let ui = UiStrings::for_language("en");
        render(
            note,
            RenderOptions {
                ui: &ui,
                assets: &HashMap::new(),
                highlights: &crate::highlight::HighlightCache::default(),
                notes_dir: std::path::Path::new("notes"),
                links: &crate::link_index::LinkIndex::default(),
                bodies: &HashMap::new(),
                embedding: true,
                question_headings_are_cards: true,
            },
        )
    }

    #[test]
    fn a_fenced_item_becomes_a_card_and_an_item() {
        let body = "Intro.\n\n```quiz shuffle\nWhich are **sequence** models?\n\n- [x] RNN\n  > Hidden state per step.\n- [x] Attention\n- [ ] SVM\n  > Needs feature vectors.\n\nBoth RNN and attention read sequences.\n```\n\nAfter.\n";
        let out = render_note(&note("part/ch.md", body));
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert_eq!(out.quiz_items.len(), 1);
        let item = &out.quiz_items[0];
        assert_eq!(item.id, "part/ch/which-are-sequence-models");
        assert_eq!(item.kind, Kind::Multiple);
        assert!(item.shuffle);
        assert_eq!(item.line, 3);
        assert_eq!(item.option_texts, ["RNN", "Attention", "SVM"]);
        assert_eq!(item.in_chapter.options_html[0], "RNN", "no task box");
        assert_eq!(item.correct, [true, true, false]);
        assert_eq!(
            item.in_chapter.stem_html,
            "Which are <strong>sequence</strong> models?"
        );
        assert_eq!(item.in_chapter.feedback_html[0], "Hidden state per step.");
        assert_eq!(
            item.in_chapter.explanation_html,
            "Both RNN and attention read sequences."
        );
        assert!(out.html.contains("<form class=\"quiz-card\" id=\"quiz-which-are-sequence-models\" data-search-skip data-quiz-id=\"part/ch/which-are-sequence-models\" data-kind=\"multiple\""), "{}", out.html);
        assert!(
            out.html
                .contains("href=\"../quiz.html#quiz-part--ch--which-are-sequence-models\"")
        );
        assert!(out.html.contains("<p>After.</p>"));
        assert!(!out.html.contains("```"));
    }

    #[test]
    fn an_exam_item_keeps_its_heading() {
        let body = "## 1.1 注意力机制最早在哪个领域应用？\n\nA. 计算机视觉 B. 语音识别 C. 自然语言处理 D. 推荐系统\n\n答案：C\n\n解析：最早用于**机器翻译**。\n\n正文继续。\n";
        let out = render_note(&note("01-intro.md", body));
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let item = &out.quiz_items[0];
        assert_eq!(item.kind, Kind::Single);
        assert_eq!(item.correct, [false, false, true, false]);
        assert_eq!(
            item.in_chapter.explanation_html,
            "最早用于<strong>机器翻译</strong>。"
        );
        assert_eq!(item.line, 1);
        assert_eq!(out.headings.len(), 1, "the question stays a heading");
        assert!(out.html.contains("data-stem-repeats-heading"));
        assert!(out.html.contains("<p>正文继续。</p>"));
        assert!(!out.html.contains("答案："));
    }

    #[test]
    fn links_and_images_are_rebased_for_the_quiz_page() {
        let body = "```quiz\nSee ![d](img/d.png) and [x](other.md#y) and [here](#top)\n\n- [x] a\n- [ ] b\n```\n";
        let out = render_note(&note("part/ch.md", body));
        let item = &out.quiz_items[0];
        assert!(item.in_chapter.stem_html.contains("src=\"img/d.png\""));
        assert!(
            item.from_root.stem_html.contains("src=\"part/img/d.png\""),
            "{}",
            item.from_root.stem_html
        );
        assert!(
            item.from_root
                .stem_html
                .contains("href=\"part/other.html#y\"")
        );
        assert!(
            item.from_root
                .stem_html
                .contains("href=\"part/ch.html#top\"")
        );
    }

    #[test]
    fn quiz_errors_name_the_line() {
        let cases = [
            ("```quiz\nQ?\n\n- [x] only\n```\n", "at least two"),
            (
                "```quiz\nQ?\n\n- [ ] a\n- [ ] b\n```\n",
                "no correct option",
            ),
            ("```quiz\nQ?\n\n- [x] a\n- [ ] a\n```\n", "same text"),
            (
                "```quiz shufle\nQ?\n\n- [x] a\n- [ ] b\n```\n",
                "unknown quiz flag",
            ),
            ("Q?\n\nA. a B. b\n\n答案：E\n", "option E"),
        ];
        for (body, message) in cases {
            let body = format!("text\n\n{body}");
            let out = render_note(&note("a.md", &body));
            assert_eq!(out.diagnostics.len(), 1, "{body}");
            let diagnostic = &out.diagnostics[0];
            assert!(diagnostic.is_error());
            assert!(
                diagnostic.message.contains(message),
                "{}",
                diagnostic.message
            );
            assert!(
                matches!(diagnostic.line, Some(3) | Some(7)),
                "{body}: {:?}",
                diagnostic.line
            );
            assert!(out.quiz_items.is_empty());
        }
    }

    #[test]
    fn same_stem_twice_in_a_chapter_gets_distinct_ids() {
        let item = "```quiz\nSame?\n\n- [x] a\n- [ ] b\n```\n\n";
        let out = render_note(&note("a.md", &item.repeat(2)));
        let ids: Vec<&str> = out.quiz_items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a/same", "a/same-2"]);
        let anchors: Vec<&str> = out.quiz_items.iter().map(|i| i.anchor.as_str()).collect();
        assert_eq!(anchors, ["quiz-same", "quiz-same-2"]);
    }

    #[test]
    fn a_stem_with_script_is_escaped() {
        let out = render_note(&note(
            "a.md",
            "```quiz\nWhat does `</script><script>alert(1)</script>` do?\n\n- [x] nothing\n- [ ] alert\n```\n",
        ));
        assert!(!out.html.contains("<script>alert"));
        assert!(out.html.contains("&lt;/script&gt;"));
    }
}
