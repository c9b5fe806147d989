//! The default theme, embedded in the binary so that an installed
//! `studysite` works in any folder. A site's own `templates/` and `static/`
//! files replace these one by one.

/// Templates by name, as Tera sees them.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../theme/templates/base.html")),
    ("index.html", include_str!("../theme/templates/index.html")),
    (
        "chapter.html",
        include_str!("../theme/templates/chapter.html"),
    ),
    ("quiz.html", include_str!("../theme/templates/quiz.html")),
    ("404.html", include_str!("../theme/templates/404.html")),
    (
        "partials/macros.html",
        include_str!("../theme/templates/partials/macros.html"),
    ),
    (
        "partials/sidebar.html",
        include_str!("../theme/templates/partials/sidebar.html"),
    ),
    (
        "partials/header.html",
        include_str!("../theme/templates/partials/header.html"),
    ),
];

/// Static files by path under `static/`.
pub const STATIC_FILES: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../theme/static/style.css")),
    ("site.js", include_bytes!("../theme/static/site.js")),
    (
        "highlight.css",
        include_bytes!("../theme/static/highlight.css"),
    ),
    ("quiz.js", include_bytes!("../theme/static/quiz.js")),
    ("favicon.svg", include_bytes!("../theme/static/favicon.svg")),
    ("search.js", include_bytes!("../theme/static/search.js")),
];

/// The static files as a site serves them: stylesheets and scripts
/// minified (comments and spaces out, about a quarter smaller, so that a
/// chapter's first view stays small), the rest as they are. Made once per
/// process. `init --theme` copies the readable [`STATIC_FILES`] instead.
pub fn served_static_files() -> &'static [(&'static str, Vec<u8>)] {
    static SERVED: std::sync::OnceLock<Vec<(&str, Vec<u8>)>> = std::sync::OnceLock::new();
    SERVED.get_or_init(|| {
        STATIC_FILES
            .iter()
            .map(|&(name, bytes)| {
                (
                    name,
                    minified(name, bytes).unwrap_or_else(|| bytes.to_vec()),
                )
            })
            .collect()
    })
}

/// A stylesheet or script without comments and spare white space, or
/// `None` for other files and for text the minifier cannot read.
fn minified(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let minified = if name.ends_with(".css") {
        minifier::css::minify(text).ok()?.to_string()
    } else if name.ends_with(".js") {
        minifier::js::minify(text).ok()?.to_string()
    } else {
        return None;
    };
    Some(minified.into_bytes())
}

/// The folder of the output (and of a site's overrides) for static files.
pub const STATIC_DIR: &str = "static";

/// The folder of a site's template overrides.
pub const TEMPLATES_DIR: &str = "templates";

/// The files of a site's own `templates/` or `static/` folder, as paths
/// relative to it (`/`-separated) with their place on disk, sorted; hidden
/// and editor files are skipped. An unreadable entry is an error naming
/// the folder.
pub fn site_files(
    root: &std::path::Path,
    folder: &str,
) -> Result<Vec<(String, std::path::PathBuf)>, crate::diagnostics::Diagnostic> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let entry = entry.map_err(|error| {
            crate::diagnostics::Diagnostic::error(
                folder,
                format!("cannot read the folder: {error}"),
            )
        })?;
        if !entry.file_type().is_file()
            || crate::content::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let relative = entry.path().strip_prefix(&base).unwrap_or(entry.path());
        files.push((
            relative.to_string_lossy().replace('\\', "/"),
            entry.path().to_path_buf(),
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn files_under(folder: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("theme")
            .join(folder);
        let mut files: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn stylesheets_and_scripts_are_served_minified() {
        for ((name, readable), (served_name, served)) in
            STATIC_FILES.iter().zip(served_static_files())
        {
            assert_eq!(name, served_name);
            if name.ends_with(".css") || name.ends_with(".js") {
                assert!(served.len() < readable.len(), "{name} is minified");
                assert!(!String::from_utf8_lossy(served).contains("\n  "), "{name}");
            } else {
                assert_eq!(&served[..], *readable, "{name} is as it is");
            }
        }
    }

    #[test]
    fn every_theme_file_is_embedded() {
        let mut templates: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        templates.sort();
        assert_eq!(templates, files_under(TEMPLATES_DIR));
        let mut statics: Vec<String> = STATIC_FILES.iter().map(|(n, _)| n.to_string()).collect();
        statics.sort();
        assert_eq!(statics, files_under(STATIC_DIR));
    }
}
