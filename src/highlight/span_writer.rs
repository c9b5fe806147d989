//! HTML from a grammar's scope stack: text inside the spans of the
//! styled scopes around it.

use rustc_hash::FxHashMap;
use syntect::parsing::{BasicScopeStackOp, Scope};

use super::classes::{ScopeSpans, Tag};
use crate::escape;

/// Writes text inside the spans of the scopes on the stack.
pub(super) struct SpanWriter<'a> {
    spans: &'a ScopeSpans,
    pub(super) html: String,
    /// The tags met in this block, and each scope's (by its number).
    tags: Vec<Tag>,
    tag_of_scope: FxHashMap<Scope, Option<usize>>,
    /// The tag of each scope on the stack, outermost first.
    levels: Vec<Option<usize>>,
    /// The tags of the spans open now, and of those the stack wants,
    /// outermost first.
    open: Vec<usize>,
    wanted: Vec<usize>,
    /// Whether the stack changed since the spans were opened.
    stale: bool,
}

impl SpanWriter<'_> {
    pub(super) fn new(spans: &ScopeSpans, code_length: usize) -> SpanWriter<'_> {
        SpanWriter {
            spans,
            html: String::with_capacity(code_length * 3),
            tags: Vec::new(),
            tag_of_scope: FxHashMap::default(),
            levels: Vec::new(),
            open: Vec::new(),
            wanted: Vec::new(),
            stale: true,
        }
    }

    /// Follows a change of the scope stack.
    pub(super) fn scope(&mut self, op: BasicScopeStackOp) {
        match op {
            BasicScopeStackOp::Push(scope) => {
                let tag = match self.tag_of_scope.get(&scope) {
                    Some(tag) => *tag,
                    None => {
                        let tag = self.spans.span(scope).map(|tag| {
                            match self.tags.iter().position(|known| Tag::ptr_eq(known, &tag)) {
                                Some(known) => known,
                                None => {
                                    self.tags.push(tag);
                                    self.tags.len() - 1
                                }
                            }
                        });
                        self.tag_of_scope.insert(scope, tag);
                        tag
                    }
                };
                self.levels.push(tag);
            }
            BasicScopeStackOp::Pop => {
                self.levels.pop();
            }
        }
        self.stale = true;
    }

    /// Writes `text` inside the spans of the scopes on the stack, keeping
    /// open the spans it shares with the text before.
    pub(super) fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.stale {
            self.stale = false;
            self.wanted.clear();
            for &tag in self.levels.iter().flatten() {
                if self.wanted.last() != Some(&tag) {
                    self.wanted.push(tag);
                }
            }
            let shared = self
                .open
                .iter()
                .zip(&self.wanted)
                .take_while(|(open, wanted)| open == wanted)
                .count();
            for _ in shared..self.open.len() {
                self.html.push_str("</span>");
            }
            self.open.truncate(shared);
            for &tag in &self.wanted[shared..] {
                self.html.push_str(&self.tags[tag]);
                self.open.push(tag);
            }
        }
        escape::html_text(&mut self.html, text);
    }

    /// Closes the open spans (at the end of a line).
    pub(super) fn close_spans(&mut self) {
        for _ in self.open.drain(..) {
            self.html.push_str("</span>");
        }
        self.stale = true;
    }
}
