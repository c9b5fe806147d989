//! Writing the site safely: everything goes into a staging folder beside the
//! output, which replaces the output only once the whole build succeeded.
//! Folders the tool makes carry a marker file, and the tool never deletes or
//! writes into a folder without it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::content::NOTES_DIR;
use crate::theme::{STATIC_DIR, TEMPLATES_DIR};

/// The file that marks a folder as made by studysite.
pub const MARKER_FILE: &str = ".studysite";
const MARKER_TEXT: &str = "This folder is made by studysite and replaced on every build.\n";

/// One file of the output.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative to the output root, `/`-separated.
    pub path: String,
    /// What it comes from, to name both sides of a collision.
    pub origin: String,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum Contents {
    /// Bytes made by the build, shared rather than copied (a rebuild reuses
    /// unchanged pages; `serve` serves them as they are).
    Bytes(bytes::Bytes),
    /// A file copied as it is.
    CopyOf(PathBuf),
    /// Already written into the build's staging folder.
    Staged,
}

/// Why an output folder is refused.
#[derive(Debug)]
pub struct UnsafeOutput(pub String);

/// Checks that building into `out` cannot damage the author's files.
pub fn check_target(root: &Path, out: &Path) -> Result<(), UnsafeOutput> {
    let root = absolute(root);
    let out = absolute(out);
    let refuse = |why: String| Err(UnsafeOutput(why));
    if out == root {
        return refuse(format!(
            "the output folder `{}` is the site root; choose a folder inside it, such as `public`",
            out.display()
        ));
    }
    if root.starts_with(&out) {
        return refuse(format!(
            "the output folder `{}` contains the site root; choose a folder inside it, such as `public`",
            out.display()
        ));
    }
    if out.starts_with(root.join(crate::pipeline::CACHE_DIR)) {
        return refuse(format!(
            "the output folder `{}` is inside `{}/`, which holds the build's cache",
            out.display(),
            crate::pipeline::CACHE_DIR
        ));
    }
    // `-o notes.txt/site`: a file where a folder must be.
    if let Some(file) = out.ancestors().skip(1).find(|a| a.is_file()) {
        return refuse(format!(
            "the output folder `{}` cannot be made: `{}` is a file",
            out.display(),
            file.display()
        ));
    }
    for source in [NOTES_DIR, TEMPLATES_DIR, STATIC_DIR] {
        if out.starts_with(root.join(source)) {
            return refuse(format!(
                "the output folder `{}` is inside `{source}/`, which holds the site's sources",
                out.display()
            ));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse(format!(
                "the output path `{}` is a file, not a folder",
                out.display()
            ));
        }
        if !is_ours(&out) && !is_empty_dir(&out) {
            return refuse(format!(
                "the output folder `{}` holds files that studysite did not make; \
                 studysite replaces its output on every build, so it only writes into an empty \
                 folder or one it made (marked by a `{MARKER_FILE}` file)",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Finds two files that would be written to the same path.
pub fn find_collisions(files: &[OutputFile]) -> Vec<(&str, &str, &str)> {
    let mut seen: HashMap<&str, &str> = HashMap::with_capacity(files.len());
    let mut collisions = Vec::new();
    for file in files {
        if let Some(first) = seen.insert(file.path.as_str(), file.origin.as_str()) {
            collisions.push((file.path.as_str(), first, file.origin.as_str()));
        }
    }
    collisions
}

/// Writes `files` into a staging folder, then swaps it in for `out`. On any
/// error the staging folder is removed and `out` is left as it was.
pub fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    Staging::open(out)?.commit(files)
}

/// A build's output while it is written: a staging folder beside the
/// output, written under the output's lock, put in the output's place by
/// [`Staging::commit`], and removed if dropped before that (a failed build
/// leaves the previous site as it was).
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    /// The output folder of the previous build, when it is ours.
    previous: Option<PathBuf>,
    made_dirs: Mutex<HashSet<PathBuf>>,
    /// The first error of a file written while the build went on.
    failed: Mutex<Option<io::Error>>,
    committed: bool,
    /// One build writes into a folder at a time: a second one waits.
    _lock: fs::File,
}

impl Staging {
    /// Takes the output's lock, removes what interrupted builds left, and
    /// makes an empty staging folder with the marker.
    pub fn open(out: &Path) -> io::Result<Staging> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output folder has no parent folder"))?
            .to_path_buf();
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let lock = lock(&parent, &name, &out)?;
        remove_stale_siblings(&parent, &name);
        let dir = parent.join(format!(".{name}.studysite-staging-{}", std::process::id()));
        let previous = is_ours(&out).then(|| out.clone());
        let staging = Staging {
            out,
            parent,
            name,
            dir,
            previous,
            made_dirs: Mutex::new(HashSet::new()),
            failed: Mutex::new(None),
            committed: false,
            _lock: lock,
        };
        staging.start()?;
        Ok(staging)
    }

    fn start(&self) -> io::Result<()> {
        if self.dir.exists() {
            remove_ours(&self.dir)?;
        }
        fs::create_dir(&self.dir)?;
        let marker = OutputFile {
            path: MARKER_FILE.into(),
            origin: String::new(),
            contents: Contents::Bytes(bytes::Bytes::from_static(MARKER_TEXT.as_bytes())),
        };
        self.write(&marker)
    }

    /// Writes `file` now, so that a build need not hold every page in
    /// memory, and returns its entry in the site's list of files. An error
    /// is kept for [`Staging::commit`] to report.
    pub fn put(&self, file: OutputFile) -> OutputFile {
        if let Err(error) = self.write(&file) {
            let mut failed = self.failed.lock().expect("the lock is never poisoned");
            failed.get_or_insert(error);
        }
        OutputFile {
            contents: Contents::Staged,
            ..file
        }
    }

    /// Writes the files not written yet, then puts the staging folder in
    /// the output's place.
    pub fn commit(mut self, files: &[OutputFile]) -> io::Result<()> {
        if let Some(error) = self
            .failed
            .lock()
            .expect("the lock is never poisoned")
            .take()
        {
            return Err(error);
        }
        for file in files {
            self.write(file)?;
        }
        swap_in(&self.dir, &self.out, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }

    /// Writes one file into the staging folder. A file whose bytes are
    /// those of the same file in the previous build is linked to it instead
    /// of written, so it keeps its modification time: a deploy by rsync or
    /// a CDN sync then moves only what changed.
    fn write(&self, file: &OutputFile) -> io::Result<()> {
        if let Contents::Staged = file.contents {
            return Ok(());
        }
        let target = self.dir.join(&file.path);
        if let Some(dir) = target.parent() {
            // Held while the folder is made: another page of the same folder
            // waits until it exists.
            let mut made = self.made_dirs.lock().expect("the lock is never poisoned");
            if !made.contains(dir) {
                fs::create_dir_all(dir)?;
                made.insert(dir.to_path_buf());
            }
        }
        if let Some(old) = self.previous.as_ref().map(|p| p.join(&file.path))
            && unchanged(&old, &file.contents)
            && keep(&old, &target).is_ok()
        {
            return Ok(());
        }
        match &file.contents {
            Contents::Bytes(bytes) => fs::write(&target, bytes),
            Contents::CopyOf(source) => fs::copy(source, &target).map(|_| ()).map_err(|error| {
                io::Error::new(
                    error.kind(),
                    format!("copying {}: {error}", source.display()),
                )
            }),
            Contents::Staged => Ok(()),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_ours(&self.dir);
        }
    }
}

/// Whether the file at `old` holds exactly `contents`.
fn unchanged(old: &Path, contents: &Contents) -> bool {
    let Ok(metadata) = fs::metadata(old) else {
        return false;
    };
    if !metadata.is_file() {
        return false;
    }
    match contents {
        Contents::Bytes(bytes) => {
            metadata.len() == bytes.len() as u64 && fs::read(old).is_ok_and(|b| b == *bytes)
        }
        Contents::CopyOf(source) => {
            fs::metadata(source).is_ok_and(|s| s.len() == metadata.len())
                && fs::read(source).ok() == fs::read(old).ok()
        }
        Contents::Staged => false,
    }
}

/// Puts the previous build's file at `target`: a hard link where the file
/// system allows it, else a copy that keeps the old modification time.
fn keep(old: &Path, target: &Path) -> io::Result<()> {
    if fs::hard_link(old, target).is_ok() {
        return Ok(());
    }
    fs::copy(old, target)?;
    let modified = fs::metadata(old)?.modified()?;
    fs::File::options()
        .write(true)
        .open(target)?
        .set_modified(modified)
}

/// Puts `staging` in the place of `out`. The two trade places in one step
/// where the platform allows (Linux); elsewhere `out` is moved aside
/// first, and for a moment no folder has its name.
fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(staging, out);
    }
    if !is_ours(out) {
        // An empty folder the author made: it can simply be replaced.
        fs::remove_dir(out)?;
        return fs::rename(staging, out);
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous site.
        return remove_ours(staging);
    }
    let old = parent.join(format!(".{name}.studysite-old-{}", std::process::id()));
    fs::rename(out, &old)?;
    if let Err(error) = fs::rename(staging, out) {
        fs::rename(&old, out)?;
        return Err(error);
    }
    remove_ours(&old)
}

/// Swaps two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Holds the output folder's lock file (`.NAME.studysite-lock` beside it)
/// until dropped. Every build and `serve --out` that writes there takes
/// it, so two can never mix their files or remove each other's staging
/// folder; the second waits, and says so.
fn lock(parent: &Path, name: &str, out: &Path) -> io::Result<fs::File> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(parent.join(format!(".{name}.studysite-lock")))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another studysite to finish writing {}",
                out.display()
            );
            file.lock()?;
            Ok(file)
        }
        Err(fs::TryLockError::Error(error)) => Err(error),
    }
}

