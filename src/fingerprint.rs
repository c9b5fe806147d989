//! Fingerprints: a 64-bit hash of some inputs, to tell whether they
//! changed since the last build or rebuild (and to key cached work). They
//! are stable within one build of studysite, which is what a cache whose
//! file names the studysite version needs; progress keys that readers keep
//! across versions use their own stable hash (`quiz::QuizItem`).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// The fingerprint of what `feed` writes into the hasher.
pub(crate) fn fingerprint(feed: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut hasher = DefaultHasher::new();
    feed(&mut hasher);
    hasher.finish()
}

/// The fingerprint of one value.
pub(crate) fn fingerprint_of<T: Hash + ?Sized>(value: &T) -> u64 {
    fingerprint(|hasher| value.hash(hasher))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_give_equal_fingerprints() {
        assert_eq!(fingerprint_of("a"), fingerprint(|h| "a".hash(h)));
        assert_ne!(fingerprint_of("a"), fingerprint_of("b"));
        assert_ne!(fingerprint_of(&("a", "b")), fingerprint_of(&("ab", "")));
    }
}
