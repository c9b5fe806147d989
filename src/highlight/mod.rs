//! Code highlighting at build time with syntect and the Sublime Text
//! grammars bat ships (through two-face), as class-based HTML so that one
//! stylesheet (`static/highlight.css`) serves the light and dark themes.
//!
//! The grammars are loaded once per process, when the first block that is
//! not in the cache needs them. Highlighting is most of the cost of a book
//! with much code, so a [`HighlightCache`] keeps each block's result: in
//! memory across `serve`'s rebuilds, and (through the pipeline) in a file
//! across builds.

use std::sync::{OnceLock, RwLock};

use rustc_hash::FxHashMap;
use syntect::parsing::{ScopeStack, SyntaxReference, SyntaxSet};

mod cache;
mod classes;
mod lines;
mod shell_session;
mod span_writer;
#[cfg(test)]
mod stylesheet;

pub use cache::HighlightCache;
use classes::ScopeSpans;
pub use classes::StyledClasses;
use lines::LineParser;
use span_writer::SpanWriter;

/// The grammars: syntect's format of bat's syntaxes, for lines that end in
/// `\n`.
fn syntax_set() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// Whether this process loaded the grammars.
#[cfg(test)]
fn grammars_loaded() -> bool {
    SYNTAXES.get().is_some()
}

/// Fence languages that are plain text (compared without case).
const PLAIN: [&str; 7] = [
    "text",
    "txt",
    "plain",
    "plaintext",
    "plain text",
    "output",
    "quiz",
];

/// Whether code in `language` stays plain whatever the grammars: no
/// language, or a name of plain text.
pub(crate) fn is_plain(language: &str) -> bool {
    language.is_empty()
        || PLAIN
            .iter()
            .any(|plain| plain.eq_ignore_ascii_case(language))
}

/// Names people write for a language that the grammars know by another
/// name, and the grammar's name. Every other name is looked up as bat
/// does: as a file extension (`rs`, `py`, `yml`), then as a grammar's name
/// (`rust`, `python`, `kotlin`).
const ALIASES: &[(&str, &str)] = &[
    ("shell", "Bourne Again Shell (bash)"),
    ("shellscript", "Bourne Again Shell (bash)"),
    ("golang", "Go"),
    ("csharp", "C#"),
    ("python3", "Python"),
    ("javascript", "JavaScript (Babel)"),
    ("node", "JavaScript (Babel)"),
    ("docker", "Dockerfile"),
    ("ps", "PowerShell"),
    ("pwsh", "PowerShell"),
    ("objc", "Objective-C"),
    ("objective-cpp", "Objective-C++"),
    ("objcpp", "Objective-C++"),
    ("fsharp", "F#"),
    ("jsonc", "JSON"),
    ("json5", "JSON"),
    ("jsonl", "JSON"),
    ("ndjson", "JSON"),
    ("hjson", "JSON"),
    ("postgres", "SQL"),
    ("postgresql", "SQL"),
    ("plsql", "SQL"),
    ("mysql", "SQL"),
    ("postcss", "CSS"),
    ("batch", "Batch File"),
    ("elisp", "Lisp"),
    ("emacs-lisp", "Lisp"),
    ("common-lisp", "Lisp"),
    ("commonlisp", "Lisp"),
    ("scheme", "Lisp"),
    ("fortran", "Fortran (Modern)"),
    ("vimscript", "VimL"),
    ("viml", "VimL"),
    ("regex", "Regular Expression"),
    ("regexp", "Regular Expression"),
    ("git-commit", "Git Commit"),
    ("git-rebase", "Git Rebase Todo"),
    ("ignore", "Git Ignore"),
    ("dockerignore", "Git Ignore"),
    ("apache", "Apache Conf"),
    ("ssh-config", "SSH Config"),
    ("lean4", "Lean 4"),
    ("gdscript", "GDScript (Godot Engine)"),
];

/// The grammar for a fence language (lower case), or `None` for plain
/// text and names no grammar has. Looked up once per name and process.
fn grammar_for(language: &str) -> Option<&'static SyntaxReference> {
    static FOUND: OnceLock<RwLock<FxHashMap<String, Option<usize>>>> = OnceLock::new();
    if is_plain(language) {
        return None;
    }
    let set = syntax_set();
    let found = FOUND.get_or_init(RwLock::default);
    let known = found
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(language)
        .copied();
    let index = match known {
        Some(index) => index,
        None => {
            let syntax = match ALIASES.iter().find(|(alias, _)| *alias == language) {
                Some((_, name)) => set.find_syntax_by_name(name),
                None => set.find_syntax_by_token(language),
            }
            .filter(|syntax| syntax.name != "Plain Text");
            let index = syntax.and_then(|syntax| {
                set.syntaxes()
                    .iter()
                    .position(|known| std::ptr::eq(known, syntax))
            });
            found
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert(language.to_string(), index);
            index
        }
    };
    index.map(|index| &set.syntaxes()[index])
}

