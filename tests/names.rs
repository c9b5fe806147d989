//! Notes with awkward names: every link to them reaches their page, in
//! the sidebar, the pager, breadcrumbs, the home page, the quiz page and
//! search results, and a name can never make a `javascript:` link.

mod common;

use common::*;

#[test]
fn awkward_names_are_reached_everywhere_and_never_a_scheme() {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Names\"\n");
    let names = [
        "a b#1?.md",
        "50%.md",
        "javascript:alert(1);x.md",
        "back\\slash.md",
        "tab\there.md",
        "part/c:d.md",
        "part/e f.md",
    ];
    for name in names {
        site.write(
            &format!("notes/{name}"),
            format!(
                "# {}\n\nText.\n\n```quiz\nWhich?\n\n- [x] this\n- [ ] that\n```\n",
                name.replace(['\t', '\\'], " ")
            ),
        );
    }
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
    for page in files(&site.out()).iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(page);
        assert!(!html.contains("href=\"javascript:"), "{page}");
        assert!(!html.contains("href=\"../javascript:"), "{page}");
    }
    // Search results and quiz items link to the encoded paths too.
    let units: String = files(&site.out())
        .iter()
        .filter(|f| f.starts_with("search/units/"))
        .map(|f| site.read(f))
        .collect();
    assert!(units.contains("javascript%3Aalert(1);x.html"), "{units}");
    assert!(units.contains("a%20b%231%3F.html"), "{units}");
    assert!(!units.contains("\"url\":\"javascript:"), "{units}");
}
