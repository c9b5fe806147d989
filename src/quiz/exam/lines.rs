//! The lines of an exam-style item: option labels, answer lines (lettered
//! and true/false) and explanation labels.

/// A label at the start of `text`: `A.` `A．` `A、` `A)` `A:` `A：` `(A)`
/// `（A）`, with the white space after it. Returns the letter and the
/// label's length.
pub fn parse_label(text: &str) -> Option<(char, usize)> {
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    let (letter, end) = match first {
        '(' | '（' => {
            let (_, letter) = chars.next()?;
            let (i, close) = chars.next()?;
            let matching = if first == '(' { ')' } else { '）' };
            if close != matching {
                return None;
            }
            (letter, i + close.len_utf8())
        }
        letter => {
            let (i, mark) = chars.next()?;
            if !matches!(mark, '.' | '．' | '、' | ')' | ':' | '：') {
                return None;
            }
            // `A.` must not start an abbreviation such as `A.I.` or `A.5`.
            if mark == '.'
                && text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
            {
                return None;
            }
            (letter, i + mark.len_utf8())
        }
    };
    if !letter.is_ascii_uppercase() {
        return None;
    }
    let spaces = text[end..].len()
        - text[end..]
            .trim_start_matches([' ', '\t', '\u{3000}'])
            .len();
    Some((letter, end + spaces))
}

/// What an answer line starts with (after any mark such as `✅`), in
/// Simplified and Traditional Chinese and in English.
const ANSWER_LABELS: [&str; 6] = [
    "正确答案",
    "正確答案",
    "参考答案",
    "參考答案",
    "答案",
    "Answer",
];

/// How an answer label is parted from the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// `答案：B`, `Answer: B`.
    Colon,
    /// `答案 B`, as javascript-questions' zh-TW headings write it.
    Space,
    /// `答案B`: no answer line at all.
    Nothing,
}

/// What follows an answer label (`✅ **答案**：`) on a line, and what
/// parted them; `None` when the line does not start with one. Emphasis
/// marks are dropped first.
fn after_answer_label(line: &str) -> Option<(String, Separator)> {
    let line = line.trim().replace(['*', '_'], "");
    // `✅ 正确答案：B`: a mark before the label.
    let line = line
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_start();
    let rest = ANSWER_LABELS
        .iter()
        .chain(&["Answers"])
        .find_map(|label| line.strip_prefix(label))?;
    let (rest, separator) = match rest.trim_start().strip_prefix([':', '：']) {
        Some(rest) => (rest, Separator::Colon),
        None if rest.starts_with(char::is_whitespace) => (rest, Separator::Space),
        None => (rest, Separator::Nothing),
    };
    let rest = rest.trim().trim_end_matches(['。', '.']).to_string();
    Some((rest, separator))
}

/// `答案：ABC`, `正确答案: A、C`, `Answer: A, C`, `答案 B` → the letters.
pub fn parse_answer(line: &str) -> Option<Vec<char>> {
    let (rest, separator) = after_answer_label(line)?;
    if separator == Separator::Nothing {
        return None;
    }
    let mut letters = Vec::new();
    for c in rest.chars() {
        match c {
            'A'..='Z' => letters.push(c),
            ',' | '，' | '、' | ' ' | '\u{3000}' | ';' | '；' => {}
            _ => return None,
        }
    }
    (!letters.is_empty()).then_some(letters)
}

/// The text of an explanation paragraph after `解析：` or `Explanation:`.
pub(super) fn strip_explanation_label(text: &str) -> Option<&str> {
    let trimmed = text.trim_start_matches(['*', '_']);
    for label in ["解析", "Explanation"] {
        if let Some(rest) = trimmed.strip_prefix(label) {
            let rest = rest.trim_start_matches(['*', '_']).trim_start();
            if let Some(rest) = rest.strip_prefix([':', '：']) {
                return Some(rest.trim_start_matches(['*', '_']).trim());
            }
        }
    }
    None
}

/// `答案：对` → `(true, false)`; `Answer: False` → `(false, true)`: the
/// truth and whether the answer is in English.
pub fn parse_true_false(line: &str) -> Option<(bool, bool)> {
    let (rest, separator) = after_answer_label(line)?;
    if separator != Separator::Colon {
        return None;
    }
    match rest.as_str() {
        "对" | "對" | "正确" | "正確" | "√" | "✓" | "✔" | "是" => Some((true, false)),
        "错" | "錯" | "错误" | "錯誤" | "×" | "✗" | "✘" | "否" => Some((false, false)),
        "True" | "true" | "T" => Some((true, true)),
        "False" | "false" | "F" => Some((false, true)),
        _ => None,
    }
}
