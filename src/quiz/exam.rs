//! Exam style (选择题): a question, options labelled `A.` `B．` `C、` `D)`
//! `(E)` `（F）` in paragraphs or list items, an answer line (`答案：AC`),
//! and an optional explanation (`解析：…`). Without an answer line nothing
//! is a quiz item, so prose with lettered points is left alone.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::QuizError;
use super::fenced::matching_end;

/// An exam-style item found among a note's top-level blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamItem {
    /// The events the card replaces: the stem paragraph (a stem heading
    /// stays a heading), the options, the answer and the explanation.
    pub replaced: Range<usize>,
    /// The events inside the stem heading or paragraph.
    pub stem: Range<usize>,
    pub stem_is_heading: bool,
    /// Each option's Markdown and its byte offset in the note's body.
    pub options: Vec<Snippet>,
    /// Indices of the correct options.
    pub answers: Vec<usize>,
    pub explanation: Option<Snippet>,
    /// Byte offset of the stem, for the item's line.
    pub offset: usize,
}

/// A piece of the note's Markdown, with where it starts in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub offset: usize,
}

/// A top-level block: its event index range (end exclusive) and kind.
#[derive(Debug, Clone)]
struct Block {
    events: Range<usize>,
    source: Range<usize>,
    kind: BlockKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Heading,
    Paragraph,
    List,
    Other,
}

fn blocks(events: &[(Event<'_>, Range<usize>)]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < events.len() {
        let (event, source) = &events[index];
        let (kind, end) = match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Heading { .. } => BlockKind::Heading,
                    Tag::Paragraph => BlockKind::Paragraph,
                    Tag::List(_) => BlockKind::List,
                    _ => BlockKind::Other,
                };
                (kind, matching_end(events, index))
            }
            _ => (BlockKind::Other, index),
        };
        blocks.push(Block {
            events: index..end + 1,
            source: source.clone(),
            kind,
        });
        index = end + 1;
    }
    blocks
}

/// What the exam-style scan of a note found.
#[derive(Debug, Default)]
pub struct Scan {
    pub items: Vec<ExamItem>,
    /// Problems in items that have an answer line, at byte offsets.
    pub errors: Vec<(usize, QuizError)>,
    /// Byte offsets of runs of two or more lettered options with no answer
    /// line: prose, or a quiz item whose answer was forgotten.
    pub unanswered: Vec<usize>,
}

