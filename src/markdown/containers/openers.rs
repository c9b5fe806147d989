//! The opening lines of containers: what each dialect writes.

use super::super::admonitions::{Fold, Kind};

/// MkDocs' `=== "Label"` (`===! "Label"` starts a new group): whether it
/// starts a new group, and the label.
pub(super) fn tab_opener(content: &str) -> Option<(bool, String)> {
    let rest = content.strip_prefix("===")?;
    let (new_group, rest) = match rest.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, rest.strip_prefix('+').unwrap_or(rest)),
    };
    let label = rest.strip_prefix([' ', '\t'])?.trim();
    let label = label.strip_prefix('"')?.strip_suffix('"')?;
    Some((new_group, label.to_string()))
}

/// `tip Title`, `tip[Title]`, `details 点击查看 {open}`: the type, the
/// title if any, and whether `{open}` asks the block to start open.
pub(super) fn colon_opener(rest: &str) -> Option<(String, Option<String>, Fold)> {
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    if end == 0 {
        return None;
    }
    let name = rest[..end].to_string();
    let mut after = rest[end..].trim();
    let mut fold = Fold::None;
    if let Some(before) = after.strip_suffix("{open}") {
        fold = Fold::Open;
        after = before.trim();
    }
    let title = if let Some(bracketed) = after.strip_prefix('[') {
        Some(
            bracketed
                .strip_suffix(']')
                .unwrap_or(bracketed)
                .trim()
                .to_string(),
        )
    } else if after.is_empty() {
        None
    } else {
        Some(unquote(after).to_string())
    };
    Some((name, title, fold))
}

/// `!!! tip "Title"`, `??? note`, `???+ note ""`: the fold, the type and
/// the title (`Some("")` for none at all; `None` for the type's own).
pub(super) fn mkdocs_opener(content: &str) -> Option<(Fold, String, Option<String>)> {
    let (fold, rest) = if let Some(rest) = content.strip_prefix("???+") {
        (Fold::Open, rest)
    } else if let Some(rest) = content.strip_prefix("???") {
        (Fold::Closed, rest)
    } else {
        (Fold::None, content.strip_prefix("!!!")?)
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let name = &rest[..end];
    if name.is_empty() || name.starts_with('"') {
        return None;
    }
    let mut after = rest[end..].trim();
    // Material's placement words.
    for word in ["inline", "end"] {
        if let Some(stripped) = after.strip_prefix(word)
            && (stripped.is_empty() || stripped.starts_with(' '))
        {
            after = stripped.trim_start();
        }
    }
    let title = (!after.is_empty()).then(|| unquote(after).to_string());
    Some((fold, name.to_string(), title))
}

/// `{% note info %}` (NexT) or `{% note blue 'fas fa-x' simple %}`
/// (Butterfly): the type its first known word names.
pub(super) fn hexo_note(content: &str) -> Option<Kind> {
    let inner = content
        .trim_end()
        .strip_prefix("{%")?
        .strip_suffix("%}")?
        .trim();
    let mut words = inner.split_whitespace();
    if words.next()? != "note" {
        return None;
    }
    let name = words
        .filter_map(|word| {
            Some(match word {
                "default" | "primary" | "blue" => "note",
                "info" | "success" | "warning" | "danger" => word,
                "green" => "success",
                "orange" => "warning",
                "red" => "danger",
                "purple" => "important",
                _ => return None,
            })
        })
        .next()
        .unwrap_or("note");
    Some(Kind::named(name))
}

pub(super) fn is_hexo_endnote(content: &str) -> bool {
    content
        .trim_end()
        .strip_prefix("{%")
        .and_then(|rest| rest.strip_suffix("%}"))
        .is_some_and(|inner| inner.trim() == "endnote")
}

fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}
