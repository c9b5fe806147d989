//! What stands around an item's options: the question before them (past
//! labels, metadata and code), an answer in a disclosure after them, an
//! explanation that names the answer, and true/false questions.

use std::ops::Range;

use super::lines::{parse_answer, parse_true_false, strip_explanation_label};
use super::{Block, BlockKind, ExamItem, Snippet};

/// The question of the options at block `b`: the heading or paragraph
/// before them, past labels and metadata (`**选项：**`, `**难度：⭐⭐**`,
/// `**题型：** 单选`). Returns its block and the first label block right
/// before the options (`b` when there is none), which the card replaces.
pub(super) fn question_before(
    blocks: &[Block],
    b: usize,
    body: &str,
) -> Option<(usize, usize, Option<Range<usize>>)> {
    let mut first_label = b;
    // The blocks of code between the question and the options.
    let mut code: Option<Range<usize>> = None;
    let mut index = b.checked_sub(1)?;
    loop {
        let block = &blocks[index];
        let text = &body[block.source.clone()];
        match block.kind {
            BlockKind::Code => {
                code = Some(index..code.map_or(index + 1, |code| code.end));
            }
            BlockKind::Paragraph if is_label(text) => {
                if first_label == index + 1 {
                    first_label = index;
                }
            }
            BlockKind::Paragraph if is_metadata(text) => {}
            BlockKind::Heading | BlockKind::Paragraph => return Some((index, first_label, code)),
            _ => return None,
        }
        index = index.checked_sub(1)?;
    }
}

/// Whether the first sentence of `text` names the one correct option (its
/// text, as in `…在自然语言处理（C. 自然语言处理）领域…`): a paragraph that
/// explains the answer, which the card shows once the reader answers.
pub(super) fn names_the_answer(text: &str, options: &[Snippet], answers: &[usize]) -> bool {
    let [answer] = answers else {
        return false;
    };
    let option = options[*answer]
        .text
        .trim()
        .trim_end_matches(['。', '.', '；', ';']);
    if option.chars().count() < 2 {
        return false;
    }
    let first_sentence = text.split(['。', '\n']).next().unwrap_or(text);
    first_sentence.contains(option)
}

/// An answer in a disclosure after the options.
pub(super) struct Disclosed {
    pub(super) answer: Vec<char>,
    pub(super) offset: usize,
    /// What follows the answer inside the disclosure.
    pub(super) explanation: Option<Snippet>,
    /// The block after the disclosure.
    pub(super) after: usize,
}

/// The answer inside the `<details>` that opens at block `b`, if one
/// does: the first answer line or heading in it, and the Markdown after
/// that line up to `</details>` as the explanation.
pub(super) fn disclosed_answer(blocks: &[Block], b: usize, body: &str) -> Option<Disclosed> {
    let opening = blocks.get(b).filter(|x| x.kind == BlockKind::Html)?;
    let opening_text = &body[opening.source.clone()];
    if !opening_text
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("<details")
    {
        return None;
    }
    let closing = (b..blocks.len()).find(|&i| {
        blocks[i].kind == BlockKind::Html
            && body[blocks[i].source.clone()]
                .to_ascii_lowercase()
                .contains("</details>")
    })?;
    let (answer_index, answer) = (b + 1..closing).find_map(|i| {
        let block = &blocks[i];
        matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading)
            .then(|| parse_answer(&body[block.source.clone()]))
            .flatten()
            .map(|answer| (i, answer))
    })?;
    let start = blocks[answer_index].source.end;
    let end = blocks[closing].source.start;
    let text = body.get(start..end).unwrap_or_default();
    let trimmed = text.trim();
    let explanation = (!trimmed.is_empty()).then(|| Snippet {
        text: trimmed.to_string(),
        offset: start + (text.len() - text.trim_start().len()),
    });
    Some(Disclosed {
        answer,
        offset: blocks[answer_index].source.start,
        explanation,
        after: closing + 1,
    })
}

/// A label alone (`**选项：**`, `Options:`): what introduces the options.
fn is_label(text: &str) -> bool {
    let bare = text.trim().trim_matches(['*', '_']).trim();
    !bare.contains('\n') && bare.chars().count() <= 12 && bare.ends_with([':', '：'])
}

/// Lines of metadata about a question (`**难度：⭐⭐**`, `题型：单选`).
fn is_metadata(text: &str) -> bool {
    const KEYS: &[&str] = &[
        "难度",
        "题型",
        "分值",
        "知识点",
        "标签",
        "来源",
        "类型",
        "Difficulty",
        "Type",
    ];
    text.lines().all(|line| {
        let bare = line.trim().trim_start_matches(['*', '_', '-', ' ']);
        KEYS.iter().any(|key| {
            bare.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['*', '_'])
                    .trim_start()
                    .starts_with([':', '：'])
            })
        })
    })
}

/// A true/false question (判断题) whose answer line is block `b`: the
/// statement in the paragraph or heading before it, the answer
/// `答案：对` / `错` / `正确` / `错误` / `√` / `×` / `True` / `False`. Returns
/// the item and the block after it (and after its explanation).
pub(super) fn true_false_item(blocks: &[Block], b: usize, body: &str) -> Option<(ExamItem, usize)> {
    let answer_block = blocks
        .get(b)
        .filter(|x| matches!(x.kind, BlockKind::Paragraph | BlockKind::Heading))?;
    let (truth, english) = parse_true_false(&body[answer_block.source.clone()])?;
    let stem_block = blocks
        .get(b.checked_sub(1)?)
        .filter(|x| matches!(x.kind, BlockKind::Paragraph | BlockKind::Heading))?;
    let offset = answer_block.source.start;
    let labels = if english {
        ["True", "False"]
    } else {
        ["正确", "错误"]
    };
    let options = labels
        .iter()
        .map(|label| Snippet {
            text: label.to_string(),
            offset,
        })
        .collect();
    let explanation = blocks
        .get(b + 1)
        .filter(|x| x.kind == BlockKind::Paragraph)
        .and_then(|x| {
            let text = &body[x.source.clone()];
            let rest = strip_explanation_label(text)?;
            Some(Snippet {
                text: rest.to_string(),
                offset: x.source.end - rest.len(),
            })
        });
    let last_block = if explanation.is_some() { b + 1 } else { b };
    let stem_is_heading = stem_block.kind == BlockKind::Heading;
    let first_replaced = if stem_is_heading { b } else { b - 1 };
    let item = ExamItem {
        replaced: blocks[first_replaced].events.start..blocks[last_block].events.end,
        stem: stem_block.events.start + 1..stem_block.events.end - 1,
        stem_is_heading,
        stem_code: None,
        options,
        answers: vec![usize::from(!truth)],
        explanation,
        offset: stem_block.source.start,
    };
    Some((item, last_block + 1))
}
