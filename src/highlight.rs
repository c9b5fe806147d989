//! Code highlighting at build time with syntect, as class-based HTML so that
//! one stylesheet (`static/highlight.css`) serves the light and dark themes.
//!
//! The syntax definitions load once per process and only when a page has a
//! code block in a language we know. Highlighting is most of the cost of a
//! book with much code, so a [`HighlightCache`] keeps each block's result:
//! in memory across `serve`'s rebuilds, and in a file across builds.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The prefix of every highlighting class (`hl-keyword`), so that they
/// cannot clash with the theme's own classes.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Names people write after a fence that syntect's default set does not
/// know by that name, mapped to one it has (or to none: plain text).
fn alias(name: &str) -> Option<&str> {
    Some(match name {
        "c++" | "cxx" | "hpp" => "cpp",
        "shell" | "sh" | "zsh" | "console" | "shell-session" => "bash",
        "ts" | "typescript" | "tsx" | "jsx" | "mjs" | "cjs" | "javascript" => "js",
        "py3" | "python3" => "python",
        "golang" => "go",
        "c#" | "csharp" => "cs",
        "yml" => "yaml",
        "text" | "txt" | "plain" | "plaintext" | "output" | "quiz" => return None,
        other => other,
    })
}

/// The language of a fence's info string: its first word, lower-cased
/// (`rust,ignore` and `python {linenos}` give `rust` and `python`).
pub fn fence_language(info: &str) -> &str {
    info.split([',', ' ', '\t', '{'])
        .next()
        .unwrap_or_default()
        .trim()
}

/// The syntax for a fence language, if syntect has one.
fn syntax_for(language: &str) -> Option<&'static SyntaxReference> {
    let lower = language.to_ascii_lowercase();
    let name = alias(&lower)?;
    let set = syntaxes();
    set.find_syntax_by_token(name)
        .or_else(|| set.find_syntax_by_name(language))
        .filter(|syntax| syntax.name != "Plain Text")
}

/// Highlights `code` as `language`: the HTML to put inside `<code>`, or
/// `None` when the language is unknown (the caller escapes it as plain text).
fn highlight(language: &str, code: &str) -> Option<String> {
    if language.is_empty() {
        return None;
    }
    let syntax = syntax_for(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        // A line syntect cannot handle leaves the block plain rather than
        // half highlighted.
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// Highlighted blocks by language and code. Entries read from a file are
/// written back only if a build used them, so the file follows the book
/// instead of growing forever.
#[derive(Default)]
pub struct HighlightCache {
    blocks: Mutex<HashMap<u128, Block>>,
}

impl std::fmt::Debug for HighlightCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HighlightCache({} blocks)", self.lock().len())
    }
}

struct Block {
    /// The highlighted HTML, or `None` for a language syntect lacks.
    html: Option<String>,
    used: bool,
    /// Highlighted by this process, not read from the file.
    fresh: bool,
}

/// What the first bytes of a cache file must be: a file of another format
/// or another version of studysite (whose highlighting may differ) is not
/// read.
fn file_header() -> Vec<u8> {
    format!(
        "studysite highlight cache 1 {}\n",
        env!("CARGO_PKG_VERSION")
    )
    .into_bytes()
}

