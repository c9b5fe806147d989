//! The build, stage by stage: configuration, notes, Markdown, the book,
//! templates, and the output written in one swap.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;

use crate::config::Config;
use crate::content::{self, Content, NOTES_DIR, SourceCache, SourceNote};
use crate::diagnostics::Diagnostic;
use crate::fingerprint::fingerprint;
use crate::highlight::HighlightCache;
use crate::markdown::RenderedNote;
use crate::output::{self, Contents, OutputFile};
use crate::render::{ContextBuilder, Renderer};
use crate::search::{self, SearchPage, SearchRecord};
use crate::site::Site;
use crate::theme;

mod files;
pub mod highlight_file;
mod notes;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub include_drafts: bool,
}

/// What a successful build made.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub quiz_items: usize,
    pub assets: usize,
    pub seconds: f64,
    /// How long building the search index took, after the pages.
    pub search_seconds: f64,
    pub warnings: Vec<Diagnostic>,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildFailure {
    /// The notes have problems; nothing was written. Holds warnings too.
    Content(Vec<Diagnostic>),
    /// The command asked for something unsafe, such as an output folder
    /// holding the author's files.
    Usage(String),
    /// Writing the output failed; the previous site is untouched.
    Io(String),
}

/// Builds the site of `options.root` into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    output::check_target(&options.root, &options.out)
        .map_err(|unsafe_output| BuildFailure::Usage(unsafe_output.0))?;
    let cache = highlight_file::path(&options.root);
    let mut session = Session::one_off(&options.root, options.include_drafts)
        .with_highlights(highlight_file::load_for_site(&options.root));
    let unwritten = |error: std::io::Error| {
        BuildFailure::Io(format!(
            "could not write the site to `{}`: {error}; the previous site is unchanged",
            options.out.display()
        ))
    };
    // Pages go to disk as they are rendered: a build holds the book, never
    // the whole site, in memory.
    let staging = output::Staging::open(&options.out).map_err(unwritten)?;
    let (files, mut report) = session.generate(false, Some(&staging))?;
    staging.commit(&files).map_err(unwritten)?;
    if let Err(error) = session.save_highlights() {
        report.warnings.push(Diagnostic::warning(
            &cache,
            format!("could not save the highlighting cache (the next build highlights all code again): {error}"),
        ));
    }
    Ok(BuildReport {
        seconds: started.elapsed().as_secs_f64(),
        ..report
    })
}

/// Where a site keeps what makes its next build faster; safe to delete.
pub const CACHE_DIR: &str = ".studysite-cache";

/// Everything `build` would report about a site, without writing anything:
/// errors, warnings, and the observations only `check` makes.
pub fn check(root: &Path, include_drafts: bool) -> Vec<Diagnostic> {
    match Session::one_off(root, include_drafts)
        .with_highlights(highlight_file::load_for_site(root))
        .rebuild(true)
    {
        Ok((_, report)) => report.warnings,
        Err(BuildFailure::Content(diagnostics)) => diagnostics,
        Err(BuildFailure::Usage(message) | BuildFailure::Io(message)) => {
            vec![Diagnostic::error(root, message)]
        }
    }
}

/// Runs every stage but the writing: the files of the site, or every
/// problem found. `include_lints` adds the observations only `check`
/// reports.
pub fn generate(
    root: &Path,
    include_drafts: bool,
    include_lints: bool,
) -> Result<(Vec<OutputFile>, BuildReport), BuildFailure> {
    Session::one_off(root, include_drafts).generate(include_lints, None)
}

