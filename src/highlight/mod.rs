//! Code highlighting at build time with syntaxmate (TextMate grammars, the
//! ones VS Code and GitHub use), as class-based HTML so that one stylesheet
//! (`static/highlight.css`) serves the light and dark themes.
//!
//! A grammar is prepared once per process, on the first block in its
//! language. Highlighting is most of the cost of a book with much code, so a
//! [`HighlightCache`] keeps each block's result: in memory across `serve`'s
//! rebuilds, and in a file across builds.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use crate::fingerprint::fingerprint_of;
use syntaxmate::{Catalog, Highlighter, HighlighterOptions, TokenizedDocument};

mod shell_session;
#[cfg(test)]
mod stylesheet;

/// The prefix of every highlighting class (`hl-keyword`), so that they
/// cannot clash with the theme's own classes.
const CLASS_PREFIX: &str = "hl-";

/// The grammars built into studysite (264 languages).
fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::bundled)
}

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(|| {
        Highlighter::with_catalog_options(
            catalog(),
            HighlighterOptions {
                // Every language of a book stays prepared for the build.
                prepared_languages: 64,
                // Each block is tokenized once (the cache keeps its HTML),
                // so a cache of tokenized lines would hold memory for
                // nothing.
                tokenizer: syntaxmate::TokenizerOptions {
                    line_cache_entries: 0,
                    ..syntaxmate::TokenizerOptions::default()
                },
                ..HighlighterOptions::default()
            },
        )
    })
}

/// The grammar for a fence language (lower case): names people write that
/// the catalog does not know are mapped to one it has, and the names of
/// plain text to none.
fn grammar_for(language: &str) -> Option<&'static str> {
    let name = match language {
        "py3" => "python",
        "hpp" | "hh" | "h++" => "cpp",
        "golang" => "go",
        "text" | "txt" | "plain" | "plaintext" | "output" | "quiz" => return None,
        other => other,
    };
    catalog().canonical_language(name)
}

/// The language of a fence's info string: its first word, lower-cased
/// (`rust,ignore` and `python {linenos}` give `rust` and `python`).
pub fn fence_language(info: &str) -> &str {
    info.split([',', ' ', '\t', '{'])
        .next()
        .unwrap_or_default()
        .trim()
}

/// The highlighting classes a stylesheet styles. A grammar gives every
/// token a stack of scopes (`source.rust meta.function.rust
/// entity.name.function.rust`), a stylesheet styles a few dozen of them.
/// Each scope becomes a span with the classes of its dotted parts
/// (`hl-entity hl-name hl-function hl-rust`), but only the classes of the
/// stylesheet's compound selectors (`.hl-entity.hl-name`) that it matches
/// are written, and a span that matches none is left out (its text stays):
/// every selector matches the text it would match with every class
/// written, and highlighted code is several times smaller. A site's own
/// `static/highlight.css` decides for its site.
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
        fingerprint_of(self)
    }

    /// The opening tag of the span for `scope` (`string.quoted.double`):
    /// the classes of its parts that a compound selector it matches names,
    /// or `None` when the span is left out. Only classes named in the
    /// stylesheet are written, so no scope can put markup into the page.
    fn span_for_scope(&self, scope: &str) -> Option<String> {
        let all: Vec<String> = scope
            .split('.')
            .map(|part| format!("{CLASS_PREFIX}{part}"))
            .collect();
        let matched: Vec<&BTreeSet<String>> = self
            .compounds
            .iter()
            .filter(|compound| compound.iter().all(|class| all.contains(class)))
            .collect();
        let mut kept: Vec<&str> = Vec::new();
        for class in &all {
            if !kept.contains(&class.as_str())
                && matched.iter().any(|compound| compound.contains(class))
            {
                kept.push(class);
            }
        }
        (!kept.is_empty() || !self.drop_spans)
            .then(|| format!("<span class=\"{}\">", kept.join(" ")))
    }
}

impl Default for StyledClasses {
    /// The classes of the theme's `static/highlight.css`.
    fn default() -> StyledClasses {
        StyledClasses::of_stylesheet(include_str!("../../static/highlight.css"))
    }
}

/// The span of each scope under one stylesheet, worked out once per
/// process: the same few hundred scopes make up all the code of a book.
#[derive(Default)]
struct ScopeSpans {
    classes: StyledClasses,
    known: Mutex<HashMap<String, Option<String>>>,
}

impl ScopeSpans {
    fn new(classes: StyledClasses) -> ScopeSpans {
        ScopeSpans {
            classes,
            known: Mutex::default(),
        }
    }

    /// See [`StyledClasses::span_for_scope`].
    fn span(&self, scope: &str) -> Option<String> {
        let mut known = self
            .known
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(span) = known.get(scope) {
            return span.clone();
        }
        let span = self.classes.span_for_scope(scope);
        known.insert(scope.to_string(), span.clone());
        span
    }
}

/// Appends `text` to `html`, escaped as text inside an element.
fn escape(html: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html_body_text(html, text)
        .expect("writing to a String cannot fail");
}