/// A 128-bit key for a block, from two differently seeded hashes.
fn key(language: &str, code: &str) -> u128 {
    let half = |seed: u8| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        seed.hash(&mut hasher);
        language.hash(&mut hasher);
        code.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

impl HighlightCache {
    /// The cache saved at `path`, or an empty one when there is none or it
    /// cannot be read (it is only ever a cache).
    pub fn load(path: &Path) -> HighlightCache {
        let blocks = std::fs::read(path)
            .ok()
            .and_then(|bytes| Self::decode(&bytes))
            .unwrap_or_default();
        HighlightCache {
            blocks: Mutex::new(blocks),
        }
    }

    fn decode(bytes: &[u8]) -> Option<HashMap<u128, Block>> {
        let mut rest = bytes.strip_prefix(file_header().as_slice())?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let mut blocks = HashMap::new();
        while let Some(key) = take(16) {
            let key = u128::from_le_bytes(key.try_into().ok()?);
            let length = u32::from_le_bytes(take(4)?.try_into().ok()?);
            // u32::MAX marks a language syntect lacks.
            let html = match length {
                u32::MAX => None,
                length => Some(String::from_utf8(take(length as usize)?.to_vec()).ok()?),
            };
            blocks.insert(
                key,
                Block {
                    html,
                    used: false,
                    fresh: false,
                },
            );
        }
        Some(blocks)
    }

    /// Highlights `code` as `language` (see [`highlight`]), once per cache.
    pub fn highlight(&self, language: &str, code: &str) -> Option<String> {
        if language.is_empty() {
            return None;
        }
        let key = key(language, code);
        if let Some(block) = self.lock().get_mut(&key) {
            block.used = true;
            return block.html.clone();
        }
        let html = highlight(language, code);
        self.lock().insert(
            key,
            Block {
                html: html.clone(),
                used: true,
                fresh: true,
            },
        );
        html
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u128, Block>> {
        // A panic while holding the lock cannot leave a map half changed.
        self.blocks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes the blocks used since loading to `path`, through a temporary
    /// file so that an interrupted write leaves the old cache; when the
    /// file already holds exactly those blocks, nothing is written.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let blocks = self.lock();
        if blocks.values().all(|block| block.used && !block.fresh) && path.is_file() {
            return Ok(());
        }
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        let mut file = std::io::BufWriter::new(std::fs::File::create(&partial)?);
        file.write_all(&file_header())?;
        for (key, block) in blocks.iter().filter(|(_, block)| block.used) {
            let length = match &block.html {
                None => u32::MAX,
                Some(html) => match u32::try_from(html.len()) {
                    Ok(length) if length != u32::MAX => length,
                    _ => continue,
                },
            };
            file.write_all(&key.to_le_bytes())?;
            file.write_all(&length.to_le_bytes())?;
            if let Some(html) = &block.html {
                file.write_all(html.as_bytes())?;
            }
        }
        file.into_inner().map_err(|error| error.into_error())?;
        std::fs::rename(&partial, path)
    }
}

/// The stylesheet for the highlighting classes: one rule per class whose
/// colours are `light-dark(light, dark)`, so they follow the page's
/// `color-scheme` (the reader's system, or the theme toggle) with no second
/// copy of the rules. `static/highlight.css` is this output; a test keeps
/// them equal.
pub fn stylesheet() -> String {
    use syntect::highlighting::ThemeSet;
    let themes = ThemeSet::load_defaults();
    let rules = |name: &str| {
        let css = syntect::html::css_for_theme_with_class_style(&themes.themes[name], CLASS_STYLE)
            .expect("the default themes produce CSS");
        css_rules(&css)
    };
    let light = rules("base16-ocean.light");
    let dark = rules("base16-ocean.dark");
    let mut selectors: Vec<&String> = light.iter().map(|(s, _)| s).collect();
    for (selector, _) in &dark {
        if !selectors.contains(&selector) {
            selectors.push(selector);
        }
    }
    let find = |rules: &[(String, Vec<(String, String)>)], selector: &str| {
        rules
            .iter()
            .find(|(s, _)| s == selector)
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    };
    let mut out = String::from(
        "/* Code highlighting, generated from syntect's base16-ocean.light (light) and base16-ocean.dark (dark) themes. */\n",
    );
    for selector in selectors {
        let light = find(&light, selector);
        let dark = find(&dark, selector);
        let mut declarations = Vec::new();
        for property in ["color", "background-color"] {
            // The last declaration wins, as in CSS.
            let value = |d: &[(String, String)]| {
                d.iter()
                    .rev()
                    .find(|(p, _)| p == property)
                    .map(|(_, v)| v.clone())
            };
            let fallback = if property == "color" {
                "currentColor"
            } else {
                "transparent"
            };
            match (value(&light), value(&dark)) {
                (None, None) => {}
                (Some(l), Some(d)) if l == d => declarations.push(format!("{property}:{l}")),
                (l, d) => declarations.push(format!(
                    "{property}:light-dark({},{})",
                    l.as_deref().unwrap_or(fallback),
                    d.as_deref().unwrap_or(fallback)
                )),
            }
        }
        for (property, value) in &light {
            let declaration = format!("{property}:{value}");
            if !property.ends_with("color") && !declarations.contains(&declaration) {
                declarations.push(declaration);
            }
        }
        if !declarations.is_empty() {
            out.push_str(&format!("{selector}{{{}}}\n", declarations.join(";")));
        }
    }
    // The themes' comment colours are too faint to read on a page; these
    // keep a 4.5:1 contrast on the code background.
    out.push_str(
        ".hl-comment,.hl-punctuation.hl-definition.hl-comment{color:light-dark(#5f6b7a,#9aa5b4)}\n",
    );
    out
}

/// The rules of a generated stylesheet as (selectors, declarations), with
/// comments and white space dropped. The `.hl-code` background is left out:
/// the theme styles code blocks itself.
fn css_rules(css: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    // One entry per single selector, so that the two themes' rules can be
    // matched even where they group selectors differently.
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for rule in without_comments.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        for selector in selectors.split(',') {
            let selector = selector.split_whitespace().collect::<Vec<_>>().join(" ");
            let declarations: Vec<(String, String)> = body
                .split(';')
                .filter_map(|d| {
                    let (property, value) = d.split_once(':')?;
                    Some((property.trim().to_string(), value.trim().to_string()))
                })
                .filter(|(p, _)| !(selector == ".hl-code" && p.starts_with("background")))
                .collect();
            if selector.is_empty() || declarations.is_empty() {
                continue;
            }
            match rules.iter_mut().find(|(s, _)| *s == selector) {
                Some((_, existing)) => existing.extend(declarations),
                None => rules.push((selector, declarations)),
            }
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_people_write_reach_a_syntax() {
        for name in [
            "rust", "rs", "python", "py", "js", "ts", "sh", "bash", "shell", "c++", "cpp", "yaml",
            "yml", "json", "sql", "html", "java", "go", "c", "ruby", "css", "xml", "Rust",
        ] {
            assert!(syntax_for(name).is_some(), "{name}");
        }
        for name in ["toml", "kotlin", "no-such-language", "text", "quiz"] {
            assert!(highlight(name, "x = 1\n").is_none(), "{name}");
        }
    }

    #[test]
    fn highlighting_is_class_based() {
        let html = highlight("rust", "fn main() {}\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn the_cache_keeps_results_across_builds_and_only_what_was_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/highlight.bin");
        let first = HighlightCache::load(&path);
        let rust = first.highlight("rust", "fn main() {}\n").unwrap();
        assert_eq!(first.highlight("toml", "a = 1\n"), None);
        first.highlight("python", "print(1)\n").unwrap();
        first.save(&path).unwrap();

        let second = HighlightCache::load(&path);
        assert_eq!(second.lock().len(), 3);
        assert_eq!(second.highlight("rust", "fn main() {}\n").unwrap(), rust);
        assert_eq!(second.highlight("toml", "a = 1\n"), None);
        second.save(&path).unwrap();
        let third = HighlightCache::load(&path);
        assert_eq!(
            third.lock().len(),
            2,
            "the python block was not used by the second build"
        );

        // A build that used exactly the saved blocks leaves the file alone.
        let saved = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        third.highlight("rust", "fn main() {}\n");
        third.highlight("toml", "a = 1\n");
        third.save(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), saved);
    }

    #[test]
    fn a_damaged_cache_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight.bin");
        let cache = HighlightCache::default();
        cache.highlight("rust", "let x = 1;\n").unwrap();
        cache.save(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 5, bytes.len() - 3] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(
                HighlightCache::load(&path).lock().is_empty(),
                "cut at {cut}"
            );
        }
        std::fs::write(&path, b"studysite highlight cache 0 0.0.0\n").unwrap();
        assert!(HighlightCache::load(&path).lock().is_empty());
    }

    #[test]
    fn fence_language_takes_the_first_word() {
        assert_eq!(fence_language("rust,ignore"), "rust");
        assert_eq!(fence_language("python {linenos=true}"), "python");
        assert_eq!(fence_language(""), "");
    }

    /// `UPDATE_HIGHLIGHT_CSS=1 cargo test --lib highlight` rewrites the file.
    #[test]
    fn the_committed_stylesheet_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/theme/static/highlight.css");
        if std::env::var_os("UPDATE_HIGHLIGHT_CSS").is_some() {
            std::fs::write(path, stylesheet()).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap();
        assert!(
            committed == stylesheet(),
            "run UPDATE_HIGHLIGHT_CSS=1 cargo test --lib highlight"
        );
    }
}
