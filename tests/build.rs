//! `studysite build` on fixture sites: pages, order, navigation, front
//! matter variants, assets, overrides, and the safety rules.

mod common;

use common::*;

/// Follows `rel="next"` from the home page to the end of the book.
fn reading_order(site: &Scratch) -> Vec<String> {
    let mut order = vec!["index.html".to_string()];
    loop {
        let current = order.last().unwrap().clone();
        let html = site.html(&current);
        let Some(next) = attr(&html, "a[rel=next]", "href") else {
            break;
        };
        let folder = current.rsplit_once('/').map_or("", |(f, _)| f);
        let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        for part in next.split('/') {
            match part {
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        order.push(parts.join("/"));
        assert!(order.len() < 50, "rel=next loops: {order:?}");
    }
    order
}

#[test]
fn builds_every_page_at_its_path() {
    let site = Scratch::copy_of("book");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(
        summary.contains("Built 15 pages with 0 quiz items and 2 assets"),
        "{summary}"
    );
    let all = files(&site.out());
    assert!(
        all.iter().any(|f| f == "search/meta.json"),
        "the search index"
    );
    let outside_index: Vec<&String> = all.iter().filter(|f| !f.starts_with("search/")).collect();
    assert_eq!(
        outside_index,
        [
            ".studysite",
            "1-first.html",
            "10-tenth.html",
            "2-second.html",
            "3-bom.html",
            "4-hexo.html",
            "404.html",
            "99-appendix/a.html",
            "anki.txt",
            "cards.json",
            "empty.html",
            "guide/02-b.html",
            "guide/1-a.html",
            "guide/data.csv",
            "guide/img/pic.png",
            "guide/index.html",
            "guide/z-last.html",
            "index.html",
            "quiz.html",
            "quiz.json",
            "review.html",
            "sitemap.xml",
            "static/cards.css",
            "static/cards.js",
            "static/due.js",
            "static/exam.css",
            "static/exam.js",
            "static/favicon.svg",
            "static/fsrs.js",
            "static/highlight.css",
            "static/math.css",
            "static/quiz.js",
            "static/review.css",
            "static/review.js",
            "static/search.js",
            "static/site.js",
            "static/studysite-math-LICENSE.txt",
            "static/studysite-math.woff2",
            "static/style.css",
            "static/tabs.js",
        ]
    );
    for page in files(&site.out()).iter().filter(|f| f.ends_with(".html")) {
        assert!(
            !site.read(page).contains("__studysite"),
            "{page}: no live-reload script in a build"
        );
    }
    assert_eq!(
        std::fs::read(site.out().join("guide/img/pic.png")).unwrap(),
        std::fs::read(site.path().join("notes/guide/img/pic.png")).unwrap()
    );
}

#[test]
fn reading_order_follows_order_then_natural_names_both_ways() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let order = reading_order(&site);
    assert_eq!(
        order,
        [
            "index.html",
            "1-first.html",
            "2-second.html",
            "3-bom.html",
            "4-hexo.html",
            "10-tenth.html",
            "99-appendix/a.html",
            "empty.html",
            "guide/index.html",
            "guide/z-last.html",
            "guide/1-a.html",
            "guide/02-b.html",
        ]
    );
    // rel=prev walks the same way back.
    for pair in order.windows(2) {
        let html = site.html(&pair[1]);
        let prev = attr(&html, "a[rel=prev]", "href").expect("a previous link");
        let depth = pair[1].matches('/').count();
        assert_eq!(
            prev,
            format!("{}{}", "../".repeat(depth), pair[0]),
            "prev of {}",
            pair[1]
        );
    }
    assert!(attr(&site.html("index.html"), "a[rel=prev]", "href").is_none());
}

#[test]
fn titles_come_from_front_matter_heading_or_file_name() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let title = |page: &str| text(&site.html(page), "main h1")[0].clone();
    assert_eq!(title("1-first.html"), "First note");
    assert_eq!(title("2-second.html"), "Second, from TOML");
    assert_eq!(title("3-bom.html"), "BOM and CRLF");
    assert_eq!(title("4-hexo.html"), "Hexo style");
    assert_eq!(title("10-tenth.html"), "Tenth heading");
    assert_eq!(title("empty.html"), "empty");
    assert_eq!(title("guide/index.html"), "The Guide");
    // The heading that became the title is not repeated in the body.
    assert_eq!(
        site.read("10-tenth.html")
            .matches("Tenth heading</h1>")
            .count(),
        1
    );
    // Front matter never leaks into the page.
    for page in ["1-first.html", "2-second.html", "3-bom.html", "4-hexo.html"] {
        let body = text(&site.html(page), ".content").join(" ");
        for leak in ["title", "---", "+++", "\u{feff}"] {
            assert!(!body.contains(leak), "{page} shows {leak:?}: {body}");
        }
    }
    assert!(
        site.read("2-second.html")
            .contains("<time>2024-05-01</time>")
    );
}