/// Highlights `code` as `language`: the HTML to put inside `<code>`, or
/// `None` when the language is unknown (the caller escapes it as plain
/// text).
fn highlight(language: &str, code: &str, spans: &ScopeSpans) -> Option<String> {
    if language.is_empty() {
        return None;
    }
    let language = language.to_ascii_lowercase();
    if shell_session::is_session(&language) {
        return shell_session::highlight_session(code, spans);
    }
    let grammar = grammar_for(&language)?;
    // A panic in the highlighter on some input leaves that block plain
    // rather than stopping the build.
    let document = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        highlighter().tokenize(grammar, code)
    }))
    .ok()?
    .ok()?;
    // A block the grammar could not finish within its limits (a line of
    // megabytes, a pathological pattern) is plain rather than half
    // highlighted.
    if !document.status().is_complete() {
        return None;
    }
    Some(to_html(code, &document, spans))
}

/// The HTML of a tokenized `code`: each token's text inside the spans of
/// its styled scopes, outermost first (a scope styled like the one around
/// it adds no span). Tokens on a line share the spans they have in common;
/// every line closes its spans, so that a line is whole markup.
fn to_html(code: &str, document: &TokenizedDocument, spans: &ScopeSpans) -> String {
    let mut html = String::with_capacity(code.len() * 2);
    // The opening tags met so far, and for each scope its tag's index.
    let mut tags: Vec<String> = Vec::new();
    let mut tag_of_scope: HashMap<&str, Option<usize>> = HashMap::new();
    // The tags of the spans open now, outermost first.
    let mut open: Vec<usize> = Vec::new();
    let mut wanted: Vec<usize> = Vec::new();
    for (index, text) in code.split('\n').enumerate() {
        if index > 0 {
            html.push('\n');
        }
        let tokens = document
            .lines()
            .get(index)
            .map_or(&[][..], |line| line.tokens());
        let mut at = 0;
        for token in tokens {
            let range = token.range();
            let Some(token_text) = text.get(range.clone()).filter(|_| range.start >= at) else {
                continue;
            };
            wanted.clear();
            for scope in token.scopes() {
                let tag = *tag_of_scope.entry(scope).or_insert_with(|| {
                    let tag = spans.span(scope)?;
                    Some(match tags.iter().position(|known| *known == tag) {
                        Some(known) => known,
                        None => {
                            tags.push(tag);
                            tags.len() - 1
                        }
                    })
                });
                if let Some(tag) = tag
                    && wanted.last() != Some(&tag)
                {
                    wanted.push(tag);
                }
            }
            if range.start > at {
                close_spans(&mut open, &mut html);
                escape(&mut html, &text[at..range.start]);
            }
            let shared = open
                .iter()
                .zip(&wanted)
                .take_while(|(open, wanted)| open == wanted)
                .count();
            for _ in shared..open.len() {
                html.push_str("</span>");
            }
            open.truncate(shared);
            for &tag in &wanted[shared..] {
                html.push_str(&tags[tag]);
                open.push(tag);
            }
            escape(&mut html, token_text);
            at = range.end;
        }
        close_spans(&mut open, &mut html);
        escape(&mut html, &text[at..]);
    }
    html
}

/// Closes the open spans.
fn close_spans(open: &mut Vec<usize>, html: &mut String) {
    for _ in open.drain(..) {
        html.push_str("</span>");
    }
}

/// Highlighted blocks by language and code. Entries read from a file are
/// written back only if a build used them, so the file follows the book
/// instead of growing forever.
#[derive(Default)]
pub struct HighlightCache {
    blocks: Mutex<HashMap<u128, Block>>,
    spans: ScopeSpans,
}

impl std::fmt::Debug for HighlightCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HighlightCache({} blocks)", self.lock().len())
    }
}

struct Block {
    /// The highlighted HTML, or `None` for a language without a grammar.
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
        "studysite highlight cache 3 {} {:016x}\n",
        env!("CARGO_PKG_VERSION"),
        classes.fingerprint()
    )
    .into_bytes()
}

