//! Tests of rewriting containers.

use super::*;

fn rewrite_en(body: &str) -> Rewritten {
    rewrite(body, &UiStrings::for_language("en")).expect("containers")
}

#[test]
fn vuepress_and_docusaurus_blocks_nest_by_fence_length() {
    let out = rewrite_en(
        ":::: warning 外层\n::: tip\ninner *text*\n:::\n::::\n\n:::note[Docusaurus **title**]\nx\n:::\n",
    );
    assert_eq!(
        out.body,
        "<div class=\"admonition admonition-warning\" role=\"note\">\n<p class=\"admonition-title\">外层</p>\n\n<div class=\"admonition admonition-tip\" role=\"note\">\n<p class=\"admonition-title\">Tip</p>\n\ninner *text*\n\n</div>\n\n\n</div>\n\n\n<div class=\"admonition admonition-note\" role=\"note\">\n<p class=\"admonition-title\">Docusaurus <strong>title</strong></p>\n\nx\n\n</div>\n\n"
    );
    assert_eq!(out.origins.len(), out.body.lines().count());
    assert_eq!(out.origins[..4], [1, 1, 1, 2]);
    assert!(out.unclosed.is_empty());
}

#[test]
fn details_fold_and_unclosed_blocks_are_reported() {
    let out = rewrite_en("::: details 点击查看\nhidden\n:::\n\n::: danger\nnever closed\n");
    assert!(
        out.body.starts_with("<details class=\"admonition admonition-details\">\n<summary class=\"admonition-title\">点击查看</summary>\n"),
        "{}",
        out.body
    );
    assert!(out.body.trim_end().ends_with("</div>"), "{}", out.body);
    assert_eq!(out.unclosed, [(5, "::: danger".to_string())]);
}

#[test]
fn mkdocs_blocks_take_their_indented_body() {
    let out = rewrite_en(
        "!!! tip \"Title\"\n\n    Body.\n\n    ```python\n    x = 1\n\n    ```\n\n??? note \"\"\n    folded\n???+ info\n    open\nAfter.\n",
    );
    assert!(out.body.contains("<p class=\"admonition-title\">Title</p>\n\n\nBody.\n\n```python\nx = 1\n\n```\n\n\n</div>"), "{}", out.body);
    assert!(
        out.body.contains("<details class=\"admonition admonition-note\">\n<summary class=\"admonition-title\"></summary>\n\nfolded\n\n</details>"),
        "{}",
        out.body
    );
    assert!(
        out.body
            .contains("<details class=\"admonition admonition-info\" open>"),
        "{}",
        out.body
    );
    assert!(out.body.ends_with("</details>\n\nAfter.\n"), "{}", out.body);
}

#[test]
fn hexo_notes_and_code_are_left_alone_where_they_must_be() {
    let out = rewrite_en(
        "{% note success no-icon %}\n**Done**\n{% endnote %}\n\n```\n::: tip\n!!! note\n```\n",
    );
    assert!(
        out.body
            .starts_with("<div class=\"admonition admonition-success\" role=\"note\">"),
        "{}",
        out.body
    );
    assert!(
        out.body.ends_with("```\n::: tip\n!!! note\n```\n"),
        "{}",
        out.body
    );
    assert_eq!(
        rewrite("text ::: and !!! here\n", &UiStrings::for_language("en")).map(|r| r.body),
        None
    );
}

#[test]
fn mkdocs_tabs_and_vitepress_code_groups_become_tab_panels() {
    let out = rewrite_en(
        "=== \"Python\"\n\n    ```python title=\"a.py\"\n    x = 1\n    ```\n\n=== \"C++\"\n    C++ *text*\n\n===! \"New\"\n    own group\nAfter.\n\n::: code-group\n```js [config.js]\nlet a\n```\n```ts\nlet b\n```\n:::\n",
    );
    let expected = "<div class=\"tabs\">\n\n<div class=\"tab-panel\">\n<p class=\"tab-label\">Python</p>\n\n\n```python title=\"a.py\"\nx = 1\n```\n\n\n</div>\n\n<div class=\"tab-panel\">\n<p class=\"tab-label\">C++</p>\n\nC++ *text*\n\n\n</div>\n\n\n</div>\n\n<div class=\"tabs\">\n\n<div class=\"tab-panel\">\n<p class=\"tab-label\">New</p>\n\nown group\n\n</div>\n\n\n</div>\n\nAfter.\n\n<div class=\"tabs\">\n\n<div class=\"tab-panel\">\n<p class=\"tab-label\">config.js</p>\n\n```js\nlet a\n```\n\n</div>\n\n<div class=\"tab-panel\">\n<p class=\"tab-label\">ts</p>\n\n```ts\nlet b\n```\n\n</div>\n\n\n</div>\n\n";
    assert_eq!(out.body, expected);
    assert_eq!(out.origins.len(), out.body.lines().count());
    assert!(out.unclosed.is_empty());
}
