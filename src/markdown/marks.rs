//! Regions of a code block to highlight, as mdbook-quiz marks them
//! (`` `[`` … ``]` ``, see [`super::quiz_files`]): the Markdown carries
//! them as two characters of Unicode's private use area, which the code
//! highlighter leaves alone, and the rendered HTML gets `<mark>` there.

use crate::quiz::Rendering;

/// Where a marked region opens and closes.
pub(super) const OPEN: char = '\u{E000}';
pub(super) const CLOSE: char = '\u{E001}';

/// Every part of a rendered item with its marks as `<mark>`.
pub(super) fn in_rendering(rendering: &mut Rendering) {
    for html in std::iter::once(&mut rendering.stem_html)
        .chain(&mut rendering.options_html)
        .chain(&mut rendering.feedback_html)
        .chain([&mut rendering.explanation_html, &mut rendering.answer_html])
    {
        *html = in_code(html);
    }
}

/// Plain text without the marks.
pub(super) fn strip(text: &mut String) {
    text.retain(|c| c != OPEN && c != CLOSE);
}

/// `html` with the marked regions of its code blocks as `<mark>`: the
/// highlighter's spans open at a mark's edge are closed before it and
/// opened again after, so that every element stays whole.
fn in_code(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut open: Vec<&str> = Vec::new();
    let mut marking = false;
    let mut rest = html;
    let wrap = |out: &mut String, open: &[&str], tag: &str| {
        open.iter().for_each(|_| out.push_str("</span>"));
        out.push_str(tag);
        open.iter().for_each(|span| out.push_str(span));
    };
    while let Some(next) = rest.find(['<', OPEN, CLOSE]) {
        out.push_str(&rest[..next]);
        rest = &rest[next..];
        if let Some(after) = rest.strip_prefix(OPEN) {
            if !marking {
                wrap(&mut out, &open, "<mark>");
            }
            marking = true;
            rest = after;
        } else if let Some(after) = rest.strip_prefix(CLOSE) {
            if marking {
                wrap(&mut out, &open, "</mark>");
            }
            marking = false;
            rest = after;
        } else {
            let end = rest.find('>').map_or(rest.len(), |end| end + 1);
            let tag = &rest[..end];
            if tag.starts_with("<code") {
                open.clear();
            } else if tag == "</code>" && marking {
                out.push_str("</mark>");
                marking = false;
            } else if tag.starts_with("<span") {
                open.push(tag);
            } else if tag == "</span>" {
                open.pop();
            }
            out.push_str(tag);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_keep_the_highlighters_spans_whole() {
        let html = "<p>a</p><pre><code><span class=\"k\">let</span> <span class=\"v\">x\u{E000}y</span> = z\u{E001};</code></pre>";
        assert_eq!(
            in_code(html),
            "<p>a</p><pre><code><span class=\"k\">let</span> <span class=\"v\">x</span><mark><span class=\"v\">y</span> = z</mark>;</code></pre>"
        );
        assert_eq!(
            in_code("<pre><code>a\u{E000}b</code></pre>"),
            "<pre><code>a<mark>b</mark></code></pre>"
        );
    }
}
