//! Lines that start with a colon. The parser reads `term` then `: text`
//! as a definition list, but it also reads `:::`, `:rocket: done` and
//! `:定义` after a line of text as one, where GitHub, which has no
//! definition lists, shows the text. A definition needs a space after its
//! colon here; the colon of any other such line is escaped before
//! parsing, outside code blocks.

use super::fences::Fences;

/// `body` with the colon escaped at the start of each line that would
/// otherwise open a definition without a space after it; `None` when
/// there is none. Each escape adds one byte to its line, after its colon.
pub(super) fn escape_false_definitions(body: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut fences = Fences::default();
    let mut previous_is_text = false;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        if indent <= 3
            && !fences.in_code(content)
            && previous_is_text
            && content.starts_with(':')
            && !content[1..].starts_with([' ', '\t', '\n', '\r'])
            && !content[1..].is_empty()
        {
            // The text before the first escape, then each line as it comes.
            let out = out.get_or_insert_with(|| {
                let mut out = String::with_capacity(body.len() + 16);
                out.push_str(&body[..at]);
                out
            });
            out.push_str(&line[..indent]);
            out.push('\\');
            out.push_str(content);
            at += line.len();
            previous_is_text = true;
            continue;
        }
        if let Some(out) = out.as_mut() {
            out.push_str(line);
        }
        previous_is_text =
            !fences.is_open() && !line.trim().is_empty() && !content.starts_with('<');
        at += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_colon_with_a_space_after_it_opens_a_definition() {
        assert_eq!(
            escape_false_definitions("文字\n:::\n说明\n:rocket: 完成\nterm\n: definition\n")
                .as_deref(),
            Some("文字\n\\:::\n说明\n\\:rocket: 完成\nterm\n: definition\n")
        );
        for body in [
            "term\n: definition\n",
            ":::\nat the start\n",
            "text\n\n:::\n",
            "```\ncode\n:not escaped\n```\n",
            "<div>\n:raw\n</div>\n",
            "text\n    :indented code\n",
        ] {
            assert_eq!(escape_false_definitions(body), None, "{body:?}");
        }
        assert_eq!(
            escape_false_definitions("```\na\n```\ntext\n:x\n").as_deref(),
            Some("```\na\n```\ntext\n\\:x\n")
        );
    }
}
