//! `[[Bug #109145]](https://…)` and `[[dev-dependencies]](#x)` are
//! Markdown links whose text is in brackets, as GitHub shows them, not
//! Obsidian's `[[links]]` followed by text. Before parsing, the brackets
//! around such a link's text are escaped (two bytes more on its line),
//! outside code blocks and code spans.

use super::fences::Fences;

/// `body` with the inner brackets of each `[[…]](` escaped; `None` when
/// there is none.
pub(super) fn escape(body: &str) -> Option<String> {
    if !body.contains("]](") {
        return None;
    }
    let mut out: Option<String> = None;
    let mut fences = Fences::default();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        if !fences.in_code(line.trim_start()) && line.contains("]](") {
            let openings = bracketed_link_openings(line);
            if !openings.is_empty() {
                let out = out.get_or_insert_with(|| {
                    let mut out = String::with_capacity(body.len() + 16);
                    out.push_str(&body[..at]);
                    out
                });
                let mut last = 0;
                for (opening, closing) in openings {
                    // `[\[x\]](url)`: a link whose text is `[x]`.
                    out.push_str(&line[last..=opening]);
                    out.push('\\');
                    out.push_str(&line[opening + 1..closing]);
                    out.push('\\');
                    last = closing;
                }
                out.push_str(&line[last..]);
                at += line.len();
                continue;
            }
        }
        if let Some(out) = out.as_mut() {
            out.push_str(line);
        }
        at += line.len();
    }
    out
}

/// Where each `[[…]](` of `line` opens and where its `]]` starts,
/// outside code spans.
fn bracketed_link_openings(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut openings = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'`' => {
                let run = line[at..].len() - line[at..].trim_start_matches('`').len();
                let ticks = &line[at..at + run];
                at += run + line[at + run..].find(ticks).map_or(0, |close| close + run);
            }
            b'\\' => at += 2,
            b'[' if bytes.get(at + 1) == Some(&b'[') => {
                let inner = &line[at + 2..];
                match inner.find("]]") {
                    Some(close) if !inner[..close].contains('[') => {
                        if inner[close + 2..].starts_with('(') {
                            openings.push((at, at + 2 + close));
                        }
                        at += 2 + close + 2;
                    }
                    _ => at += 1,
                }
            }
            _ => at += 1,
        }
    }
    openings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_link_text_is_not_a_wiki_link() {
        assert_eq!(
            escape(
                "见 [[Bug #1]](https://x.org/1) 和 [[note]] 与 `[[a]](b)`\n```\n[[c]](d)\n```\n"
            )
            .unwrap(),
            "见 [\\[Bug #1\\]](https://x.org/1) 和 [[note]] 与 `[[a]](b)`\n```\n[[c]](d)\n```\n"
        );
        assert_eq!(escape("[[note]] (not a link)\n"), None);
    }
}