/// Builds of one site that remember the last one, so that a rebuild after a
/// small change (`serve`) reads and renders only what changed: notes whose
/// files are unchanged are not read or rendered again, and pages are
/// rendered again only when their note, the book's navigation, the
/// configuration or the templates changed.
pub struct Session {
    root: PathBuf,
    include_drafts: bool,
    sources: SourceCache,
    /// Rendered notes by book path, valid while their source is equal.
    rendered: HashMap<String, (SourceNote, Arc<RenderedNote>)>,
    /// What the rendered notes depend on besides their text: the UI
    /// strings and the assets (image sizes, missing images).
    render_inputs: u64,
    /// Chapter pages by output path, and what they were rendered with.
    pages: HashMap<String, Bytes>,
    page_inputs: u64,
    /// Whether to remember notes and pages for the next rebuild (`serve`);
    /// a one-off build does not, and saves the memory.
    keep_caches: bool,
    /// What the last rebuild had to do.
    pub last_stats: RebuildStats,
    /// What the search index of the last good rebuild is made of besides
    /// the chapter pages: the quiz items (`None` before the first one).
    search_records: Option<Vec<SearchRecord>>,
    /// What the search index reads of each chapter of the last good
    /// rebuild, in reading order: its path, title and content (not the
    /// theme around them).
    search_pages: Vec<SearchPage>,
    /// Highlighted code blocks, kept across rebuilds.
    highlights: HighlightCache,
}

/// How much work a rebuild did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RebuildStats {
    pub notes_rendered: usize,
    pub pages_rendered: usize,
}

impl Session {
    /// A session that remembers what it read and rendered, for rebuilds.
    pub fn new(root: &Path, include_drafts: bool) -> Session {
        Session {
            keep_caches: true,
            sources: SourceCache::remembering(),
            highlights: highlight_file::load_for_site(root),
            ..Session::one_off(root, include_drafts)
        }
    }

    /// A session for a single build: nothing is kept for a next one.
    pub fn one_off(root: &Path, include_drafts: bool) -> Session {
        Session {
            keep_caches: false,
            root: root.to_path_buf(),
            include_drafts,
            sources: SourceCache::default(),
            rendered: HashMap::new(),
            render_inputs: 0,
            pages: HashMap::new(),
            page_inputs: 0,
            last_stats: RebuildStats::default(),
            search_records: None,
            search_pages: Vec::new(),
            highlights: HighlightCache::default(),
        }
    }

    /// Saves the highlighted code blocks for the next build of the site
    /// (only when there are new ones).
    pub fn save_highlights(&self) -> std::io::Result<()> {
        highlight_file::save(&self.highlights, &highlight_file::path(&self.root))
    }

    /// Uses `highlights` for code blocks (one loaded from an earlier build).
    pub fn with_highlights(self, highlights: HighlightCache) -> Session {
        Session { highlights, ..self }
    }

    /// A rebuild and its search index: every file of the site. With
    /// `staging`, pages are written there as they are rendered and listed
    /// as staged.
    pub fn generate(
        &mut self,
        include_lints: bool,
        staging: Option<&output::Staging>,
    ) -> Result<(Vec<OutputFile>, BuildReport), BuildFailure> {
        let (mut files, mut report) = self.rebuild_into(include_lints, staging)?;
        let started = Instant::now();
        files.extend(self.search_index());
        report.search_seconds = started.elapsed().as_secs_f64();
        Ok((files, report))
    }

    /// The search index of the last good rebuild (the files of `search/`).
    /// Kept apart from `rebuild` so that `serve` can reload pages first and
    /// index after.
    pub fn search_index(&self) -> Vec<OutputFile> {
        self.search_job().map_or_else(Vec::new, SearchJob::run)
    }

    /// What indexing the last good rebuild needs, owned, to run on another
    /// thread while the next rebuild goes on.
    pub fn search_job(&self) -> Option<SearchJob> {
        let records = self.search_records.clone()?;
        Some(SearchJob {
            pages: self.search_pages.clone(),
            records,
        })
    }

    /// Builds the site's files, reusing what the last rebuild made where
    /// nothing it depends on changed: the configuration and notes are
    /// read, the notes rendered, the book assembled, its pages rendered,
    /// and every other file of the site added beside them.
    pub fn rebuild(
        &mut self,
        include_lints: bool,
    ) -> Result<(Vec<OutputFile>, BuildReport), BuildFailure> {
        self.rebuild_into(include_lints, None)
    }

