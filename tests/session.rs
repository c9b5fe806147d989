//! Rebuilds through one `Session` (what `serve` does) re-render only what a
//! change needs, and give the same output as a fresh build.

mod common;

use common::*;
use studysite::output::Contents;
use studysite::pipeline::{RebuildStats, Session, generate};

fn page(files: &[studysite::output::OutputFile], path: &str) -> String {
    let file = files.iter().find(|f| f.path == path).unwrap();
    match &file.contents {
        Contents::Bytes(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
        Contents::CopyOf(_) | Contents::Staged => panic!("{path} is not in memory"),
    }
}

#[test]
fn an_edit_re_renders_one_note_and_its_page() {
    let site = Scratch::new();
    for n in 1..=5 {
        site.write(
            &format!("notes/{n}.md"),
            format!("# Note {n}\n\nText {n}.\n"),
        );
    }
    let mut session = Session::new(site.path(), false);
    session.rebuild(false).unwrap();
    assert_eq!(
        session.last_stats,
        RebuildStats {
            notes_rendered: 5,
            pages_rendered: 9
        }
    );

    session.rebuild(false).unwrap();
    assert_eq!(session.last_stats.notes_rendered, 0, "nothing changed");
    assert_eq!(
        session.last_stats.pages_rendered, 4,
        "only the home, quiz, review and 404 pages"
    );

    // Make sure the file's stamp changes even on a coarse clock.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("notes/3.md", "# Note 3\n\nEdited text.\n");
    let (files, _) = session.rebuild(false).unwrap();
    assert_eq!(
        session.last_stats,
        RebuildStats {
            notes_rendered: 1,
            pages_rendered: 5
        }
    );
    assert!(page(&files, "3.html").contains("Edited text."));

    // A new title changes every page's navigation.
    site.write("notes/3.md", "# Renamed\n\nEdited text.\n");
    let (files, _) = session.rebuild(false).unwrap();
    assert_eq!(
        session.last_stats,
        RebuildStats {
            notes_rendered: 1,
            pages_rendered: 9
        }
    );
    assert!(
        page(&files, "1.html").contains("Renamed"),
        "the sidebar follows"
    );

    // The incremental result is what a fresh build makes.
    let (fresh, _) = generate(site.path(), false, false).unwrap();
    for path in ["index.html", "1.html", "3.html", "5.html", "quiz.html"] {
        assert_eq!(page(&files, path), page(&fresh, path), "{path}");
    }
}

#[test]
fn a_build_writes_pages_as_it_renders_them_instead_of_holding_them() {
    let site = Scratch::new();
    for n in 0..40 {
        site.write(
            &format!("notes/part/{n:02}.md"),
            format!("# Note {n}\n\nText {n}.\n"),
        );
    }
    let out = site.out();
    let staging = studysite::output::Staging::open(&out).unwrap();
    let (files, _) = Session::one_off(site.path(), false)
        .generate(false, Some(&staging))
        .unwrap();
    let pages: Vec<_> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
    assert_eq!(
        pages.len(),
        40 + 4,
        "the chapters, home, quiz, review and 404"
    );
    for page in &pages {
        assert!(
            matches!(page.contents, Contents::Staged),
            "{} is held in memory",
            page.path
        );
    }
    assert!(!out.exists(), "nothing is in the output before the commit");
    staging.commit(&files).unwrap();
    assert!(site.read("part/07.html").contains("Text 7."));
    assert!(site.read("search/meta.json").starts_with('{'));
}

#[test]
fn a_build_that_stops_before_its_commit_leaves_nothing_behind() {
    let site = Scratch::new();
    site.write("notes/a.md", "# A\n");
    let staging = studysite::output::Staging::open(&site.out()).unwrap();
    Session::one_off(site.path(), false)
        .generate(false, Some(&staging))
        .unwrap();
    drop(staging);
    let left: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("staging"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
    assert!(!site.out().exists());
}
