//! Obsidian's comments, `%%hidden%%`, inline or over several lines, are
//! left out of the page. They are removed before parsing, outside code
//! blocks and code spans; each line stays where it was.

use super::fences::Fences;

/// `body` without its comments; `None` when it has none.
pub(super) fn strip(body: &str) -> Option<String> {
    if !body.contains("%%") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut fences = Fences::default();
    let mut in_comment = false;
    // Where the comment being read began in `out`, to put it back when it
    // never ends (Obsidian hides the rest of the note; here it shows).
    let mut comment_start = 0;
    let mut comment_text = String::new();
    let mut changed = false;
    for line in body.split_inclusive('\n') {
        if !in_comment && fences.in_code(line.trim_start()) {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while !rest.is_empty() {
            if in_comment {
                match rest.find("%%") {
                    Some(end) => {
                        comment_text.push_str(&rest[..end + 2]);
                        in_comment = false;
                        changed = true;
                        rest = &rest[end + 2..];
                    }
                    None => {
                        comment_text.push_str(rest);
                        // Line ends stay, so that lines keep their numbers.
                        out.push_str(&"\n".repeat(rest.matches('\n').count()));
                        rest = "";
                    }
                }
                continue;
            }
            let Some(start) = next_marker_outside_code(rest) else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..start]);
            comment_start = out.len();
            comment_text.clear();
            comment_text.push_str("%%");
            in_comment = true;
            rest = &rest[start + 2..];
        }
    }
    if in_comment {
        // Never closed: shown as written.
        out.truncate(comment_start);
        out.push_str(&comment_text);
    }
    changed.then_some(out)
}

/// Where the next `%%` outside a code span starts in `text`.
fn next_marker_outside_code(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'`' => {
                let run = text[at..].len() - text[at..].trim_start_matches('`').len();
                let ticks = &text[at..at + run];
                match text[at + run..].find(ticks) {
                    Some(close) => at += run + close + run,
                    None => at += run,
                }
            }
            b'%' if bytes.get(at + 1) == Some(&b'%') => return Some(at),
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_go_and_lines_stay() {
        assert_eq!(
            strip("a %%hidden%% b\n%%\nmany\nlines\n%%\nc `%%code%%`\n").unwrap(),
            "a  b\n\n\n\n\nc `%%code%%`\n"
        );
        assert_eq!(strip("```\n%%kept%%\n```\n"), None);
        assert_eq!(strip("no comment\n"), None);
        assert_eq!(strip("50%% off\n"), None, "never closed: shown");
    }
}
