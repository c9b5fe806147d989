//! Links an author writes between notes, as files (`../a/b.md#x`), and the
//! page links they become (`../a/b.html#x`).

use percent_encoding::percent_decode_str;

use crate::content::{file_name_of, is_index_name, parent_of};

/// What a link destination in a note points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another host, a `mailto:`, or a site-absolute path: left as written.
    External,
    /// An anchor on the same page (`#x`), decoded.
    SamePage { fragment: String },
    /// Another note, by its path in the book, with the page link to write.
    Note {
        rel_path: String,
        fragment: Option<String>,
        href: String,
    },
    /// A `.md` link that climbs out of the notes folder.
    OutsideBook,
    /// Anything else relative (an image, a PDF, a folder): left as written.
    File,
}

/// Classifies `dest`, written in the note at `from_rel_path`.
pub fn classify(from_rel_path: &str, dest: &str) -> LinkTarget {
    if dest.is_empty() || has_scheme(dest) || dest.starts_with('/') {
        return LinkTarget::External;
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return LinkTarget::SamePage {
            fragment: decode(fragment),
        };
    }
    let (path_and_query, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let path = path_and_query.split('?').next().unwrap_or_default();
    if !path.to_ascii_lowercase().ends_with(".md") {
        return LinkTarget::File;
    }
    let Some(rel_path) = join(parent_of(from_rel_path), &decode(path)) else {
        return LinkTarget::OutsideBook;
    };
    let name = file_name_of(path);
    let stem_len = path.len() - name.len();
    let page_name = if is_index_name(name) {
        "index.html".to_string()
    } else {
        format!("{}.html", &name[..name.len() - 3])
    };
    let mut href = format!("{}{page_name}", &path[..stem_len]);
    if let Some(fragment) = fragment {
        href.push('#');
        href.push_str(fragment);
    }
    LinkTarget::Note {
        rel_path,
        fragment: fragment.map(decode).filter(|f| !f.is_empty()),
        href,
    }
}

/// `../` once per folder level of a page's output path: prefixed to every
/// link a page writes to the site root, so the output works from any
/// sub-path and from disk.
pub fn root_prefix(output_path: &str) -> String {
    "../".repeat(output_path.matches('/').count())
}

/// A link as written on the page at `page` (an output path), made to work
/// from the site's root instead: relative paths get the page's folder in
/// front, `#x` the page itself; other hosts and root paths stay. For what
/// a page at the root shows of another page (the quiz and review pages).
pub fn relative_to_root(url: &str, page: &str) -> String {
    if url.is_empty() || has_scheme(url) || url.starts_with('/') {
        return url.to_string();
    }
    if url.starts_with('#') {
        return format!("{}{url}", href_path(page));
    }
    match parent_of(page) {
        "" => url.to_string(),
        folder => format!("{}/{url}", href_path(folder)),
    }
}

/// A site path as the path of a relative link: the characters that would
/// end or change the path are percent-encoded (`#`, `?`, `%`, spaces,
/// tabs, `\\`, …), and so is `:`, so that a note named `javascript:x.md`
/// can never become a `javascript:` link. Other characters, Chinese ones
/// included, stay as they are.
pub fn href_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let encoded = c.is_ascii_control()
            || matches!(
                c,
                ' ' | '"' | '#' | '%' | '<' | '>' | '?' | '`' | '{' | '}' | '\\' | ':' | '|' | '^'
            );
        if encoded {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Percent-encodes a site path for an absolute URL (Chinese file names
/// included), keeping its `/` separators.
pub fn encode_path(path: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    utf8_percent_encode(path, PATH).to_string()
}

fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The scheme of a destination that would run a script when followed
/// (`javascript:`, `vbscript:`, or a `data:` document), read as a browser
/// reads it: leading spaces and controls skipped, tabs and line breaks
/// ignored, any case. `data:` images are pictures, allowed where `image`.
pub fn script_scheme(dest: &str, image: bool) -> Option<&'static str> {
    let scheme: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let rest = dest.split_once(':').map_or("", |(_, rest)| rest);
    match scheme.as_str() {
        _ if !dest.contains(':') => None,
        "javascript" => Some("javascript:"),
        "vbscript" => Some("vbscript:"),
        "data" if !(image && rest.trim_start().to_ascii_lowercase().starts_with("image/")) => {
            Some("data:")
        }
        _ => None,
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The book path of a relative link to a file from the note at
/// `from_rel_path` (query and fragment dropped, percent-decoded); `None`
/// when it climbs above the book's top.
pub fn book_path_of(from_rel_path: &str, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next()?;
    join(parent_of(from_rel_path), &decode(path))
}

/// Joins a relative path to a folder of the book, resolving `.` and `..`;
/// `None` when it climbs above the book's top.
fn join(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_of_a_page_work_from_the_root() {
        use super::relative_to_root;
        assert_eq!(relative_to_root("b.html", "part/a.html"), "part/b.html");
        assert_eq!(
            relative_to_root("img/x.png", "my part/a.html"),
            "my%20part/img/x.png"
        );
        assert_eq!(relative_to_root("#s", "part/a.html"), "part/a.html#s");
        assert_eq!(relative_to_root("b.html", "a.html"), "b.html");
        for kept in ["https://x.org", "/abs", "mailto:a@b.c", ""] {
            assert_eq!(relative_to_root(kept, "part/a.html"), kept);
        }
    }

    #[test]
    fn script_urls_are_found_however_they_are_spelled() {
        for dest in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:x",
            "java\tscr\nipt:x",
            "vbscript:msgbox",
            "data:text/html,<script>",
        ] {
            assert!(super::script_scheme(dest, false).is_some(), "{dest:?}");
        }
        for dest in [
            "https://example.com/javascript:x",
            "notes/javascript.md",
            "java%73cript:x",
            "#javascript:",
            "mailto:a@b.c",
        ] {
            assert_eq!(super::script_scheme(dest, false), None, "{dest:?}");
        }
        assert_eq!(super::script_scheme("data:image/png;base64,AA", true), None);
        assert_eq!(
            super::script_scheme("data:image/png;base64,AA", false),
            Some("data:")
        );
        assert_eq!(
            super::script_scheme("javascript:x", true),
            Some("javascript:")
        );
    }

    use super::*;

    #[test]
    fn note_links_become_page_links() {
        assert_eq!(
            classify("c/d.md", "../a/b.md#x"),
            LinkTarget::Note {
                rel_path: "a/b.md".into(),
                fragment: Some("x".into()),
                href: "../a/b.html#x".into()
            }
        );
        assert_eq!(
            classify("d.md", "part/index.md"),
            LinkTarget::Note {
                rel_path: "part/index.md".into(),
                fragment: None,
                href: "part/index.html".into()
            }
        );
        assert_eq!(
            classify("d.md", "./_index.md"),
            LinkTarget::Note {
                rel_path: "_index.md".into(),
                fragment: None,
                href: "./index.html".into()
            }
        );
    }

    #[test]
    fn chinese_and_encoded_paths_and_fragments() {
        assert_eq!(
            classify("a.md", "%E5%88%86%E8%AF%8D.md#%E5%88%86%E8%AF%8D"),
            LinkTarget::Note {
                rel_path: "分词.md".into(),
                fragment: Some("分词".into()),
                href: "%E5%88%86%E8%AF%8D.html#%E5%88%86%E8%AF%8D".into()
            }
        );
        assert_eq!(
            classify("a.md", "#分词"),
            LinkTarget::SamePage {
                fragment: "分词".into()
            }
        );
    }

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_prefix("a.html"), "");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
    }

    #[test]
    fn href_paths_reach_their_page_and_are_never_a_scheme() {
        assert_eq!(href_path("笔记/a b#1?.html"), "笔记/a%20b%231%3F.html");
        assert_eq!(
            href_path("javascript:alert(1);a.html"),
            "javascript%3Aalert(1);a.html"
        );
        assert_eq!(href_path("50%\\x\ty.html"), "50%25%5Cx%09y.html");
    }

    #[test]
    fn encode_path_keeps_slashes() {
        assert_eq!(encode_path("a b/分.html"), "a%20b/%E5%88%86.html");
    }

    #[test]
    fn other_links_are_left_alone() {
        assert_eq!(classify("a.md", "https://x.org/a.md"), LinkTarget::External);
        assert_eq!(classify("a.md", "mailto:x@y.z"), LinkTarget::External);
        assert_eq!(classify("a.md", "/abs.md"), LinkTarget::External);
        assert_eq!(classify("a.md", "img/x.png"), LinkTarget::File);
        assert_eq!(classify("a.md", "../../up.md"), LinkTarget::OutsideBook);
    }
}