    /// [`Session::rebuild`], writing pages into `staging` when given.
    fn rebuild_into(
        &mut self,
        include_lints: bool,
        staging: Option<&output::Staging>,
    ) -> Result<(Vec<OutputFile>, BuildReport), BuildFailure> {
        let root = self.root.clone();
        let root = root.as_path();
        let config = Config::load(root).map_err(|d| BuildFailure::Content(vec![d]))?;
        let Content {
            notes,
            assets,
            folders,
            outline,
            mut diagnostics,
        } = content::load_with(
            &root.join(NOTES_DIR),
            self.include_drafts,
            &config.exclude,
            &mut self.sources,
        )
        .map_err(|d| BuildFailure::Content(vec![d]))?;

        let (rendered, changed) = self.render_notes(notes, &assets, &config);
        for (_, rendered) in &rendered {
            diagnostics.extend(rendered.diagnostics.iter().cloned());
            if include_lints {
                diagnostics.extend(rendered.lints.iter().cloned());
            }
        }
        let site = Site::assemble(rendered, &folders, outline.as_ref());
        diagnostics.extend(site.diagnostics.iter().cloned());
        self.search_pages = search::pages(&site);
        self.search_records = Some(search::quiz_records(&site, &config.ui));

        let mut files = Vec::new();
        let pages_rendered = match self.render_site_pages(root, &site, &config, &changed, staging) {
            Ok(pages) => {
                files = pages.files;
                pages.rendered
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                0
            }
        };
        let page_count = files.len();
        let quiz_items =
            files::add_other_files(root, &site, &config, &assets, &mut files, &mut diagnostics);
        diagnostics.extend(files::collisions(&files));
        diagnostics.extend(files::names_too_long(&files));
        self.last_stats = RebuildStats {
            notes_rendered: changed.len(),
            pages_rendered,
        };

        diagnostics
            .sort_by(|a, b| (a.severity, &a.path, a.line).cmp(&(b.severity, &b.path, b.line)));
        if diagnostics.iter().any(Diagnostic::is_error) {
            // The next rebuild must not take the pages of a failed one.
            self.pages.clear();
            return Err(BuildFailure::Content(diagnostics));
        }
        let report = BuildReport {
            pages: page_count,
            quiz_items,
            assets: assets.len(),
            seconds: 0.0,
            search_seconds: 0.0,
            warnings: diagnostics,
        };
        Ok((files, report))
    }

    /// The pages of the book rendered with the site's templates; a
    /// chapter whose note did not change reuses its last page when the
    /// templates and the navigation are the same as last time.
    fn render_site_pages(
        &mut self,
        root: &Path,
        site: &Site,
        config: &Config,
        changed: &HashSet<String>,
        staging: Option<&output::Staging>,
    ) -> Result<RenderedPages, Diagnostic> {
        let renderer = Renderer::new(root)?;
        let contexts = ContextBuilder::new(site, config);
        let page_inputs = fingerprint(|hasher| {
            contexts.signature().hash(hasher);
            renderer.fingerprint().hash(hasher);
        });
        if page_inputs != self.page_inputs {
            self.pages.clear();
            self.page_inputs = page_inputs;
        }
        let mut files = Vec::new();
        let pages = Pages {
            renderer: &renderer,
            contexts: &contexts,
            staging,
        };
        let rendered = self.render_pages(root, site, config, &pages, changed, &mut files)?;
        Ok(RenderedPages { files, rendered })
    }

