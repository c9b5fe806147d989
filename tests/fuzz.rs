//! Fuzzing that stays: notes made by mutating the sample book's and the
//! fixtures' notes with a seeded generator are built, many to a site,
//! and no build may panic, abort or hang. A failing input is written to
//! `tests/fuzz/regressions/`, and every input there is built on each run.
//!
//! `STUDYSITE_FUZZ_SECONDS` (default 15) bounds the time spent;
//! `STUDYSITE_FUZZ_SEED` picks another sequence of inputs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Notes per build: many inputs per process.
const BATCH: usize = 40;
/// A build of one batch taking longer than this is a hang.
const HANG: Duration = Duration::from_secs(60);

/// Fragments that open or close the constructs the pipeline parses.
const TOKENS: &[&str] = &[
    "```",
    "~~~",
    "```quiz\n",
    "$$",
    "$",
    "\\(",
    "\\[",
    "<div>",
    "</div>",
    "<details>",
    "</details>",
    "[^1]",
    "[^1]: ",
    "{{#include x.md}}",
    "{{#quiz q.toml}}",
    ":::",
    ":::tip\n",
    "!!! note\n",
    "=== \"Tab\"\n",
    "> [!NOTE]\n",
    "[[",
    "]]",
    "![[",
    "%%",
    "A. ",
    "B、",
    "答案：A",
    "- [x] ",
    "- [ ] ",
    "---\n",
    "+++\n",
    "# ",
    "## ",
    "{#id}",
    // Review cards.
    "::",
    "\n?\n",
    "==",
    "## 什么是？\n",
    " {.cards}",
    " {cards=false}",
    "cards: cloze\n",
    "\r",
    "\0",
    "\u{feff}",
    "|a|b|\n|-|-|\n",
    "**",
    "*",
    "_",
    "`",
    "<!--",
    "-->",
    "{% note %}",
    "{% endnote %}",
    "```mermaid\n",
    "\\left(",
    "\\right)",
    "\\begin{aligned}",
    "\\end{aligned}",
    "&amp;",
    "<",
    ">",
    "\n",
    "\n\n",
    "    ",
];

/// A small, seeded generator (xorshift): the same seed gives the same
/// inputs on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The notes the mutations start from.
fn corpus() -> Vec<String> {
    let mut notes = Vec::new();
    for folder in [
        repository().join("notes"),
        repository().join("tests/fixtures"),
    ] {
        for entry in walkdir::WalkDir::new(folder).into_iter().flatten() {
            if entry.path().extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(entry.path())
            {
                notes.push(text);
            }
        }
    }
    assert!(notes.len() > 10, "the corpus is the repository's notes");
    notes
}

/// `text` with a few random changes: tokens inserted, pieces cut,
/// repeated or swapped with another note's.
fn mutate(text: &str, corpus: &[String], random: &mut Random) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + random.below(8) {
        let at = random.below(bytes.len() + 1);
        match random.below(6) {
            0 | 1 => {
                let token = TOKENS[random.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            2 if !bytes.is_empty() => {
                let end = (at + random.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 => {
                let token = TOKENS[random.below(TOKENS.len())];
                let repeated = token.repeat(1 + random.below(300));
                bytes.splice(at..at, repeated.into_bytes());
            }
            4 => {
                let other = corpus[random.below(corpus.len())].as_bytes();
                let from = random.below(other.len());
                let piece = &other[from..(from + random.below(400)).min(other.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
            _ => {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte = random.below(256) as u8;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Builds a site of `notes`; `None` when the build panicked, aborted or
/// hung (exit 0 and 1 are both fine: bad input may be an error).
fn survives(notes: &[(String, Vec<u8>)]) -> Option<String> {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Fuzz\"\n");
    site.write(
        "q.toml",
        "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"?\"\nanswer.answer = \"a\"\n",
    );
    for (name, text) in notes {
        site.write(&format!("notes/{name}"), text);
    }
    // Errors go to a file: a pipe nobody reads while waiting would fill
    // and stop the build.
    let errors = site.path().join("stderr.txt");
    let mut child = Command::new(binary())
        .args(["build", site.path().to_str().unwrap(), "--quiet"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&errors).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return match status.code() {
                Some(0 | 1) => None,
                _ => {
                    let stderr = std::fs::read_to_string(&errors).unwrap_or_default();
                    let tail: String = stderr
                        .chars()
                        .rev()
                        .take(2000)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    Some(format!("exit {status}: {tail}"))
                }
            };
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            return Some(format!("no result after {HANG:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Keeps the note of a failed batch that fails alone, or, when none does
/// (the failure needs them together), every note of the batch: the kept
/// regressions are built as one site.
fn keep_failing_input(notes: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    let culprits: Vec<&(String, Vec<u8>)> = match notes
        .iter()
        .find(|note| survives(std::slice::from_ref(note)).is_some())
    {
        Some(alone) => vec![alone],
        None => notes.iter().collect(),
    };
    culprits
        .into_iter()
        .map(|(_, text)| {
            let digest = text.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            let path = repository().join(format!("tests/fuzz/regressions/found-{digest:016x}.md"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

#[test]
fn every_kept_regression_builds() {
    let folder = repository().join("tests/fuzz/regressions");
    let notes: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md") && !path.ends_with("README.md"))
        .map(|path| (file_name(&path), std::fs::read(&path).unwrap()))
        .collect();
    assert!(!notes.is_empty());
    if let Some(failure) = survives(&notes) {
        panic!("a kept regression fails again: {failure}");
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn mutated_notes_never_crash_or_hang_a_build() {
    let seconds = std::env::var("STUDYSITE_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let seed = std::env::var("STUDYSITE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let corpus = corpus();
    let mut random = Random(seed | 1);
    let started = Instant::now();
    let mut built = 0;
    while started.elapsed() < Duration::from_secs(seconds) {
        let notes: Vec<(String, Vec<u8>)> = (0..BATCH)
            .map(|n| {
                let base = &corpus[random.below(corpus.len())];
                (
                    format!("n{n}.md"),
                    mutate(base, &corpus, &mut random).into_bytes(),
                )
            })
            .collect();
        if let Some(failure) = survives(&notes) {
            let kept = keep_failing_input(&notes);
            panic!("seed {seed}: a build failed ({failure}); the input is kept in {kept:?}");
        }
        built += notes.len();
    }
    eprintln!("fuzz: {built} mutated notes built without a crash (seed {seed})");
}