#[test]
fn sidebar_marks_the_current_page_and_opens_its_part() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let html = site.html("guide/1-a.html");
    let current = select(&html, "#sidebar a[aria-current=page]");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].value().attr("href"), Some("../guide/1-a.html"));
    let parts = text(&html, "#sidebar details > summary");
    assert_eq!(parts, ["appendix", "The Guide"]);
    let open = text(&html, "#sidebar details[open] > summary");
    assert_eq!(open, ["The Guide"]);
    let sidebar_links = select(&html, "#sidebar a").len();
    assert_eq!(sidebar_links, 12, "home and every page of the book");
    // Breadcrumbs: home, the part, the page.
    assert_eq!(text(&html, ".breadcrumbs li"), ["Home", "The Guide", "A"]);
    // The page's sections.
    assert_eq!(text(&html, ".page-toc a"), ["Section A"]);
}

#[test]
fn home_page_has_title_description_contents_and_quiz_link() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let html = site.html("index.html");
    assert_eq!(text(&html, "main h1"), ["Fixture Book"]);
    assert_eq!(
        text(&html, ".lead"),
        ["A book that uses every kind of note."]
    );
    assert!(
        text(&html, ".content")
            .join("")
            .contains("Welcome to the fixture book")
    );
    let toc: Vec<String> = select(&html, ".book-toc a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for expected in [
        "1-first.html",
        "1-first.html#overview",
        "2-second.html#分词",
        "guide/index.html",
        "guide/1-a.html#section-a",
    ] {
        assert!(toc.iter().any(|h| h == expected), "{expected} in {toc:?}");
    }
    assert!(select(&html, "a[href='quiz.html']").len() >= 2);
    assert_eq!(
        attr(&html, "a[rel=next]", "href").as_deref(),
        Some("1-first.html")
    );
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("en"));
}

#[test]
fn links_between_notes_become_page_links() {
    let site = Scratch::copy_of("book");
    let output = site.build(&[]);
    assert!(output.status.success());
    let html = site.html("guide/02-b.html");
    assert!(select(&html, "a[href='../1-first.html#overview']").len() == 1);
    let home = site.html("index.html");
    assert!(!select(&home, "a[href='guide/index.html']").is_empty());
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn a_docsify_or_mkdocs_folder_builds_as_it_stands() {
    // docsify keeps an index.html, a sidebar, a navigation bar, a cover
    // page and .nojekyll beside the notes; MkDocs sites often an
    // index.html too. None of them fails the build or becomes a page.
    let site = Scratch::new();
    site.write("notes/index.html", "<!DOCTYPE html><div id=app></div>")
        .write("notes/README.md", "# 首页\n")
        .write("notes/_sidebar.md", "- [Java](java/basic.md)\n")
        .write("notes/_navbar.md", "- [GitHub](https://github.com)\n")
        .write("notes/_coverpage.md", "# Cover\n")
        .write("notes/.nojekyll", "")
        .write("notes/java/basic.md", "# Java 基础\n")
        .write("notes/java/_sidebar.md", "- [基础](basic.md)\n")
        .write("notes/quiz.json", "{}");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("notes/index.html") && err.contains("not copied"),
        "{err}"
    );
    assert!(err.contains("notes/quiz.json"), "{err}");
    assert!(site.read("index.html").contains("class=\"book-toc"));
    let pages = files(&site.out());
    for not_a_page in [
        "_sidebar.html",
        "_navbar.html",
        "_coverpage.html",
        "java/_sidebar.html",
    ] {
        assert!(!pages.iter().any(|p| p == not_a_page), "{not_a_page}");
    }
    assert!(pages.iter().any(|p| p == "java/basic.html"));
    assert!(site.read("quiz.json").contains("\"items\""));
}

