//! An Obsidian vault builds as Obsidian shows it: `[[links]]` and
//! `![[embeds]]` resolved by name, sized images, embedded notes and
//! sections, block ids, and links by name in Markdown.

mod common;

use common::*;

const VAULT: &str = r#"# 库

链接：[[socket]]、[[socket|套接字]]、[[a/socket]]、[[socket#Heading Two]]、[[#本节]]、[[socket#^abc123]]。

Markdown 链接：[套接字](socket.md)。

有歧义：[[tcp]]。不存在：[[missing]]。数组 [[1,2],[3,4]] 和 [["a","b"]] 不是链接，[[尽量以const, enum替换define]] 是。

![[pic.png|300]]

![[sketch.excalidraw]]

![[socket#Heading Two]]

![[库]]

## 本节

文本，==重点==，a==b 和 c==d。%%私下的话%% #学习 #rust/async

%%
多行
注释
%%
"#;

fn vault() -> (Scratch, String) {
    let site = Scratch::new();
    site.write("notes/.obsidian/app.json", "{}")
        .write("notes/库.md", VAULT)
        .write(
            "notes/a/socket.md",
            "# Socket\n\nIntro.\n\n## Heading Two\n\nEmbedded **part**. ^abc123\n\n## Other\n\nNot embedded.\n",
        )
        .write("notes/b/tcp.md", "# TCP b\n")
        .write(
            "notes/drawings/sketch.excalidraw.md",
            "---\nexcalidraw-plugin: parsed\n---\n# Drawing\n```json\n{}\n```\n",
        )
        .write(
            "notes/drawings/sketch.excalidraw.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        )
        .write("notes/c/tcp.md", "# TCP c\n")
        .write(
            "notes/attachments/pic.png",
            std::fs::read(fixture("markdown").join("notes/img/pic.png")).unwrap(),
        );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    (site, stderr(&output))
}

#[test]
fn links_resolve_by_name_and_unresolved_ones_show_their_text() {
    let (site, warnings) = vault();
    let html = site.html("库.html");
    let hrefs: Vec<String> = select(&html, ".content > p a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert_eq!(
        hrefs,
        [
            "a/socket.html",
            "a/socket.html",
            "a/socket.html",
            "a/socket.html#heading-two",
            "#%E6%9C%AC%E8%8A%82",
            "a/socket.html#^abc123",
            "a/socket.html",
            // `![[库]]` in 库.md: a link, not an embed of itself.
            "%E5%BA%93.html"
        ]
    );
    assert_eq!(
        text(&html, ".content > p a")[..3],
        ["socket", "套接字", "a/socket"]
    );
    let paragraph = text(&html, ".content > p").join("\n");
    // A link to no note (or to one of several) is its text, marked.
    assert!(
        paragraph.contains("有歧义：tcp。不存在：missing。"),
        "{paragraph}"
    );
    assert_eq!(
        text(&html, ".unresolved-link"),
        ["tcp", "missing", "尽量以const, enum替换define"]
    );
    assert!(
        paragraph.contains("数组 [[1,2],[3,4]] 和 [[\"a\",\"b\"]] 不是链接"),
        "{paragraph}"
    );
    assert!(
        warnings.contains("`tcp` names several notes: `b/tcp.md`, `c/tcp.md`")
            && warnings.contains("no note named `missing`")
            && warnings.contains("a note cannot embed itself"),
        "{warnings}"
    );
    assert_eq!(warnings.matches("warning:").count(), 4, "{warnings}");
    assert!(!files(&site.out()).iter().any(|p| p.contains(".obsidian")));
}

#[test]
fn embeds_show_images_at_their_size_and_sections_of_notes() {
    let (site, _) = vault();
    let html = site.html("库.html");
    let images: Vec<String> = select(&html, ".content img")
        .iter()
        .filter_map(|img| img.value().attr("src").map(String::from))
        .collect();
    assert_eq!(
        images,
        ["attachments/pic.png", "drawings/sketch.excalidraw.svg"],
        "a drawing shows as the picture the plugin exported"
    );
    assert_eq!(attr(&html, ".content img", "width").as_deref(), Some("300"));
    assert_eq!(
        attr(&html, ".content img", "height").as_deref(),
        Some("300")
    );
    assert_eq!(
        text(&html, ".embed .embed-title a"),
        ["socket › Heading Two"]
    );
    assert_eq!(text(&html, ".embed strong"), ["part"]);
    assert!(!text(&html, ".embed").concat().contains("Not embedded"));
    // A block id is an anchor that `[[note#^id]]` reaches.
    let socket = site.html("a/socket.html");
    assert_eq!(select(&socket, "[id='^abc123']").len(), 1);
    assert!(!text(&socket, ".content").concat().contains("^abc123"));
}

#[test]
fn comments_go_highlights_mark_and_tags_join_the_pages_tags() {
    let (site, _) = vault();
    let html = site.html("库.html");
    let content = text(&html, ".content").concat();
    assert!(
        !content.contains("私下") && !content.contains("多行"),
        "{content}"
    );
    assert!(!content.contains("%%"), "{content}");
    assert_eq!(text(&html, ".content mark"), ["重点"]);
    assert!(content.contains("a==b 和 c==d"), "{content}");
    assert_eq!(text(&html, ".meta .tag"), ["学习", "rust/async"]);
}
