//! Tells the highlighting cache which highlighter it was made with: the
//! versions of syntect and two-face that Cargo resolved (from the
//! `Cargo.lock` beside the manifest or above it, in a workspace), and a
//! fingerprint of the packages that decide the colours (two-face's grammar
//! set, syntect, and the Oniguruma regex engine), so that a cache file
//! written by a build with other grammars is never read. Without a lock
//! file, the versions are `unknown` and the fingerprint is the build's
//! time, so a build never takes another's cache.

use std::path::PathBuf;

/// The packages whose code or data changes the highlighted HTML.
const HIGHLIGHTER: [&str; 4] = ["syntect", "two-face", "onig", "onig_sys"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let lock = manifest_dir.ancestors().find_map(|folder| {
        let path = folder.join("Cargo.lock");
        let text = std::fs::read_to_string(&path).ok()?;
        Some((path, text))
    });
    let (syntect, two_face, fingerprint) = match lock {
        Some((path, text)) => {
            println!("cargo:rerun-if-changed={}", path.display());
            let packages = packages(&text);
            let version = |name: &str| {
                packages
                    .iter()
                    .find(|package| package.name == name)
                    .map_or_else(|| "unknown".to_string(), |package| package.version.clone())
            };
            let mut identity = String::new();
            for name in HIGHLIGHTER {
                for package in packages.iter().filter(|package| package.name == name) {
                    identity.push_str(&format!(
                        "{} {} {} {}\n",
                        package.name, package.version, package.source, package.checksum
                    ));
                }
            }
            let fingerprint = if identity.is_empty() {
                unique()
            } else {
                fnv1a(identity.as_bytes())
            };
            (version("syntect"), version("two-face"), fingerprint)
        }
        None => ("unknown".to_string(), "unknown".to_string(), unique()),
    };
    println!("cargo:rustc-env=STUDYSITE_SYNTECT_VERSION={syntect}");
    println!("cargo:rustc-env=STUDYSITE_TWO_FACE_VERSION={two_face}");
    println!("cargo:rustc-env=STUDYSITE_HIGHLIGHTER_FINGERPRINT={fingerprint:016x}");
}

struct Package {
    name: String,
    version: String,
    source: String,
    checksum: String,
}

/// The `[[package]]` entries of a lock file.
fn packages(lock: &str) -> Vec<Package> {
    lock.split("[[package]]")
        .skip(1)
        .map(|entry| {
            let field = |key: &str| {
                entry
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once('=')?;
                        (name.trim() == key).then(|| value.trim().trim_matches('"').to_string())
                    })
                    .unwrap_or_default()
            };
            Package {
                name: field("name"),
                version: field("version"),
                source: field("source"),
                checksum: field("checksum"),
            }
        })
        .collect()
}

/// A value no other build has: the time of this one.
fn unique() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    fnv1a(format!("{now:?}").as_bytes())
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