#[test]
fn a_template_that_is_not_a_note_says_how_to_leave_it_out() {
    // An Obsidian Templater template's front matter cannot be parsed: the
    // build stops as for any bad note, and the help names `exclude`.
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n")
        .write(
            "notes/templates/daily.md",
            "---\n<%* tR += 1 -%>\n---\n# <% tp.date.now() %>\n",
        )
        .write("notes/draft/.gitignore", "*.wip.md\n")
        .write("notes/draft/x.wip.md", "---\n: bad\n---\n")
        .write("notes/draft/kept.md", "# Kept\n")
        .write(".gitignore", "notes/private/\n")
        .write("notes/private/diary.md", "---\n<%* x %>\n---\n");
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("notes/templates/daily.md:"), "{err}");
    assert!(err.contains("exclude = [\"templates/**\"]"), "{err}");
    assert!(
        !err.contains("private") && !err.contains("x.wip.md"),
        "{err}"
    );

    site.write("studysite.toml", "exclude = [\"templates/**\"]\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pages = files(&site.out());
    assert!(pages.iter().any(|p| p == "draft/kept.html"));
    for left_out in [
        "templates/daily.html",
        "draft/x.wip.html",
        "private/diary.html",
        "draft/.gitignore",
    ] {
        assert!(!pages.iter().any(|p| p == left_out), "{left_out}");
    }
}

#[test]
fn links_to_ids_written_in_raw_html_do_not_warn() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "<a id=\"top\"></a>\n\n# A\n\n[up](#top) [old](#legacy) [span](#s) [there](b.md#y) [gone](#nowhere)\n\n<a name=\"legacy\"></a>\n\ntext <span id='s'>x</span>\n",
    )
    .write("notes/b.md", "# B\n\n<div id=y>\n\ny\n\n</div>\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("#nowhere"), "{err}");
    assert_eq!(err.matches("warning").count(), 1, "{err}");
}

#[test]
fn an_mdbook_summary_or_docsify_sidebar_gives_the_reading_order() {
    let site = Scratch::new();
    site.write(
        "notes/SUMMARY.md",
        "# Summary\n\n[Intro](intro.md)\n\n- [Zebra first](z/zebra.md)\n  - [Then apple](z/apple.md)\n- [Basics](a/basics.md)\n",
    )
    .write("notes/intro.md", "Intro without a heading\n")
    .write("notes/z/zebra.md", "# Zebra\n")
    .write("notes/z/apple.md", "# Apple\n")
    .write("notes/a/basics.md", "# Basics\n")
    .write("notes/a/unlisted.md", "# Unlisted\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("notes/SUMMARY.md")
            && err.contains("1 note is not listed")
            && err.contains("a/unlisted.md"),
        "{err}"
    );
    let order: Vec<String> = text(&site.html("index.html"), ".book-toc-list a");
    assert_eq!(order, ["Intro", "Zebra", "Apple", "Basics", "Unlisted"]);
    assert!(!files(&site.out()).iter().any(|p| p == "SUMMARY.html"));

    let docsify = Scratch::new();
    docsify
        .write("notes/_sidebar.md", "- [B](b)\n- [A](/a.md)\n")
        .write("notes/a.md", "# A\n")
        .write("notes/b.md", "# B\n");
    let output = docsify.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    assert_eq!(
        attr(&docsify.html("index.html"), "a[rel=next]", "href").as_deref(),
        Some("b.html")
    );
}

