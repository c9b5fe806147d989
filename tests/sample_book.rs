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
fn the_book_has_its_title_language_and_two_chapters() {
    let site = build_sample();
    let home = site.html("index.html");
    assert_eq!(text(&home, "main h1"), ["ai大模型学习和实践"]);
    assert_eq!(attr(&home, "html", "lang").as_deref(), Some("zh-CN"));
    assert_eq!(
        text(&home, ".book-toc-list > li > a"),
        ["一、初探大模型：起源与发展", "二、GPT模型家族：从始至今"]
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
