//! A folder of notes written for GitHub builds as GitHub shows it: each
//! folder's `README.md` is its page.

mod common;

use common::*;

#[test]
fn a_readme_is_its_folders_page_unless_an_index_is_there() {
    let site = Scratch::new();
    site.write(
        "notes/README.md",
        "# 笔记\n\n- [Java](java/README.md)\n- [并发](java/concurrency/)\n",
    )
    .write(
        "notes/java/README.md",
        "# Java 基础\n\n见 [集合](collections.md)。\n",
    )
    .write(
        "notes/java/collections.md",
        "# 集合\n\n[返回](README.md#java-基础)\n",
    )
    .write("notes/java/concurrency/readme.md", "# 并发\n")
    .write("notes/db/index.md", "# 数据库\n")
    .write("notes/db/README.md", "# 说明\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("notes/db/README.md")
            && err.contains("left out: `notes/db/index.md` is this folder's page `db/index.html`"),
        "{err}"
    );
    assert!(!err.contains("missing"), "every link resolves: {err}");
    let pages = files(&site.out());
    for page in [
        "index.html",
        "java/index.html",
        "java/concurrency/index.html",
        "db/index.html",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} in {pages:?}");
    }
    assert!(
        !pages
            .iter()
            .any(|p| p.ends_with("README.html") || p.ends_with("readme.html"))
    );
    assert_eq!(
        attr(&site.html("index.html"), ".home-header h1", "id").as_deref(),
        Some("笔记"),
        "the home page is the top README"
    );
    assert_eq!(
        attr(&site.html("index.html"), ".content a", "href").as_deref(),
        Some("java/index.html")
    );
    assert_eq!(
        attr(&site.html("java/collections.html"), ".content a", "href").as_deref(),
        Some("index.html#java-%E5%9F%BA%E7%A1%80")
    );
    assert_eq!(text(&site.html("db/index.html"), "h1"), ["数据库"]);
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn links_without_md_reach_the_note_as_in_vuepress_and_docsify() {
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n\n[B](./b#Part-Two) and [C](sub/c)\n")
        .write("notes/b.md", "# B\n\n## Part two\n")
        .write("notes/sub/c.md", "# C\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "no warning");
    let html = site.html("a.html");
    let hrefs: Vec<String> = select(&html, ".content a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert_eq!(hrefs, ["./b.html#part-two", "sub/c.html"]);
}

#[test]
fn serve_links_a_note_once_the_note_it_names_is_written() {
    use studysite::pipeline::Session;
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n\n[Later](later)\n")
        .write("notes/b.md", "# B\n");
    let mut session = Session::new(site.path(), false);
    session.rebuild(false).unwrap();
    site.write("notes/later.md", "# Later\n");
    let (files, _) = session.rebuild(false).unwrap();
    assert_eq!(session.last_stats.notes_rendered, 2, "a.md and later.md");
    let page = files.iter().find(|f| f.path == "a.html").unwrap();
    let studysite::output::Contents::Bytes(bytes) = &page.contents else {
        panic!("a.html is rendered")
    };
    assert!(String::from_utf8_lossy(bytes).contains("href=\"later.html\""));
}

#[test]
fn a_link_whose_text_is_in_brackets_is_no_wiki_link() {
    let site = Scratch::new();
    site.write(
        "notes/a.md",
        "# A\n\n存在 Bug（[[Bug #109145]](https://bugs.mysql.com/bug.php?id=109145)），见 [[dev-dependencies]](#dev-dependencies)。\n\n## dev-dependencies\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "no warning");
    let html = site.html("a.html");
    assert_eq!(
        text(&html, ".content > p").concat(),
        "存在 Bug（[Bug #109145]），见 [dev-dependencies]。"
    );
    assert_eq!(
        attr(&html, ".content > p a", "href").as_deref(),
        Some("https://bugs.mysql.com/bug.php?id=109145")
    );
}