/// A 128-bit key for a block, from two differently seeded hashes.
fn key(language: &str, code: &str) -> u128 {
    let half = |seed: u8| fingerprint_of(&(seed, language, code));
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

impl HighlightCache {
    /// An empty cache for code styled by `classes`.
    pub fn new(classes: StyledClasses) -> HighlightCache {
        HighlightCache {
            blocks: Mutex::default(),
            spans: ScopeSpans::new(classes),
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
            spans: ScopeSpans::new(classes),
        }
    }

    /// The classes this cache's code is styled by.
    pub fn classes(&self) -> &StyledClasses {
        &self.spans.classes
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
            // u32::MAX marks a language without a grammar.
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
        let html = highlight(language, code, &self.spans);
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
        let written = Self::write_blocks(&blocks, self.classes(), &partial)
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The text of `html`: what a reader sees.
    pub(super) fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            text.push_str(&rest[..start]);
            rest = &rest[start + rest[start..].find('>').unwrap() + 1..];
        }
        text.push_str(rest);
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    fn assert_balanced(html: &str, context: &str) {
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{context}"
        );
    }

    fn html(language: &str, code: &str) -> Option<String> {
        highlight(language, code, &ScopeSpans::default())
    }

    #[test]
    fn names_people_write_reach_a_grammar() {
        for name in [
            "rust",
            "rs",
            "python",
            "py",
            "py3",
            "js",
            "ts",
            "tsx",
            "sh",
            "bash",
            "shell",
            "c++",
            "cpp",
            "hpp",
            "yaml",
            "yml",
            "json",
            "sql",
            "html",
            "java",
            "go",
            "golang",
            "c",
            "ruby",
            "css",
            "xml",
            "toml",
            "kotlin",
            "powershell",
            "dockerfile",
            "latex",
        ] {
            assert!(grammar_for(name).is_some(), "{name}");
        }
        assert!(
            html("Rust", "fn main() {}\n")
                .unwrap()
                .contains("<span class=\"hl-")
        );
        for name in ["no-such-language", "text", "quiz", "plain"] {
            assert!(html(name, "x = 1\n").is_none(), "{name}");
        }
    }

    #[test]
    fn highlighting_is_class_based_and_keeps_the_text() {
        let code = "fn main() {\n    let s = \"<b> & 'c'\"; // done\n}\n";
        let html = html("rust", code).unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;b&gt; &amp;"), "{html}");
        assert_eq!(text_of(&html), code);
        // Every line closes its spans.
        for line in html.lines() {
            assert_balanced(line, line);
        }
    }

    #[test]
    fn line_endings_and_a_last_line_without_one_are_kept() {
        let code = "let a = 1;\r\nlet b = 2;";
        let html = html("rust", code).unwrap();
        assert_eq!(text_of(&html), code);
        assert!(html.ends_with(';') || html.ends_with("</span>"), "{html:?}");
    }

    #[test]
    fn nothing_written_in_a_block_breaks_the_highlighter() {
        let long_line = "x".repeat(100_000);
        for code in [
            "",
            "\n\n",
            "\"unterminated",
            "/* never closed",
            "\u{0}\u{7f}\u{feff}é中文🙂",
            long_line.as_str(),
            "r#\"raw\"#; '\\u{1F600}'",
        ] {
            for language in [
                "rust", "python", "html", "console", "bash", "json", "markdown",
            ] {
                if let Some(html) = html(language, code) {
                    assert_balanced(&html, &format!("{language}: {code:?}"));
                }
            }
        }
    }

    #[test]
    fn the_cache_keeps_results_across_builds_and_only_what_was_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/highlight.bin");
        let first = HighlightCache::load(&path, StyledClasses::default());
        let rust = first.highlight("rust", "fn main() {}\n").unwrap();
        assert_eq!(first.highlight("text", "a = 1\n"), None);
        first.highlight("python", "print(1)\n").unwrap();
        first.save(&path).unwrap();

        let second = HighlightCache::load(&path, StyledClasses::default());
        assert_eq!(second.lock().len(), 3);
        assert_eq!(second.highlight("rust", "fn main() {}\n").unwrap(), rust);
        assert_eq!(second.highlight("text", "a = 1\n"), None);
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
        third.highlight("text", "a = 1\n");
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
            classes.span_for_scope("keyword.other.fn.rust").as_deref(),
            Some("<span class=\"hl-keyword\">")
        );
        assert_eq!(
            classes
                .span_for_scope("string.quoted.double.rust")
                .as_deref(),
            Some("<span class=\"hl-string hl-quoted\">")
        );
        assert_eq!(
            classes.span_for_scope("string.unquoted.rust"),
            None,
            "hl-string alone matches no compound"
        );
        assert_eq!(classes.span_for_scope("source.rust"), None);
        assert_eq!(
            classes.span_for_scope("markup.heading.markdown").as_deref(),
            Some("<span class=\"hl-markup hl-heading\">"),
            "an ancestor of a descendant selector is kept"
        );
        let child = StyledClasses::of_stylesheet(".hl-a > .hl-b{color:red}");
        assert_eq!(
            child.span_for_scope("c.d").as_deref(),
            Some("<span class=\"\">"),
            "with a child combinator no span is dropped"
        );

        let html = HighlightCache::default()
            .highlight("rust", "fn main() { let s = \"hi\"; }\n")
            .unwrap();
        assert!(!html.contains("hl-rust"), "{html}");
        assert!(
            html.contains("<span class=\"hl-keyword\">fn</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-string\">"), "{html}");
    }

    #[test]
    fn a_scope_inside_another_is_a_span_inside_its_span() {
        let classes =
            StyledClasses::of_stylesheet(".hl-string{a:b} .hl-string .hl-interpolation{c:d}");
        let html = highlight(
            "rust",
            "println!(\"a {x} b\");\n",
            &ScopeSpans::new(classes),
        )
        .unwrap();
        assert_eq!(
            html,
            "println!(<span class=\"hl-string\">\"a <span class=\"hl-interpolation\">{x}</span> b\"</span>);\n"
        );
    }

    #[test]
    fn fence_language_takes_the_first_word() {
        assert_eq!(fence_language("rust,ignore"), "rust");
        assert_eq!(fence_language("python {linenos=true}"), "python");
        assert_eq!(fence_language(""), "");
    }
}
