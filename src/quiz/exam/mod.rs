//! Exam style (选择题): a question, options labelled `A.` `B．` `C、` `D)`
//! `(E)` `（F）` in paragraphs or list items, an answer line (`答案：AC`),
//! and an optional explanation (`解析：…`). Without an answer line nothing
//! is a quiz item, so prose with lettered points is left alone.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::QuizError;
use super::fenced::matching_end;
use lines::strip_explanation_label;
pub use lines::{parse_answer, parse_label, parse_true_false};

mod around;
mod lines;
use around::{disclosed_answer, names_the_answer, question_before, true_false_item};

/// An exam-style item found among a note's top-level blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamItem {
    /// The events the card replaces: the stem paragraph (a stem heading
    /// stays a heading), the options, the answer and the explanation.
    pub replaced: Range<usize>,
    /// The events inside the stem heading or paragraph.
    pub stem: Range<usize>,
    pub stem_is_heading: bool,
    /// Code blocks between the question and the options: part of the stem.
    pub stem_code: Option<Range<usize>>,
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
    Code,
    Html,
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
                    Tag::CodeBlock(_) => BlockKind::Code,
                    Tag::HtmlBlock => BlockKind::Html,
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
    // The last block the items found so far take.
    let mut claimed: Option<usize> = None;
    while b < blocks.len() {
        if let Some(item) = true_false_item(&blocks, b, body) {
            b = item.1;
            claimed = Some(b - 1);
            items.push(item.0);
            continue;
        }
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
        // Or the answer in a disclosure after the options, with the
        // explanation after it there (`<details><summary>答案</summary>`).
        let disclosed = match answer {
            Some(_) => None,
            None => disclosed_answer(&blocks, after, body),
        };
        let (answer, answer_offset, explanation_block) = match &disclosed {
            Some(found) => (Some(found.answer.clone()), found.offset, found.after),
            None => (answer, answer_offset, explanation_block),
        };
        // Or an answer line right before the options (`**答案**：C` then
        // `A. …`), when no earlier item took it as its own.
        let answer_before = match answer {
            Some(_) => None,
            None => b
                .checked_sub(1)
                .filter(|&i| claimed.is_none_or(|claimed| i > claimed))
                .filter(|&i| blocks[i].kind == BlockKind::Paragraph)
                .and_then(|i| Some((i, parse_answer(&body[blocks[i].source.clone()])?))),
        };
        let (answer, answer_offset) = match (&answer, &answer_before) {
            (None, Some((i, before))) => (Some(before.clone()), blocks[*i].source.start),
            _ => (answer, answer_offset),
        };
        let Some(answer) = answer else {
            if run.options.len() >= 2 {
                unanswered.push(blocks[b].source.start);
            }
            b = run.next_block.max(b + 1);
            continue;
        };
        let question =
            question_before(&blocks, answer_before.as_ref().map_or(b, |(i, _)| *i), body);
        let stem_block = question.as_ref().map(|(stem, _, _)| &blocks[*stem]);
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
        let explanation = disclosed.as_ref().and_then(|found| {
            found
                .explanation
                .clone()
                .map(|snippet| (snippet, found.after - 1))
        });
        let explanation = explanation.or_else(|| {
            blocks
                .get(explanation_block)
                .filter(|x| x.kind == BlockKind::Paragraph)
                .and_then(|x| {
                    let text = &body[x.source.clone()];
                    // `解析：…`, or a paragraph that opens by naming the
                    // answer (`…在自然语言处理（C. 自然语言处理）领域…`).
                    let rest = strip_explanation_label(text).or_else(|| {
                        names_the_answer(text, &run.options, &answers).then_some(text)
                    })?;
                    Some((
                        Snippet {
                            text: rest.to_string(),
                            offset: x.source.end - rest.len(),
                        },
                        explanation_block,
                    ))
                })
        });
        let last_block = match &disclosed {
            Some(found) => found.after - 1,
            None => explanation
                .as_ref()
                .map_or(explanation_block - 1, |(_, i)| *i),
        };
        let stem_is_heading = stem_block.kind == BlockKind::Heading;
        let (stem_index, first_label, stem_code) = question.expect("the stem was found");
        let first_replaced = if stem_is_heading {
            first_label
        } else {
            stem_index
        };
        items.push(ExamItem {
            replaced: blocks[first_replaced].events.start..blocks[last_block].events.end,
            stem: stem_block.events.start + 1..stem_block.events.end - 1,
            stem_is_heading,
            stem_code: stem_code
                .map(|code| blocks[code.start].events.start..blocks[code.end - 1].events.end),
            options: run.options,
            answers,
            explanation: explanation.map(|(snippet, _)| snippet),
            offset: stem_block.source.start,
        });
        claimed = Some(last_block);
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

#[cfg(test)]
mod tests;