    /// Renders the pages into `files`, the chapters in parallel; a chapter
    /// whose note did not change reuses its last page when the shared
    /// inputs are the same. Returns the number of pages rendered.
    fn render_pages(
        &mut self,
        root: &Path,
        site: &Site,
        config: &Config,
        pages: &Pages<'_, '_>,
        changed: &HashSet<String>,
        files: &mut Vec<OutputFile>,
    ) -> Result<usize, Diagnostic> {
        use rayon::prelude::*;
        let home_origin = match site.home {
            Some(i) => site.pages[i].source.display_path().display().to_string(),
            None => "the home page".to_string(),
        };
        files.push(pages.emit(
            "index.html",
            home_origin,
            pages.render("index.html", &pages.contexts.home())?,
        ));
        let cached = &self.pages;
        let keep = self.keep_caches;
        // Each chapter, whether it was rendered anew, and its page when it
        // is to be kept for the next rebuild.
        let chapters: Vec<(OutputFile, bool, Option<Bytes>)> = site
            .reading_order
            .par_iter()
            .enumerate()
            .map(|(position, &index)| {
                let page = &site.pages[index];
                let (html, fresh) = match cached.get(&page.output_path) {
                    Some(html) if !changed.contains(&page.output_path) => (html.clone(), false),
                    _ => (
                        pages.render("chapter.html", &pages.contexts.chapter(position))?,
                        true,
                    ),
                };
                let kept = (fresh && keep).then(|| html.clone());
                let origin = page.source.display_path().display().to_string();
                Ok((pages.emit(&page.output_path, origin, html), fresh, kept))
            })
            .collect::<Result<_, Diagnostic>>()?;
        let mut rendered = 0;
        for (file, fresh, kept) in chapters {
            rendered += usize::from(fresh);
            if let Some(html) = kept {
                self.pages.insert(file.path.clone(), html);
            }
            files.push(file);
        }
        files.push(pages.emit(
            "quiz.html",
            "the quiz page".into(),
            pages.render("quiz.html", &pages.contexts.quiz_page())?,
        ));
        files.push(pages.emit(
            crate::render::REVIEW_PATH,
            "the review page".into(),
            pages.render("review.html", &pages.contexts.review_page())?,
        ));
        // A host serves 404.html at any depth, so its links start from the
        // site's address when it is known, else from the host's root.
        let not_found_root = match &config.base_url {
            Some(url) => format!("{url}/"),
            None => "/".to_string(),
        };
        let mut not_found = pages.contexts.generated(
            &config.ui.not_found_title,
            "404.html",
            &not_found_root,
            crate::render::Holds::Nothing,
        );
        not_found.insert("inline_css", &theme::inline_stylesheet(root));
        files.push(pages.emit(
            "404.html",
            "the 404 page".into(),
            pages.render("404.html", &not_found)?,
        ));
        Ok(rendered + 4)
    }
}

/// What rendering a page takes, and where it goes.
struct Pages<'a, 's> {
    renderer: &'a Renderer,
    contexts: &'a ContextBuilder<'s>,
    /// Where a build writes pages as they are made; `None` keeps them.
    staging: Option<&'a output::Staging>,
}

impl Pages<'_, '_> {
    fn render(&self, template: &str, context: &tera::Context) -> Result<Bytes, Diagnostic> {
        Ok(Bytes::from(self.renderer.render(template, context)?))
    }

    /// A page of the site: written now when there is a staging folder.
    fn emit(&self, path: &str, origin: String, html: Bytes) -> OutputFile {
        let file = OutputFile {
            path: path.to_string(),
            origin,
            contents: Contents::Bytes(html),
        };
        match self.staging {
            Some(staging) => staging.put(file),
            None => file,
        }
    }
}

/// The input of a search index, ready to build anywhere.
pub struct SearchJob {
    pages: Vec<SearchPage>,
    records: Vec<SearchRecord>,
}

impl SearchJob {
    /// Builds the index files.
    pub fn run(self) -> Vec<OutputFile> {
        search::build_index(&self.pages, &self.records)
    }
}

/// The pages a rebuild rendered, and how many were rendered anew.
struct RenderedPages {
    files: Vec<OutputFile>,
    rendered: usize,
}
