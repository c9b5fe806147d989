//! The sample book in `notes/`: it builds, every link and anchor resolves,
//! and the seed's questions are all there as headings.

mod common;

use common::*;

fn build_sample() -> Scratch {
    let site = Scratch::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = site.out();
    let output = studysite(&["build", root, "-o", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "",
        "the sample book builds without warnings"
    );
    site
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = build_sample();
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn the_book_has_its_title_language_and_chapters() {
    let site = build_sample();
    let home = site.html("index.html");
    assert_eq!(text(&home, "main h1"), ["ai大模型学习和实践"]);
    assert_eq!(attr(&home, "html", "lang").as_deref(), Some("zh-CN"));
    assert_eq!(
        text(&home, ".book-toc-list > li > a"),
        [
            "一、初探大模型：起源与发展",
            "二、GPT模型家族：从始至今",
            "三、复习卡片"
        ]
    );
    assert_eq!(
        attr(&home, "a[rel=next]", "href").as_deref(),
        Some("01-intro.html")
    );
}

#[test]
fn every_question_of_the_seed_is_a_heading() {
    let site = build_sample();
    let one = text(&site.html("01-intro.html"), ".content h2, .content h3");
    let two = text(&site.html("02-gpt-family.html"), ".content h2, .content h3");
    let strip = |headings: Vec<String>| -> Vec<String> {
        headings
            .into_iter()
            .map(|h| h.trim_end_matches('#').to_string())
            .collect()
    };
    assert_eq!(
        strip(one),
        [
            "1、预热篇：解码注意力机制",
            "1.1 注意力机制最早是在哪个领域得到应用的",
            "1.2 以下哪些方法被用于处理序列数据？",
            "1.3 以下方法被用于处理序列数据的是",
            "1.4 注意力机制是什么",
            "2、变革里程碑：transformer的崛起",
            "2.1 Transformer 模型和注意力机制的关系",
            "2.2 Transformer 模型和注意力机制在数据训练上有差异",
            "2.3 Transformer 模型和注意力机制在数据训练时对资源的利用率",
            "3、走向不同：GPT与BERT的选择",
            "3.1 Bert 是基于编码器，GPT 是基于解码器，不是编码和解码一块用吗？",
            "3.2 bert和gpt的区别",
            "3.3 bert和gpt的应用场景",
            "3.4 gpt如何应用到C端业务，举例说明",
            "3.5 gpt如何应用到B端业务，举例说明",
        ]
    );
    // The headings the export flattened into one paragraph are headings again.
    assert_eq!(
        strip(two),
        [
            "1、GPT-1到GPT-3,5",
            "2、chatGPT：赢在哪里",
            "2.1 bert后续会超越gpt吗",
            "3、GPT-4 一个新的开始",
            "3.1 GPT-4和GPT-3的区别",
            "3.2 目前关于GPT-4的一些东西已经超出了GPT-3的范围，无法回答",
        ]
    );
}

#[test]
fn the_broken_raw_html_line_is_gone() {
    let site = build_sample();
    for page in ["index.html", "01-intro.html", "02-gpt-family.html"] {
        let html = site.read(page);
        assert!(!html.contains("<ul><li>-"), "{page}");
        assert!(!html.contains("- - "), "{page}");
    }
}

#[test]
fn every_page_has_balanced_layout_and_no_literal_emphasis() {
    let site = build_sample();
    for page in files(&site.out()).iter().filter(|f| f.ends_with(".html")) {
        let source = site.read(page);
        assert_eq!(unbalanced_tags(&source), Vec::<String>::new(), "{page}");
        let html = site.html(page);
        assert_eq!(
            select(&html, "body > footer.site-footer").len(),
            1,
            "{page}"
        );
        assert_eq!(literal_markers(&html), Vec::<String>::new(), "{page}");
    }
}

#[test]
fn bold_next_to_chinese_punctuation_is_bold() {
    let site = build_sample();
    let html = site.html("01-intro.html");
    let strong = text(&html, ".content strong");
    assert!(strong.iter().any(|s| s == "查询（Query）："), "{strong:?}");
    assert!(strong.iter().any(|s| s == "预训练任务："), "{strong:?}");
}

fn sample_bank(site: &Scratch) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&site.read("quiz.json")).unwrap();
    json["items"].as_array().unwrap().clone()
}

fn option_texts(item: &serde_json::Value, correct: bool) -> Vec<String> {
    item["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["correct"] == correct)
        .map(|o| o["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_seed_questions_1_1_and_1_2_are_quiz_items() {
    let site = build_sample();
    let items = sample_bank(&site);
    let first = &items[0];
    assert_eq!(first["kind"], "single");
    assert_eq!(option_texts(first, true), ["自然语言处理"]);
    let mut wrong = option_texts(first, false);
    wrong.sort();
    assert_eq!(wrong, ["推荐系统", "计算机视觉", "语音识别"]);

    let second = &items[1];
    assert_eq!(second["kind"], "multiple");
    assert_eq!(
        option_texts(second, true),
        [
            "递归神经网络（RNN）",
            "卷积神经网络（CNN）",
            "注意力机制（Attention）"
        ]
    );
    assert_eq!(option_texts(second, false), ["支持向量机（SVM）"]);
    let feedback: Vec<&str> = second["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["feedback_html"].as_str().unwrap())
        .collect();
    assert!(
        feedback[0].starts_with("RNN是一种专门用于处理序列数据的神经网络"),
        "{feedback:?}"
    );
    assert!(
        feedback[3].starts_with("SVM是一种经典的机器学习算法"),
        "{feedback:?}"
    );
    // 1.3 stays prose, with its explanations unchanged.
    let chapter = site.read("01-intro.html");
    assert!(chapter.contains("<p>A. 递归神经网络（RNN）：RNN是一种专门用于处理序列数据的神经网络"));
}

#[test]
fn the_book_has_at_least_ten_more_items_in_both_syntaxes() {
    let site = build_sample();
    let items = sample_bank(&site);
    assert!(items.len() >= 12, "{}", items.len());
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"single") && kinds.contains(&"multiple"));
    let notes: String = ["notes/01-intro.md", "notes/02-gpt-family.md"]
        .iter()
        .map(|p| {
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p))
                .unwrap()
        })
        .collect();
    let fenced = notes.matches("```quiz").count();
    let exam = notes
        .lines()
        .filter(|l| l.starts_with("答案：") || l.starts_with("正确答案："))
        .count();
    assert!(fenced >= 4 && exam >= 4, "fenced {fenced}, exam {exam}");
    assert_eq!(fenced + exam, items.len());
    for item in &items {
        let url = item["url"].as_str().unwrap();
        let (page, anchor) = url.split_once('#').unwrap();
        assert_eq!(
            select(&site.html(page), &format!("form[id='{anchor}']")).len(),
            1,
            "{url}"
        );
    }
}

#[test]
fn the_repository_is_a_site_whose_theme_files_are_served_minified() {
    // The repository's `templates/` and `static/` are the theme compiled
    // into the binary; the sample book sits beside them as any site's
    // notes sit beside its own theme.
    let site = build_sample();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in [
        "style.css",
        "site.js",
        "quiz.js",
        "search.js",
        "highlight.css",
    ] {
        let readable = std::fs::read(root.join("static").join(name)).unwrap();
        let served = std::fs::read(site.out().join("static").join(name)).unwrap();
        assert!(
            served.len() < readable.len(),
            "{name}: the theme's own file is served minified"
        );
    }
}
