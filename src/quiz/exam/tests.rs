//! Tests of finding exam-style items.

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
    // Without a colon, a space and letters alone.
    assert_eq!(parse_answer("答案 B"), Some(vec!['B']));
    assert_eq!(parse_answer("正確答案：C"), Some(vec!['C']));
    assert_eq!(parse_answer("答案 A 和 B 都对"), None);
    assert_eq!(parse_answer("Answer A is wrong"), None);
    assert_eq!(parse_answer("答案B"), None);
    assert_eq!(parse_true_false("答案：錯"), Some((false, false)));
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
fn true_false_questions_are_two_option_items() {
    let (items, _) = find(
        "### 判断题\n\nTransformer 只能用于文本。\n\n答案：错\n\n解析：也用于图像。\n\nA statement.\n\n**Answer**: True\n",
    );
    assert_eq!(items.len(), 2);
    assert_eq!(option_texts(&items[0]), ["正确", "错误"]);
    assert_eq!(items[0].answers, [1]);
    assert_eq!(items[0].explanation.as_ref().unwrap().text, "也用于图像。");
    assert_eq!(option_texts(&items[1]), ["True", "False"]);
    assert_eq!(items[1].answers, [0]);
    assert_eq!(parse_true_false("答案：正确的做法是先归一化"), None);
    assert_eq!(parse_true_false("答案：对"), Some((true, false)));
    let (items, _) = find("答案：对\n");
    assert!(items.is_empty(), "no statement before it");
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
    let (items, _) = find("注意力机制最早是在自然语言处理（C. 自然语言处理）领域得到应用的。\n");
    assert!(items.is_empty());
}

#[test]
fn an_answer_like_line_that_names_no_letters_is_not_an_answer() {
    for body in [
        "选型时考虑：\n\nA. 成本 B. 性能\n\n答案：见下文的分析。\n",
        "选型时考虑：\n\nA. 成本 B. 性能\n\n我们要找的答案 A 方案并不完美。\n",
        "Options to weigh:\n\nA. cost B. speed\n\nAnswer A and B both have trade-offs.\n",
    ] {
        let (items, errors) = find(body);
        assert!(items.is_empty() && errors.is_empty(), "{body}");
    }
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

#[test]
fn the_stem_is_the_question_past_labels_and_metadata() {
    let (items, _) = find(
        "### 3. 哪一个是编码器？\n\n**题型：** 单选\n**难度：⭐⭐**\n\n**选项：**\n\nA. BERT\nB. GPT\n\n**答案**：A\n",
    );
    assert_eq!(items.len(), 1);
    assert!(items[0].stem_is_heading);
    assert_eq!(items[0].answers, [0]);
    let (items, _) = find("这是问题？\n\n选项：\n\nA. 甲\nB. 乙\n\n答案：B\n");
    assert!(!items[0].stem_is_heading);
    assert_eq!(items[0].offset, 0, "the question, not the label");
}

#[test]
fn an_answer_in_a_disclosure_and_code_in_the_stem() {
    let body = "###### 2. 输出是什么？\n\n```javascript\nconsole.log(1)\n```\n\n- A: `1`\n- B: `2`\n\n<details><summary><b>答案</b></summary>\n<p>\n\n#### 答案：A\n\n因为打印 1。\n\n</p>\n</details>\n\n---\n\n之后的段落。\n";
    let (items, errors) = find(body);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(items.len(), 1);
    assert_eq!(option_texts(&items[0]), ["`1`", "`2`"]);
    assert_eq!(items[0].answers, [0]);
    assert!(items[0].stem_code.is_some());
    assert_eq!(items[0].explanation.as_ref().unwrap().text, "因为打印 1。");
    // The card replaces the options and the disclosure, not what follows.
    let events: Vec<_> = Parser::new_ext(body, crate::markdown::parser_options())
        .into_offset_iter()
        .collect();
    let after = &body[events[items[0].replaced.end].1.clone()];
    assert!(after.starts_with("---"), "{after}");
}

#[test]
fn a_paragraph_that_opens_by_naming_the_answer_explains_it() {
    let (items, _) = find(
        "### 1.1 哪个领域？\n\nA. 计算机视觉 B. 语音识别 C. 自然语言处理\n\n答案：C\n\n注意力机制最早是在自然语言处理（C. 自然语言处理）领域得到应用的。后来也用于视觉。\n\n下一段与答案无关。\n",
    );
    let explanation = items[0].explanation.as_ref().unwrap();
    assert!(
        explanation.text.starts_with("注意力机制最早"),
        "{}",
        explanation.text
    );
    let (items, _) = find("### Q\n\nA. 甲乙 B. 丙丁\n\n答案：A\n\n另一个话题。\n");
    assert_eq!(items[0].explanation, None);
}

#[test]
fn an_answer_line_before_the_options_when_no_item_took_it() {
    let (items, _) = find("### 2. 哪一个？\n\n**答案**：B\n\nA. 甲 B. 乙\n");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].answers, [1]);
    assert!(items[0].stem_is_heading);
    // The first item's answer is its own, not the second's.
    let (items, _) = find("Q1?\n\nA. 甲 B. 乙\n\n答案：A\n\nA. 丙 B. 丁\n");
    assert_eq!(items.len(), 1);
}