/// Forgets the lines of code this thread has parsed (highlighting keeps
/// them for the process, as books repeat lines), so that a benchmark of a
/// first build does not find them.
#[doc(hidden)]
pub fn forget_parsed_lines() {
    lines::forget();
}

/// The language of a fence's info string: its first word, lower-cased
/// (`rust,ignore` and `python {linenos}` give `rust` and `python`).
pub fn fence_language(info: &str) -> &str {
    info.split([',', ' ', '\t', '{'])
        .next()
        .unwrap_or_default()
        .trim()
}

/// A line longer than this (in bytes) leaves its block plain. syntect
/// takes time in proportion to a line's length, no worse (100,000 bytes on
/// one line: 15 to 600 ms by grammar, minified CSS the slowest), but no
/// reader reads such a line, and its HTML would be ten times its size.
const LONGEST_LINE: usize = 10_000;

/// Highlights `code` as `language`: the HTML to put inside `<code>`, or
/// `None` when the language is unknown (the caller escapes it as plain
/// text).
fn highlight(language: &str, code: &str, spans: &ScopeSpans) -> Option<String> {
    if is_plain(language) {
        return None;
    }
    let language = language.to_ascii_lowercase();
    if shell_session::is_session(&language) {
        return shell_session::highlight_session(code, spans);
    }
    if code.split('\n').any(|line| line.len() > LONGEST_LINE) {
        return None;
    }
    // An error or a panic of the highlighter on some input leaves that
    // block plain rather than stopping the build.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        to_html(code, grammar_for(&language)?, spans)
    }))
    .ok()
    .flatten()
}

