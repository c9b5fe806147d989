//! Code highlighting at build time with syntect, as class-based HTML so that
//! one stylesheet (`static/highlight.css`) serves the light and dark themes.
//!
//! The syntax definitions load once per process and only when a page has a
//! code block in a language we know. Highlighting is most of the cost of a
//! book with much code, so a [`HighlightCache`] keeps each block's result:
//! in memory across `serve`'s rebuilds, and in a file across builds.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

mod shell_session;

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
        "shell" | "sh" | "zsh" => "bash",
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

/// The highlighting classes a stylesheet styles. syntect marks every scope
/// of every token (`hl-meta hl-function hl-parameters hl-rust`) though a
/// stylesheet styles a few dozen combinations. A span keeps only the
/// classes of the stylesheet's compound selectors (`.hl-string.hl-quoted`)
/// that it matches, and a span that matches none is dropped (its text
/// stays): every selector matches exactly the spans it matched before, so
/// nothing a reader sees changes, and highlighted code is about 70%
/// smaller. A site's own `static/highlight.css` decides for its site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StyledClasses {
    /// The `hl-` classes of each compound selector.
    compounds: BTreeSet<BTreeSet<String>>,
    /// Whether spans may be dropped: not when a selector uses a combinator
    /// that depends on them (`>`, `+`, `~`).
    drop_spans: bool,
}

impl StyledClasses {
    /// The compound selectors of `css` that name `.hl-` classes.
    pub fn of_stylesheet(css: &str) -> StyledClasses {
        let mut compounds = BTreeSet::new();
        let mut drop_spans = true;
        let text = without_comments(css);
        let mut from = 0;
        for (brace, _) in text.match_indices('{') {
            let before = &text[from..brace];
            let selectors = &before[before.rfind(['}', ';', '{']).map_or(0, |i| i + 1)..];
            from = brace + 1;
            if selectors.trim_start().starts_with('@') {
                continue;
            }
            if selectors.contains(['>', '+', '~']) {
                drop_spans = false;
            }
            for compound in selectors.split([',', ' ', '\n', '\t', '\r']) {
                let classes: BTreeSet<String> = compound
                    .match_indices(".hl-")
                    .map(|(at, _)| {
                        let name = &compound[at + 1..];
                        let end = name
                            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                            .unwrap_or(name.len());
                        name[..end].to_string()
                    })
                    .collect();
                if !classes.is_empty() {
                    compounds.insert(classes);
                }
            }
        }
        StyledClasses {
            compounds,
            drop_spans,
        }
    }

    /// The classes of the stylesheet `root`'s site uses: its own
    /// `static/highlight.css`, else the theme's.
    pub fn of_site(root: &Path) -> StyledClasses {
        match std::fs::read_to_string(root.join("static").join("highlight.css")) {
            Ok(css) => StyledClasses::of_stylesheet(&css),
            Err(_) => StyledClasses::default(),
        }
    }

    fn fingerprint(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut hasher);
        hasher.finish()
    }

    /// Of a span's classes, those in a compound selector it matches.
    fn kept<'c>(&self, classes: &'c str) -> Vec<&'c str> {
        let all: Vec<&str> = classes.split(' ').collect();
        let matched: Vec<&BTreeSet<String>> = self
            .compounds
            .iter()
            .filter(|compound| compound.iter().all(|class| all.contains(&class.as_str())))
            .collect();
        all.into_iter()
            .filter(|class| matched.iter().any(|compound| compound.contains(*class)))
            .collect()
    }

    /// `html` from syntect with only the classes that selectors match, and
    /// without the spans left with none. `seen` remembers what a class
    /// list becomes (`None`: the span goes), as the same few hundred lists
    /// make up all the code of a book.
    fn keep_styled(&self, html: &str, seen: &Mutex<HashMap<String, Option<String>>>) -> String {
        let mut out = String::with_capacity(html.len() / 2);
        // For each open span: whether it was kept.
        let mut open: Vec<bool> = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("</span>") {
                if open.pop().unwrap_or(true) {
                    out.push_str("</span>");
                }
                rest = after;
            } else if let Some(after) = rest.strip_prefix("<span class=\"")
                && let Some(end) = after.find("\">")
            {
                let classes = &after[..end];
                let mut seen = seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                let tag = seen.entry(classes.to_string()).or_insert_with(|| {
                    let kept = self.kept(classes);
                    (!kept.is_empty() || !self.drop_spans)
                        .then(|| format!("<span class=\"{}\">", kept.join(" ")))
                });
                if let Some(tag) = tag {
                    out.push_str(tag);
                }
                open.push(tag.is_some());
                rest = &after[end + 2..];
            } else {
                // Not syntect's markup: kept as it is.
                out.push('<');
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }
}

