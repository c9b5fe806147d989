//! Which headings are questions: a study note's sections are mostly a
//! question with its answer below (`1.4 注意力机制是什么`, `Why attention?`).

/// Chinese words that make a heading a question wherever they stand.
const CHINESE_ANYWHERE: &[&str] = &[
    "什么",
    "为什么",
    "为何",
    "如何",
    "怎么",
    "怎样",
    "哪些",
    "哪个",
    "哪里",
    "哪种",
    "是否",
    "能否",
    "可否",
    "多少",
];

/// Chinese words that ask a question at a heading's end: `X和Y的区别`
/// (what is the difference), `…吗`.
const CHINESE_AT_END: &[&str] = &[
    "区别", "差异", "异同", "关系", "联系", "对比", "吗", "呢", "么",
];

/// English words that open a question. (`Who` is left out: "Who This
/// Book Is For" is a heading that asks nothing.)
const ENGLISH_OPENING: &[&str] = &[
    "what",
    "why",
    "how",
    "when",
    "where",
    "which",
    "difference",
    "differences",
];

/// English words that ask at a heading's end (`BERT and GPT: differences`).
const ENGLISH_AT_END: &[&str] = &["difference", "differences"];

/// Whether a heading's text asks a question.
pub fn is_question(heading: &str) -> bool {
    let text = without_numbering(heading.trim());
    if text.is_empty() {
        return false;
    }
    if text.ends_with(['?', '？']) {
        return true;
    }
    if CHINESE_ANYWHERE.iter().any(|word| text.contains(word))
        || CHINESE_AT_END.iter().any(|word| text.ends_with(word))
    {
        return true;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .collect();
    let first = words.first().copied().unwrap_or_default();
    let last = words.last().copied().unwrap_or(first);
    ENGLISH_OPENING.contains(&first)
        || ENGLISH_AT_END.contains(&last)
        || lower.contains(" vs ")
        || lower.contains(" vs. ")
        || lower.contains(" versus ")
}

/// The heading without a leading section number: `1.4 `, `3、`, `2) `,
/// `Q1:`, `一、`.
fn without_numbering(text: &str) -> &str {
    let numbered = text.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || matches!(c, '.' | '、' | ')' | '）' | '(' | '（' | ' ' | '\t')
            || "一二三四五六七八九十".contains(c)
    });
    let numbered = numbered
        .strip_prefix(['Q', 'q'])
        .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()))
        .and_then(|rest| rest.strip_prefix([':', '：', '.', ' ']))
        .unwrap_or(numbered);
    numbered.trim()
}

#[cfg(test)]
mod tests {
    use super::is_question;

    #[test]
    fn questions_in_chinese_and_english() {
        for heading in [
            "1.4 注意力机制是什么",
            "3.2 bert和gpt的区别",
            "2.1 bert后续会超越gpt吗",
            "为什么需要位置编码",
            "3.4 gpt如何应用到C端业务，举例说明",
            "1.1 注意力机制最早是在哪个领域得到应用的",
            "2、chatGPT：赢在哪里",
            "Transformer 模型和注意力机制的关系",
            "What is attention",
            "Why do we need positional encoding",
            "How to fine-tune",
            "Q3: Which optimizer",
            "BERT vs GPT",
            "Is attention all you need?",
            "是不是 RNN？",
        ] {
            assert!(is_question(heading), "{heading}");
        }
    }

    #[test]
    fn headings_that_ask_nothing() {
        for heading in [
            "1、预热篇：解码注意力机制",
            "2、变革里程碑：transformer的崛起",
            "3、GPT-4 一个新的开始",
            "3.3 bert和gpt的应用场景",
            "2.3 Transformer 模型和注意力机制在数据训练时对资源的利用率",
            "3.2 目前关于GPT-4的一些东西已经超出了GPT-3的范围，无法回答",
            "Installation",
            "Whatever works",
            "Who This Book Is For",
            "Showcase",
            "Summary",
            "1. Introduction",
            "",
        ] {
            assert!(!is_question(heading), "{heading}");
        }
    }
}
