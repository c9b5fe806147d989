//! Which files under `notes/` are not part of the book: those the
//! configuration's `exclude` globs name (relative to `notes/`, in
//! `.gitignore` syntax: `templates/**`, `*.draft.md`), and those a
//! `.gitignore` in the site's root or in a folder of the notes lists, as
//! git would leave them out. Matching is the `ignore` crate's, which
//! ripgrep uses for the same job.

use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;

/// The rules that leave files out, each with the folder its patterns are
/// relative to.
#[derive(Debug, Default)]
pub struct Exclusions {
    rules: Vec<(PathBuf, Gitignore)>,
}

/// Why `glob` cannot be an `exclude` pattern, if it cannot.
pub fn pattern_problem(glob: &str) -> Option<String> {
    GitignoreBuilder::new("")
        .add_line(None, glob)
        .err()
        .map(|error| error.to_string())
}

/// The error for an `exclude` pattern that cannot be read.
pub fn pattern_error(problem: &str) -> Diagnostic {
    Diagnostic::error(
        CONFIG_FILE,
        format!("`exclude` has a pattern that cannot be read: {problem}"),
    )
    .with_help("patterns are relative to `notes/`, as in a .gitignore: exclude = [\"templates/**\", \"*.tmp.md\"]")
}

impl Exclusions {
    /// The configuration's `exclude` globs (relative to `notes_root`), the
    /// site root's `.gitignore` and the notes folder's. Both folders must be canonical, as
    /// the paths matched against them are.
    pub fn new(root: &Path, notes_root: &Path, globs: &[String]) -> Result<Exclusions, Diagnostic> {
        let mut exclusions = Exclusions::default();
        if !globs.is_empty() {
            let mut builder = GitignoreBuilder::new(notes_root);
            for glob in globs {
                if let Err(error) = builder.add_line(None, glob) {
                    return Err(pattern_error(&error.to_string()));
                }
            }
            if let Ok(globs) = builder.build() {
                exclusions.rules.push((notes_root.to_path_buf(), globs));
            }
        }
        exclusions.add_gitignore_of(root);
        exclusions.add_gitignore_of(notes_root);
        Ok(exclusions)
    }

    /// Adds the rules of `folder/.gitignore`, if it has one; a file that
    /// cannot be read adds none (git would not read it either).
    pub fn add_gitignore_of(&mut self, folder: &Path) {
        let file = folder.join(".gitignore");
        if !file.is_file() {
            return;
        }
        let mut builder = GitignoreBuilder::new(folder);
        if builder.add(&file).is_none()
            && let Ok(rules) = builder.build()
        {
            self.rules.push((folder.to_path_buf(), rules));
        }
    }

    /// Whether `path` (a file, or a folder when `is_dir`) is left out.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        self.rules.iter().any(|(folder, rules)| {
            path.starts_with(folder)
                && path != folder
                && rules.matched_path_or_any_parents(path, is_dir).is_ignore()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_gitignore_files_leave_files_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let notes = root.join("notes");
        std::fs::create_dir_all(notes.join("sub")).unwrap();
        std::fs::write(root.join(".gitignore"), "/public\nnotes/private/\n").unwrap();
        std::fs::write(notes.join("sub/.gitignore"), "*.secret.md\n").unwrap();
        let mut exclusions =
            Exclusions::new(&root, &notes, &["templates/**".into(), "*.tmp.md".into()]).unwrap();
        exclusions.add_gitignore_of(&notes.join("sub"));
        for (path, is_dir, left_out) in [
            ("notes/templates/daily.md", false, true),
            ("notes/a/b.tmp.md", false, true),
            ("notes/private", true, true),
            ("notes/private/x.md", false, true),
            ("notes/sub/x.secret.md", false, true),
            ("notes/x.secret.md", false, false),
            ("notes/a.md", false, false),
            ("notes/templates.md", false, false),
        ] {
            assert_eq!(
                exclusions.excludes(&root.join(path), is_dir),
                left_out,
                "{path}"
            );
        }
    }

    #[test]
    fn a_pattern_that_cannot_be_read_names_the_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let error = Exclusions::new(dir.path(), dir.path(), &["a/{b".into()]).unwrap_err();
        assert_eq!(error.path, Path::new(CONFIG_FILE));
        assert!(error.message.contains("exclude"), "{}", error.message);
    }
}
