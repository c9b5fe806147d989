//! Watching the site's sources and rebuilding on change.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::state::ServerState;
use crate::config::CONFIG_FILE;
use crate::content::{NOTES_DIR, is_ignored_name};
use crate::diagnostics::Diagnostic;
use crate::pipeline::{BuildFailure, SearchJob, Session};
use crate::theme::{STATIC_DIR, TEMPLATES_DIR};

/// How long the sources must be quiet before a rebuild: an editor's save
/// (a temporary file, then a rename) arrives as one change.
const QUIET: Duration = Duration::from_millis(15);

/// Whether a changed path is a source of the site (and not an editor's
/// temporary file or the output folder).
pub(crate) fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    let top_level_source = first == NOTES_DIR
        || first == TEMPLATES_DIR
        || first == STATIC_DIR
        || (first == CONFIG_FILE && components.clone().next().is_none());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    top_level_source && !is_ignored_name(&name)
}

/// Whether an event changes a file (reading one is an event too).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Rebuilds the site on each change and tells the server.
pub(crate) struct Rebuilder {
    pub session: Session,
    pub root: PathBuf,
    /// Warnings already printed: a rebuild prints only new ones.
    printed: HashSet<String>,
    /// Indexing for search runs on a thread of its own, for the newest
    /// build only, so that it never delays the next rebuild.
    indexer: std::sync::mpsc::Sender<(u64, SearchJob)>,
}

impl Rebuilder {
    pub(crate) fn new(session: Session, root: PathBuf, state: Arc<ServerState>) -> Self {
        let (indexer, jobs) = std::sync::mpsc::channel::<(u64, SearchJob)>();
        std::thread::spawn(move || {
            while let Ok(mut job) = jobs.recv() {
                // Skip to the newest job: older builds are already replaced.
                while let Ok(newer) = jobs.try_recv() {
                    job = newer;
                }
                let (generation, job) = job;
                state.add_search(generation, job.run());
            }
        });
        Rebuilder {
            session,
            root,
            printed: HashSet::new(),
            indexer,
        }
    }

    /// Rebuilds, publishes the result or the problem, and prints what
    /// happened. `since` is when the change happened, to report the time
    /// to reload.
    pub(crate) fn rebuild(&mut self, state: &ServerState, since: Option<Instant>) -> bool {
        let started = Instant::now();
        let root = self.root.clone();
        let outcome = self.session.rebuild(false);
        match outcome {
            Ok((files, report)) => {
                let current: HashSet<String> =
                    report.warnings.iter().map(|d| d.render(&root)).collect();
                let new: Vec<Diagnostic> = report
                    .warnings
                    .iter()
                    .filter(|d| !self.printed.contains(&d.render(&root)))
                    .cloned()
                    .collect();
                print_diagnostics(&root, &new);
                self.printed = current;
                let search = self.session.search_job();
                let generation = publish(
                    &self.session,
                    state,
                    files,
                    search.is_some(),
                    report.pages,
                    report.quiz_items,
                    started,
                    since,
                );
                // Pages reload first; the search index follows.
                if let Some(job) = search {
                    let _ = self.indexer.send((generation, job));
                }
                // New highlighted code is kept for the next build too, so
                // that `build` after a writing session starts warm.
                if let Err(error) = self.session.save_highlights() {
                    eprintln!(
                        "warning: could not save the highlighting cache `{}`: {error}",
                        crate::pipeline::highlight_file::path(&root).display()
                    );
                }
                true
            }
            Err(failure) => {
                self.printed.clear();
                report_failure(&root, state, failure);
                false
            }
        }
    }
}

/// Serves a new build and says how long it took; returns its generation.
/// `search_follows`: a search index is made for it after the pages.
#[allow(clippy::too_many_arguments)]
fn publish(
    session: &Session,
    state: &ServerState,
    files: Vec<crate::output::OutputFile>,
    search_follows: bool,
    pages: usize,
    quiz_items: usize,
    started: Instant,
    since: Option<Instant>,
) -> u64 {
    let generation = state.publish(files, search_follows);
    let stats = session.last_stats;
    let built = started.elapsed().as_millis();
    match since {
        Some(changed) => println!(
            "Rebuilt {} of {pages} pages ({} {} changed) in {built} ms; pages reload {} ms after the change",
            stats.pages_rendered,
            stats.notes_rendered,
            if stats.notes_rendered == 1 {
                "note"
            } else {
                "notes"
            },
            changed.elapsed().as_millis()
        ),
        None => println!("Built {pages} pages with {quiz_items} quiz items in {built} ms"),
    }
    generation
}

/// Keeps the last good build served and shows the problems, in the
/// terminal like `check` and over the open pages.
fn report_failure(root: &Path, state: &ServerState, failure: BuildFailure) {
    let diagnostics = match failure {
        BuildFailure::Content(diagnostics) => diagnostics,
        BuildFailure::Usage(message) | BuildFailure::Io(message) => {
            vec![Diagnostic::error(root, message)]
        }
    };
    print_diagnostics(root, &diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "error: the build failed with {errors} {}; still serving the last good build",
        if errors == 1 { "error" } else { "errors" }
    );
    let text: String = diagnostics
        .iter()
        .map(|d| d.render(root))
        .collect::<Vec<_>>()
        .join("\n");
    state.fail(text);
}

fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render_styled(root, color));
    }
}

/// Watches the sources on a thread of its own and rebuilds after each
/// change, until the process ends.
pub(crate) fn spawn(
    watched: PathBuf,
    mut rebuilder: Rebuilder,
    state: Arc<ServerState>,
) -> Result<(), String> {
    let root = watched;
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(QUIET, None, sender).map_err(|e| format!("cannot watch the sources: {e}"))?;
    // The root itself (not recursively) sees studysite.toml and the source
    // folders appear; the folders are watched recursively.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
    for folder in [NOTES_DIR, TEMPLATES_DIR, STATIC_DIR] {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch `{}`: {e}", path.display()))?;
        }
    }
    std::thread::Builder::new()
        .name("studysite-watch".into())
        .spawn(move || {
            // The debouncer stops watching when dropped: it lives here.
            let _debouncer = debouncer;
            for result in receiver {
                let Ok(events) = result else {
                    continue;
                };
                // Reading the notes is itself an event (access); only
                // changes count.
                let relevant: Vec<_> = events
                    .iter()
                    .filter(|event| is_change(&event.kind))
                    .filter(|event| event.paths.iter().any(|p| is_source(&root, p)))
                    .collect();
                let Some(first) = relevant.iter().map(|event| event.time).min() else {
                    continue;
                };
                rebuilder.rebuild(&state, Some(first));
            }
        })
        .map_err(|e| format!("cannot start the watcher: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_trigger_rebuilds() {
        let root = Path::new("/site");
        for source in [
            "/site/notes/a.md",
            "/site/notes/img/x.png",
            "/site/templates/base.html",
            "/site/static/style.css",
            "/site/studysite.toml",
        ] {
            assert!(is_source(root, Path::new(source)), "{source}");
        }
        for other in [
            "/site/public/index.html",
            "/site/notes/.a.md.swp",
            "/site/notes/a.md~",
            "/site/README.md",
            "/elsewhere/notes/a.md",
            "/site",
        ] {
            assert!(!is_source(root, Path::new(other)), "{other}");
        }
    }
}
