//! The default theme, embedded in the binary so that an installed
//! `studysite` works in any folder. A site's own `templates/` and `static/`
//! files replace these one by one.

use std::path::{Path, PathBuf};

use bytes::Bytes;

use crate::diagnostics::Diagnostic;
use crate::output::{Contents, OutputFile};

/// Templates by name, as Tera sees them.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("chapter.html", include_str!("../templates/chapter.html")),
    ("quiz.html", include_str!("../templates/quiz.html")),
    ("review.html", include_str!("../templates/review.html")),
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
    ("math.css", include_bytes!("../static/math.css")),
    // A math font for readers who have none (see the licence file).
    (
        "studysite-math.woff2",
        include_bytes!("../static/studysite-math.woff2"),
    ),
    (
        "studysite-math-LICENSE.txt",
        include_bytes!("../static/studysite-math-LICENSE.txt"),
    ),
    ("quiz.js", include_bytes!("../static/quiz.js")),
    ("exam.js", include_bytes!("../static/exam.js")),
    ("exam.css", include_bytes!("../static/exam.css")),
    ("tabs.js", include_bytes!("../static/tabs.js")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
    ("fsrs.js", include_bytes!("../static/fsrs.js")),
    ("cards.js", include_bytes!("../static/cards.js")),
    ("cards.css", include_bytes!("../static/cards.css")),
    ("review.js", include_bytes!("../static/review.js")),
    ("review.css", include_bytes!("../static/review.css")),
    ("due.js", include_bytes!("../static/due.js")),
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
pub fn site_files(root: &Path, folder: &str) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let entry = entry.map_err(|error| {
            Diagnostic::error(folder, format!("cannot read the folder: {error}"))
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

/// The theme's served bytes of `name` when the site file at `path` is the
/// theme's own file, unchanged: a site made by `init --theme` (or this
/// repository, whose `static/` is the theme) then serves the minified
/// theme, and only files the author edited are copied as they are.
fn theme_file_if_unchanged(name: &str, path: &Path) -> Option<&'static [u8]> {
    let (_, readable) = STATIC_FILES
        .iter()
        .find(|(theme_name, _)| *theme_name == name)?;
    let same_length = std::fs::metadata(path).ok()?.len() == readable.len() as u64;
    if !same_length || std::fs::read(path).ok()? != *readable {
        return None;
    }
    served_static_files()
        .iter()
        .find(|(theme_name, _)| *theme_name == name)
        .map(|(_, served)| served.as_slice())
}

/// The files of the site's `static/` folder: the theme's, with the site's
/// own over them one by one.
pub fn static_files(root: &Path) -> (Vec<OutputFile>, Option<Diagnostic>) {
    let (own, problem) = match site_files(root, STATIC_DIR) {
        Ok(own) => (own, None),
        Err(diagnostic) => (Vec::new(), Some(diagnostic)),
    };
    let mut files = Vec::with_capacity(own.len() + STATIC_FILES.len());
    for (relative, source) in &own {
        let contents = match theme_file_if_unchanged(relative, source) {
            Some(served) => Contents::Bytes(Bytes::from_static(served)),
            None => Contents::CopyOf(source.clone()),
        };
        files.push(OutputFile {
            path: format!("{STATIC_DIR}/{relative}"),
            origin: format!("{STATIC_DIR}/{relative}"),
            contents,
        });
    }
    for (name, bytes) in served_static_files() {
        if !own.iter().any(|(relative, _)| relative == name) {
            files.push(OutputFile {
                path: format!("{STATIC_DIR}/{name}"),
                origin: format!("the theme's {STATIC_DIR}/{name}"),
                contents: Contents::Bytes(Bytes::from_static(bytes.as_slice())),
            });
        }
    }
    (files, problem)
}

/// The stylesheet a page inlines when it cannot link one (`404.html`,
/// which a host serves at any depth): the site's own `static/style.css`,
/// else the theme's, minified.
pub fn inline_stylesheet(root: &Path) -> String {
    let path = root.join(STATIC_DIR).join("style.css");
    if let Some(served) = theme_file_if_unchanged("style.css", &path) {
        return String::from_utf8_lossy(served).into_owned();
    }
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        let (_, bytes) = served_static_files()
            .iter()
            .find(|(name, _)| *name == "style.css")
            .expect("the theme has a stylesheet");
        String::from_utf8_lossy(bytes).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_site_file_equal_to_the_themes_is_served_minified() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join(STATIC_DIR);
        std::fs::create_dir(&own).unwrap();
        let (_, readable) = STATIC_FILES.iter().find(|(n, _)| *n == "site.js").unwrap();
        std::fs::write(own.join("site.js"), readable).unwrap();
        std::fs::write(own.join("style.css"), "body { color: teal; }\n").unwrap();
        let (files, problem) = static_files(dir.path());
        assert!(problem.is_none());
        let served = |path: &str| match &files.iter().find(|f| f.path == path).unwrap().contents {
            Contents::Bytes(bytes) => Some(bytes.to_vec()),
            Contents::CopyOf(_) | Contents::Staged => None,
        };
        let minified = &served_static_files()
            .iter()
            .find(|(n, _)| *n == "site.js")
            .unwrap()
            .1;
        assert_eq!(served("static/site.js").as_ref(), Some(minified));
        assert_eq!(served("static/style.css"), None, "an edited file is copied");
        assert_eq!(inline_stylesheet(dir.path()), "body { color: teal; }\n");
        std::fs::write(own.join("style.css"), STATIC_FILES[0].1).unwrap();
        assert!(inline_stylesheet(dir.path()).len() < STATIC_FILES[0].1.len());
        assert_eq!(files.len(), STATIC_FILES.len());
    }
}
