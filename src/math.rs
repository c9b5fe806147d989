//! `$…$` and `$$…$$` to MathML at build time, which every current browser
//! shows without a script, a font download or a CDN.
//!
//! [math-core](https://crates.io/crates/math-core) converts: on 834
//! formulas of real notes that KaTeX renders, it rendered 816 with the
//! rewrites below (pulldown-latex, used before, 793, with `aligned` rows
//! not lining up, `\boldsymbol{\mu}` as a micro sign and `\_` shown with
//! its backslash). Its errors name the command at fault. Neither crate
//! escapes `\operatorname{…}`, so every result is parsed as a browser
//! would and kept only when it holds MathML elements and attributes alone.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use regex::{Captures, Regex};
use scraper::{Html, node::Node};

/// KaTeX's macros that math-core does not know. Size commands keep the
/// formula at its size (MathML has no `\LARGE`), the small ones make it
/// a script size.
const KATEX_MACROS: &[(&str, &str)] = &[
    ("C", r"\mathbb{C}"),
    ("Q", r"\mathbb{Q}"),
    ("Complex", r"\mathbb{C}"),
    ("cnums", r"\mathbb{C}"),
    ("Reals", r"\mathbb{R}"),
    ("reals", r"\mathbb{R}"),
    ("natnums", r"\mathbb{N}"),
    ("tiny", r"\scriptscriptstyle"),
    ("scriptsize", r"\scriptscriptstyle"),
    ("footnotesize", r"\scriptstyle"),
    ("small", r"\scriptstyle"),
    ("normalsize", ""),
    ("large", ""),
    ("Large", ""),
    ("LARGE", ""),
    ("huge", ""),
    ("Huge", ""),
    ("textcolor", r"{\color{#1}{#2}}"),
    // A box is a border MathML Core has no element for: the formula is
    // drawn in a colour no note uses, whose style becomes the border.
    ("boxed", r"{\color{Mahogany}{#1}}"),
];

/// The style `\color{Mahogany}` gives, and the box `\boxed` is drawn as.
const BOXED_STYLE: (&str, &str) = (
    "style=\"color:#B4321E;\"",
    "style=\"border:1px solid currentColor;padding:.15em .3em;\"",
);

/// Why a formula cannot be shown as MathML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    pub message: String,
    /// The TeX at fault, when the converter says where it is.
    pub at: Option<String>,
}

impl std::fmt::Display for MathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(at) if !self.message.contains(at.as_str()) => {
                write!(f, "{} (at `{at}`)", self.message.trim_end_matches('.'))
            }
            _ => f.write_str(self.message.trim_end_matches('.')),
        }
    }
}

/// How deep a formula's groups may nest. The converter descends once per
/// level, so a formula of thousands of nested braces would overflow the
/// stack; real formulas stay far below this.
const MOST_NESTED: usize = 100;

/// The deepest nesting of `{…}`, `\left…\right` and `\begin…\end` in
/// `tex`, escaped braces aside.
fn nesting(tex: &str) -> usize {
    let bytes = tex.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let rest = &tex[i + 1..];
                if rest.starts_with("left") || rest.starts_with("begin") {
                    depth += 1;
                } else if rest.starts_with("right") || rest.starts_with("end") {
                    depth = depth.saturating_sub(1);
                }
                // `\{`, `\}` and `\\` are characters, not groups.
                i += 2;
                continue;
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        deepest = deepest.max(depth);
        i += 1;
    }
    deepest
}

/// Renders TeX as a `<math>` element, or says why it cannot.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, MathError> {
    static CONVERTER: LazyLock<LatexToMathML> = LazyLock::new(|| {
        let config = MathCoreConfig {
            macros: KATEX_MACROS
                .iter()
                .map(|(name, body)| (name.to_string(), body.to_string()))
                .collect(),
            ..MathCoreConfig::default()
        };
        LatexToMathML::new(config).expect("the macros below parse")
    });
    let depth = nesting(tex);
    if depth > MOST_NESTED {
        return Err(MathError {
            message: format!(
                "the formula is nested {depth} levels deep (groups, \\left, environments); at most {MOST_NESTED} can be set"
            ),
            at: None,
        });
    }
    let tex = rewritten(tex, display);
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    let converted = CONVERTER
        .convert_with_local_state(&tex, mode)
        .map_err(|error| MathError {
            message: error.error_message(),
            at: token_at(&tex, error.0.clone()),
        })?;
    only_mathml(&converted.mathml)?;
    let mathml = converted.mathml.replace(BOXED_STYLE.0, BOXED_STYLE.1);
    Ok(without_tag_parentheses(mathml))
}

/// Marks the text of a `\tag*` (tags take ASCII text only; no tag starts
/// with this).
const UNPARENTHESIZED_TAG: &str = "@@";

/// `mathml` with the parentheses around each marked tag removed.
fn without_tag_parentheses(mathml: String) -> String {
    let open = format!("({UNPARENTHESIZED_TAG}");
    if !mathml.contains(&open) {
        return mathml;
    }
    let mut out = String::with_capacity(mathml.len());
    let mut rest = mathml.as_str();
    while let Some(at) = rest.find(&open) {
        out.push_str(&rest[..at]);
        rest = &rest[at + open.len()..];
        match rest.find(")</mtext>") {
            Some(close) => {
                out.push_str(&rest[..close]);
                rest = &rest[close + 1..];
            }
            None => out.push_str(&open),
        }
    }
    out.push_str(rest);
    out
}