#[test]
fn a_first_heading_below_h1_is_a_section_not_the_title() {
    // Ten notes of a vault each starting with the same `## 基本概念` are
    // titled by their file names, and the heading stays in the content.
    let site = Scratch::new();
    site.write(
        "notes/01-redis.md",
        "## 基本概念

文字
",
    )
    .write(
        "notes/02-kafka.md",
        "## 基本概念

文字
",
    )
    .write(
        "notes/03-docker.md",
        "# Docker 入门

## 基本概念
",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let title = |page: &str| text(&site.html(page), "main h1")[0].clone();
    assert_eq!(title("01-redis.html"), "redis");
    assert_eq!(title("02-kafka.html"), "kafka");
    assert_eq!(title("03-docker.html"), "Docker 入门");
    assert_eq!(
        text(&site.html("01-redis.html"), ".content h2"),
        ["基本概念#"]
    );
}

#[test]
fn links_written_for_github_reach_the_title_and_every_heading() {
    // A GitHub note's table of contents links to its own H1 and to
    // headings by GitHub's ids (runs of `-` kept, punctuation dropped).
    let site = Scratch::new();
    site.write(
        "notes/java.md",
        "# Docker\n\n- [Docker](#docker)\n- [七、JUC - AQS](#七juc---aqs)\n- [C++ & Rust](#c--rust)\n\n## 七、JUC - AQS\n\n## C++ & Rust\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "no anchor warning");
    let html = site.html("java.html");
    assert_eq!(attr(&html, "main h1", "id").as_deref(), Some("docker"));
    assert_eq!(
        select(&html, ".content h2")
            .iter()
            .map(|h| h.value().attr("id").unwrap().to_string())
            .collect::<Vec<_>>(),
        ["七juc---aqs", "c--rust"]
    );
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn headings_get_ids_and_anchor_links() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let html = site.html("2-second.html");
    assert_eq!(attr(&html, ".content h2", "id").as_deref(), Some("分词"));
    let anchor = attr(&html, ".content h2 a.heading-anchor", "href").unwrap();
    assert_eq!(
        percent_encoding::percent_decode_str(&anchor)
            .decode_utf8()
            .unwrap(),
        "#分词"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    assert!(!site.out().join("draft.html").exists());
    assert!(!site.read("index.html").contains("Secret draft"));
    assert!(site.build(&["--drafts"]).status.success());
    assert!(site.read("draft.html").contains("Secret draft"));
}

#[test]
fn sitemap_and_canonical_links_use_base_url() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/book/index.html</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/book/guide/1-a.html</loc>"));
    assert_eq!(sitemap.matches("<loc>").count(), 13);
    assert_eq!(
        attr(&site.html("guide/1-a.html"), "link[rel=canonical]", "href").as_deref(),
        Some("https://example.org/book/guide/1-a.html")
    );
    // Links inside the site stay relative.
    let page = site.read("guide/1-a.html");
    assert!(!page.contains("href=\"/"), "no root-absolute links");
}

#[test]
fn no_sitemap_without_base_url() {
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n");
    assert!(site.build(&[]).status.success());
    assert!(!site.out().join("sitemap.xml").exists());
    assert!(attr(&site.html("a.html"), "link[rel=canonical]", "href").is_none());
}

#[test]
fn not_found_page_works_from_any_depth() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let html = site.html("404.html");
    assert!(
        select(&html, "link[rel=stylesheet]").is_empty(),
        "styles are inline"
    );
    assert!(text(&html, "style")[0].contains("--accent"));
    assert!(select(&html, "script[src]").is_empty());
    for link in select(&html, "a[href]") {
        let href = link.value().attr("href").unwrap();
        assert!(
            href.starts_with("https://example.org/book/") || href.starts_with('#'),
            "{href}"
        );
    }
}

#[test]
fn no_request_to_another_host() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    for page in files(&site.out())
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        let html = site.html(page);
        for element in select(
            &html,
            "link[href], script[src], img[src], iframe, video, audio, source",
        ) {
            let url = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap_or("");
            let is_canonical = element.value().attr("rel") == Some("canonical");
            assert!(is_canonical || !url.contains("//"), "{page} loads {url}");
        }
    }
    let css = site.read("static/style.css");
    assert!(
        !css.contains("@import") && !css.contains("url("),
        "the stylesheet loads nothing"
    );
}

