//! Builds that meet: two builds into one output folder at once never mix
//! their files, and what an interrupted build left behind is cleaned up.

mod common;

use std::process::{Command, Stdio};

use common::*;

fn file_count(folder: &std::path::Path) -> usize {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_type().is_file()))
        .count()
}

#[test]
fn two_builds_at_once_leave_a_whole_site_thirty_times_over() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    let whole = file_count(&site.out());
    for round in 0..30 {
        // Each round changes a note, so that both builds write files.
        site.write("notes/1-first.md", format!("# First\n\nRound {round}.\n"));
        let start = || {
            Command::new(binary())
                .args(["build", site.path().to_str().unwrap(), "--quiet"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (start(), start());
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert_eq!(file_count(&site.out()), whole, "round {round}");
        assert!(site.out().join(".studysite").is_file(), "round {round}");
        assert!(
            site.read("1-first.html")
                .contains(&format!("Round {round}."))
        );
        let leftovers: Vec<String> = std::fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("studysite-staging") || name.contains("studysite-old"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[test]
fn a_killed_builds_old_and_staging_folders_are_removed_by_the_next() {
    let site = Scratch::copy_of("book");
    assert!(site.build(&[]).status.success());
    // As a build killed between its two renames, or while writing, leaves
    // them: ours (they carry the marker) and no longer live.
    for name in [
        ".public.studysite-old-4000001",
        ".public.studysite-staging-4000002",
    ] {
        site.write(&format!("{name}/.studysite"), "studysite output\n");
        site.write(&format!("{name}/index.html"), "old");
    }
    // Not ours: kept.
    site.write(".public.studysite-old-4000003/notes.txt", "the author's");
    assert!(site.build(&[]).status.success());
    assert!(!site.path().join(".public.studysite-old-4000001").exists());
    assert!(
        !site
            .path()
            .join(".public.studysite-staging-4000002")
            .exists()
    );
    assert!(
        site.path()
            .join(".public.studysite-old-4000003/notes.txt")
            .exists()
    );
}
