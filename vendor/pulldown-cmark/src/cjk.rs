//! The CJK-friendly amendment to CommonMark's emphasis rules
//! (<https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md>).
//!
//! CommonMark decides whether `**` can open or close emphasis from the
//! characters around it, and a run that touches full-width punctuation on
//! the inside and a letter on the outside can do neither:
//! `**查询（Query）：**用于` stays literal. The amendment counts CJK
//! characters like whitespace for that purpose and narrows "punctuation" to
//! non-CJK punctuation. For text without CJK characters nothing changes.

use crate::puncttable::is_punctuation;

/// A CJK character: East Asian Width W, F or H and not an emoji by default,
/// or Hangul (the ranges of the specification, Unicode 16).
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11ff
            | 0x20a9
            | 0x2329..=0x232a
            | 0x2630..=0x2637
            | 0x268a..=0x268f
            | 0x2e80..=0x2e99
            | 0x2e9b..=0x2ef3
            | 0x2f00..=0x2fd5
            | 0x2ff0..=0x303e
            | 0x3041..=0x3096
            | 0x3099..=0x30ff
            | 0x3105..=0x312f
            | 0x3131..=0x318e
            | 0x3190..=0x31e5
            | 0x31ef..=0x321e
            | 0x3220..=0x3247
            | 0x3250..=0xa48c
            | 0xa490..=0xa4c6
            | 0xa960..=0xa97c
            | 0xac00..=0xd7a3
            | 0xd7b0..=0xd7c6
            | 0xd7cb..=0xd7fb
            | 0xf900..=0xfaff
            | 0xfe10..=0xfe19
            | 0xfe30..=0xfe52
            | 0xfe54..=0xfe66
            | 0xfe68..=0xfe6b
            | 0xff01..=0xffbe
            | 0xffc2..=0xffc7
            | 0xffca..=0xffcf
            | 0xffd2..=0xffd7
            | 0xffda..=0xffdc
            | 0xffe0..=0xffe6
            | 0xffe8..=0xffee
            | 0x16fe0..=0x16fe4
            | 0x16ff0..=0x16ff6
            | 0x17000..=0x18cd5
            | 0x18cff..=0x18d1e
            | 0x18d80..=0x18df2
            | 0x1aff0..=0x1aff3
            | 0x1aff5..=0x1affb
            | 0x1affd..=0x1affe
            | 0x1b000..=0x1b122
            | 0x1b132
            | 0x1b150..=0x1b152
            | 0x1b155
            | 0x1b164..=0x1b167
            | 0x1b170..=0x1b2fb
            | 0x1d300..=0x1d356
            | 0x1d360..=0x1d376
            | 0x1f200
            | 0x1f202
            | 0x1f210..=0x1f219
            | 0x1f21b..=0x1f22e
            | 0x1f230..=0x1f231
            | 0x1f237
            | 0x1f23b
            | 0x1f240..=0x1f248
            | 0x1f260..=0x1f265
            | 0x20000..=0x3fffd
    )
}

/// Ideographic Variation Selectors (U+E0100–U+E01EF).
fn is_ideographic_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xe0100..=0xe01ef)
}

/// Variation selectors U+FE00–U+FE0E (all but the emoji selector U+FE0F).
fn is_non_emoji_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xfe00..=0xfe0e)
}

fn is_non_cjk_punctuation(c: char) -> bool {
    is_punctuation(c) && !is_cjk(c)
}

/// The two characters before a delimiter run, nearest first.
#[derive(Clone, Copy)]
struct Before {
    last: Option<char>,
    second: Option<char>,
}

impl Before {
    fn of(text: &str) -> Before {
        let mut chars = text.chars().rev();
        Before {
            last: chars.next(),
            second: chars.next(),
        }
    }

    /// The character before, or the one before a variation selector.
    fn base_matches(self, test: fn(char) -> bool) -> bool {
        match self.last {
            Some(c) if test(c) => true,
            Some(c) if is_non_emoji_variation_selector(c) => self.second.is_some_and(test),
            _ => false,
        }
    }
}

fn left_flanking(before: Before, next: Option<char>) -> bool {
    let Some(next) = next else {
        return false;
    };
    if next.is_whitespace() {
        return false;
    }
    if !is_non_cjk_punctuation(next) {
        return true;
    }
    match before.last {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || before.base_matches(is_non_cjk_punctuation)
                || before.base_matches(is_cjk)
                || is_ideographic_variation_selector(c)
        }
    }
}

fn right_flanking(before: Before, next: Option<char>) -> bool {
    let Some(last) = before.last else {
        return false;
    };
    if last.is_whitespace() {
        return false;
    }
    if !before.base_matches(is_non_cjk_punctuation) {
        return true;
    }
    match next {
        None => true,
        Some(c) => c.is_whitespace() || is_non_cjk_punctuation(c) || is_cjk(c),
    }
}

/// Whether the delimiter run at `ix` of `s` (`suffix` is `&s[ix..]`) can
/// open and can close emphasis, for `*`, `_` and `~`.
pub(crate) fn delim_run_can_open_close(
    s: &str,
    suffix: &str,
    run_len: usize,
    ix: usize,
    table_cell: bool,
) -> (bool, bool) {
    let delim = suffix.as_bytes()[0];
    let next = suffix[run_len..].chars().next();
    let before = Before::of(&s[..ix]);
    if table_cell {
        // A cell border counts as the start or end of the text.
        let after_pipe =
            s.as_bytes()[..ix].ends_with(b"|") && !s.as_bytes()[..ix].ends_with(br"\|");
        if after_pipe {
            return (next.is_some_and(|c| !c.is_whitespace()), false);
        }
        if next == Some('|') {
            return (false, before.last.is_some_and(|c| !c.is_whitespace()));
        }
    }
    let left = left_flanking(before, next);
    let right = right_flanking(before, next);
    if delim == b'*' || (delim == b'~' && run_len > 1) {
        return (left, right);
    }
    // `_` and a single `~` cannot open or close inside a word.
    let can_open = left && (!right || before.base_matches(is_punctuation));
    let can_close = right && (!left || next.is_some_and(is_punctuation));
    (can_open, can_close)
}