fn token_at(tex: &str, range: Range<usize>) -> Option<String> {
    tex.get(range)
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .map(String::from)
}

/// What KaTeX accepts and math-core 0.7 does not, in the forms notes use.
fn rewritten(tex: &str, display: bool) -> Cow<'_, str> {
    // `\\[2pt]`: the extra row spacing is dropped, the row break kept.
    static ROW_SPACING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\\\\\[\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|mm|cm|in|ex|em|mu|pc|bp|dd|cc|sp)\s*\]",
        )
        .expect("a valid pattern")
    });
    // `\gamma*0` is read as one unknown command `\gamma*`.
    static STARRED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\\([A-Za-z]+)\*").expect("a valid pattern"));
    static CIRCLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\\textcircled\s*\{\s*([0-9]{1,2}|[A-Za-z])\s*\}").expect("a valid pattern")
    });
    let mut tex = Cow::Borrowed(tex);
    if tex.contains("\\\\[") {
        tex = Cow::Owned(ROW_SPACING.replace_all(&tex, r"\\").into_owned());
    }
    if tex.contains('*') {
        let spaced = STARRED.replace_all(&tex, |found: &Captures<'_>| match &found[1] {
            "operatorname" | "tag" => found[0].to_string(),
            name => format!("\\{name} *"),
        });
        tex = Cow::Owned(spaced.into_owned());
    }
    if tex.contains("\\textcircled") {
        let circled = CIRCLED.replace_all(&tex, |found: &Captures<'_>| match circled(&found[1]) {
            Some(character) => format!("\\text{{{character}}}"),
            None => found[0].to_string(),
        });
        tex = Cow::Owned(circled.into_owned());
    }
    // Environments and commands it lacks, in the forms it has.
    for (from, to) in [
        ("\\begin{split}", "\\begin{aligned}"),
        ("\\end{split}", "\\end{aligned}"),
        ("\\begin{smallmatrix}", "{\\scriptstyle\\begin{matrix}"),
        ("\\end{smallmatrix}", "\\end{matrix}}"),
    ] {
        if tex.contains(from) {
            tex = Cow::Owned(tex.replace(from, to));
        }
    }
    // `\tag*{a}` (a tag without parentheses) is not known: it is a `\tag`
    // whose text is marked, and the parentheses go after converting.
    if tex.contains("\\tag*{") {
        tex = Cow::Owned(tex.replace("\\tag*{", &format!("\\tag{{{UNPARENTHESIZED_TAG}")));
    }
    // `\tag` is taken only inside a numbered environment.
    if display && tex.contains("\\tag") && !tex.contains("\\begin{") {
        tex = Cow::Owned(format!("\\begin{{equation}}{tex}\\end{{equation}}"));
    }
    tex
}

/// The circled character for `0`–`20`, `a`–`z` and `A`–`Z`.
fn circled(inner: &str) -> Option<char> {
    match inner.parse::<u32>() {
        Ok(0) => Some('⓪'),
        Ok(number @ 1..=20) => char::from_u32(0x2460 + number - 1),
        Ok(_) => None,
        Err(_) => {
            let letter = inner.chars().next()?;
            let base = if letter.is_ascii_uppercase() {
                (0x24B6, 'A')
            } else {
                (0x24D0, 'a')
            };
            char::from_u32(base.0 + (letter as u32 - base.1 as u32))
        }
    }
}

const ELEMENTS: &[&str] = &[
    "math",
    "mrow",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mfrac",
    "msqrt",
    "mroot",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "semantics",
    "annotation",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
];
const ATTRIBUTES: &[&str] = &[
    "display",
    "stretchy",
    "lspace",
    "rspace",
    "form",
    "accent",
    "accentunder",
    "displaystyle",
    "scriptlevel",
    "style",
    "mathvariant",
    "width",
    "height",
    "depth",
    "voffset",
    "movablelimits",
    "notation",
    "class",
    "linethickness",
    "minsize",
    "maxsize",
    "symmetric",
    "fence",
    "separator",
    "largeop",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "encoding",
];

/// Accepts `mathml` only when a browser would read nothing in it but
/// MathML elements with known attributes.
fn only_mathml(mathml: &str) -> Result<(), MathError> {
    let refused = |what: String| MathError {
        message: format!("the formula would put {what} into the page"),
        at: None,
    };
    let fragment = Html::parse_fragment(mathml);
    for node in fragment.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name();
        // The parser's own wrapper (which a `<body …>` would lend its
        // attributes to).
        if name == "html" || name == "body" {
            if element.attrs().next().is_some() {
                return Err(refused(format!("a `<{name}>` attribute")));
            }
            continue;
        }
        if !ELEMENTS.contains(&name) || &*element.name.ns != "http://www.w3.org/1998/Math/MathML" {
            return Err(refused(format!("a `<{name}>` element")));
        }
        for (attribute, value) in element.attrs() {
            if !ATTRIBUTES.contains(&attribute) || value.contains("url(") {
                return Err(refused(format!("a `{attribute}` attribute")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
