//! The HTML of a quiz card, the same markup on the chapter page and on the
//! quiz page. It carries the page hooks of `quiz-format.md`: a `<form
//! data-quiz-id data-kind>`, a `fieldset` whose `legend` is the stem, real
//! radio buttons or check boxes with labels, a submit button; `quiz.js`
//! sets `data-state` after checking. Without JavaScript the `<details>` at
//! the bottom reveals the answer and the explanation.

use std::fmt::Write as _;

use super::{Kind, QuizItem, Rendering, letter};
use crate::escape::escaped;
use crate::i18n::UiStrings;

/// Where a card is shown: its element id and the link it offers.
pub struct Placement<'a> {
    pub anchor: &'a str,
    /// On a chapter page, the quiz page's card; on the quiz page, the
    /// card's place in its chapter.
    pub link_href: &'a str,
    pub link_label: &'a str,
    /// The stem repeats a heading just above the card: it stays in the
    /// `legend` for screen readers but is not shown twice.
    pub stem_repeats_heading: bool,
}

/// The card's HTML.
pub fn html(
    item: &QuizItem,
    rendering: &Rendering,
    place: &Placement<'_>,
    ui: &UiStrings,
) -> String {
    let anchor = escaped(place.anchor);
    let kind = match item.kind {
        Kind::Single => "single",
        Kind::Multiple => "multiple",
        Kind::Reveal => "reveal",
    };
    let answer: Vec<String> = item
        .correct
        .iter()
        .enumerate()
        .filter(|(_, c)| **c)
        .map(|(i, _)| i.to_string())
        .collect();
    let mut out = String::with_capacity(1024);
    let _ = write!(
        out,
        "<form class=\"quiz-card\" id=\"{anchor}\" data-search-skip data-quiz-id=\"{}\" data-kind=\"{kind}\"",
        escaped(&item.id),
    );
    if item.kind != Kind::Reveal {
        let _ = write!(out, " data-answer=\"{}\"", answer.join(" "));
    }
    let _ = writeln!(
        out,
        " data-version=\"{}\"{}{}>",
        item.version(),
        if item.shuffle { " data-shuffle" } else { "" },
        if place.stem_repeats_heading {
            " data-stem-repeats-heading"
        } else {
            ""
        },
    );
    out.push_str("<fieldset>\n<legend class=\"quiz-stem\">");
    out.push_str(&rendering.stem_html);
    out.push_str("</legend>\n");
    match item.kind {
        Kind::Reveal => reveal(&mut out, rendering, ui),
        Kind::Single | Kind::Multiple => choices(&mut out, item, rendering, &anchor, ui),
    }
    let _ = writeln!(
        out,
        "<div class=\"quiz-actions\">{}<a class=\"quiz-link\" href=\"{}\">{}</a></div>",
        match item.kind {
            Kind::Reveal => String::new(),
            Kind::Single | Kind::Multiple => format!(
                "<button type=\"submit\" hidden>{}</button>",
                escaped(&ui.quiz_check)
            ),
        },
        escaped(place.link_href),
        escaped(place.link_label),
    );
    out.push_str("<p class=\"quiz-result\" aria-live=\"polite\"></p>\n");
    if item.kind != Kind::Reveal {
        if !rendering.explanation_html.is_empty() {
            let _ = writeln!(
                out,
                "<div class=\"quiz-explanation\" hidden><p class=\"quiz-explanation-title\">{}</p>{}</div>",
                escaped(&ui.quiz_explanation),
                rendering.explanation_html
            );
        }
        out.push_str(&no_script_answer(item, rendering, ui));
    }
    out.push_str("</form>\n");
    out
}