impl Default for StyledClasses {
    /// The classes of the theme's `static/highlight.css`.
    fn default() -> StyledClasses {
        StyledClasses::of_stylesheet(include_str!("../../theme/static/highlight.css"))
    }
}

/// Appends `text` to `html`, escaped as text inside an element.
fn escape(html: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html_body_text(html, text)
        .expect("writing to a String cannot fail");
}

/// Highlights `code` as `language`: the HTML to put inside `<code>`, or
/// `None` when the language is unknown (the caller escapes it as plain text).
fn highlight(language: &str, code: &str) -> Option<String> {
    if language.is_empty() {
        return None;
    }
    if shell_session::is_session(&language.to_ascii_lowercase()) {
        return shell_session::highlight_session(code);
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
    classes: StyledClasses,
    /// What syntect's class lists become (see `StyledClasses::keep_styled`).
    class_lists: Mutex<HashMap<String, Option<String>>>,
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

/// What the first bytes of a cache file must be: a file of another format,
/// of another version of studysite (whose highlighting may differ) or made
/// for other styled classes is not read.
fn file_header(classes: &StyledClasses) -> Vec<u8> {
    format!(
        "studysite highlight cache 2 {} {:016x}\n",
        env!("CARGO_PKG_VERSION"),
        classes.fingerprint()
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
    /// An empty cache for code styled by `classes`.
    pub fn new(classes: StyledClasses) -> HighlightCache {
        HighlightCache {
            blocks: Mutex::default(),
            classes,
            class_lists: Mutex::default(),
        }
    }

    /// The cache saved at `path`, or an empty one when there is none or it
    /// cannot be read (it is only ever a cache).
    pub fn load(path: &Path, classes: StyledClasses) -> HighlightCache {
        let blocks = std::fs::read(path)
            .ok()
            .and_then(|bytes| Self::decode(&bytes, &classes))
            .unwrap_or_default();
        HighlightCache {
            blocks: Mutex::new(blocks),
            classes,
            class_lists: Mutex::default(),
        }
    }

    /// The classes this cache's code is styled by.
    pub fn classes(&self) -> &StyledClasses {
        &self.classes
    }

    fn decode(bytes: &[u8], classes: &StyledClasses) -> Option<HashMap<u128, Block>> {
        let mut rest = bytes.strip_prefix(file_header(classes).as_slice())?;
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
        let html = highlight(language, code)
            .map(|html| self.classes.keep_styled(&html, &self.class_lists));
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

    /// Writes the used blocks to `path` in the cache file format.
    fn write_blocks(
        blocks: &HashMap<u128, Block>,
        classes: &StyledClasses,
        path: &Path,
    ) -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        file.write_all(&file_header(classes))?;
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
        Ok(())
    }

    /// Writes the blocks used since loading to `path`, through a temporary
    /// file so that an interrupted write leaves the old cache; when the
    /// file already holds exactly those blocks, nothing is written.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut blocks = self.lock();
        let unchanged = blocks.values().all(|block| block.used && !block.fresh);
        if unchanged && (path.is_file() || blocks.is_empty()) {
            return Ok(());
        }
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        // A name of its own for each save: two builds of one site at once
        // each write their own file, and the last rename wins.
        static SAVES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let save = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut partial = path.as_os_str().to_owned();
        partial.push(format!(".{}-{save}.partial", std::process::id()));
        let partial = std::path::PathBuf::from(partial);
        let written = Self::write_blocks(&blocks, &self.classes, &partial)
            .and_then(|()| std::fs::rename(&partial, path));
        if let Err(error) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
        // The file holds them now: a next save (serve saves after every
        // rebuild) writes again only for new blocks.
        for block in blocks.values_mut() {
            block.fresh = false;
        }
        Ok(())
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
    // A terminal session's prompt (see `shell_session`): muted, and left
    // out when a reader selects the commands to copy them.
    out.push_str(".hl-prompt{color:light-dark(#5f6b7a,#9aa5b4);user-select:none}\n");
    out
}

/// `css` without its `/* … */` comments.
fn without_comments(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    text
}

/// The rules of a generated stylesheet as (selectors, declarations), with
/// comments and white space dropped. The `.hl-code` background is left out:
/// the theme styles code blocks itself.
fn css_rules(css: &str) -> Vec<(String, Vec<(String, String)>)> {
    let without_comments = without_comments(css);
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
        let first = HighlightCache::load(&path, StyledClasses::default());
        let rust = first.highlight("rust", "fn main() {}\n").unwrap();
        assert_eq!(first.highlight("toml", "a = 1\n"), None);
        first.highlight("python", "print(1)\n").unwrap();
        first.save(&path).unwrap();

        let second = HighlightCache::load(&path, StyledClasses::default());
        assert_eq!(second.lock().len(), 3);
        assert_eq!(second.highlight("rust", "fn main() {}\n").unwrap(), rust);
        assert_eq!(second.highlight("toml", "a = 1\n"), None);
        second.save(&path).unwrap();
        let third = HighlightCache::load(&path, StyledClasses::default());
        assert_eq!(
            third.lock().len(),
            2,
            "the python block was not used by the second build"
        );

        // A build that used exactly the saved blocks leaves the file alone,
        // and so does a second save of the same blocks.
        let saved = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        third.highlight("rust", "fn main() {}\n");
        third.highlight("toml", "a = 1\n");
        third.save(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), saved);
        third.highlight("go", "package main\n");
        third.save(&path).unwrap();
        let resaved = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_ne!(resaved, saved, "a new block is saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
        third.save(&path).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            resaved,
            "saved blocks are not written again"
        );
    }

    #[test]
    fn builds_of_one_site_at_once_each_save_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/highlight.bin");
        std::thread::scope(|scope| {
            for n in 0..4 {
                let path = &path;
                scope.spawn(move || {
                    let cache = HighlightCache::default();
                    cache
                        .highlight("rust", &format!("fn f{n}() {{}}\n"))
                        .unwrap();
                    for _ in 0..20 {
                        cache.lock().values_mut().for_each(|b| b.fresh = true);
                        cache.save(path).unwrap();
                    }
                });
            }
        });
        assert_eq!(
            HighlightCache::load(&path, StyledClasses::default())
                .lock()
                .len(),
            1
        );
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no partial file is left");
    }

    #[test]
    fn a_site_without_code_gets_no_cache_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/highlight.bin");
        HighlightCache::default().save(&path).unwrap();
        assert!(!dir.path().join("cache").exists());
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
                HighlightCache::load(&path, StyledClasses::default())
                    .lock()
                    .is_empty(),
                "cut at {cut}"
            );
        }
        std::fs::write(&path, b"studysite highlight cache 0 0.0.0\n").unwrap();
        assert!(
            HighlightCache::load(&path, StyledClasses::default())
                .lock()
                .is_empty()
        );
        cache.save(&path).unwrap();
        let other = StyledClasses::of_stylesheet(".hl-keyword{color:red}");
        assert!(
            HighlightCache::load(&path, other).lock().is_empty(),
            "made for other classes"
        );
    }

    #[test]
    fn only_styled_classes_and_their_spans_are_kept() {
        let classes = StyledClasses::of_stylesheet(
            "/* .hl-rust */ .hl-keyword{color:red}\n.hl-string.hl-quoted,.hl-x{x:y}\n.hl-markup.hl-heading .hl-punctuation{z:w}",
        );
        assert_eq!(
            classes.keep_styled(
                "<span class=\"hl-source hl-rust\"><span class=\"hl-keyword hl-rust\">fn</span> a &lt; b <span class=\"hl-string hl-quoted hl-double\">&quot;x&quot;</span> <span class=\"hl-string hl-markup\">s</span></span>\n",
                &Mutex::default()
            ),
            "<span class=\"hl-keyword\">fn</span> a &lt; b <span class=\"hl-string hl-quoted\">&quot;x&quot;</span> s\n",
            "hl-string alone and hl-markup alone match no compound"
        );
        assert_eq!(
            classes.keep_styled(
                "<span class=\"hl-markup hl-heading hl-md\"><span class=\"hl-punctuation hl-md\">#</span></span>",
                &Mutex::default()
            ),
            "<span class=\"hl-markup hl-heading\"><span class=\"hl-punctuation\">#</span></span>",
            "an ancestor of a descendant selector is kept"
        );
        let child = StyledClasses::of_stylesheet(".hl-a > .hl-b{color:red}");
        assert_eq!(
            child.keep_styled(
                "<span class=\"hl-c\"><span class=\"hl-b\">x</span></span>",
                &Mutex::default()
            ),
            "<span class=\"\"><span class=\"hl-b\">x</span></span>",
            "with a child combinator no span is dropped"
        );
        let html = HighlightCache::default()
            .highlight("rust", "fn main() { let s = \"hi\"; }\n")
            .unwrap();
        assert!(!html.contains("hl-rust"), "{html}");
        assert!(html.contains("<span class=\"hl-storage"), "{html}");
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