#[test]
fn chinese_site_gets_chinese_ui_and_lang() {
    let site = Scratch::new();
    site.write(
        "studysite.toml",
        "title = \"笔记\"\nlanguage = \"zh-CN\"\n[ui]\nnext = \"往后\"\n",
    )
    .write("notes/1-a.md", "## 分词\n")
    .write("notes/2-b.md", "## 二\n");
    assert!(site.build(&[]).status.success());
    let html = site.html("1-a.html");
    assert_eq!(attr(&html, "html", "lang").as_deref(), Some("zh-CN"));
    assert!(text(&html, ".pager-prev .pager-label")[0].contains("上一篇"));
    assert!(text(&html, ".pager-next .pager-label")[0].contains("往后"));
    assert_eq!(text(&html, ".breadcrumbs li")[0], "首页");
}

#[test]
fn site_templates_and_static_files_replace_the_theme_one_by_one() {
    let site = Scratch::copy_of("book");
    site.write(
        "templates/chapter.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom-chapter\">{{ page.title }}</p>{{ page.content | safe }}{% endblock main %}",
    )
    .write("templates/partials/extra.html", "unused partial")
    .write("static/style.css", "body { color: rebeccapurple; }\n")
    .write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(text(&site.html("guide/1-a.html"), ".custom-chapter"), ["A"]);
    // The embedded index template is still used.
    assert_eq!(text(&site.html("index.html"), "main h1"), ["Fixture Book"]);
    assert_eq!(
        site.read("static/style.css"),
        "body { color: rebeccapurple; }\n"
    );
    assert!(site.read("static/site.js").contains("ArrowRight"));
    assert!(site.out().join("static/logo.svg").is_file());
    // The 404 page inlines the site's own stylesheet.
    assert!(site.read("404.html").contains("rebeccapurple"));
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let site = Scratch::copy_of("book");
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("--> templates/index.html:3:"), "{err}");
}

#[test]
fn a_failed_build_keeps_the_previous_site() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let before: Vec<(String, Vec<u8>)> = files(&site.out())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.out().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    site.write("notes/guide/1-a.md", "---\ntitle: [unclosed\n---\n");
    site.write("notes/new.md", "# New page\n");
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("notes/guide/1-a.md:2"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    let after: Vec<(String, Vec<u8>)> = files(&site.out())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.out().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert!(before == after, "the old site is untouched");
    let mut leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("studysite") && n != ".studysite-cache")
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [".public.studysite-lock", "studysite.toml"],
        "no staging folder is left behind"
    );
}

#[test]
fn a_folder_studysite_did_not_make_is_refused() {
    let site = Scratch::copy_of("book");
    site.write("mine/precious.txt", "do not delete");
    let out = site.path().join("mine");
    let output = site.build(&["-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did not make"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("precious.txt")).unwrap(),
        "do not delete"
    );
    assert_eq!(files(&out), ["precious.txt"]);
}

#[test]
fn output_inside_the_sources_is_refused() {
    let site = Scratch::copy_of("book");
    for out in [".", "notes", "notes/guide/out", "static"] {
        let out_path = site.path().join(out);
        let output = site.build(&["-o", out_path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{out}: {}", stderr(&output));
    }
    assert!(!site.path().join("notes/guide/out").exists());
}

#[test]
fn an_empty_folder_the_author_made_is_used() {
    let site = Scratch::copy_of("book");
    std::fs::create_dir(site.out()).unwrap();
    assert!(site.build(&[]).status.success());
    assert!(site.out().join("index.html").is_file());
    // Built once, it is ours to replace.
    assert!(site.build(&["--quiet"]).status.success());
}

#[test]
fn bad_front_matter_names_file_and_line() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "---\ntitle: ok\ndescription: Rust: 所有权\n---\nbody\n",
    );
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("error: invalid YAML front matter"), "{err}");
    assert!(err.contains("--> notes/a.md:3:"), "{err}");
    assert!(err.contains("quoted"), "{err}");
}

