//! [`HighlightCache`]: each block highlighted once per process, and the
//! bytes that carry the blocks a build used to the next build. Where those
//! bytes are kept is the pipeline's business.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};

use rayon::prelude::*;

use super::classes::{ScopeSpans, StyledClasses};
use super::{highlight, is_plain};
use crate::fingerprint::fingerprint_of;

/// Highlighted blocks by language and code. Entries read from a cache file
/// are written back only if a build used them, so the file follows the
/// book instead of growing forever.
#[derive(Default)]
pub struct HighlightCache {
    blocks: Mutex<HashMap<u128, Block>>,
    spans: ScopeSpans,
}

impl std::fmt::Debug for HighlightCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HighlightCache({} blocks)", self.lock().len())
    }
}

struct Block {
    /// The highlighted HTML, or `None` for a language without a grammar.
    html: Option<String>,
    /// Asked for since the cache was made or read.
    used: bool,
    /// In the bytes last read or encoded and saved.
    saved: bool,
}

/// The version of the file format.
const FORMAT: u32 = 4;

/// What identifies the grammars: the packages that make the HTML (see
/// `build.rs`), the regex engine they were built for and the syntax set
/// loaded from them.
fn grammars_fingerprint() -> u64 {
    static GRAMMARS: OnceLock<u64> = OnceLock::new();
    *GRAMMARS.get_or_init(|| {
        fingerprint_of(&(
            env!("STUDYSITE_HIGHLIGHTER_FINGERPRINT"),
            "regex-onig",
            "two_face::syntax::extra_newlines",
        ))
    })
}

