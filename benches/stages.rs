//! What each stage of a build costs, on a real book: `cargo bench --bench
//! stages`. The book is the sample book at the repository root unless
//! `STUDYSITE_BENCH_BOOK` names another site folder (one holding `notes/`),
//! such as a copy of the rust book. Whole-process timings beside mdBook and
//! Hugo are `bench/compare.sh`'s; BENCHMARKS.md has the figures.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use divan::Bencher;
use studysite::config::Config;
use studysite::content::{self, Content, NOTES_DIR, SourceNote};
use studysite::highlight::HighlightCache;
use studysite::markdown::{self, RenderOptions, RenderedNote};
use studysite::render::{ContextBuilder, Renderer};
use studysite::search::{self, SearchPage};
use studysite::site::Site;

/// The allocator of the `studysite` binary, so that the stages cost here
/// what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn book() -> PathBuf {
    std::env::var_os("STUDYSITE_BENCH_BOOK")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The book's configuration and notes, read once.
fn inputs() -> (Config, Content) {
    let root = book();
    let config = Config::load(&root).expect("the book's configuration");
    let content = content::load(&root.join(NOTES_DIR), false).expect("the book's notes");
    (config, content)
}

fn render_all(
    config: &Config,
    notes: &[SourceNote],
    highlights: &HighlightCache,
) -> Vec<(SourceNote, Arc<RenderedNote>)> {
    let assets = HashMap::new();
    let notes_dir = book().join(NOTES_DIR);
    let options = RenderOptions {
        ui: &config.ui,
        assets: &assets,
        highlights,
        notes_dir: &notes_dir,
        links: &studysite::link_index::LinkIndex::new(notes, &[]),
        bodies: &HashMap::new(),
        embedding: true,
        question_headings_are_cards: true,
    };
    notes
        .iter()
        .map(|note| (note.clone(), Arc::new(markdown::render(note, options))))
        .collect()
}

/// The book assembled from its rendered notes.
fn assembled(config: &Config, content: &Content) -> Site {
    Site::assemble(
        render_all(config, &content.notes, &HighlightCache::default()),
        &content.folders,
        content.outline.as_ref(),
    )
}

/// Reading every note: walking `notes/`, front matter.
#[divan::bench(sample_count = 10)]
fn load_notes() -> Content {
    content::load(&book().join(NOTES_DIR), false).expect("the book's notes")
}

/// Markdown to HTML for every note, code highlighted from a warm cache:
/// parsing, links, math, quizzes.
#[divan::bench(sample_count = 10)]
fn markdown_with_warm_highlighting(bencher: Bencher) {
    let (config, content) = inputs();
    let highlights = HighlightCache::default();
    render_all(&config, &content.notes, &highlights);
    bencher.bench(|| render_all(&config, &content.notes, &highlights));
}

/// The same with an empty cache, so every code block is highlighted (and
/// no line of code was parsed before), as in a first build: the difference
/// from the warm case is the highlighter's.
#[divan::bench(sample_count = 10)]
fn markdown_with_cold_highlighting(bencher: Bencher) {
    let (config, content) = inputs();
    bencher.bench(|| {
        studysite::highlight::forget_parsed_lines();
        render_all(&config, &content.notes, &HighlightCache::default())
    });
}

/// Every chapter page through the Tera templates.
#[divan::bench(sample_count = 10)]
fn page_templates(bencher: Bencher) {
    let (config, content) = inputs();
    let site = assembled(&config, &content);
    let renderer = Renderer::new(&book()).expect("the templates");
    let contexts = ContextBuilder::new(&site, &config);
    bencher.bench(|| {
        (0..site.reading_order.len())
            .map(|position| {
                renderer
                    .render("chapter.html", &contexts.chapter(position))
                    .expect("a page")
                    .len()
            })
            .sum::<usize>()
    });
}

/// The search index of every chapter.
#[divan::bench(sample_count = 10)]
fn search_index(bencher: Bencher) {
    let (config, content) = inputs();
    let site = assembled(&config, &content);
    let pages: Vec<SearchPage> = site
        .reading_order
        .iter()
        .map(|&i| SearchPage {
            path: site.pages[i].output_path.clone(),
            title: site.pages[i].title.clone(),
            note: Arc::clone(&site.pages[i].rendered),
        })
        .collect();
    bencher.bench(|| search::build_index(&pages, &[]).len());
}

/// Every stage but writing, as `studysite build` runs them (without the
/// highlighting cache file).
#[divan::bench(sample_count = 10)]
fn whole_build_in_memory() -> usize {
    let (files, _) = studysite::pipeline::generate(&book(), false, false).expect("a build");
    files.len()
}

/// What `serve` does after an author saves one note: a rebuild of a
/// session that has built the book before (on a scratch copy of it).
#[divan::bench(sample_count = 20)]
fn rebuild_after_one_edit(bencher: Bencher) {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    copy_folder(&book(), scratch.path());
    let mut session = studysite::pipeline::Session::new(scratch.path(), false);
    session.rebuild(false).expect("a first build");
    let note = content::load(&scratch.path().join(NOTES_DIR), false)
        .expect("the book's notes")
        .notes
        .into_iter()
        .map(|note| scratch.path().join(NOTES_DIR).join(note.rel_path))
        .nth(1)
        .expect("a second note");
    let text = std::fs::read_to_string(&note).expect("the note");
    let mut edits = 0;
    bencher.bench_local(|| {
        edits += 1;
        std::fs::write(&note, format!("{text}\n\nEdit {edits}.\n")).expect("an edit");
        session.rebuild(false).expect("a rebuild").0.len()
    });
}

fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("a readable book");
        let relative = entry.path().strip_prefix(from).expect("inside the book");
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        if matches!(
            first.as_deref(),
            Some("target" | "public" | ".git" | ".studysite-cache")
        ) {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}