#[test]
fn a_note_that_is_not_utf8_is_an_error() {
    let site = Scratch::new();
    site.write("notes/latin1.md", b"# Caf\xe9\n".as_slice());
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("notes/latin1.md:1"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("UTF-8"));
}

#[test]
fn unknown_config_key_names_key_file_and_line() {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"x\"\ntitel = \"typo\"\n")
        .write("notes/a.md", "");
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("titel"), "{err}");
    assert!(err.contains("studysite.toml:2"), "{err}");
}

#[test]
fn two_sources_for_one_output_path_name_both() {
    // A page wins over a raw file of the notes on its path: the raw file
    // is left out with a warning naming both.
    let site = Scratch::new();
    site.write("notes/x.md", "# X\n")
        .write("notes/x.html", "<p>raw</p>");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("notes/x.html") && err.contains("from notes/x.md"),
        "{err}"
    );
    assert!(!site.read("x.html").contains("<p>raw</p>"));
    assert_eq!(text(&site.html("x.html"), "main h1"), ["X"]);

    let site = Scratch::new();
    site.write("notes/p/index.md", "# I\n")
        .write("notes/p/_index.md", "# J\n");
    let err = stderr(&site.build(&[]));
    assert!(
        err.contains("notes/p/index.md") && err.contains("notes/p/_index.md"),
        "{err}"
    );
}

#[test]
fn broken_links_warn_with_file_and_line_but_build() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "# A\n\n## Here\n\n[gone](missing.md) [bad anchor](b.md#nowhere) [ok](b.md#there)\n",
    )
    .write("notes/b.md", "## There\n");
    let output = site.build(&[]);
    assert!(output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("warning: link to a missing note `missing.md`\n  --> notes/a.md:5:1"),
        "{err}"
    );
    assert!(
        err.contains("warning: link to a missing anchor `#nowhere`"),
        "{err}"
    );
    assert!(err.contains("notes/a.md:5:20"), "{err}");
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
}