/// Removes staging and old folders that an interrupted build left behind
/// (the lock is held, so no live build is writing them).
fn remove_stale_siblings(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.studysite-staging-"),
        format!(".{name}.studysite-old-"),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let _ = remove_ours(&entry.path());
        }
    }
}

/// Deletes a folder only if it carries studysite's marker.
fn remove_ours(dir: &Path) -> io::Result<()> {
    if is_ours(dir) {
        fs::remove_dir_all(dir)
    } else if is_empty_dir(dir) {
        fs::remove_dir(dir)
    } else {
        Ok(())
    }
}

fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER_FILE).is_file()
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// An absolute, normalised path that need not exist yet: the existing part
/// is resolved through symlinks, the rest is appended.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return normal,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            origin: format!("origin of {path}"),
            contents: Contents::Bytes(text.as_bytes().to_vec().into()),
        }
    }

    #[test]
    fn refuses_a_path_through_a_file_and_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("file"), "x").unwrap();
        let through_file = check_target(dir.path(), &dir.path().join("file/sub")).unwrap_err();
        assert!(through_file.0.contains("is a file"), "{}", through_file.0);
        let cache = check_target(dir.path(), &dir.path().join(".studysite-cache")).unwrap_err();
        assert!(cache.0.contains("cache"), "{}", cache.0);
    }

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("notes/sub")).unwrap();
        assert!(check_target(root, root).is_err());
        assert!(check_target(root, &root.join(".")).is_err());
        assert!(check_target(root, &root.join("notes")).is_err());
        assert!(check_target(root, &root.join("notes/sub/out")).is_err());
        assert!(check_target(root, &root.join("static")).is_err());
        assert!(check_target(root, root.parent().unwrap()).is_err());
        assert!(check_target(root, &root.join("public")).is_ok());
        fs::create_dir(root.join("foreign")).unwrap();
        assert!(
            check_target(root, &root.join("foreign")).is_ok(),
            "empty is fine"
        );
        fs::write(root.join("foreign/keep.txt"), "mine").unwrap();
        let error = check_target(root, &root.join("foreign")).unwrap_err();
        assert!(error.0.contains("did not make"), "{}", error.0);
    }

    /// The names in `dir`, sorted.
    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn swaps_in_a_new_site_and_removes_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a.html", "one"), file("x/b.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("x/b.html")).unwrap(), "two");
        assert!(out.join(MARKER_FILE).is_file());
        write_site(&out, &[file("c.html", "three")]).unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "three");
        assert_eq!(
            beside(dir.path()),
            [".public.studysite-lock", "public"],
            "no staging or old folder is left"
        );
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("same.html", "same"), file("edit.html", "one")]).unwrap();
        let before = |name: &str| fs::metadata(out.join(name)).unwrap().modified().unwrap();
        let same_time = before("same.html");
        let edit_time = before("edit.html");
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_site(&out, &[file("same.html", "same"), file("edit.html", "two")]).unwrap();
        assert_eq!(
            before("same.html"),
            same_time,
            "unchanged bytes are not written again"
        );
        assert_ne!(before("edit.html"), edit_time);
        assert_eq!(fs::read_to_string(out.join("edit.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("same.html")).unwrap(), "same");
    }

    #[test]
    fn a_failed_write_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a.html", "old")]).unwrap();
        let missing = OutputFile {
            path: "copy.png".into(),
            origin: "notes/copy.png".into(),
            contents: Contents::CopyOf(dir.path().join("does-not-exist.png")),
        };
        assert!(write_site(&out, &[file("b.html", "new"), missing]).is_err());
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "old");
        assert!(!out.join("b.html").exists());
        assert_eq!(beside(dir.path()), [".public.studysite-lock", "public"]);
    }

    #[test]
    fn collisions_name_both_sources() {
        let files = [file("a.html", ""), file("b.html", ""), file("a.html", "")];
        assert_eq!(
            find_collisions(&files),
            vec![("a.html", "origin of a.html", "origin of a.html")]
        );
    }
}
