//! Where math starts, beyond the parser's `$…$` and `$$…$$`, before
//! parsing (every line stays where it is):
//!
//! - `\(…\)` on one line is inline math and `\[…\]` (from the start of a
//!   line to the end of one) display math, as MathJax and KaTeX read them.
//!   `\[1\]` inside a line stays an escaped bracket.
//! - The lines of a display formula that would start a list, a heading or
//!   a quote (`- a`, `+ b`, `# x`, `> y`, `1. z`) are indented so that
//!   they go on with the formula instead.
//!
//! Code blocks and code spans are left alone.

use super::fences::Fences;

/// `body` with `\(…\)` and `\[…\]` written as `$…$` and `$$…$$`, and the
/// lines of display formulas kept inside them; `None` when nothing changes.
pub(super) fn rewrite(body: &str) -> Option<String> {
    if !(body.contains("$$") || body.contains("\\(") || body.contains("\\[")) {
        return None;
    }
    let mut out = String::with_capacity(body.len() + 16);
    let mut changed = false;
    let mut fences = Fences::default();
    // Inside a display formula: the fence that closes it (`$$` or `\]`).
    let mut display: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let (text, end) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        let content = text.trim_start();
        let indent = &text[..text.len() - content.len()];
        // No fence opens inside a display formula.
        if display.is_none() && fences.in_code(content) {
            out.push_str(line);
            continue;
        }
        if let Some(closer) = display {
            let trimmed = content.trim_end();
            if trimmed.ends_with(closer) {
                display = None;
                if closer == "\\]" {
                    let before = &trimmed[..trimmed.len() - 2];
                    out.push_str(&protected(indent, before));
                    out.push_str("$$");
                    out.push_str(end);
                    changed = true;
                    continue;
                }
            }
            let kept = protected(indent, content);
            changed |= kept.len() != text.len();
            out.push_str(&kept);
            out.push_str(end);
            continue;
        }
        // A display formula opening on this line and going on below it.
        if let Some(rest) = content.strip_prefix("$$")
            && !rest.contains("$$")
        {
            display = Some("$$");
        } else if let Some(rest) = content.strip_prefix("\\[") {
            let trimmed = rest.trim_end();
            // `\[` alone opens a formula below; `\[ … \]` is one on this
            // line, unless it is an escaped reference such as `\[1\]`.
            let formula = trimmed.strip_suffix("\\]").filter(|formula| {
                formula
                    .chars()
                    .any(|c| c.is_alphabetic() || "\\^_=+<>".contains(c))
            });
            if trimmed.is_empty() || formula.is_some() {
                out.push_str(indent);
                out.push_str("$$");
                match formula {
                    Some(formula) => {
                        out.push_str(formula);
                        out.push_str("$$");
                    }
                    None => display = Some("\\]"),
                }
                out.push_str(end);
                changed = true;
                continue;
            }
        }
        let inline = inline_parentheses(text);
        changed |= inline.is_some();
        out.push_str(inline.as_deref().unwrap_or(text));
        out.push_str(end);
    }
    changed.then_some(out)
}

/// A line inside a display formula, indented further when it would
/// otherwise start a block of its own.
fn protected(indent: &str, content: &str) -> String {
    let starts_block = content.starts_with(['-', '+', '*', '#', '>', '=', '|'])
        || content
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(['.', ')'])
            && content.starts_with(|c: char| c.is_ascii_digit());
    if starts_block {
        format!("{indent}    {content}")
    } else {
        format!("{indent}{content}")
    }
}

/// `text` with each `\(…\)` outside code spans written `$…$`.
fn inline_parentheses(text: &str) -> Option<String> {
    if !text.contains("\\(") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find(['`', '\\']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if from.starts_with('`') {
            let run = from.len() - from.trim_start_matches('`').len();
            let end = from[run..]
                .find(&from[..run])
                .map_or(run, |close| run + close + run);
            out.push_str(&from[..end]);
            rest = &from[end..];
        } else if let Some(inner) = from.strip_prefix("\\(")
            && let Some(close) = inner.find("\\)")
            && !inner[..close].trim().is_empty()
        {
            out.push('$');
            out.push_str(inner[..close].trim());
            out.push('$');
            rest = &inner[close + 2..];
            changed = true;
        } else {
            let step = from.chars().take(2).map(char::len_utf8).sum();
            out.push_str(&from[..step]);
            rest = &from[step..];
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parentheses_and_brackets_are_math_delimiters() {
        assert_eq!(
            rewrite("设 \\( x^2 \\) 与 `\\(code\\)`，见 \\[1\\]。\n\\[\n\\sum_i x_i\n\\]\n\\[ y \\]\n\\[2\\] 参考\n\\[3\\]\n").unwrap(),
            "设 $x^2$ 与 `\\(code\\)`，见 \\[1\\]。\n$$\n\\sum_i x_i\n$$\n$$ y $$\n\\[2\\] 参考\n\\[3\\]\n"
        );
    }

    #[test]
    fn display_lines_that_look_like_blocks_stay_in_the_formula() {
        assert_eq!(
            rewrite("$$\na\n- b\n+ c\n1. d\n$$\n- a list\n").unwrap(),
            "$$\na\n    - b\n    + c\n    1. d\n$$\n- a list\n"
        );
        assert_eq!(rewrite("$$x$$ and \\\\(not\n"), None);
        assert_eq!(rewrite("```\n\\(x\\)\n```\n"), None);
    }
}