#[test]
fn missing_notes_folder_is_a_clear_error() {
    let site = Scratch::new();
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("notes folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_empty_note_is_fine() {
    let site = Scratch::new();
    site.write("notes/blank.md", "");
    assert!(site.build(&[]).status.success());
    assert_eq!(text(&site.html("blank.html"), "main h1"), ["blank"]);
}

#[cfg(unix)]
#[test]
fn symlinks_never_leave_the_notes_folder_and_loops_do_not_hang() {
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n")
        .write("secret.txt", "outside");
    std::os::unix::fs::symlink(
        site.path().join("secret.txt"),
        site.path().join("notes/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(site.path().join("notes"), site.path().join("notes/loop")).unwrap();
    std::os::unix::fs::symlink(
        site.path().join("notes/a.md"),
        site.path().join("notes/alias.md"),
    )
    .unwrap();
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(!site.out().join("leak.txt").exists());
    assert!(err.contains("notes/leak.txt"), "{err}");
    assert!(err.contains("loops"), "{err}");
    assert!(
        site.out().join("alias.html").exists(),
        "a link inside the book is followed"
    );
}

#[test]
fn help_has_examples_and_version_prints() {
    let help = stdout(&studysite(&["build", "--help"]));
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("--drafts") && help.contains("--quiet") && help.contains("--out"));
    assert!(stdout(&studysite(&["--help"])).contains("Examples:"));
    let version = stdout(&studysite(&["--version"]));
    assert!(version.starts_with("studysite "), "{version}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        studysite(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(studysite(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn quiet_prints_nothing_on_success() {
    let site = Scratch::new();
    site.write("notes/a.md", "[x](gone.md)\n");
    let output = site.build(&["--quiet"]);
    assert!(output.status.success());
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_big_book_folds_other_parts_in_the_sidebar() {
    let site = Scratch::new();
    for part in ["a", "b"] {
        for n in 1..=80 {
            site.write(&format!("notes/{part}/{n}.md"), format!("# {part} {n}\n"));
        }
    }
    assert!(site.build(&[]).status.success());
    let html = site.html("a/5.html");
    // The current part is listed in full…
    assert_eq!(text(&html, "#sidebar details[open] > summary"), ["a"]);
    assert_eq!(select(&html, "#sidebar details[open] li a").len(), 80);
    // …and the other part is one link to its first page.
    let folded: Vec<String> = select(&html, "#sidebar li.nav-part-folded a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(folded, ["../b/1.html"]);
    assert_eq!(select(&html, "#sidebar a").len(), 1 + 80 + 1);
    // The home page still has the whole table of contents.
    assert_eq!(select(&site.html("index.html"), ".book-toc a").len(), 160);
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

fn modification_times(out: &std::path::Path) -> Vec<(String, std::time::SystemTime)> {
    files(out)
        .into_iter()
        .map(|f| {
            let time = std::fs::metadata(out.join(&f)).unwrap().modified().unwrap();
            (f, time)
        })
        .collect()
}

#[test]
fn a_rebuild_without_changes_writes_no_file_again() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let first = modification_times(&site.out());
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert!(site.build(&[]).status.success());
    assert_eq!(
        modification_times(&site.out()),
        first,
        "every file kept its time"
    );

    std::thread::sleep(std::time::Duration::from_millis(50));
    site.write("notes/10-tenth.md", "# Tenth heading\n\nChanged text.\n");
    assert!(site.build(&[]).status.success());
    let third = modification_times(&site.out());
    let changed: Vec<&String> = third
        .iter()
        .filter(|entry| !first.contains(entry))
        .map(|(path, _)| path)
        .filter(|path| !path.starts_with("search/"))
        .collect();
    assert_eq!(
        changed,
        ["10-tenth.html"],
        "only the edited page is written again"
    );
}

#[test]
fn highlighted_code_is_cached_between_builds_and_follows_edits() {
    let site = Scratch::new();
    site.write(
        "notes/code.md",
        "# Code\n\n```rust\nfn main() {}\n```\n\n```toml\na = 1\n```\n",
    );
    assert!(site.build(&[]).status.success());
    let cache = site.path().join(".studysite-cache/highlight.bin");
    assert!(cache.is_file(), "the first build saves the cache");
    let first = site.read("code.html");
    assert!(first.contains("<span class=\"hl-"), "{first}");

    assert!(site.build(&[]).status.success());
    assert_eq!(site.read("code.html"), first, "a cached build is the same");

    site.write("notes/code.md", "# Code\n\n```python\nprint(1)\n```\n");
    assert!(site.build(&[]).status.success());
    let edited = site.read("code.html");
    assert!(edited.contains("print"), "{edited}");
    assert!(!edited.contains("language-rust"), "{edited}");

    // A damaged cache is only a slower build.
    std::fs::write(&cache, b"studysite highlight cache 1 garbage").unwrap();
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(site.read("code.html"), edited);
}

/// The CSS and JavaScript a reader's browser loads for a chapter before
/// any interaction: every stylesheet and script the page links, and no
/// script that blocks rendering. (38 KB today, 10 KB gzipped, with
/// seventeen admonition types, the hidden-lines control, cards whose
/// answer is revealed, the phone menu and the folded table of contents.)
#[test]
fn a_chapter_with_code_and_quizzes_loads_at_most_40_kb_of_css_and_js() {
    let site = Scratch::new();
    site.write(
        "notes/chapter.md",
        "# Chapter\n\n```rust\nfn main() {}\n```\n\n```quiz\nWhich?\n\n- [x] this\n- [ ] that\n```\n",
    );
    assert!(site.build(&[]).status.success());
    let page = site.html("chapter.html");
    let mut loaded = Vec::new();
    for link in select(&page, "link[rel=stylesheet]") {
        loaded.push(link.attr("href").unwrap().to_string());
    }
    for script in select(&page, "script[src]") {
        assert!(script.attr("defer").is_some() || script.attr("async").is_some());
        loaded.push(script.attr("src").unwrap().to_string());
    }
    assert!(
        loaded.iter().any(|f| f.ends_with("highlight.css")),
        "{loaded:?}"
    );
    assert!(loaded.iter().any(|f| f.ends_with("quiz.js")), "{loaded:?}");
    let total: usize = loaded.iter().map(|f| site.read(f).len()).sum();
    assert!(total <= 40 * 1024, "{total} bytes: {loaded:?}");
    assert!(!site.read("static/style.css").contains("@font-face"));
}

#[test]
fn highlighted_code_keeps_the_classes_the_sites_stylesheet_styles() {
    let site = Scratch::new();
    site.write("notes/code.md", "# Code\n\n```rust\nlet s = \"hi\";\n```\n");
    assert!(site.build(&[]).status.success());
    let themed = site.read("code.html");
    assert!(themed.contains("<span class=\"hl-storage"), "{themed}");
    assert!(!themed.contains("hl-rust"), "unstyled classes are left out");

    // A stylesheet of the site's own that styles Rust code as a whole.
    site.write(
        "static/highlight.css",
        ".hl-source.hl-rust { color: teal }\n",
    );
    assert!(site.build(&[]).status.success());
    let own = site.read("code.html");
    assert!(own.contains("<span class=\"hl-source hl-rust\">"), "{own}");
    assert!(!own.contains("hl-storage"), "{own}");
}

#[test]
fn invalid_utf8_after_old_mac_line_ends_names_its_line_and_shows_only_it() {
    let site = Scratch::new();
    let mut note = b"# T\r\r".to_vec();
    for n in 0..3000 {
        note.extend_from_slice(format!("line {n}\r").as_bytes());
    }
    note.extend_from_slice(b"bad \xff here\r");
    site.write("notes/a.md", note);
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("notes/a.md:3003"), "{err}");
    assert!(err.len() < 1000, "{} bytes of error", err.len());
}

#[test]
fn no_nul_byte_reaches_a_page() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "# N\n\nnul \0 text, `co\0de`, <span title=\"a\0b\">x</span>\n\n```\nblock\0\n```\n",
    );
    assert!(site.build(&[]).status.success());
    let page = std::fs::read(site.out().join("a.html")).unwrap();
    assert!(!page.contains(&0), "a NUL byte in the page");
    assert!(site.read("a.html").contains("nul \u{fffd} text"));
}

#[test]
fn a_note_over_16_mb_and_folders_nested_too_deep_are_errors_that_name_them() {
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n");
    site.write("notes/huge.md", "x".repeat(17 << 20));
    let deep = (0..40)
        .map(|n| format!("d{n}"))
        .collect::<Vec<_>>()
        .join("/");
    site.write(&format!("notes/{deep}/n.md"), "# Deep\n");
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("notes/huge.md") && err.contains("notes larger than 16 MB are not read"),
        "{err}"
    );
    assert!(err.contains("more than 32 levels deep"), "{err}");
    assert!(err.contains("notes/d0/d1/"), "{err}");
}

#[test]
fn a_page_name_too_long_for_the_file_system_is_an_error_found_by_check() {
    let site = Scratch::new();
    let name = format!("{}.md", "长".repeat(84)); // 252 + 3 bytes: fits, its page does not
    site.write(&format!("notes/{name}"), "# Long\n");
    let output = studysite(&["check", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!("notes/{name}")) && err.contains("257 bytes"),
        "{err}"
    );
    assert_eq!(site.build(&[]).status.code(), Some(1));
}