/// Finds the exam-style items among a note's events (`events` from the
/// note's `body`).
pub fn find_items(events: &[(Event<'_>, Range<usize>)], body: &str) -> Scan {
    let blocks = blocks(events);
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut unanswered = Vec::new();
    let mut b = 0;
    while b < blocks.len() {
        let Some(run) = option_run(&blocks, b, body) else {
            b += 1;
            continue;
        };
        let after = run.next_block;
        let (answer, answer_offset, explanation_block) = match run.answer_in_last_block {
            Some((answer, offset)) => (Some(answer), offset, after),
            // An answer line, or a heading (`#### 答案：B`) after the options.
            None => match blocks
                .get(after)
                .filter(|x| matches!(x.kind, BlockKind::Paragraph | BlockKind::Heading))
            {
                Some(block) => match parse_answer(&body[block.source.clone()]) {
                    Some(answer) => (Some(answer), block.source.start, after + 1),
                    None => (None, 0, after),
                },
                None => (None, 0, after),
            },
        };
        let Some(answer) = answer else {
            if run.options.len() >= 2 {
                unanswered.push(blocks[b].source.start);
            }
            b = run.next_block.max(b + 1);
            continue;
        };
        let stem_block = b
            .checked_sub(1)
            .map(|i| &blocks[i])
            .filter(|block| matches!(block.kind, BlockKind::Heading | BlockKind::Paragraph));
        let Some(stem_block) = stem_block else {
            errors.push((
                answer_offset,
                QuizError::new(0, "these options and answer have no question before them")
                    .help("put the question in a paragraph or heading right above the options"),
            ));
            b = explanation_block;
            continue;
        };
        let mut answers = Vec::new();
        let mut bad_letter = None;
        for letter in answer {
            let index = (letter as u8 - b'A') as usize;
            if index >= run.options.len() {
                bad_letter = Some(letter);
            } else if !answers.contains(&index) {
                answers.push(index);
            }
        }
        if let Some(letter) = bad_letter {
            errors.push((
                answer_offset,
                QuizError::new(
                    0,
                    format!(
                        "the answer names option {letter}, but the options go from A to {}",
                        super::letter(run.options.len().saturating_sub(1))
                    ),
                ),
            ));
            b = explanation_block;
            continue;
        }
        let explanation = blocks
            .get(explanation_block)
            .filter(|x| x.kind == BlockKind::Paragraph)
            .and_then(|x| {
                let text = &body[x.source.clone()];
                let rest = strip_explanation_label(text)?;
                Some((
                    Snippet {
                        text: rest.to_string(),
                        offset: x.source.end - rest.len(),
                    },
                    explanation_block,
                ))
            });
        let last_block = explanation
            .as_ref()
            .map_or(explanation_block - 1, |(_, i)| *i);
        let stem_is_heading = stem_block.kind == BlockKind::Heading;
        let first_replaced = if stem_is_heading { b } else { b - 1 };
        items.push(ExamItem {
            replaced: blocks[first_replaced].events.start..blocks[last_block].events.end,
            stem: stem_block.events.start + 1..stem_block.events.end - 1,
            stem_is_heading,
            options: run.options,
            answers,
            explanation: explanation.map(|(snippet, _)| snippet),
            offset: stem_block.source.start,
        });
        b = last_block + 1;
    }
    Scan {
        items,
        errors,
        unanswered,
    }
}

/// A run of lettered options starting at block `b`.
struct OptionRun {
    options: Vec<Snippet>,
    /// The block after the run.
    next_block: usize,
    /// An answer line that ends the last options paragraph, and its offset.
    answer_in_last_block: Option<(Vec<char>, usize)>,
}

fn option_run(blocks: &[Block], b: usize, body: &str) -> Option<OptionRun> {
    let block = &blocks[b];
    match block.kind {
        BlockKind::List => {
            let text = &body[block.source.clone()];
            let options = list_options(text, block.source.start)?;
            Some(OptionRun {
                options,
                next_block: b + 1,
                answer_in_last_block: None,
            })
        }
        BlockKind::Paragraph => {
            let mut options: Vec<Snippet> = Vec::new();
            let mut index = b;
            while let Some(block) = blocks.get(index).filter(|x| x.kind == BlockKind::Paragraph) {
                let text = &body[block.source.clone()];
                let (text, answer) = split_trailing_answer(text);
                let first_letter = (b'A' + options.len() as u8) as char;
                let Some(found) = split_options(text, first_letter, block.source.start) else {
                    break;
                };
                options.extend(found);
                index += 1;
                if let Some((answer, line_offset)) = answer {
                    return Some(OptionRun {
                        options,
                        next_block: index,
                        answer_in_last_block: Some((answer, block.source.start + line_offset)),
                    });
                }
            }
            (!options.is_empty()).then_some(OptionRun {
                options,
                next_block: index,
                answer_in_last_block: None,
            })
        }
        _ => None,
    }
}

/// A paragraph whose last line is an answer line: the text before it, and
/// the answer with the line's offset in the paragraph.
fn split_trailing_answer(text: &str) -> (&str, Option<(Vec<char>, usize)>) {
    let trimmed = text.trim_end();
    let Some(newline) = trimmed.rfind('\n') else {
        return (text, None);
    };
    match parse_answer(&trimmed[newline + 1..]) {
        Some(answer) => (&trimmed[..newline], Some((answer, newline + 1))),
        None => (text, None),
    }
}

/// The options of a list whose items each start with the next label.
fn list_options(text: &str, base: usize) -> Option<Vec<Snippet>> {
    let mut options = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start();
        let marker_len = list_marker_len(content);
        let indent = line.len() - content.len();
        if let Some(marker) = marker_len {
            let item = &content[marker..];
            let expected = (b'A' + options.len() as u8) as char;
            let (letter, label_len) = parse_label(item)?;
            if letter != expected {
                return None;
            }
            let start = offset + indent + marker + label_len;
            options.push(Snippet {
                text: item[label_len..].trim().to_string(),
                offset: base + start,
            });
        } else if let Some(last) = options.last_mut()
            && !line.trim().is_empty()
        {
            last.text.push('\n');
            last.text.push_str(line.trim());
        }
        offset += line.len();
    }
    (!options.is_empty()).then_some(options)
}

fn list_marker_len(line: &str) -> Option<usize> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return rest.starts_with(' ').then_some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(['.', ')']) && line[digits + 1..].starts_with(' '))
        .then_some(digits + 2)
}

