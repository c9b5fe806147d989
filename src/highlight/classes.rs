//! Which `hl-` classes a stylesheet styles, and the span each grammar scope
//! becomes under it. Everything here works from CSS text: reading a site's
//! own stylesheet is the pipeline's job.

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;
use syntect::parsing::Scope;

use crate::fingerprint::fingerprint_of;

/// The prefix of every highlighting class (`hl-keyword`), so that they
/// cannot clash with the theme's own classes.
pub(super) const CLASS_PREFIX: &str = "hl-";

/// The highlighting classes a stylesheet styles. A grammar gives every
/// token a stack of scopes (`source.rust meta.function.rust
/// entity.name.function.rust`), a stylesheet styles a few dozen of them.
/// Each scope becomes a span with the classes of its dotted parts
/// (`hl-entity hl-name hl-function hl-rust`), but only the classes of the
/// stylesheet's compound selectors (`.hl-entity.hl-name`) that it matches
/// are written, and a span that matches none is left out (its text stays):
/// every selector matches the text it would match with every class
/// written, and highlighted code is several times smaller. A site's own
/// `static/highlight.css` decides for its site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StyledClasses {
    /// The `hl-` classes of each compound selector.
    compounds: BTreeSet<BTreeSet<String>>,
    /// Whether spans may be dropped: not when a selector uses a combinator
    /// that depends on them (`>`, `+`, `~`).
    drop_spans: bool,
}

impl StyledClasses {
    /// The compound selectors of `css` that name `.hl-` classes.
    pub fn of_stylesheet(css: &str) -> StyledClasses {
        let mut compounds = BTreeSet::new();
        let mut drop_spans = true;
        let text = without_comments(css);
        let mut from = 0;
        for (brace, _) in text.match_indices('{') {
            let before = &text[from..brace];
            let selectors = &before[before.rfind(['}', ';', '{']).map_or(0, |i| i + 1)..];
            from = brace + 1;
            if selectors.trim_start().starts_with('@') {
                continue;
            }
            if selectors.contains(['>', '+', '~']) {
                drop_spans = false;
            }
            for compound in selectors.split([',', ' ', '\n', '\t', '\r']) {
                let classes: BTreeSet<String> = compound
                    .match_indices(".hl-")
                    .map(|(at, _)| {
                        let name = &compound[at + 1..];
                        let end = name
                            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                            .unwrap_or(name.len());
                        name[..end].to_string()
                    })
                    .collect();
                if !classes.is_empty() {
                    compounds.insert(classes);
                }
            }
        }
        StyledClasses {
            compounds,
            drop_spans,
        }
    }

    /// A fingerprint of the classes, for the cache file's header.
    pub(super) fn fingerprint(&self) -> u64 {
        fingerprint_of(self)
    }

    /// The opening tag of the span for `scope` (`string.quoted.double`):
    /// the classes of its parts that a compound selector it matches names,
    /// or `None` when the span is left out. Only classes named in the
    /// stylesheet are written, so no scope can put markup into the page.
    pub(super) fn span_for_scope(&self, scope: &str) -> Option<String> {
        let all: Vec<String> = scope
            .split('.')
            .map(|part| format!("{CLASS_PREFIX}{part}"))
            .collect();
        let matched: Vec<&BTreeSet<String>> = self
            .compounds
            .iter()
            .filter(|compound| compound.iter().all(|class| all.contains(class)))
            .collect();
        let mut kept: Vec<&str> = Vec::new();
        for class in &all {
            if !kept.contains(&class.as_str())
                && matched.iter().any(|compound| compound.contains(class))
            {
                kept.push(class);
            }
        }
        (!kept.is_empty() || !self.drop_spans)
            .then(|| format!("<span class=\"{}\">", kept.join(" ")))
    }
}

impl Default for StyledClasses {
    /// The classes of the theme's `static/highlight.css`.
    fn default() -> StyledClasses {
        StyledClasses::of_stylesheet(include_str!("../../static/highlight.css"))
    }
}

/// An opening tag; equal tags are one allocation, so that a scope styled
/// like the one around it can be told by pointer.
pub(super) type Tag = Arc<str>;

/// The span of each scope under one stylesheet, worked out once per
/// process: the same few hundred scopes make up all the code of a book.
#[derive(Default)]
pub(super) struct ScopeSpans {
    classes: StyledClasses,
    known: RwLock<FxHashMap<Scope, Option<Tag>>>,
}

impl ScopeSpans {
    pub(super) fn new(classes: StyledClasses) -> ScopeSpans {
        ScopeSpans {
            classes,
            known: RwLock::default(),
        }
    }

    pub(super) fn classes(&self) -> &StyledClasses {
        &self.classes
    }

    /// See [`StyledClasses::span_for_scope`].
    pub(super) fn span(&self, scope: Scope) -> Option<Tag> {
        {
            let known = self
                .known
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(span) = known.get(&scope) {
                return span.clone();
            }
        }
        // Worked out outside the lock: it builds the scope's name, which
        // takes syntect's own lock.
        let span = self.classes.span_for_scope(&scope.build_string());
        let mut known = self
            .known
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(span) = known.get(&scope) {
            return span.clone();
        }
        let tag: Option<Tag> = span.map(|span| {
            known
                .values()
                .flatten()
                .find(|tag| ***tag == *span)
                .cloned()
                .unwrap_or_else(|| Arc::from(span))
        });
        known.insert(scope, tag.clone());
        tag
    }
}

/// `css` without its `/* … */` comments.
fn without_comments(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_styled_classes_and_their_spans_are_kept() {
        let classes = StyledClasses::of_stylesheet(
            "/* .hl-rust */ .hl-keyword{color:red}\n.hl-string.hl-quoted,.hl-x{x:y}\n.hl-markup.hl-heading .hl-punctuation{z:w}",
        );
        assert_eq!(
            classes.span_for_scope("keyword.other.fn.rust").as_deref(),
            Some("<span class=\"hl-keyword\">")
        );
        assert_eq!(
            classes
                .span_for_scope("string.quoted.double.rust")
                .as_deref(),
            Some("<span class=\"hl-string hl-quoted\">")
        );
        assert_eq!(
            classes.span_for_scope("string.unquoted.rust"),
            None,
            "hl-string alone matches no compound"
        );
        assert_eq!(classes.span_for_scope("source.rust"), None);
        assert_eq!(
            classes.span_for_scope("markup.heading.markdown").as_deref(),
            Some("<span class=\"hl-markup hl-heading\">"),
            "an ancestor of a descendant selector is kept"
        );
        let child = StyledClasses::of_stylesheet(".hl-a > .hl-b{color:red}");
        assert_eq!(
            child.span_for_scope("c.d").as_deref(),
            Some("<span class=\"\">"),
            "with a child combinator no span is dropped"
        );
    }

    #[test]
    fn each_scope_is_worked_out_once_and_equal_spans_are_shared() {
        let spans = ScopeSpans::new(StyledClasses::of_stylesheet(".hl-keyword{a:b}"));
        let fn_keyword = Scope::new("keyword.other.fn.rust").unwrap();
        let let_keyword = Scope::new("keyword.other.let.rust").unwrap();
        let first = spans.span(fn_keyword).unwrap();
        assert_eq!(&*first, "<span class=\"hl-keyword\">");
        assert!(Arc::ptr_eq(&first, &spans.span(fn_keyword).unwrap()));
        assert!(Arc::ptr_eq(&first, &spans.span(let_keyword).unwrap()));
        assert_eq!(spans.span(Scope::new("source.rust").unwrap()), None);
    }
}
