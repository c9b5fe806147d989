//! The words the theme shows around the author's text, in the site's language.
//!
//! English and Simplified Chinese ship with the tool; `[ui]` in
//! `studysite.toml` overrides any single string. The macro keeps the list of
//! keys in one place so the override table, the defaults and the template
//! context can never disagree.

use serde::{Deserialize, Serialize};

macro_rules! ui_strings {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// Every UI string, as templates see them under `ui`.
        #[derive(Debug, Clone, Serialize, PartialEq, Eq)]
        pub struct UiStrings {
            $(pub $key: String,)*
        }

        /// The `[ui]` table of `studysite.toml`: any subset of the strings.
        #[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
        #[serde(deny_unknown_fields)]
        pub struct UiOverrides {
            $(#[serde(default)] pub $key: Option<String>,)*
        }

        impl UiStrings {
            fn english() -> Self {
                UiStrings { $($key: $en.to_string(),)* }
            }

            fn chinese() -> Self {
                UiStrings { $($key: $zh.to_string(),)* }
            }

            /// Replaces the strings the author set.
            pub fn apply(&mut self, overrides: &UiOverrides) {
                $(if let Some(value) = &overrides.$key {
                    self.$key = value.clone();
                })*
            }
        }
    };
}

ui_strings! {
    home => "Home", "首页";
    contents => "Contents", "目录";
    on_this_page => "On this page", "本页内容";
    previous => "Previous", "上一篇";
    next => "Next", "下一篇";
    quiz => "Quiz", "测验";
    quiz_link => "Test yourself on the quiz page", "去测验页检验一下";
    quiz_empty => "This book has no quiz items yet.", "本书还没有测验题。";
    menu => "Menu", "菜单";
    toggle_theme => "Toggle dark mode", "切换深色模式";
    skip_to_content => "Skip to content", "跳到正文";
    breadcrumbs => "Breadcrumbs", "导航路径";
    anchor_link => "Link to “{heading}”", "链接到 {heading}";
    book_contents => "Chapters", "本书章节";
    task_done => "Done", "已完成";
    task_open => "To do", "待办";
    start_reading => "Start reading", "开始阅读";
    not_found_title => "Page not found", "页面不存在";
    not_found_text => "The page you asked for does not exist. It may have moved or been renamed.", "你要找的页面不存在，可能已被移动或改名。";
    back_home => "Back to the home page", "返回首页";
    keyboard_hint => "Use ← and → to move between chapters.", "按 ← 和 → 键可在章节之间切换。";
    alert_note => "Note", "注意";
    alert_tip => "Tip", "提示";
    alert_important => "Important", "重要";
    alert_warning => "Warning", "警告";
    alert_caution => "Caution", "小心";
    alert_info => "Info", "信息";
    alert_danger => "Danger", "危险";
    alert_details => "Details", "详情";
    alert_abstract => "Abstract", "摘要";
    alert_todo => "To do", "待办";
    alert_success => "Success", "成功";
    alert_question => "Question", "问题";
    alert_failure => "Failure", "失败";
    alert_bug => "Bug", "缺陷";
    alert_example => "Example", "示例";
    alert_quote => "Quote", "引用";
    footnote_back => "Back to the reference", "返回正文";
    copy_code => "Copy", "复制";
    copied => "Copied", "已复制";
    show_hidden_lines => "Show hidden lines", "显示隐藏的行";
    hide_hidden_lines => "Hide hidden lines", "收起隐藏的行";
    quiz_single => "Choose one answer.", "单选题";
    quiz_multiple => "Choose all that apply.", "多选题（选出所有正确答案）";
    quiz_check => "Check", "检查答案";
    quiz_correct => "Correct.", "回答正确。";
    quiz_incorrect => "Not quite.", "回答错误。";
    quiz_missed => "Missed:", "漏选：";
    quiz_wrong => "Wrong choices:", "错选：";
    quiz_right_option => "correct option", "正确选项";
    quiz_wrong_option => "wrong choice", "错误选项";
    quiz_show_answer => "Show the answer", "查看答案";
    quiz_answer => "Answer: ", "正确答案：";
    quiz_explanation => "Explanation", "解析";
    quiz_practice => "Practise on the quiz page", "到测验页练习";
    quiz_back => "Back to the chapter", "回到原文";
    quiz_score => "Score", "得分";
    quiz_retry => "Retry the ones I got wrong", "重做错题";
    quiz_reset => "Reset my answers", "清除作答记录";
    quiz_filter => "Chapter", "章节";
    quiz_all_chapters => "All chapters", "全部章节";
    quiz_progress => "answered correctly", "已答对";
    quiz_choose_first => "Choose an answer first.", "请先选择答案。";
    quiz_list_separator => ", ", "、";
    quiz_answer_separator => "; ", "；";
    quiz_reveal => "Think of your answer, then reveal it.", "先想好答案，再查看。";
    quiz_grade => "Did you get it right?", "你答对了吗？";
    quiz_knew => "I got it", "答对了";
    quiz_did_not => "I missed it", "没答对";
    quiz_also_accepted => "Also accepted:", "也算对：";
    quiz_tracing_prompt => "Does this program compile? If it does, what does it print?", "这个程序能通过编译吗？如果能，它输出什么？";
    quiz_tracing_compiles => "This program **does** compile.", "这个程序**能**通过编译。";
    quiz_tracing_prints => "It prints:", "输出：";
    quiz_tracing_fails => "This program does **not** compile.", "这个程序**不能**通过编译。";
    quiz_tracing_error_line => "The error is on line {line}.", "错误出在第 {line} 行。";
    exam => "Exam", "模拟考试";
    exam_intro => "Questions with options, drawn at random from the chapters you choose. Nothing is marked until you hand in; then you get your score and every explanation. Your exam answers replace earlier ones, and the questions you missed or left blank are the ones \"Retry the ones I got wrong\" offers.", "从所选章节随机抽取选择题。交卷前不显示对错；交卷后给出得分和每题解析。考试中的作答会替换之前的作答，答错或未答的题会出现在“重做错题”里。";
    exam_chapters => "Chapters", "章节";
    exam_count => "Questions", "题数";
    exam_minutes => "Time limit (minutes; 0 = no limit)", "限时（分钟；0 表示不限时）";
    exam_start => "Start", "开始考试";
    exam_cancel => "Cancel", "取消";
    exam_finish => "Hand in", "交卷";
    exam_answered => "answered", "已作答";
    exam_time_left => "Time left", "剩余时间";
    exam_one_minute => "One minute left.", "还剩一分钟。";
    exam_times_up => "Time is up: the exam was handed in.", "时间到，已自动交卷。";
    exam_score => "Your score: {score}", "本次得分：{score}";
    exam_leave => "Back to all questions", "返回全部题目";
    exam_none_chosen => "Choose at least one chapter.", "请至少选择一个章节。";
    search => "Search", "搜索";
    search_placeholder => "Search (press /)", "搜索（按 / 键）";
    search_empty => "No results for", "没有找到相关内容：";
    search_needs_http => "Search needs the site to be served over HTTP (for example with `studysite serve`); it cannot read its index from a file opened on disk.", "搜索需要通过 HTTP 访问本站（例如运行 studysite serve）；直接打开本地文件时无法读取搜索索引。";
    search_failed => "Search is not available right now.", "搜索暂时不可用。";
    search_quiz_item => "Quiz: ", "测验：";
    search_count => "{n} results; ↑ ↓ to choose, Enter to open", "找到 {n} 条结果，↑ ↓ 选择，回车打开";
    review => "Review", "复习";
    review_intro => "The cards due today, one at a time: recall the answer, show it, then rate how well you knew it. The rating decides when the card comes back (FSRS). Quiz questions you got wrong join the queue.", "今天到期的卡片逐张出现：先回想答案，再显示答案，然后按掌握程度评分。评分决定这张卡片下次出现的时间（FSRS 算法）。测验中答错的题也会加入复习。";
    review_empty => "This book has no review cards yet.", "这本书还没有复习卡片。";
    review_needs_js => "Reviewing one card at a time needs JavaScript; here are all the cards.", "逐张复习需要启用 JavaScript；以下列出全部卡片。";
    review_due => "Cards due today", "今日待复习的卡片";
    review_due_count => "{n} due today", "{n} 张待复习";
    review_rate => "How well did you know it?", "掌握程度";
    review_exported => "Exported {n} records.", "已导出 {n} 条记录。";
    review_progress => "{done} done, {left} left", "已完成 {done}，还剩 {left}";
    review_show => "Show answer", "显示答案";
    review_again => "Again", "重来";
    review_hard => "Hard", "困难";
    review_good => "Good", "良好";
    review_easy => "Easy", "简单";
    review_keys => "Space shows the answer; 1–4 rate it.", "空格键显示答案；数字键 1–4 评分。";
    review_done => "All done for today.", "今天的复习完成了。";
    review_next => "All done for today. The next card is due on {date}.", "今天的复习完成了。下一张卡片将在{date}到期。";
    review_nothing_due => "Nothing is due. The next card is due on {date}.", "目前没有到期的卡片。下一张卡片将在{date}到期。";
    review_chapter_done => "All done for this chapter today.", "本章今天的复习完成了。";
    review_from_quiz => "You got this wrong on the quiz", "测验中答错的题";
    review_open_in_chapter => "Open in its chapter", "在章节中查看";
    review_export => "Export progress", "导出学习进度";
    review_import => "Import progress", "导入学习进度";
    review_imported => "Imported {new} records; {kept} were already here, the same or newer, and were kept.", "已导入 {new} 条记录；{kept} 条本机已有相同或更新的记录，未覆盖。";
    review_import_failed => "This file is not a studysite progress file.", "这不是 studysite 的学习进度文件。";
    recall => "Recall", "回想";
    recall_hint => "Think of the answer, then show it.", "先想一想答案，再展开核对。";
    recall_next => "Next review: {date}", "下次复习：{date}";
}

impl UiStrings {
    /// The shipped strings for a BCP 47 language tag: every Chinese tag
    /// (`zh`, `zh-CN`, `zh-Hans`, …) picks Chinese, anything else English.
    pub fn for_language(language: &str) -> Self {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if primary == "zh" {
            UiStrings::chinese()
        } else {
            UiStrings::english()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_tags_pick_chinese() {
        for tag in ["zh", "zh-CN", "zh-Hans", "ZH-hans-CN", "zh_CN"] {
            assert_eq!(UiStrings::for_language(tag).home, "首页", "{tag}");
        }
        for tag in ["en", "en-US", "fr", "", "zhx"] {
            assert_eq!(UiStrings::for_language(tag).home, "Home", "{tag}");
        }
    }

    #[test]
    fn overrides_replace_only_what_they_set() {
        let mut ui = UiStrings::for_language("en");
        ui.apply(&UiOverrides {
            next: Some("Onward".into()),
            ..UiOverrides::default()
        });
        assert_eq!(ui.next, "Onward");
        assert_eq!(ui.previous, "Previous");
    }
}