/// Splits text that starts with option `first` into options, each starting
/// with the next letter's label at the start of a line or after white space.
fn split_options(text: &str, first: char, base: usize) -> Option<Vec<Snippet>> {
    let leading = text.len() - text.trim_start().len();
    let (letter, label_len) = parse_label(&text[leading..])?;
    if letter != first {
        return None;
    }
    let mut starts = vec![(leading, leading + label_len)];
    let mut expected = (first as u8 + 1) as char;
    let mut search_from = leading + label_len;
    while let Some((label_start, label_end)) = find_label(text, search_from, expected) {
        starts.push((label_start, label_end));
        search_from = label_end;
        expected = (expected as u8 + 1) as char;
    }
    let mut options = Vec::new();
    for (i, &(_, content_start)) in starts.iter().enumerate() {
        let content_end = starts.get(i + 1).map_or(text.len(), |&(next, _)| next);
        let content = &text[content_start..content_end];
        let trimmed = content.trim();
        let offset = content_start + (content.len() - content.trim_start().len());
        options.push(Snippet {
            text: trimmed.to_string(),
            offset: base + offset,
        });
    }
    Some(options)
}

/// The next label of `letter` at or after `from`, preceded by white space.
fn find_label(text: &str, from: usize, letter: char) -> Option<(usize, usize)> {
    let mut position = from;
    while position < text.len() {
        let rest = &text[position..];
        let candidate = rest.find([letter, '(', '（'])?;
        let start = position + candidate;
        // After white space, or after the punctuation that ends the option
        // before it (`（RNN）B. …`), never inside a bracket (`（C. 语言）`).
        let preceded_by_space = text[..start].chars().next_back().is_none_or(|c| {
            c.is_whitespace() || matches!(c, '）' | ')' | '，' | ',' | '；' | ';' | '。')
        });
        if preceded_by_space
            && let Some((found, len)) = parse_label(&text[start..])
            && found == letter
        {
            return Some((start, start + len));
        }
        position = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

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

/// `答案：ABC`, `正确答案: A、C`, `Answer: A, C` → the letters.
pub fn parse_answer(line: &str) -> Option<Vec<char>> {
    let line = line.trim().replace(['*', '_'], "");
    // `✅ 正确答案：B`: a mark before the label.
    let line = line
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_start();
    let rest = ["正确答案", "参考答案", "答案", "Answers", "Answer"]
        .iter()
        .find_map(|label| line.strip_prefix(label))?;
    let rest = rest.trim_start().strip_prefix([':', '：'])?;
    let rest = rest.trim().trim_end_matches(['。', '.']);
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
fn strip_explanation_label(text: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn find(body: &str) -> (Vec<ExamItem>, Vec<(usize, QuizError)>) {
        let events: Vec<_> = Parser::new_ext(body, crate::markdown::parser_options())
            .into_offset_iter()
            .collect();
        let scan = find_items(&events, body);
        (scan.items, scan.errors)
    }

    fn option_texts(item: &ExamItem) -> Vec<&str> {
        item.options.iter().map(|o| o.text.as_str()).collect()
    }

    #[test]
    fn labels() {
        for (text, letter) in [
            ("A. x", 'A'),
            ("B．x", 'B'),
            ("C、x", 'C'),
            ("D) x", 'D'),
            ("(E) x", 'E'),
            ("（F）x", 'F'),
            ("G: x", 'G'),
            ("H：x", 'H'),
        ] {
            assert_eq!(parse_label(text).map(|(l, _)| l), Some(letter), "{text}");
        }
        assert_eq!(parse_label("A.I. is"), None);
        assert_eq!(parse_label("A.递归").map(|(l, _)| l), Some('A'));
        assert_eq!(parse_label("a. x"), None);
        assert_eq!(parse_label("Apple"), None);
    }

    #[test]
    fn answer_lines() {
        assert_eq!(parse_answer("答案：ABC"), Some(vec!['A', 'B', 'C']));
        assert_eq!(parse_answer("正确答案: A,C"), Some(vec!['A', 'C']));
        assert_eq!(parse_answer("参考答案：A、C"), Some(vec!['A', 'C']));
        assert_eq!(parse_answer("Answer: A C"), Some(vec!['A', 'C']));
        assert_eq!(parse_answer("**答案：** B。"), Some(vec!['B']));
        assert_eq!(parse_answer("✅ 正确答案：B"), Some(vec!['B']));
        assert_eq!(parse_answer("答案是很多"), None);
        assert_eq!(parse_answer("答案：看上文"), None);
    }

    #[test]
    fn options_on_one_line_with_a_heading_stem() {
        let body = "#### 1.2 以下哪些方法被用于处理序列数据？\n\nA. 递归神经网络（RNN） B. 卷积神经网络（CNN） C. 注意力机制（Attention） D. 支持向量机（SVM）\n\n答案：ABC\n\n解析：RNN、CNN 和注意力机制都是处理序列数据的常见方法。\n";
        let (items, errors) = find(body);
        assert!(errors.is_empty());
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert!(item.stem_is_heading);
        assert_eq!(
            option_texts(item),
            [
                "递归神经网络（RNN）",
                "卷积神经网络（CNN）",
                "注意力机制（Attention）",
                "支持向量机（SVM）"
            ]
        );
        assert_eq!(item.answers, [0, 1, 2]);
        assert_eq!(
            item.explanation.as_ref().unwrap().text,
            "RNN、CNN 和注意力机制都是处理序列数据的常见方法。"
        );
        assert_eq!(&body[item.options[1].offset..][..3], "卷");
    }

    #[test]
    fn options_one_per_line_and_per_list_item_and_full_width_labels() {
        let (items, _) = find("Which?\n\nA．one\nB．two\n答案：B\n");
        assert_eq!(option_texts(&items[0]), ["one", "two"]);
        assert_eq!(items[0].answers, [1]);
        assert!(!items[0].stem_is_heading);

        let (items, _) = find("Which?\n\n- （A）one\n- （B）two\n- （C）three\n\nAnswer: A, C\n");
        assert_eq!(option_texts(&items[0]), ["one", "two", "three"]);
        assert_eq!(items[0].answers, [0, 2]);

        let (items, _) = find("Which?\n\nA、one\n\nB、two\n\n答案：A\n");
        assert_eq!(option_texts(&items[0]), ["one", "two"]);

        // An answer as a heading.
        let (items, _) =
            find("### 1. 哪一个？\n\nA. 甲 B. 乙\n\n#### ✅ 正确答案：B\n\n解析：因为。\n");
        assert_eq!(items[0].answers, [1]);
        assert_eq!(items[0].explanation.as_ref().unwrap().text, "因为。");

        // Labels with a colon, and a marked answer line.
        let (items, _) = find("哪一个？\n\n- A：甲\n- B：乙\n- C: 丙\n\n✅ 正确答案：C\n");
        assert_eq!(option_texts(&items[0]), ["甲", "乙", "丙"]);
        assert_eq!(items[0].answers, [2]);
    }

    #[test]
    fn prose_with_lettered_points_and_no_answer_is_not_a_quiz() {
        let body = "#### 1.3 以下方法被用于处理序列数据的是\n\nA. 递归神经网络（RNN）：RNN是一种。\n\nB. 卷积神经网络（CNN）：CNN主要用于图像处理。\n\n综上所述，A. 递归神经网络（RNN）、B. 卷积神经网络（CNN）是常见方法。\n";
        let (items, errors) = find(body);
        assert!(items.is_empty() && errors.is_empty());
        let events: Vec<_> = Parser::new_ext(body, crate::markdown::parser_options())
            .into_offset_iter()
            .collect();
        let scan = find_items(&events, body);
        assert_eq!(scan.unanswered.len(), 1);
        assert!(body[scan.unanswered[0]..].starts_with("A. 递归"));
        // The seed's 1.1 answer mentions "（C. 自然语言处理）" in prose.
        let (items, _) =
            find("注意力机制最早是在自然语言处理（C. 自然语言处理）领域得到应用的。\n");
        assert!(items.is_empty());
    }

    #[test]
    fn an_answer_letter_that_names_no_option_is_an_error() {
        let (items, errors) = find("Q?\n\nA. x B. y\n\n答案：C\n");
        assert!(items.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].1.message.contains("option C"),
            "{}",
            errors[0].1.message
        );
    }

    #[test]
    fn the_card_replaces_the_paragraph_stem_but_not_a_heading() {
        let body = "intro\n\nQ?\n\nA. x B. y\n\n答案：A\n\nafter\n";
        let events: Vec<_> = Parser::new_ext(body, crate::markdown::parser_options())
            .into_offset_iter()
            .collect();
        let items = find_items(&events, body).items;
        let replaced = &events[items[0].replaced.clone()];
        let text: String = replaced
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "Q?A. x B. y答案：A");
    }
}
