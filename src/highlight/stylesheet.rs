//! The generator of the theme's `static/highlight.css`, from the token
//! colours of GitHub's light and dark themes (`themes/*.json`, taken from
//! primer/github-vscode-theme). A test keeps the committed file equal to
//! its output; `UPDATE_HIGHLIGHT_CSS=1 cargo test --lib highlight`
//! rewrites it.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Theme {
    token_colors: Vec<Rule>,
}

#[derive(Deserialize)]
struct Rule {
    scope: Scopes,
    settings: Settings,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scopes {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Settings {
    foreground: Option<String>,
    background: Option<String>,
    font_style: Option<String>,
}

/// Each selector of a theme with its settings, in the theme's order; a
/// selector given twice keeps its last settings.
fn selectors(json: &str) -> Vec<(String, Settings)> {
    let theme: Theme = serde_json::from_str(json).expect("a theme file of the repository");
    let mut selectors: Vec<(String, Settings)> = Vec::new();
    for rule in theme.token_colors {
        let scopes = match rule.scope {
            Scopes::One(list) => list.split(',').map(str::to_string).collect(),
            Scopes::Many(scopes) => scopes,
        };
        for scope in scopes {
            let scope = scope.split_whitespace().collect::<Vec<_>>().join(" ");
            selectors.retain(|(existing, _)| *existing != scope);
            selectors.push((scope, rule.settings.clone()));
        }
    }
    selectors
}

/// A TextMate selector (`string variable`: a `variable` scope inside a
/// `string` one) as CSS over the span classes (`.hl-string .hl-variable`),
/// or `None` for selector syntax that CSS classes cannot say, and for a
/// selector naming a block's root scope (`source`, `text`), which would
/// keep a span around every block for one rare case, or a scope that only
/// an editor's plugins give (bracket highlighting, a stray `\r`, messages).
///
/// `meta.block` is left out too: the themes only reset it to the text's
/// colour, and Sublime's grammars put it around every `{ … }` body, which
/// would be a span on most lines of code that changes no colour.
fn css_selector(scope: &str) -> Option<String> {
    const EDITOR_SCOPES: [&str; 3] = ["brackethighlighter.", "carriage-return", "message."];
    if EDITOR_SCOPES.iter().any(|editor| scope.starts_with(editor)) || scope == "meta.block" {
        return None;
    }
    let mut css = Vec::new();
    for part in scope.split(' ') {
        if matches!(part, "source" | "text")
            || !part.starts_with(|c: char| c.is_ascii_alphanumeric())
            || !part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
        {
            return None;
        }
        css.push(
            part.split('.')
                .map(|atom| format!(".{}{atom}", super::classes::CLASS_PREFIX))
                .collect::<String>(),
        );
    }
    Some(css.join(" "))
}

/// Scopes that Sublime Text's grammars (syntect's) name differently from
/// the TextMate grammars the themes were written for, and the TextMate
/// scope whose colours they take: Sublime calls a function
/// `variable.function` where TextMate says `entity.name.function`.
const SUBLIME_NAMES: [(&str, &str); 1] = [("variable.function", "entity.name.function")];

/// A light theme's text colour, or a darker one where it falls below 4.5:1
/// on the code background (`--code-bg`, #f3f3ef): the theme's comments,
/// #6e7781 (4.09:1), become #59636e (5.5:1), the muted text of GitHub's
/// current light theme.
fn readable_on_light(colour: &str) -> String {
    match colour.to_ascii_lowercase().as_str() {
        "#6e7781" => "#59636e".to_string(),
        _ => colour.to_string(),
    }
}

/// The declarations for a selector's light and dark settings: colours as
/// `light-dark(light, dark)`, so that they follow the page's
/// `color-scheme` (the reader's system, or the theme toggle).
fn declarations(light: &Settings, dark: &Settings) -> Vec<String> {
    let light = &Settings {
        foreground: light.foreground.as_deref().map(readable_on_light),
        ..light.clone()
    };
    let mut declarations = Vec::new();
    for (property, light, dark, fallback) in [
        ("color", &light.foreground, &dark.foreground, "currentColor"),
        (
            "background-color",
            &light.background,
            &dark.background,
            "transparent",
        ),
    ] {
        match (light, dark) {
            (None, None) => {}
            (Some(l), Some(d)) if l.eq_ignore_ascii_case(d) => {
                declarations.push(format!("{property}:{l}"))
            }
            (l, d) => declarations.push(format!(
                "{property}:light-dark({},{})",
                l.as_deref().unwrap_or(fallback),
                d.as_deref().unwrap_or(fallback)
            )),
        }
    }
    let styles = light.font_style.as_deref().unwrap_or_default();
    for style in styles.split_whitespace() {
        declarations.push(
            match style {
                "bold" => "font-weight:bold",
                "italic" => "font-style:italic",
                "underline" => "text-decoration:underline",
                "strikethrough" => "text-decoration:line-through",
                _ => continue,
            }
            .to_string(),
        );
    }
    declarations
}

/// The stylesheet: one rule per set of declarations, listing its selectors
/// in the themes' order (in CSS as in TextMate, a more specific selector
/// wins, and a later one among equals).
pub(crate) fn stylesheet() -> String {
    let light = selectors(include_str!("themes/github-light.json"));
    let dark = selectors(include_str!("themes/github-dark.json"));
    let mut rules: Vec<(Vec<String>, String)> = Vec::new();
    for (scope, light_settings) in &light {
        let Some(selector) = css_selector(scope) else {
            continue;
        };
        let sublime = SUBLIME_NAMES
            .iter()
            .filter(|(_, textmate)| textmate == scope)
            .filter_map(|(sublime, _)| css_selector(sublime));
        let dark_settings = dark
            .iter()
            .find(|(s, _)| s == scope)
            .map(|(_, settings)| settings.clone())
            .unwrap_or_default();
        let body = declarations(light_settings, &dark_settings).join(";");
        if body.is_empty() {
            continue;
        }
        // Rules merge only when adjacent, which keeps the order of equals.
        match rules.last_mut() {
            Some((selectors, last)) if *last == body => {
                selectors.push(selector);
                selectors.extend(sublime);
            }
            _ => rules.push((std::iter::once(selector).chain(sublime).collect(), body)),
        }
    }
    // A terminal session's prompt (see `shell_session`): muted like a
    // comment, and left out when a reader selects the commands to copy them.
    rules.push((
        vec![".hl-prompt".into()],
        format!(
            "color:light-dark({},#8b949e);user-select:none",
            readable_on_light("#6e7781")
        ),
    ));

    // A colour several rules use is named once, as a custom property: the
    // file is loaded before a chapter with code shows, and authors can
    // change a colour in one place.
    let mut colours: Vec<(&str, usize)> = Vec::new();
    for (_, body) in &rules {
        for value in body.split(';').filter_map(colour_value) {
            match colours.iter_mut().find(|(known, _)| *known == value) {
                Some((_, uses)) => *uses += 1,
                None => colours.push((value, 1)),
            }
        }
    }
    let palette: Vec<&str> = colours
        .into_iter()
        .filter(|(_, uses)| *uses > 1)
        .map(|(value, _)| value)
        .collect();
    let mut out = String::from(
        "/* Code highlighting, generated from GitHub's light and dark themes (primer/github-vscode-theme, MIT). */\n:root{",
    );
    for (number, value) in palette.iter().enumerate() {
        out.push_str(&format!("--hl{number}:{value};"));
    }
    out.push_str("}\n");
    for (selectors, body) in &rules {
        let body: Vec<String> = body
            .split(';')
            .map(|declaration| {
                match colour_value(declaration)
                    .and_then(|value| palette.iter().position(|known| *known == value))
                {
                    Some(number) => {
                        let (property, _) = declaration.split_once(':').unwrap_or_default();
                        format!("{property}:var(--hl{number})")
                    }
                    None => declaration.to_string(),
                }
            })
            .collect();
        out.push_str(&format!("{}{{{}}}\n", selectors.join(","), body.join(";")));
    }
    out
}

/// The value of a `color` or `background-color` declaration.
fn colour_value(declaration: &str) -> Option<&str> {
    let (property, value) = declaration.split_once(':')?;
    property.ends_with("color").then_some(value)
}

#[test]
fn the_committed_stylesheet_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/static/highlight.css");
    if std::env::var_os("UPDATE_HIGHLIGHT_CSS").is_some() {
        std::fs::write(path, stylesheet()).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == stylesheet(),
        "run UPDATE_HIGHLIGHT_CSS=1 cargo test --lib highlight"
    );
}

#[test]
fn selectors_become_class_selectors() {
    assert_eq!(
        css_selector("string variable").as_deref(),
        Some(".hl-string .hl-variable")
    );
    assert_eq!(
        css_selector("entity.name.function").as_deref(),
        Some(".hl-entity.hl-name.hl-function")
    );
    assert_eq!(css_selector("source.ruby.embedded - string"), None);
    assert_eq!(
        css_selector("string punctuation.section.embedded source"),
        None
    );
    assert_eq!(css_selector("meta.block"), None);
    assert!(
        stylesheet().contains(".hl-entity.hl-name.hl-function,.hl-variable.hl-function{"),
        "a function call in Sublime's grammars is coloured as a function"
    );
}
