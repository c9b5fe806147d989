//! How text is cut into the terms of the search index. `static/search.js`
//! cuts a reader's query with the same rules (`terms` there), so the two
//! must change together.
//!
//! - Full-width ASCII (`ＡＢＣ１２３`) reads as ASCII.
//! - A word is a run of letters and digits outside the CJK scripts,
//!   lowercased letter by letter and cut to [`MAX_WORD_CHARS`].
//! - In a run of Chinese or Japanese characters, which are written without
//!   spaces, every character and every pair of neighbours is a term: a
//!   query from the middle of a sentence is a chain of pairs that the
//!   sentence holds, whatever the words are.

/// The longest word kept whole; longer ones are cut, in the query too.
pub const MAX_WORD_CHARS: usize = 32;

/// Whether `c` belongs to the scripts written without spaces between words
/// (Han, Hiragana, Katakana): the same ranges as `CJK` in search.js.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Full-width ASCII (U+FF01 to U+FF5E) as ASCII.
fn fold_width(c: char) -> char {
    match c as u32 {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Calls `emit` with every term of `text`, in order, repeats included.
pub fn for_each_term(text: &str, mut emit: impl FnMut(&str)) {
    let mut word = String::new();
    let mut word_chars = 0;
    let mut previous_cjk: Option<char> = None;
    let mut pair = String::with_capacity(8);
    for c in text.chars().map(fold_width) {
        if c.is_ascii() {
            // Most text is ASCII: the same rules, without Unicode tables.
            if c.is_ascii_alphanumeric() {
                previous_cjk = None;
                if word_chars < MAX_WORD_CHARS {
                    word.push(c.to_ascii_lowercase());
                    word_chars += 1;
                }
            } else {
                previous_cjk = None;
                flush_word(&mut word, &mut word_chars, &mut emit);
            }
        } else if is_cjk(c) {
            flush_word(&mut word, &mut word_chars, &mut emit);
            pair.clear();
            pair.push(c);
            emit(&pair);
            if let Some(before) = previous_cjk {
                pair.clear();
                pair.push(before);
                pair.push(c);
                emit(&pair);
            }
            previous_cjk = Some(c);
        } else if c.is_alphanumeric() {
            previous_cjk = None;
            for lower in c.to_lowercase() {
                if word_chars < MAX_WORD_CHARS {
                    word.push(lower);
                    word_chars += 1;
                }
            }
        } else {
            previous_cjk = None;
            flush_word(&mut word, &mut word_chars, &mut emit);
        }
    }
    flush_word(&mut word, &mut word_chars, &mut emit);
}

fn flush_word(word: &mut String, chars: &mut usize, emit: &mut impl FnMut(&str)) {
    if !word.is_empty() {
        emit(word);
        word.clear();
        *chars = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut all = Vec::new();
        for_each_term(text, |term| all.push(term.to_string()));
        all
    }

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits() {
        assert_eq!(
            terms("Tokenization, read_line() & GPT-4o"),
            ["tokenization", "read", "line", "gpt", "4o"]
        );
        assert_eq!(terms("Ｔｏｋｅｎ１２"), ["token12"]);
        assert_eq!(terms("Übergröße"), ["übergröße"]);
    }

    #[test]
    fn chinese_gives_every_character_and_every_pair() {
        assert_eq!(terms("池化层"), ["池", "化", "池化", "层", "化层"]);
        assert_eq!(
            terms("用BERT做，好"),
            ["用", "bert", "做", "好"],
            "pairs do not cross words or punctuation"
        );
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(100);
        assert_eq!(terms(&long), ["a".repeat(MAX_WORD_CHARS)]);
    }
}
