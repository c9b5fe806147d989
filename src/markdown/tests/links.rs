//! Links and images in a note: rewritten note links, links out of the
//! book, addresses that would run a script, bare addresses, links to a
//! section, other hosts, and Hexo's link tags.

use super::*;

#[test]
fn links_to_notes_are_rewritten_and_recorded_with_file_lines() {
    let out = render_body("text\n\nsee [b](../other.md#x) and [self](#top)\n");
    assert!(
        out.html.contains("href=\"../other.html#x\""),
        "{}",
        out.html
    );
    assert_eq!(
        out.links,
        vec![
            NoteLink {
                target: "other.md".into(),
                fragment: Some("x".into()),
                href: "../other.html#x".into(),
                line: 7,
                column: 5
            },
            NoteLink {
                target: "part/page.md".into(),
                fragment: Some("top".into()),
                href: "#top".into(),
                line: 7,
                column: 28
            }
        ]
    );
}

#[test]
fn links_out_of_the_book_warn() {
    let out = render_body("[x](../../../etc.md)\n");
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].line, Some(5));
}

#[test]
fn links_that_would_run_a_script_lose_their_address_with_a_warning() {
    let out = render_body(
        "[a](javascript:alert(1)) [b](VBScript:x) <javascript:alert(2)>\n\n![c](javascript:alert(3)) ![d](data:image/png;base64,AAAA) [e](data:text/html,x)\n\n[f]: javascript:alert(4)\n\n[g][f] [ok](https://x.org)\n",
    );
    let html = out.html.to_ascii_lowercase();
    for scheme in ["javascript:", "vbscript:", "data:text"] {
        assert!(
            !html.contains(&format!("=\"{scheme}")),
            "{scheme}: {}",
            out.html
        );
    }
    assert!(out.html.contains("<a>a</a>"), "{}", out.html);
    assert!(out.html.contains("<img alt=\"c\">"), "{}", out.html);
    assert!(
        out.html.contains("src=\"data:image/png;base64,AAAA\""),
        "a data image stays"
    );
    assert!(out.html.contains("href=\"https://x.org\""));
    let places: Vec<_> = out
        .diagnostics
        .iter()
        .map(|d| (d.line.unwrap(), d.column.unwrap()))
        .collect();
    // render_body puts the body after four lines of front matter.
    assert_eq!(places, [(5, 1), (5, 26), (5, 42), (7, 1), (7, 60), (11, 1)]);
    assert!(
        out.diagnostics[0]
            .message
            .contains("`javascript:` address can run a script")
    );
}

#[test]
fn bare_addresses_become_links_as_on_github() {
    let out = render_body(
        "见 https://example.org/a 和 www.rust-lang.org。\n\nMail <a@b.com> or c@d.io.\n\n[https://x.org](https://x.org) `https://y.org`\n",
    );
    assert!(
        out.html.contains("见 <a href=\"https://example.org/a\" class=\"external\">https://example.org/a</a> 和 <a href=\"http://www.rust-lang.org\" class=\"external\">www.rust-lang.org</a>。"),
        "{}",
        out.html
    );
    assert!(
        out.html.contains("<a href=\"mailto:a@b.com\">a@b.com</a>"),
        "{}",
        out.html
    );
    assert!(
        out.html.contains("<a href=\"mailto:c@d.io\">c@d.io</a>."),
        "{}",
        out.html
    );
    assert_eq!(
        out.html.matches("https://x.org\"").count(),
        1,
        "{}",
        out.html
    );
    assert!(
        out.html.contains("<code>https://y.org</code>"),
        "{}",
        out.html
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn hexo_tags_become_links_and_images_or_show_with_a_warning() {
    let out = render_body(
        "见 {% post_link other-post 另一篇 %}。\n\n{% asset_img pic.png 图一 %}\n\n{% youtube abc123 %}\n\n`{% raw %}`\n",
    );
    assert!(
        out.html
            .contains("见 <a href=\"other-post.html\">另一篇</a>。"),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains("<img src=\"page/pic.png\" alt=\"图一\" title=\"图一\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("{% youtube abc123 %}"), "{}", out.html);
    assert!(out.html.contains("<code>{% raw %}</code>"), "{}", out.html);
    let messages: Vec<(String, Option<usize>)> = out
        .diagnostics
        .iter()
        .map(|d| (d.message.clone(), d.line))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].0.contains("page/pic.png"), "{messages:?}");
    assert_eq!(messages[1].1, Some(9), "{messages:?}");
    assert!(messages[1].0.contains("{% youtube %}"), "{messages:?}");
    assert_eq!(out.links[0].target, "part/other-post.md");
}

#[test]
fn links_to_a_section_in_other_case_or_by_its_text_reach_it() {
    let out = render_body(
        "- [客户端](#SQL客户端)\n- [事务](#MySQL-事务)\n- [无](#Nowhere)\n\n### SQL客户端\n\n## ⭐️MySQL 事务\n",
    );
    assert!(
        out.html
            .contains("href=\"#sql%E5%AE%A2%E6%88%B7%E7%AB%AF\""),
        "{}",
        out.html
    );
    assert!(
        out.html.contains("href=\"#mysql-%E4%BA%8B%E5%8A%A1\""),
        "{}",
        out.html
    );
    assert!(out.html.contains("href=\"#Nowhere\""), "{}", out.html);
    let fragments: Vec<Option<&str>> = out.links.iter().map(|l| l.fragment.as_deref()).collect();
    assert_eq!(
        fragments,
        [Some("sql客户端"), Some("mysql-事务"), Some("Nowhere")]
    );
}

#[test]
fn links_to_other_hosts_are_marked_and_stay_in_the_tab() {
    let out = render_body("[a](https://example.org) [b](other.md) <https://x.org>\n");
    assert!(
        out.html
            .contains("<a href=\"https://example.org\" class=\"external\">a</a>"),
        "{}",
        out.html
    );
    assert!(out.html.contains("<a href=\"other.html\">b</a>"));
    assert!(!out.html.contains("target="));
}
