//! The default theme, embedded in the binary so that an installed
//! `studysite` works in any folder. A site's own `templates/` and `static/`
//! files replace these one by one.

/// Templates by name, as Tera sees them.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("chapter.html", include_str!("../templates/chapter.html")),
    ("quiz.html", include_str!("../templates/quiz.html")),
    ("404.html", include_str!("../templates/404.html")),
    (
        "partials/macros.html",
        include_str!("../templates/partials/macros.html"),
    ),
    (
        "partials/sidebar.html",
        include_str!("../templates/partials/sidebar.html"),
    ),
    (
        "partials/header.html",
        include_str!("../templates/partials/header.html"),
    ),
];

/// Static files by path under `static/`.
pub const STATIC_FILES: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("site.js", include_bytes!("../static/site.js")),
    ("highlight.css", include_bytes!("../static/highlight.css")),
    ("quiz.js", include_bytes!("../static/quiz.js")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
];

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
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
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
    fn every_theme_file_is_embedded() {
        let mut templates: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        templates.sort();
        assert_eq!(templates, files_under(TEMPLATES_DIR));
        let mut statics: Vec<String> = STATIC_FILES.iter().map(|(n, _)| n.to_string()).collect();
        statics.sort();
        assert_eq!(statics, files_under(STATIC_DIR));
    }
}
