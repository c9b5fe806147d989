//! GitHub's emoji short codes: `:rocket:` becomes 🚀 in text (not in
//! code), by the `emojis` crate's table of GitHub's codes (gemoji). A
//! code GitHub does not know stays as written.

/// `text` with the short codes it holds replaced, or `None` when it holds
/// none.
pub(super) fn with_emoji(text: &str) -> Option<String> {
    if !text.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut replaced = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let code_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let emoji = (code_len > 0 && after[code_len..].starts_with(':'))
            .then(|| emojis::get_by_shortcode(&after[..code_len]))
            .flatten();
        match emoji {
            Some(emoji) => {
                out.push_str(&rest[..start]);
                out.push_str(emoji.as_str());
                rest = &after[code_len + 1..];
                replaced = true;
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    replaced.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn githubs_short_codes_become_emoji() {
        assert_eq!(with_emoji(":rocket: 发射").as_deref(), Some("🚀 发射"));
        assert_eq!(
            with_emoji("done :white_check_mark:, :+1: and :-1:").as_deref(),
            Some("done ✅, 👍 and 👎")
        );
        assert_eq!(with_emoji("a::b :rocket:").as_deref(), Some("a::b 🚀"));
        for text in [
            "12:30:45",
            ":no-such-code:",
            "时间：10:00",
            "::: tip",
            "plain",
        ] {
            assert_eq!(with_emoji(text), None, "{text}");
        }
    }
}