/// The options, the check button, the result and the explanation of an
/// item that is checked.
fn choices(out: &mut String, item: &QuizItem, rendering: &Rendering, anchor: &str, ui: &UiStrings) {
    let (input_type, instruction) = match item.kind {
        Kind::Multiple => ("checkbox", &ui.quiz_multiple),
        Kind::Single | Kind::Reveal => ("radio", &ui.quiz_single),
    };
    let _ = writeln!(
        out,
        "<p class=\"quiz-kind\">{}</p>\n<ol class=\"quiz-options\">",
        escaped(instruction)
    );
    for (index, option_html) in rendering.options_html.iter().enumerate() {
        let id = format!("{anchor}-{index}");
        let _ = write!(
            out,
            "<li class=\"quiz-option\" data-option=\"{index}\"><input type=\"{input_type}\" name=\"{anchor}\" id=\"{id}\" value=\"{index}\"><label for=\"{id}\"><span class=\"quiz-letter\">{}</span> <span class=\"quiz-option-text\">{option_html}</span></label><span class=\"quiz-mark\" id=\"{id}-mark\"></span>",
            letter(index)
        );
        let feedback = &rendering.feedback_html[index];
        if !feedback.is_empty() {
            let _ = write!(
                out,
                "<div class=\"quiz-feedback\" id=\"{id}-feedback\" hidden>{feedback}</div>"
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</fieldset>\n");
}

/// The answer of an item that is revealed rather than checked, with the
/// explanation, in a disclosure (which works without JavaScript), and the
/// buttons with which the reader grades themself (shown by `quiz.js`).
fn reveal(out: &mut String, rendering: &Rendering, ui: &UiStrings) {
    let _ = writeln!(
        out,
        "<p class=\"quiz-kind\">{}</p>\n<details class=\"quiz-answer quiz-reveal\"><summary>{}</summary>\n<div class=\"quiz-reveal-answer\">{}</div>",
        escaped(&ui.quiz_reveal),
        escaped(&ui.quiz_show_answer),
        rendering.answer_html,
    );
    if !rendering.explanation_html.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"quiz-explanation\"><p class=\"quiz-explanation-title\">{}</p>{}</div>",
            escaped(&ui.quiz_explanation),
            rendering.explanation_html
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"quiz-grade\" role=\"group\" aria-label=\"{0}\" hidden><span>{0}</span> <button type=\"button\" value=\"correct\">{1}</button> <button type=\"button\" value=\"incorrect\">{2}</button></div>\n</details>\n</fieldset>",
        escaped(&ui.quiz_grade),
        escaped(&ui.quiz_knew),
        escaped(&ui.quiz_did_not),
    );
}

/// The answer, the explanation and every option's feedback in a disclosure
/// that works without JavaScript.
fn no_script_answer(item: &QuizItem, rendering: &Rendering, ui: &UiStrings) -> String {
    let mut out = format!(
        "<details class=\"quiz-answer\"><summary>{}</summary>\n<p><strong>{}</strong>",
        escaped(&ui.quiz_show_answer),
        escaped(&ui.quiz_answer)
    );
    let correct: Vec<String> = item
        .correct
        .iter()
        .enumerate()
        .filter(|(_, c)| **c)
        .map(|(i, _)| {
            format!(
                "<span data-option=\"{i}\">{}</span> {}",
                letter(i),
                escaped(&item.option_texts[i])
            )
        })
        .collect();
    out.push_str(&correct.join(&ui.quiz_answer_separator));
    out.push_str("</p>\n");
    if !rendering.explanation_html.is_empty() {
        out.push_str(&rendering.explanation_html);
    }
    let feedback: Vec<String> = rendering
        .feedback_html
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.is_empty())
        .map(|(i, f)| {
            format!(
                "<li><strong data-option=\"{i}\">{}</strong> {f}</li>",
                letter(i)
            )
        })
        .collect();
    if !feedback.is_empty() {
        let _ = writeln!(
            out,
            "<ul class=\"quiz-answer-feedback\">{}</ul>",
            feedback.join("")
        );
    }
    out.push_str("</details>\n");
    out
}
