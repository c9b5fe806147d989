//! Admonitions (call-outs), however a note spells them: GitHub's
//! `> [!TIP]`, Obsidian's `> [!tip]- Title`, VuePress's and Docusaurus's
//! `::: tip`, MkDocs' `!!! tip` and `??? tip`, Hexo's `{% note info %}`.
//! Every spelling becomes the same element: a `<div class="admonition
//! admonition-TYPE">` with its title, or a `<details>` whose `<summary>`
//! is the title when the block folds.

use crate::escape;
use crate::i18n::UiStrings;

/// An admonition's type: the class it is styled by and its default title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Kind {
    /// `[a-z0-9-]`: a known type's own name, or the author's type cleaned.
    pub(super) class: String,
    /// The title when the author gives none.
    title: Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
    Info,
    Danger,
    Details,
    Abstract,
    Todo,
    Success,
    Question,
    Failure,
    Bug,
    Example,
    Quote,
    /// An unknown type is titled by its own name, as Obsidian does.
    Own,
}

/// Whether and how a block folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fold {
    /// Always shown.
    None,
    Open,
    Closed,
}

impl Kind {
    /// The type an author's type name means, with the aliases of Obsidian
    /// and MkDocs (`tldr` is `abstract`, `error` is `danger`, …). Any other
    /// name keeps its own class and looks like a note.
    pub(super) fn named(name: &str) -> Kind {
        let name = name.trim().to_lowercase();
        let (class, title) = match name.as_str() {
            "note" | "seealso" => ("note", Title::Note),
            "tip" | "hint" => ("tip", Title::Tip),
            "important" => ("important", Title::Important),
            "warning" | "attention" | "warn" => ("warning", Title::Warning),
            "caution" => ("caution", Title::Caution),
            "info" | "information" => ("info", Title::Info),
            "danger" | "error" => ("danger", Title::Danger),
            "details" => ("details", Title::Details),
            "abstract" | "summary" | "tldr" => ("abstract", Title::Abstract),
            "todo" => ("todo", Title::Todo),
            "success" | "check" | "done" => ("success", Title::Success),
            "question" | "help" | "faq" => ("question", Title::Question),
            "failure" | "fail" | "missing" => ("failure", Title::Failure),
            "bug" => ("bug", Title::Bug),
            "example" => ("example", Title::Example),
            "quote" | "cite" => ("quote", Title::Quote),
            _ => {
                let class: String = name
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                let class = class.trim_matches('-').to_string();
                return Kind {
                    class: if class.is_empty() {
                        "note".into()
                    } else {
                        class
                    },
                    title: Title::Own,
                };
            }
        };
        Kind {
            class: class.to_string(),
            title,
        }
    }

    /// The title shown when the author gives none, in the site's language.
    pub(super) fn default_title(&self, ui: &UiStrings) -> String {
        let title = match self.title {
            Title::Note => &ui.alert_note,
            Title::Tip => &ui.alert_tip,
            Title::Important => &ui.alert_important,
            Title::Warning => &ui.alert_warning,
            Title::Caution => &ui.alert_caution,
            Title::Info => &ui.alert_info,
            Title::Danger => &ui.alert_danger,
            Title::Details => &ui.alert_details,
            Title::Abstract => &ui.alert_abstract,
            Title::Todo => &ui.alert_todo,
            Title::Success => &ui.alert_success,
            Title::Question => &ui.alert_question,
            Title::Failure => &ui.alert_failure,
            Title::Bug => &ui.alert_bug,
            Title::Example => &ui.alert_example,
            Title::Quote => &ui.alert_quote,
            Title::Own => {
                let mut chars = self.class.chars();
                return chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
            }
        };
        title.clone()
    }
}

/// The opening of an admonition of `kind`, up to its body. `title_html`
/// is the title as HTML (`None`: the type's own title; empty: no title).
pub(super) fn open(kind: &Kind, title_html: Option<&str>, fold: Fold, ui: &UiStrings) -> String {
    let title = match title_html {
        Some(title) => title.to_string(),
        None => escape::escaped(&kind.default_title(ui)),
    };
    if title.is_empty() && fold == Fold::None {
        return format!(
            "<div class=\"admonition admonition-{}\" role=\"note\">\n",
            kind.class
        );
    }
    let (before, after) = around_title(kind, fold);
    format!("{before}{title}{after}")
}

/// The opening of an admonition of `kind` before its title's HTML, and
/// what follows the title.
pub(super) fn around_title(kind: &Kind, fold: Fold) -> (String, &'static str) {
    match fold {
        Fold::None => (
            format!(
                "<div class=\"admonition admonition-{}\" role=\"note\">\n<p class=\"admonition-title\">",
                kind.class
            ),
            "</p>\n",
        ),
        Fold::Open | Fold::Closed => (
            format!(
                "<details class=\"admonition admonition-{}\"{}>\n<summary class=\"admonition-title\">",
                kind.class,
                if fold == Fold::Open { " open" } else { "" }
            ),
            "</summary>\n",
        ),
    }
}

/// The closing tag of an admonition that `fold` opened.
pub(super) fn close(fold: Fold) -> &'static str {
    match fold {
        Fold::None => "</div>",
        Fold::Open | Fold::Closed => "</details>",
    }
}

/// `text`, a title written in Markdown, as inline HTML.
pub(super) fn title_html(text: &str) -> String {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(text.trim(), super::parser_options());
    pulldown_cmark::html::push_html(&mut html, parser);
    let html = html.trim();
    html.strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_share_a_type_and_other_names_keep_theirs() {
        assert_eq!(Kind::named("TLDR").class, "abstract");
        assert_eq!(Kind::named("error").class, "danger");
        assert_eq!(Kind::named("faq").class, "question");
        let own = Kind::named("definition");
        assert_eq!(own.class, "definition");
        let ui = UiStrings::for_language("zh-CN");
        assert_eq!(own.default_title(&ui), "Definition");
        assert_eq!(Kind::named("tip").default_title(&ui), "提示");
        // The titles are `[ui]` strings a site may change.
        let mut custom = ui.clone();
        custom.apply(&crate::i18n::UiOverrides {
            alert_info: Some("须知".into()),
            ..Default::default()
        });
        assert_eq!(Kind::named("info").default_title(&custom), "须知");
        assert_eq!(Kind::named("<b>\"x\"").class, "b--x");
    }

    #[test]
    fn folding_blocks_are_details_titled_by_their_summary() {
        let ui = UiStrings::for_language("en");
        let kind = Kind::named("tip");
        assert_eq!(
            open(&kind, Some("<em>Hi</em>"), Fold::Closed, &ui),
            "<details class=\"admonition admonition-tip\">\n<summary class=\"admonition-title\"><em>Hi</em></summary>\n"
        );
        assert!(open(&kind, None, Fold::Open, &ui).contains(" open>"));
        assert_eq!(
            open(&kind, Some(""), Fold::None, &ui),
            "<div class=\"admonition admonition-tip\" role=\"note\">\n"
        );
        assert_eq!(title_html("*Hi* `x`"), "<em>Hi</em> <code>x</code>");
    }
}
