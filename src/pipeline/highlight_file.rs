//! The highlighting cache on disk: `ROOT/.studysite-cache/highlight.bin`
//! holds the code blocks a build highlighted, for the next build of the
//! same site. Written through a temporary file and renamed, so that a
//! reader never sees half a file; not written when it would not change.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::CACHE_DIR;
use crate::highlight::{HighlightCache, StyledClasses};

/// The file of highlighted code blocks kept between builds.
pub fn path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join("highlight.bin")
}

/// The classes the stylesheet of `root`'s site styles: its own
/// `static/highlight.css`, else the theme's.
pub fn site_classes(root: &Path) -> StyledClasses {
    match std::fs::read_to_string(root.join("static").join("highlight.css")) {
        Ok(css) => StyledClasses::of_stylesheet(&css),
        Err(_) => StyledClasses::default(),
    }
}

/// The cache of `root`'s site, styled by its stylesheet.
pub fn load_for_site(root: &Path) -> HighlightCache {
    load(&path(root), site_classes(root))
}

/// The cache saved at `path`, or an empty one when there is none, it was
/// made by another highlighter or for other classes (its first line says),
/// or it cannot be read: it is only ever a cache.
pub fn load(path: &Path, classes: StyledClasses) -> HighlightCache {
    let header = HighlightCache::header(&classes);
    let read = || -> std::io::Result<Option<Vec<u8>>> {
        let mut file = std::fs::File::open(path)?;
        let mut bytes = vec![0; header.len()];
        // A file of another header is not read any further.
        if file.read_exact(&mut bytes).is_err() || bytes != header.as_bytes() {
            return Ok(None);
        }
        file.read_to_end(&mut bytes)?;
        Ok(Some(bytes))
    };
    match read() {
        Ok(Some(bytes)) => HighlightCache::decode(&bytes, classes),
        _ => HighlightCache::new(classes),
    }
}

/// Writes the blocks `cache` used to `path`, through a temporary file so
/// that an interrupted write leaves the old file; when the file already
/// holds exactly those blocks, nothing is written, and a cache that never
/// held a block makes no file.
pub fn save(cache: &HighlightCache, path: &Path) -> std::io::Result<()> {
    if !cache.changed_since_saved() && path.is_file() {
        return Ok(());
    }
    let Some(bytes) = cache.encode() else {
        return Ok(());
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    // A name of its own for each save: two builds of one site at once
    // each write their own file, and the last rename wins.
    static SAVES: AtomicUsize = AtomicUsize::new(0);
    let save = SAVES.fetch_add(1, Ordering::Relaxed);
    let mut partial = path.as_os_str().to_owned();
    partial.push(format!(".{}-{save}.partial", std::process::id()));
    let partial = PathBuf::from(partial);
    let written = std::fs::File::create(&partial)
        .and_then(|mut file| file.write_all(&bytes))
        .and_then(|()| std::fs::rename(&partial, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(error);
    }
    // The file holds them now: a next save (serve saves after every
    // rebuild) writes again only for new blocks.
    cache.mark_saved();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modified(path: &Path) -> std::time::SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn the_cache_keeps_results_across_builds_and_only_what_was_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/highlight.bin");
        let first = load(&path, StyledClasses::default());
        let rust = first.highlight("rust", "fn main() {}\n").unwrap();
        assert_eq!(first.highlight("no-such-language", "a = 1\n"), None);
        first.highlight("python", "print(1)\n").unwrap();
        save(&first, &path).unwrap();

        let second = load(&path, StyledClasses::default());
        assert_eq!(second.len(), 3);
        assert_eq!(second.highlight("rust", "fn main() {}\n").unwrap(), rust);
        assert_eq!(second.highlight("no-such-language", "a = 1\n"), None);
        save(&second, &path).unwrap();
        let third = load(&path, StyledClasses::default());
        assert_eq!(
            third.len(),
            2,
            "the python block was not used by the second build"
        );

        // A build that used exactly the saved blocks leaves the file alone,
        // and so does a second save of the same blocks.
        let saved = modified(&path);
        std::thread::sleep(std::time::Duration::from_millis(20));
        third.highlight("rust", "fn main() {}\n");
        third.highlight("no-such-language", "a = 1\n");
        save(&third, &path).unwrap();
        assert_eq!(modified(&path), saved);
        third.highlight("go", "package main\n");
        save(&third, &path).unwrap();
        let resaved = modified(&path);
        assert_ne!(resaved, saved, "a new block is saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
        save(&third, &path).unwrap();
        assert_eq!(
            modified(&path),
            resaved,
            "saved blocks are not written again"
        );
    }

    #[test]
    fn builds_of_one_site_at_once_each_save_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/highlight.bin");
        std::thread::scope(|scope| {
            for n in 0..4 {
                let path = &path;
                scope.spawn(move || {
                    for round in 0..20 {
                        // A new block each round, so that every save writes.
                        let cache = HighlightCache::default();
                        cache
                            .highlight("rust", &format!("fn f{n}_{round}() {{}}\n"))
                            .unwrap();
                        save(&cache, path).unwrap();
                    }
                });
            }
        });
        assert_eq!(load(&path, StyledClasses::default()).len(), 1);
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no partial file is left");
    }

    #[test]
    fn a_site_without_code_gets_no_cache_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/highlight.bin");
        let cache = HighlightCache::default();
        cache.highlight("text", "plain\n");
        save(&cache, &path).unwrap();
        assert!(!dir.path().join("cache").exists());
    }

    #[test]
    fn a_damaged_cache_file_or_one_of_another_header_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight.bin");
        let cache = HighlightCache::default();
        cache.highlight("rust", "let x = 1;\n").unwrap();
        save(&cache, &path).unwrap();
        assert_eq!(load(&path, StyledClasses::default()).len(), 1);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 5, bytes.len() - 3] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(
                load(&path, StyledClasses::default()).is_empty(),
                "cut at {cut}"
            );
        }
        std::fs::write(
            &path,
            b"studysite highlight cache 3 0.1.0 0123456789abcdef\n",
        )
        .unwrap();
        assert!(
            load(&path, StyledClasses::default()).is_empty(),
            "an older format"
        );
        // The same blocks under another two-face's header.
        let header = HighlightCache::header(&StyledClasses::default());
        let other = header.replacen(" two-face ", " two-face 0.0.1-", 1);
        let mut written = other.into_bytes();
        written.extend_from_slice(&bytes[header.len()..]);
        std::fs::write(&path, &written).unwrap();
        assert!(
            load(&path, StyledClasses::default()).is_empty(),
            "another highlighter"
        );

        std::fs::write(&path, &bytes).unwrap();
        let other = StyledClasses::of_stylesheet(".hl-keyword{color:red}");
        assert!(load(&path, other).is_empty(), "made for other classes");
        assert_eq!(load(&path, StyledClasses::default()).len(), 1);
    }

    #[test]
    fn a_sites_own_stylesheet_decides_its_classes() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(site_classes(dir.path()), StyledClasses::default());
        std::fs::create_dir(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/highlight.css"), ".hl-keyword{a:b}").unwrap();
        assert_eq!(
            site_classes(dir.path()),
            StyledClasses::of_stylesheet(".hl-keyword{a:b}")
        );
    }
}
