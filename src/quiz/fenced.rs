//! The fenced `quiz` block: a stem, a task list of options (`[x]` correct,
//! `[ ]` wrong, a blockquote inside an option is its feedback), and an
//! explanation after the list.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::{Flags, QuizError, valid_id};

/// Reads the words after `quiz` in the info string.
pub fn parse_flags(info: &str, line: usize) -> Result<Flags, QuizError> {
    let mut flags = Flags::default();
    let words = info.split_whitespace().skip(1);
    for word in words {
        match word {
            "multiple" => flags.multiple = true,
            "shuffle" => flags.shuffle = true,
            _ if word.starts_with("id=") => {
                let id = word["id=".len()..].trim_matches('"');
                if !valid_id(id) {
                    return Err(QuizError::new(line, format!("`{word}` is not a usable quiz id"))
                        .help("ids are letters, digits, `-`, `_`, `.` and `/`, starting with a letter or digit"));
                }
                flags.id = Some(id.to_string());
            }
            _ => {
                return Err(QuizError::new(line, format!("unknown quiz flag `{word}`"))
                    .help("the flags are `multiple`, `shuffle` and `id=NAME`"));
            }
        }
    }
    Ok(flags)
}

/// One option: whether it is correct, and the event index ranges of its
/// content and of its feedback (the blockquote inside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionParts {
    pub correct: bool,
    pub content: Vec<Range<usize>>,
    pub feedback: Option<Range<usize>>,
}

/// The parts of a fenced quiz block, as ranges of indices into its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub stem: Range<usize>,
    pub options: Vec<OptionParts>,
    pub explanation: Range<usize>,
}

/// Splits the events of a quiz block's Markdown into stem, options and
/// explanation. `line` is the block's line, for errors.
pub fn split<T>(events: &[(Event<'_>, T)], line: usize) -> Result<Parts, QuizError> {
    let is_task_list = |start: usize| {
        if !matches!(events[start].0, Event::Start(Tag::List(_))) {
            return false;
        }
        let item_end = matching_end(events, start + 1);
        events[start + 1..item_end]
            .iter()
            .take(3)
            .any(|(e, _)| matches!(e, Event::TaskListMarker(_)))
    };
    let list_start = (0..events.len())
        .find(|&i| i + 1 < events.len() && is_task_list(i))
        .ok_or_else(|| {
            QuizError::new(line, "this quiz block has no options")
                .help("write the options as a task list: `- [x] right` and `- [ ] wrong`")
        })?;
    let list_end = matching_end(events, list_start);
    let mut options = Vec::new();
    let mut index = list_start + 1;
    while index < list_end {
        let item_end = matching_end(events, index);
        let correct = events[index..item_end].iter().find_map(|(e, _)| match e {
            Event::TaskListMarker(checked) => Some(*checked),
            _ => None,
        });
        let Some(correct) = correct else {
            return Err(QuizError::new(
                line,
                "every option of a quiz block needs `[x]` or `[ ]`",
            ));
        };
        let mut content = Vec::new();
        let mut feedback = None;
        let mut inner = index + 1;
        while inner < item_end {
            match &events[inner].0 {
                Event::Start(Tag::BlockQuote(_)) => {
                    let end = matching_end(events, inner);
                    feedback = Some(inner + 1..end);
                    inner = end + 1;
                }
                Event::Start(_) => {
                    let end = matching_end(events, inner);
                    content.push(inner..end + 1);
                    inner = end + 1;
                }
                _ => {
                    let start = inner;
                    while inner < item_end && !matches!(events[inner].0, Event::Start(_)) {
                        inner += 1;
                    }
                    content.push(start..inner);
                }
            }
        }
        options.push(OptionParts {
            correct,
            content,
            feedback,
        });
        index = item_end + 1;
    }
    Ok(Parts {
        stem: 0..list_start,
        options,
        explanation: list_end + 1..events.len(),
    })
}

/// The index of the end event that closes the tag opened at `start`.
pub fn matching_end<T>(events: &[(Event<'_>, T)], start: usize) -> usize {
    let mut depth = 0usize;
    for (offset, (event, _)) in events[start..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return start + offset;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn parts(markdown: &str) -> Result<(Vec<Event<'_>>, Parts), QuizError> {
        let events: Vec<(Event<'_>, ())> =
            Parser::new_ext(markdown, crate::markdown::parser_options())
                .map(|e| (e, ()))
                .collect();
        let parts = split(&events, 1)?;
        Ok((events.into_iter().map(|(e, _)| e).collect(), parts))
    }

    #[test]
    fn flags() {
        assert_eq!(parse_flags("quiz", 1).unwrap(), Flags::default());
        let flags = parse_flags("quiz multiple shuffle id=attn-1", 1).unwrap();
        assert!(flags.multiple && flags.shuffle);
        assert_eq!(flags.id.as_deref(), Some("attn-1"));
        assert!(
            parse_flags("quiz shufle", 4)
                .unwrap_err()
                .message
                .contains("shufle")
        );
        assert!(parse_flags("quiz id=a b", 4).is_err());
        assert!(parse_flags("quiz id=", 4).is_err());
    }

    #[test]
    fn stem_options_feedback_and_explanation() {
        let text = "以下哪些方法被用于处理序列数据？\n\n- [x] RNN\n  > 时间步。\n- [X] CNN\n- [ ] SVM\n  > 特征向量。\n\n解释一。\n\n解释二。\n";
        let (events, parts) = parts(text).unwrap();
        assert_eq!(parts.options.len(), 3);
        assert_eq!(
            parts.options.iter().map(|o| o.correct).collect::<Vec<_>>(),
            [true, true, false]
        );
        assert!(parts.options[0].feedback.is_some() && parts.options[1].feedback.is_none());
        assert!(matches!(
            events[parts.stem.start],
            Event::Start(Tag::Paragraph)
        ));
        let explanation: Vec<_> = events[parts.explanation.clone()]
            .iter()
            .filter(|e| matches!(e, Event::Start(Tag::Paragraph)))
            .collect();
        assert_eq!(explanation.len(), 2);
    }

    #[test]
    fn nested_code_in_a_stem() {
        let text = "What does this print?\n\n```rust\nprintln!(\"{}\", 1 + 1);\n```\n\n- [x] 2\n- [ ] 11\n";
        let (events, parts) = parts(text).unwrap();
        assert!(
            events[parts.stem.clone()]
                .iter()
                .any(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
        );
        assert_eq!(parts.options.len(), 2);
    }

    #[test]
    fn loose_task_lists_work_too() {
        let (_, parts) = parts("Q?\n\n- [ ] a\n\n- [x] b\n").unwrap();
        assert_eq!(
            parts.options.iter().map(|o| o.correct).collect::<Vec<_>>(),
            [false, true]
        );
    }

    #[test]
    fn a_plain_list_is_not_options() {
        assert!(
            parts("Q?\n\n- a\n- b\n")
                .unwrap_err()
                .message
                .contains("no options")
        );
        assert!(
            parts("Q?\n\n- [x] a\n- b\n")
                .unwrap_err()
                .message
                .contains("[x]")
        );
    }
}
