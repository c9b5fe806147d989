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
