//! The files of a site beside its pages (static files, the notes' assets,
//! `quiz.json`, the review cards' files, the sitemap), and the checks every
//! output path must pass: no two sources on one path, no name too long for
//! a file system.

use std::collections::HashMap;
use std::path::Path;

use crate::cards;
use crate::config::Config;
use crate::content::{self, NOTES_DIR};
use crate::diagnostics::Diagnostic;
use crate::output::{self, Contents, OutputFile};
use crate::quiz;
use crate::site::Site;
use crate::sitemap;
use crate::theme;

/// Adds the files beside the pages: the static files, the notes' assets,
/// `quiz.json` and the sitemap. Returns the number of quiz items.
pub(super) fn add_other_files(
    root: &Path,
    site: &Site,
    config: &Config,
    assets: &[content::Asset],
    files: &mut Vec<OutputFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let (static_files, problem) = theme::static_files(root);
    files.extend(static_files);
    diagnostics.extend(problem);
    let generated: HashMap<&str, &str> = files
        .iter()
        .map(|file| (file.path.as_str(), file.origin.as_str()))
        .collect();
    let mut copied = Vec::with_capacity(assets.len());
    for asset in assets {
        let origin = format!("{NOTES_DIR}/{}", asset.rel_path);
        if let Some(maker) = generated_from(&asset.rel_path, &generated) {
            diagnostics.push(
                Diagnostic::warning(
                    &origin,
                    format!(
                        "not copied: the site writes `{}` from {maker}",
                        asset.rel_path
                    ),
                )
                .with_help(if asset.rel_path.ends_with(".html") {
                    "docsify and MkDocs keep an `index.html` beside the notes; studysite makes the pages itself, so the file can stay or go"
                } else {
                    "`static/`, `search/`, `quiz.json` and `sitemap.xml` are the site's own; to publish this file, give it another name or folder"
                }),
            );
            continue;
        }
        copied.push(OutputFile {
            path: asset.rel_path.clone(),
            origin,
            contents: Contents::CopyOf(asset.source.clone()),
        });
    }
    files.extend(copied);
    let bank = quiz::bank::entries(site);
    files.push(OutputFile {
        path: "quiz.json".into(),
        origin: "the quiz bank".into(),
        contents: Contents::Bytes(quiz::bank::to_json(&bank).into()),
    });
    files.push(OutputFile {
        path: cards::export::CARDS_JSON.into(),
        origin: "the review cards".into(),
        contents: Contents::Bytes(cards::export::cards_json(site).into()),
    });
    files.push(OutputFile {
        path: cards::export::ANKI_FILE.into(),
        origin: "the review cards".into(),
        contents: Contents::Bytes(
            cards::export::anki(site, &config.title, config.base_url.as_deref()).into(),
        ),
    });
    if let Some(base_url) = &config.base_url {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            origin: "the sitemap".into(),
            contents: Contents::Bytes(sitemap::sitemap(base_url, site).into()),
        });
    }
    bank.len()
}

/// What the build makes the file at `path` from, when it makes one there
/// itself: a page or static file made so far (`generated`, by path), or
/// one it adds later (`quiz.json`, the sitemap, the search index). A raw
/// file of the notes there gives way.
fn generated_from<'g>(path: &str, generated: &HashMap<&str, &'g str>) -> Option<&'g str> {
    if let Some(origin) = generated.get(path) {
        return Some(*origin);
    }
    match path {
        "quiz.json" => Some("the quiz bank"),
        cards::export::CARDS_JSON | cards::export::ANKI_FILE => Some("the review cards"),
        "sitemap.xml" => Some("the sitemap"),
        _ if path.starts_with("search/") => Some("the search index"),
        _ => None,
    }
}

/// The longest file name most file systems take, in bytes.
const LONGEST_NAME_BYTES: usize = 255;

/// An error for each output file whose name no file system would take
/// (a note's `.md` becomes `.html`, two bytes longer).
pub(super) fn names_too_long(files: &[OutputFile]) -> Vec<Diagnostic> {
    files
        .iter()
        .filter_map(|file| {
            let longest = file.path.split('/').map(str::len).max().unwrap_or(0);
            (longest > LONGEST_NAME_BYTES).then(|| {
                Diagnostic::error(
                    &file.origin,
                    format!(
                        "its page `{}` would have a name of {longest} bytes; file systems take at most {LONGEST_NAME_BYTES}",
                        file.path
                    ),
                )
                .with_help("give the file a shorter name")
            })
        })
        .collect()
}

/// An error for each output path that two sources would both write.
pub(super) fn collisions(files: &[OutputFile]) -> Vec<Diagnostic> {
    output::find_collisions(files)
        .into_iter()
        .map(|(path, first, second)| {
            Diagnostic::error(
                second,
                format!("`{second}` and `{first}` would both be written to `{path}`"),
            )
            .with_help("rename one of them")
        })
        .collect()
}