/// A 128-bit key for a block, from two differently seeded hashes.
fn key(language: &str, code: &str) -> u128 {
    let half = |seed: u8| fingerprint_of(&(seed, language, code));
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

impl HighlightCache {
    /// An empty cache for code styled by `classes`.
    pub fn new(classes: StyledClasses) -> HighlightCache {
        HighlightCache {
            blocks: Mutex::default(),
            spans: ScopeSpans::new(classes),
        }
    }

    /// The first line of the bytes of a cache for `classes`: bytes made by
    /// another version of studysite, of syntect or of two-face (whose
    /// highlighting may differ), with other grammars or for other styled
    /// classes are not read.
    pub fn header(classes: &StyledClasses) -> String {
        format!(
            "studysite highlight cache {FORMAT} {} syntect {} two-face {} {:016x} {:016x}\n",
            env!("CARGO_PKG_VERSION"),
            env!("STUDYSITE_SYNTECT_VERSION"),
            env!("STUDYSITE_TWO_FACE_VERSION"),
            grammars_fingerprint(),
            classes.fingerprint()
        )
    }

    /// The cache that [`HighlightCache::encode`] wrote into `bytes`, or an
    /// empty one when they are of another header or damaged (it is only
    /// ever a cache).
    pub fn decode(bytes: &[u8], classes: StyledClasses) -> HighlightCache {
        let blocks = Self::decode_blocks(bytes, &classes).unwrap_or_default();
        HighlightCache {
            blocks: Mutex::new(blocks),
            spans: ScopeSpans::new(classes),
        }
    }

    fn decode_blocks(bytes: &[u8], classes: &StyledClasses) -> Option<HashMap<u128, Block>> {
        let mut rest = bytes.strip_prefix(Self::header(classes).as_bytes())?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let mut blocks = HashMap::new();
        while let Some(key) = take(16) {
            let key = u128::from_le_bytes(key.try_into().ok()?);
            let length = u32::from_le_bytes(take(4)?.try_into().ok()?);
            // u32::MAX marks a language without a grammar.
            let html = match length {
                u32::MAX => None,
                length => Some(String::from_utf8(take(length as usize)?.to_vec()).ok()?),
            };
            blocks.insert(
                key,
                Block {
                    html,
                    used: false,
                    saved: true,
                },
            );
        }
        Some(blocks)
    }

    /// The blocks used since the cache was made or read, as bytes for
    /// [`HighlightCache::decode`]; `None` when there is nothing to keep (no
    /// block was used or read).
    pub fn encode(&self) -> Option<Vec<u8>> {
        let blocks = self.lock();
        if blocks.is_empty() {
            return None;
        }
        let mut bytes = Self::header(self.classes()).into_bytes();
        for (key, block) in blocks.iter().filter(|(_, block)| block.used) {
            let length = match &block.html {
                None => u32::MAX,
                Some(html) => match u32::try_from(html.len()) {
                    Ok(length) if length != u32::MAX => length,
                    _ => continue,
                },
            };
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&length.to_le_bytes());
            if let Some(html) = &block.html {
                bytes.extend_from_slice(html.as_bytes());
            }
        }
        Some(bytes)
    }

    /// Whether the bytes last read or saved hold other blocks than those
    /// used since: a new block was highlighted, or a block read was not
    /// used.
    pub fn changed_since_saved(&self) -> bool {
        self.lock().values().any(|block| block.used != block.saved)
    }

    /// Records that the bytes of [`HighlightCache::encode`] were saved.
    pub fn mark_saved(&self) {
        for block in self.lock().values_mut() {
            block.saved = block.used;
        }
    }

    /// The classes this cache's code is styled by.
    pub fn classes(&self) -> &StyledClasses {
        self.spans.classes()
    }

    /// The number of blocks held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no block is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Highlights `code` as `language` (see [`highlight`]), once per cache.
    pub fn highlight(&self, language: &str, code: &str) -> Option<String> {
        if is_plain(language) {
            return None;
        }
        let key = key(language, code);
        if let Some(block) = self.lock().get_mut(&key) {
            block.used = true;
            return block.html.clone();
        }
        let html = highlight(language, code, &self.spans);
        self.lock().insert(
            key,
            Block {
                html: html.clone(),
                used: true,
                saved: false,
            },
        );
        html
    }

    /// Highlights, in parallel, each of `blocks` (language and code) that
    /// the cache does not hold yet, so that [`HighlightCache::highlight`]
    /// finds them; a block counts as used when that asks for it.
    pub fn prepare(&self, blocks: &[(&str, &str)]) {
        let missing: HashMap<u128, (&str, &str)> = {
            let known = self.lock();
            blocks
                .iter()
                .filter(|(language, _)| !is_plain(language))
                .map(|&(language, code)| (key(language, code), (language, code)))
                .filter(|(key, _)| !known.contains_key(key))
                .collect()
        };
        let highlighted: Vec<(u128, Option<String>)> = missing
            .into_par_iter()
            .map(|(key, (language, code))| (key, highlight(language, code, &self.spans)))
            .collect();
        let mut known = self.lock();
        for (key, html) in highlighted {
            known.entry(key).or_insert(Block {
                html,
                used: false,
                saved: false,
            });
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u128, Block>> {
        // A panic while holding the lock cannot leave a map half changed.
        self.blocks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reread(cache: &HighlightCache) -> HighlightCache {
        HighlightCache::decode(&cache.encode().unwrap(), StyledClasses::default())
    }

    #[test]
    fn results_are_kept_and_only_used_blocks_are_written() {
        let first = HighlightCache::default();
        let rust = first.highlight("rust", "fn main() {}\n").unwrap();
        assert_eq!(first.highlight("no-such-language", "a = 1\n"), None);
        first.highlight("python", "print(1)\n").unwrap();
        assert!(first.changed_since_saved());

        let second = reread(&first);
        assert_eq!(second.len(), 3);
        assert!(second.changed_since_saved(), "nothing used yet");
        assert_eq!(second.highlight("rust", "fn main() {}\n").unwrap(), rust);
        assert_eq!(second.highlight("no-such-language", "a = 1\n"), None);
        assert!(
            second.changed_since_saved(),
            "the python block was not used"
        );
        let third = reread(&second);
        assert_eq!(third.len(), 2, "the python block is left out");

        // Using exactly the blocks read changes nothing; a new one does.
        third.highlight("rust", "fn main() {}\n");
        third.highlight("no-such-language", "a = 1\n");
        assert!(!third.changed_since_saved());
        third.highlight("go", "package main\n");
        assert!(third.changed_since_saved());
        third.mark_saved();
        assert!(!third.changed_since_saved(), "saved blocks are not new");
    }

    #[test]
    fn plain_languages_are_not_kept() {
        let cache = HighlightCache::default();
        assert_eq!(cache.highlight("text", "a = 1\n"), None);
        assert_eq!(cache.highlight("", "a = 1\n"), None);
        assert!(cache.is_empty());
        assert_eq!(cache.encode(), None, "a site without code keeps nothing");
    }

    #[test]
    fn prepared_blocks_are_found_and_saved_once_used() {
        let blocks = [
            ("rust", "fn main() {}\n"),
            ("python", "print(1)\n"),
            ("rust", "fn main() {}\n"),
            ("text", "plain\n"),
            ("no-such-language", "x\n"),
        ];
        let cache = HighlightCache::default();
        cache.prepare(&blocks);
        assert_eq!(cache.len(), 3);
        assert!(!cache.changed_since_saved(), "not used yet");
        let alone = HighlightCache::default().highlight("rust", "fn main() {}\n");
        assert_eq!(cache.highlight("rust", "fn main() {}\n"), alone);
        assert_eq!(cache.len(), 3, "found, not highlighted again");
        assert_eq!(reread(&cache).len(), 1, "only the used block is kept");
    }

    /// In a process of its own (this test binary run again for this test
    /// only), a build whose blocks are all in the cache highlights them
    /// without loading the grammars.
    #[test]
    fn blocks_found_in_the_cache_do_not_load_the_grammars() {
        const CACHE: &str = "STUDYSITE_TEST_CACHE_BYTES";
        let blocks = [
            ("rust", "fn main() {}\n"),
            ("console", "$ cargo run\nHello\n"),
            ("no-such-language", "x\n"),
        ];
        if let Some(path) = std::env::var_os(CACHE) {
            let cache =
                HighlightCache::decode(&std::fs::read(path).unwrap(), StyledClasses::default());
            assert_eq!(cache.len(), blocks.len());
            cache.prepare(&blocks);
            for (language, code) in blocks {
                cache.highlight(language, code);
            }
            assert_eq!(cache.highlight("text", "plain\n"), None);
            assert!(!cache.changed_since_saved());
            assert!(!super::super::grammars_loaded());
            return;
        }
        let cache = HighlightCache::default();
        for (language, code) in blocks {
            cache.highlight(language, code);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("highlight.bin");
        std::fs::write(&path, cache.encode().unwrap()).unwrap();
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "highlight::cache::tests::blocks_found_in_the_cache_do_not_load_the_grammars",
                "--exact",
                "--nocapture",
            ])
            .env(CACHE, &path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains("1 passed"), "{stdout}");
    }

    #[test]
    fn damaged_bytes_or_another_header_are_ignored() {
        let cache = HighlightCache::default();
        cache.highlight("rust", "let x = 1;\n").unwrap();
        let bytes = cache.encode().unwrap();
        assert_eq!(reread(&cache).len(), 1);
        for cut in [0, 5, bytes.len() - 3] {
            let read = HighlightCache::decode(&bytes[..cut], StyledClasses::default());
            assert!(read.is_empty(), "cut at {cut}");
        }
        let header = HighlightCache::header(&StyledClasses::default());
        assert!(header.starts_with(&format!(
            "studysite highlight cache 4 {} syntect 5.",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(header.contains(" two-face 0."), "{header}");
        // The same blocks under the header of another highlighter.
        let older = header.replacen(" syntect ", " syntect 4.0.0-", 1);
        let mut other = older.into_bytes();
        other.extend_from_slice(&bytes[header.len()..]);
        let read = HighlightCache::decode(&other, StyledClasses::default());
        assert!(read.is_empty(), "made by another highlighter");
        let classes = StyledClasses::of_stylesheet(".hl-keyword{color:red}");
        assert!(
            HighlightCache::decode(&bytes, classes).is_empty(),
            "made for other classes"
        );
    }
}
