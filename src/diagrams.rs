//! Mermaid diagrams drawn at build time as SVG by
//! [merman](https://crates.io/crates/merman), a Rust port of Mermaid 11
//! that drew all 84 diagrams of the JavaGuide book (flowcharts with
//! subgraphs, sequence, class, state, ER, gantt, pie, mindmap, with
//! Chinese labels) as Mermaid does. Readers load no script for them.
//!
//! Each diagram is drawn twice, in Mermaid's default and dark themes; the
//! theme's CSS shows the one that matches the page.

use std::sync::OnceLock;

use merman::svg::{SvgRenderOptions, sanitize_svg_id};
use merman::{
    Engine, MermaidConfig, OperationControl, ParseOptions, RenderOutput, RenderRequest, Renderer,
    SvgRequest,
};

/// A diagram in both themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub light: String,
    pub dark: String,
}

/// The fonts labels are measured and drawn in: the theme's own, with the
/// Chinese ones readers' systems have.
const FONT_FAMILY: &str = "system-ui, -apple-system, \"Segoe UI\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", sans-serif";

fn renderer(theme: &str) -> Renderer {
    let config = MermaidConfig::from_value(serde_json::json!({
        "theme": theme,
        "fontFamily": FONT_FAMILY,
    }));
    Renderer::new()
        .with_engine(Engine::new().with_site_config(config))
        .with_parse_options(ParseOptions::strict())
}

fn renderers() -> &'static (Renderer, Renderer) {
    static RENDERERS: OnceLock<(Renderer, Renderer)> = OnceLock::new();
    RENDERERS.get_or_init(|| (renderer("default"), renderer("dark")))
}

/// Draws the Mermaid source `source` with ids that start with `id` (which
/// must be unique on the page), or says why it cannot be drawn.
pub fn draw(source: &str, id: &str) -> Result<Drawn, String> {
    let (light, dark) = renderers();
    let light = draw_with(light, source, &format!("{id}-light"))?;
    let dark = draw_with(dark, source, &format!("{id}-dark"))?;
    Ok(Drawn { light, dark })
}

fn draw_with(renderer: &Renderer, source: &str, id: &str) -> Result<String, String> {
    let request = SvgRequest {
        options: SvgRenderOptions {
            diagram_id: Some(sanitize_svg_id(id)),
            ..Default::default()
        },
        ..Default::default()
    };
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        renderer.render(RenderRequest::svg(source, OperationControl::new(), request))
    }))
    .map_err(|_| "the diagram renderer failed on it".to_string())?;
    match drawn.map_err(|error| error.to_string())? {
        RenderOutput::Svg(Some(svg)) => {
            let svg = svg.svg().to_owned();
            match unsafe_content(&svg) {
                Some(found) => Err(format!("the drawing holds {found}, which a page may not")),
                None => Ok(svg),
            }
        }
        _ => Err("no Mermaid diagram type found (the first line names it: `graph TD`, `sequenceDiagram`, …)".into()),
    }
}

/// What in a drawing could run or load something, if anything: labels are
/// the author's text, and a page runs nothing it did not ship.
fn unsafe_content(svg: &str) -> Option<&'static str> {
    let lower = svg.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("a script");
    }
    if lower.contains("javascript:") {
        return Some("a `javascript:` address");
    }
    let handler = lower.match_indices(" on").any(|(at, _)| {
        let rest = &lower[at + 3..];
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        name_end > 0 && rest[name_end..].trim_start().starts_with('=')
    });
    if handler {
        return Some("an event handler");
    }
    // Labels may hold HTML, whose images would load from wherever they say.
    let outside = [
        "href=\"http",
        "href=\"//",
        "src=\"http",
        "src=\"//",
        "url(http",
        "url(//",
    ];
    if outside.iter().any(|reference| lower.contains(reference)) || lower.contains("@import") {
        return Some("a reference to another host");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flowchart_with_chinese_labels_is_drawn_in_both_themes() {
        let drawn = draw(
            "graph TD\n  A[开始] --> B{是否登录}\n  B -->|是| C[首页]\n",
            "d1",
        )
        .unwrap();
        for svg in [&drawn.light, &drawn.dark] {
            assert!(svg.starts_with("<svg"), "{svg}");
            assert!(svg.contains("开始") && svg.contains("是否登录"));
            assert_eq!(unsafe_content(svg), None);
        }
        assert!(drawn.light.contains("d1-light") && drawn.dark.contains("d1-dark"));
        assert_ne!(drawn.light, drawn.dark);
    }

    #[test]
    fn bad_diagrams_and_hostile_labels_are_refused() {
        assert!(draw("graph TD\n  A --> \n", "d").is_err());
        assert!(draw("not a diagram\n", "d").is_err());
        // The labels' markup is dropped, and nothing of it is left to run.
        let drawn = draw(
            "graph TD\n  A[\"<img src=x onerror=alert(1)>\"] --> B[\"<script>alert(1)</script>\"]\n",
            "d",
        )
        .unwrap();
        for svg in [&drawn.light, &drawn.dark] {
            assert_eq!(unsafe_content(svg), None, "{svg}");
            assert!(!svg.contains("onerror") && !svg.contains("alert"), "{svg}");
        }
        // An image from another host in a label is refused.
        let outside = draw(
            "graph TD\n  A[\"<img src=https://evil.example/x.png>\"] --> B\n",
            "d",
        );
        assert_eq!(
            outside.unwrap_err(),
            "the drawing holds a reference to another host, which a page may not"
        );
        assert_eq!(
            unsafe_content("<svg><a href=\"javascript:x\">"),
            Some("a `javascript:` address")
        );
        assert_eq!(
            unsafe_content("<svg><g onclick = \"x\">"),
            Some("an event handler")
        );
        assert_eq!(unsafe_content("<svg><g class=\"one\">"), None);
    }
}
