//! Hexo's tag plugins in text: `{% post_link slug [text] %}` becomes a
//! link to the note `slug.md` beside this one, `{% asset_img file
//! [title] %}` the image `file` in the note's asset folder (Hexo's
//! `post_asset_folder`: a folder named like the note). Any other tag is
//! shown as written, with a warning: text is never dropped.

/// A piece of text: plain, or a tag with its name and arguments.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    Tag {
        /// The tag as written, `{%` to `%}`.
        raw: &'t str,
        /// Where it starts in the text, in bytes.
        at: usize,
        name: &'t str,
        arguments: Vec<&'t str>,
    },
}

/// `text` cut into plain text and tags; `None` when it holds none.
pub(super) fn tags(text: &str) -> Option<Vec<Piece<'_>>> {
    if !text.contains("{%") {
        return None;
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("{%").map(|i| at + i) {
        let Some(end) = text[start..].find("%}").map(|i| start + i + 2) else {
            break;
        };
        let inner = text[start + 2..end - 2].trim();
        let mut words = arguments(inner);
        if words.is_empty() {
            break;
        }
        let name = words.remove(0);
        if start > at {
            pieces.push(Piece::Text(&text[at..start]));
        }
        pieces.push(Piece::Tag {
            raw: &text[start..end],
            at: start,
            name,
            arguments: words,
        });
        at = end;
    }
    if pieces.is_empty() {
        return None;
    }
    if at < text.len() {
        pieces.push(Piece::Text(&text[at..]));
    }
    Some(pieces)
}

/// A tag's words, split at spaces; a quoted word (`"a b"`) keeps its
/// spaces and loses its quotes, as Hexo reads them.
fn arguments(inner: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let (word, after) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let close = rest[1..].find(quote).map_or(rest.len(), |i| i + 1);
                (&rest[1..close], rest.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        words.push(word);
        rest = after.trim_start();
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_cut_out_of_text_with_their_arguments() {
        let pieces =
            tags("见 {% post_link hello-world 你好 世界 %} 和 {% asset_img a.png \"A title\" %}.")
                .unwrap();
        assert_eq!(pieces.len(), 5);
        assert_eq!(pieces[0], Piece::Text("见 "));
        assert_eq!(
            pieces[1],
            Piece::Tag {
                raw: "{% post_link hello-world 你好 世界 %}",
                at: 4,
                name: "post_link",
                arguments: vec!["hello-world", "你好", "世界"],
            }
        );
        let Piece::Tag {
            name, arguments, ..
        } = &pieces[3]
        else {
            panic!("a tag")
        };
        assert_eq!(
            (*name, arguments.as_slice()),
            ("asset_img", &["a.png", "A title"][..])
        );
        assert_eq!(pieces[4], Piece::Text("."));
        assert_eq!(tags("no tag"), None);
        assert_eq!(tags("{% unclosed"), None);
        assert_eq!(tags("{%  %}"), None);
    }
}
