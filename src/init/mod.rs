//! `studysite init`: a new book with a configuration, two notes that show
//! each feature, and a `.gitignore` for the output and the build cache; with `--theme`, the
//! default theme too, for customising.

use std::fs;
use std::path::{Path, PathBuf};

use crate::theme::{STATIC_DIR, STATIC_FILES, TEMPLATES, TEMPLATES_DIR};

const GETTING_STARTED: &str = include_str!("getting-started.md");
const QUIZZES: &str = include_str!("quizzes.md");

/// Creates a new book in `dir`, which must not exist or be empty. Returns
/// the files written, relative to `dir`.
pub fn init(dir: &Path, with_theme: bool) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("`{}` is a file, not a folder", dir.display()));
        }
        let mut entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "`{}` already holds files; `init` only creates a book in a new or empty folder",
                dir.display()
            ));
        }
    }
    let title = book_title(dir);
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (PathBuf::from("studysite.toml"), config(&title).into_bytes()),
        (
            PathBuf::from(".gitignore"),
            b"/public\n/.studysite-cache\n".to_vec(),
        ),
        (
            PathBuf::from("notes/index.md"),
            format!(
                "Welcome to **{title}**. Start with the first chapter, or open the quiz page.\n"
            )
            .into_bytes(),
        ),
        (
            PathBuf::from("notes/01-getting-started.md"),
            GETTING_STARTED.as_bytes().to_vec(),
        ),
        (
            PathBuf::from("notes/02-quizzes.md"),
            QUIZZES.as_bytes().to_vec(),
        ),
    ];
    if with_theme {
        for (name, text) in TEMPLATES {
            files.push((
                Path::new(TEMPLATES_DIR).join(name),
                text.as_bytes().to_vec(),
            ));
        }
        for (name, bytes) in STATIC_FILES {
            files.push((Path::new(STATIC_DIR).join(name), bytes.to_vec()));
        }
    }
    for (path, contents) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        fs::write(&target, contents)
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The folder's name as the book's title ("my-notes" → "my notes").
fn book_title(dir: &Path) -> String {
    let absolute = dir
        .canonicalize()
        .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(dir));
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_default();
    if name.trim().is_empty() {
        "Study notes".to_string()
    } else {
        name.trim().to_string()
    }
}

fn config(title: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "# studysite configuration: every key is optional.\n\
         title = \"{title}\"\n\
         description = \"\"\n\
         # BCP 47 language tag: sets <html lang> and the interface strings (\"zh-CN\" for Chinese).\n\
         language = \"en\"\n\
         # The site's address, for sitemap.xml and canonical links:\n\
         # base_url = \"https://example.org/notes\"\n\
         \n\
         # Override any interface string:\n\
         # [ui]\n\
         # next = \"Next chapter\"\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_valid_and_titled_from_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("my-notes");
        init(&book, false).unwrap();
        let text = fs::read_to_string(book.join("studysite.toml")).unwrap();
        let config = crate::config::Config::parse(&text).unwrap();
        assert_eq!(config.title, "my notes");
    }

    #[test]
    fn refuses_a_folder_with_files_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        assert!(
            init(dir.path(), true)
                .unwrap_err()
                .contains("already holds files")
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn theme_files_are_copied_on_request() {
        let dir = tempfile::tempdir().unwrap();
        let files = init(&dir.path().join("b"), true).unwrap();
        assert!(files.contains(&PathBuf::from("templates/chapter.html")));
        assert!(files.contains(&PathBuf::from("static/style.css")));
        let plain = init(&dir.path().join("c"), false).unwrap();
        assert!(!plain.iter().any(|f| f.starts_with("templates")));
    }
}
