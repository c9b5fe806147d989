//! mdBook's hidden lines: in a Rust code block, a line that starts with
//! `#` (after any indentation) and a space, or is `#` alone, belongs to
//! the program but not to what the reader is shown (a `fn main` around an
//! example, its `use` lines). `##` writes a line starting with `#`, and
//! `#!` and `#[` are attributes, shown as written.
//!
//! The page holds the whole program, hidden lines without their `#`, each
//! inside `<span class="boring">`; the theme hides them and offers a
//! control to show them, and the copy button copies the whole program.

/// A code block's program, and which of its lines are hidden.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct HiddenLines {
    pub(super) program: String,
    hidden: Vec<bool>,
}

/// Whether `language` is one whose blocks may hide lines: Rust, as in
/// mdBook.
fn hides_lines(language: &str) -> bool {
    language.eq_ignore_ascii_case("rust") || language.eq_ignore_ascii_case("rs")
}

/// The program of a code block in `language` and its hidden lines; `None`
/// when the block hides none (and `##` unescapes none).
pub(super) fn split(language: &str, code: &str) -> Option<HiddenLines> {
    if !hides_lines(language) || !code.contains('#') {
        return None;
    }
    let mut program = String::with_capacity(code.len());
    let mut hidden = Vec::new();
    let mut changed = false;
    for line in code.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let (head, rest) = line.split_at(indent);
        let is_hidden = match rest.strip_prefix('#') {
            Some(after) if after.starts_with('#') => {
                // `##` escapes a line that starts with `#`.
                program.push_str(head);
                program.push_str(after);
                changed = true;
                false
            }
            Some(after) if after.is_empty() || after.starts_with(['\n', '\r']) => {
                program.push_str(head);
                program.push_str(after);
                true
            }
            Some(after) if after.starts_with([' ', '\t']) => {
                program.push_str(head);
                program.push_str(&after[1..]);
                true
            }
            _ => {
                program.push_str(line);
                false
            }
        };
        changed |= is_hidden;
        hidden.push(is_hidden);
    }
    changed.then_some(HiddenLines { program, hidden })
}

impl HiddenLines {
    /// Whether any line is hidden (a block may only unescape `##`).
    pub(super) fn hides_any(&self) -> bool {
        self.hidden.contains(&true)
    }

    /// `html`, the program's code as HTML (escaped text inside `<span>`s,
    /// lines ending in `\n`), with each hidden line inside a
    /// `<span class="boring">` that holds its line end too. Spans open
    /// across a hidden line's edges are closed before it and opened again
    /// inside it, so that every element stays whole.
    pub(super) fn mark(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + self.hidden.len() * 32);
        let mut open: Vec<&str> = Vec::new();
        let mut line = 0;
        let mut at_line_start = true;
        let mut rest = html;
        while !rest.is_empty() {
            let hidden = self.hidden.get(line).copied().unwrap_or(false);
            if at_line_start {
                at_line_start = false;
                if hidden {
                    close_all(&mut out, &open);
                    out.push_str("<span class=\"boring\">");
                    open.iter().for_each(|tag| out.push_str(tag));
                }
            }
            let next = rest.find(['<', '\n']).unwrap_or(rest.len());
            out.push_str(&rest[..next]);
            rest = &rest[next..];
            if let Some(after) = rest.strip_prefix('\n') {
                out.push('\n');
                if hidden {
                    close_all(&mut out, &open);
                    out.push_str("</span>");
                    open.iter().for_each(|tag| out.push_str(tag));
                }
                rest = after;
                line += 1;
                at_line_start = true;
            } else if let Some(after) = rest.strip_prefix("</span>") {
                out.push_str("</span>");
                open.pop();
                rest = after;
            } else if rest.starts_with('<') {
                let end = rest.find('>').map_or(rest.len(), |end| end + 1);
                out.push_str(&rest[..end]);
                open.push(&rest[..end]);
                rest = &rest[end..];
            }
        }
        if !at_line_start && self.hidden.get(line).copied().unwrap_or(false) {
            // The last line has no line end.
            close_all(&mut out, &open);
            out.push_str("</span>");
            open.iter().for_each(|tag| out.push_str(tag));
        }
        out
    }
}

fn close_all(out: &mut String, open: &[&str]) {
    for _ in open {
        out.push_str("</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_lines_lose_their_mark_and_escapes_unescape() {
        let code = "# use std::fmt;\n#\nfn main() {\n    # let x = 1;\n    #[derive(Debug)]\n    ## not hidden\n}\n";
        let lines = split("rust", code).unwrap();
        assert_eq!(
            lines.program,
            "use std::fmt;\n\nfn main() {\n    let x = 1;\n    #[derive(Debug)]\n    # not hidden\n}\n"
        );
        assert_eq!(lines.hidden, [true, true, false, true, false, false, false]);
        assert!(lines.hides_any());
        assert_eq!(split("python", "# a comment\n"), None);
        assert_eq!(split("rust", "#![allow(unused)]\nfn main() {}\n"), None);
        assert!(!split("rust", "## shown\n").unwrap().hides_any());
    }

    #[test]
    fn marking_keeps_spans_whole_across_hidden_lines() {
        let lines = split("rust", "/* a\n# b */\nc\n").unwrap();
        let html = "<span class=\"hl-c\">/* a\nb */</span>\nc\n";
        assert_eq!(
            lines.mark(html),
            "<span class=\"hl-c\">/* a\n</span><span class=\"boring\"><span class=\"hl-c\">b */</span>\n</span>c\n"
        );
        let last = split("rust", "a\n# b").unwrap();
        assert_eq!(
            last.mark("a\n<span class=\"k\">b</span>"),
            "a\n<span class=\"boring\"><span class=\"k\">b</span></span>"
        );
    }
}
