//! Call-outs as every tool spells them become one admonition element:
//! GitHub's and Obsidian's quotes, VuePress's and Docusaurus's `:::`,
//! MkDocs' `!!!` and `???`, Hexo's `{% note %}`.

mod common;

use common::*;

const NOTE: &str = r#"# 提示框

> [!definition] 自信息
> 一个事件的**信息量**。
> 第二行

> [!tip]- 折叠的标题
> 隐藏内容

> [!faq]+
> 打开的

> [!NOTE]
> GitHub

::: tip
VuePress 提示
:::

:::: danger 外层
::: details 点击查看
```js
console.log(1)
```
:::
::::

:::info[Docusaurus 标题]
内容
:::

!!! note "MkDocs 标题"

    MkDocs 正文，含 `code`。

    !!! warning
        嵌套的

??? success "答案"
    这是哪个？

    A. 甲 B. 乙

    答案：B

{% note warning %}
Hexo 注意
{% endnote %}

::: warning 没有关上
最后一段。
"#;

fn built() -> (Scratch, String) {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"笔记\"\nlanguage = \"zh-CN\"\n")
        .write("notes/all.md", NOTE);
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    (site, stderr(&output))
}

#[test]
fn every_spelling_makes_the_same_element() {
    let (site, _) = built();
    let html = site.html("all.html");
    let titles = text(&html, ".content .admonition-title");
    assert_eq!(
        titles,
        [
            "自信息",
            "折叠的标题",
            "问题",
            "注意",
            "提示",
            "外层",
            "点击查看",
            "Docusaurus 标题",
            "MkDocs 标题",
            "警告",
            "答案",
            "警告",
            "没有关上"
        ]
    );
    let classes: Vec<String> = select(&html, ".content .admonition")
        .iter()
        .map(|e| format!("{} {}", e.value().name(), e.value().attr("class").unwrap()))
        .collect();
    assert_eq!(
        classes,
        [
            "div admonition admonition-definition",
            "details admonition admonition-tip",
            "details admonition admonition-question",
            "div admonition admonition-note",
            "div admonition admonition-tip",
            "div admonition admonition-danger",
            "details admonition admonition-details",
            "div admonition admonition-info",
            "div admonition admonition-note",
            "div admonition admonition-warning",
            "details admonition admonition-success",
            "div admonition admonition-warning",
            "div admonition admonition-warning"
        ]
    );
    // Folded as written; the title line does not run into the body.
    assert_eq!(select(&html, "details.admonition[open]").len(), 1);
    assert_eq!(
        text(&html, ".admonition-definition > p:not(.admonition-title)"),
        ["一个事件的信息量。第二行"]
    );
    // Bodies are Markdown: nesting, code, and a quiz item.
    assert_eq!(
        select(&html, ".admonition-danger > details > pre.code-block").len(),
        1
    );
    assert_eq!(
        select(&html, ".admonition-note > .admonition-warning").len(),
        1
    );
    assert_eq!(select(&html, ".admonition-success [data-quiz-id]").len(), 1);
    assert_eq!(literal_markers(&html), Vec::<String>::new());
    assert_eq!(
        unbalanced_tags(&site.read("all.html")),
        Vec::<String>::new()
    );
    for marker in [":::", "!!!", "???", "[!", "{% note", "{% endnote"] {
        assert!(
            !text(&html, ".content").concat().contains(marker),
            "{marker} left as text"
        );
    }
}

#[test]
fn a_block_never_closed_warns_at_its_line() {
    let (_, warnings) = built();
    assert!(
        warnings.contains("`::: warning 没有关上` is never closed")
            && warnings.contains("notes/all.md:50"),
        "{warnings}"
    );
}

#[test]
fn tabs_show_every_panel_under_its_label_without_a_script() {
    let site = Scratch::new();
    site.write(
        "notes/tabs.md",
        "# Tabs\n\n=== \"Python\"\n\n    ```python title=\"array.py\"\n    nums = [1]\n    ```\n\n=== \"C++\"\n    C++ 说明\n\n::: code-group\n```js [config.js]\nlet a\n```\n:::\n",
    )
    .write("notes/plain.md", "# Plain\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = site.html("tabs.html");
    assert_eq!(
        text(&html, ".tabs > .tab-panel > .tab-label"),
        ["Python", "C++", "config.js"]
    );
    assert_eq!(
        select(&html, ".content [hidden]").len(),
        0,
        "nothing hidden without the script"
    );
    assert_eq!(
        text(&html, ".tab-panel figure.code-figure > figcaption"),
        ["array.py"]
    );
    assert_eq!(
        select(&html, ".tab-panel pre.code-block[data-lang=js]").len(),
        1,
        "the label is not part of the fence's language"
    );
    assert_eq!(select(&html, "script[src$='tabs.js']").len(), 1);
    assert_eq!(
        select(&site.html("plain.html"), "script[src$='tabs.js']").len(),
        0
    );
    assert!(!text(&html, ".content").concat().contains("==="));
}

#[test]
fn mermaid_blocks_are_drawn_at_build_time_in_both_themes() {
    let site = Scratch::new();
    site.write(
        "notes/diagrams.md",
        "# 图\n\n```mermaid\ngraph TD\n  A[用户请求] --> B{是否已登录}\n  B -->|是| C[返回页面]\n```\n\n```mermaid\nsequenceDiagram\n  客户端->>服务器: SYN\n```\n\n```mermaid\ngraph TD\n  A -->\n```\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warnings = stderr(&output);
    assert!(
        warnings.contains("this Mermaid diagram cannot be drawn")
            && warnings.contains("notes/diagrams.md:14:1"),
        "{warnings}"
    );
    let html = site.html("diagrams.html");
    assert_eq!(select(&html, "figure.diagram").len(), 2);
    assert_eq!(
        select(&html, "figure.diagram > .diagram-light > svg").len(),
        2
    );
    assert_eq!(
        select(&html, "figure.diagram > .diagram-dark > svg").len(),
        2
    );
    let ids: std::collections::HashSet<&str> = select(&html, "svg[id]")
        .iter()
        .filter_map(|svg| svg.value().attr("id"))
        .collect();
    assert_eq!(ids.len(), 4, "each drawing has its own id");
    assert!(
        text(&html, ".diagram-light")
            .concat()
            .contains("是否已登录")
    );
    // The one that cannot be drawn shows its source.
    assert_eq!(select(&html, "pre.code-block[data-lang=mermaid]").len(), 1);
    let page = site.read("diagrams.html");
    let main = &page[page.find("<main").unwrap()..];
    assert!(!main.contains("<script"), "no script draws them");
    assert_eq!(unbalanced_tags(&page), Vec::<String>::new());
}