/// The HTML of `code` parsed by `syntax`: each piece of text inside the
/// spans of its styled scopes, outermost first (a scope styled like the
/// one around it adds no span). Every line closes its spans, so that a
/// line is whole markup; `None` when the grammar fails.
fn to_html(code: &str, syntax: &SyntaxReference, spans: &ScopeSpans) -> Option<String> {
    let set = syntax_set();
    let mut parser = LineParser::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = SpanWriter::new(spans, code.len());
    // The grammars expect every line to end in `\n`.
    let mut last_line = String::new();
    let mut rest = code;
    while !rest.is_empty() {
        let (line, text) = match rest.find('\n') {
            Some(end) => (&rest[..=end], &rest[..end]),
            None => {
                last_line.push_str(rest);
                last_line.push('\n');
                (last_line.as_str(), rest)
            }
        };
        let mut at = 0;
        for (position, op) in parser.parse_line(line, set).ok()?.iter() {
            let position = (*position).min(text.len());
            if position > at {
                out.text(text.get(at..position)?);
                at = position;
            }
            stack
                .apply_with_hook(op, |basic, _| out.scope(basic))
                .ok()?;
        }
        out.text(text.get(at..)?);
        out.close_spans();
        rest = &rest[text.len()..];
        if let Some(after) = rest.strip_prefix('\n') {
            out.html.push('\n');
            rest = after;
        }
    }
    Some(out.html)
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

    /// Each run of text of `html` with the classes of the spans around it.
    fn runs(html: &str) -> Vec<(String, Vec<String>)> {
        let mut runs = Vec::new();
        let mut open: Vec<String> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            let next = rest.find('<').unwrap_or(rest.len());
            if next > 0 {
                runs.push((text_of(&rest[..next]), open.clone()));
            }
            rest = &rest[next..];
            if let Some(after) = rest.strip_prefix("</span>") {
                open.pop();
                rest = after;
            } else if let Some(after) = rest.strip_prefix("<span class=\"") {
                let end = after.find("\">").unwrap();
                open.push(after[..end].to_string());
                rest = &after[end + 2..];
            }
        }
        runs
    }

    /// The classes around the first run of `html` that holds `token`.
    fn classes_of(html: &str, token: &str) -> Vec<String> {
        runs(html)
            .into_iter()
            .find(|(text, _)| text.contains(token))
            .unwrap_or_else(|| panic!("no {token:?} in {html}"))
            .1
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

    /// The names of the README's list of fence names that reach a grammar.
    fn readme_names() -> Vec<String> {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("These names reach a grammar")
            .expect("the README lists the fence names");
        let list = &readme[start..];
        let list = &list[..list.find("\n\n").unwrap_or(list.len())];
        let list = &list[..list.find(" and any other").expect("the end of the list")];
        list.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn names_people_write_reach_a_grammar() {
        let names = readme_names();
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
            "typescript",
            "jsx",
            "zsh",
            "csharp",
            "c#",
            "swift",
            "php",
            "lua",
            "diff",
            "makefile",
            "ini",
            "markdown",
            "md",
        ] {
            assert!(names.iter().any(|n| n == name), "README lacks {name}");
        }
        for name in &names {
            assert!(grammar_for(name).is_some(), "{name}");
        }
        for (name, grammar) in [
            ("rs", "Rust"),
            ("py3", "Python"),
            ("js", "JavaScript (Babel)"),
            ("javascript", "JavaScript (Babel)"),
            ("ts", "TypeScript"),
            ("shell", "Bourne Again Shell (bash)"),
            ("zsh", "Bourne Again Shell (bash)"),
            ("c", "C"),
            ("hpp", "C++"),
            ("golang", "Go"),
            ("csharp", "C#"),
            ("toml", "TOML"),
            ("yml", "YAML"),
        ] {
            assert_eq!(grammar_for(name).unwrap().name, grammar, "{name}");
        }
        for (name, _) in ALIASES {
            assert!(grammar_for(name).is_some(), "{name}");
        }
        assert!(
            html("Rust", "fn main() {}\n")
                .unwrap()
                .contains("<span class=\"hl-")
        );
        for name in [
            "no-such-language",
            "text",
            "TEXT",
            "txt",
            "quiz",
            "plain",
            "plaintext",
            "",
        ] {
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
        assert!(!html.ends_with('\n'), "{html:?}");
        let html = super::tests::html("rust", "// a comment\n").unwrap();
        assert!(
            html.starts_with("<span class=\"hl-comment\">") && html.ends_with("</span>\n"),
            "the line break is outside the spans: {html:?}"
        );
    }

    #[test]
    fn nothing_written_in_a_block_breaks_the_highlighter() {
        let long_line = "x".repeat(100_000);
        let long_tokens = "a, ".repeat(LONGEST_LINE / 3 - 10);
        for code in [
            "",
            "\n\n",
            "\"unterminated",
            "/* never closed",
            "<!-- never closed\n<a href=\"",
            "\u{0}\u{7f}\u{feff}é中文🙂\n\u{0}",
            "r#\"raw\"#; '\\u{1F600}'",
            "$ echo \"unterminated\nout`put\n",
            long_tokens.as_str(),
            long_line.as_str(),
        ] {
            for language in [
                "rust", "python", "html", "console", "bash", "json", "markdown", "toml",
            ] {
                let context = format!("{language}: {:?}", &code[..code.len().min(40)]);
                let html = html(language, code);
                let expected = if language == "console" {
                    code.starts_with("$ ")
                } else {
                    code.len() < LONGEST_LINE
                };
                assert_eq!(html.is_some(), expected, "{context}");
                if let Some(html) = html {
                    assert_eq!(text_of(&html), code, "{context}");
                    for line in html.split('\n') {
                        assert_balanced(line, &context);
                    }
                }
            }
        }
    }

    #[test]
    fn a_scope_inside_another_is_a_span_inside_its_span() {
        let classes = StyledClasses::of_stylesheet(".hl-string{a:b} .hl-string .hl-constant{c:d}");
        let html = highlight(
            "rust",
            "println!(\"a {} b\\n\");\n",
            &ScopeSpans::new(classes),
        )
        .unwrap();
        assert_eq!(
            html,
            "println!(<span class=\"hl-string\">\"a <span class=\"hl-constant\">{}</span> b<span class=\"hl-constant\">\\n</span>\"</span>);\n"
        );
    }

    #[test]
    fn only_the_stylesheets_classes_are_written() {
        let html = HighlightCache::default()
            .highlight("rust", "fn main() { let s = \"hi\"; }\n")
            .unwrap();
        assert!(!html.contains("hl-rust"), "{html}");
        assert!(!html.contains("hl-source"), "{html}");
        assert!(html.contains("<span class=\"hl-storage"), "{html}");
        assert!(html.contains("<span class=\"hl-string\">"), "{html}");
    }

    /// The kinds of token GitHub's themes colour get a class the
    /// stylesheet styles, in the languages of most notes.
    #[test]
    fn common_tokens_are_coloured() {
        for (language, code, tokens) in [
            (
                "rust",
                "// note\nfn main() -> Option<String> {\n    let n: u32 = 42;\n    println!(\"hi\");\n    None\n}\n",
                &[
                    "note", "fn", "main", "String", "u32", "42", "hi", "None", "let",
                ][..],
            ),
            (
                "python",
                "# note\ndef main(x):\n    return len(\"hi\") + 42 if True else None\n",
                &["note", "def", "main", "return", "hi", "42", "True", "None"][..],
            ),
            (
                "js",
                "// note\nfunction main() {\n  const n = 42;\n  return \"hi\" + true;\n}\n",
                &[
                    "note", "function", "main", "const", "42", "hi", "true", "return",
                ][..],
            ),
            (
                "toml",
                "# note\n[package]\nname = \"hi\"\nversion = 42\nok = true\n",
                &["note", "package", "name", "hi", "42", "true"][..],
            ),
            (
                "bash",
                "# note\nif [ -f \"hi\" ]; then\n  echo $HOME 42\nfi\n",
                &["note", "if", "then", "hi", "echo", "HOME", "fi"][..],
            ),
        ] {
            let html = html(language, code).unwrap();
            for token in tokens {
                assert!(
                    !classes_of(&html, token).is_empty(),
                    "{language}: {token} is not coloured in {html}"
                );
            }
        }
    }

    #[test]
    fn fence_language_takes_the_first_word() {
        assert_eq!(fence_language("rust,ignore"), "rust");
        assert_eq!(fence_language("python {linenos=true}"), "python");
        assert_eq!(fence_language(""), "");
    }
}
