//! What the dev server serves: the last good build, held in memory, and
//! the problem of the last failed one. Readers of the state never see a
//! half-finished build: a rebuild replaces it whole.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::output::{Contents, OutputFile};

/// A file of the served site.
#[derive(Debug, Clone)]
pub(crate) enum ServedFile {
    Bytes(bytes::Bytes),
    /// An asset, read from the notes folder when asked for.
    Source(PathBuf),
}

/// What the browser's live-reload script is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LiveEvent {
    /// A new build is complete: reload.
    Reload,
    /// The build failed: show this text over the page.
    Problem(String),
    /// The notes are fixed (the reload follows).
    Fixed,
}

/// The served site, shared by the HTTP handlers and the rebuilder.
pub(crate) struct ServerState {
    files: RwLock<Arc<HashMap<String, ServedFile>>>,
    /// Counts published builds, so that a search index made for an older
    /// build is not added to a newer one.
    generation: std::sync::atomic::AtomicU64,
    problem: RwLock<Option<String>>,
    events: broadcast::Sender<LiveEvent>,
}

impl ServerState {
    pub(crate) fn new() -> Self {
        let (events, _) = broadcast::channel(16);
        ServerState {
            files: RwLock::new(Arc::new(HashMap::new())),
            generation: std::sync::atomic::AtomicU64::new(0),
            problem: RwLock::new(None),
            events,
        }
    }

    /// Replaces the served site with a complete new build, then tells the
    /// open pages to reload. Returns the build's generation.
    pub(crate) fn publish(&self, files: Vec<OutputFile>) -> u64 {
        let map: HashMap<String, ServedFile> = files
            .into_iter()
            .map(|file| {
                let served = match file.contents {
                    Contents::Bytes(bytes) => ServedFile::Bytes(bytes),
                    Contents::CopyOf(path) => ServedFile::Source(path),
                };
                (file.path, served)
            })
            .collect();
        let generation = {
            let mut guard = self.files.write().expect("the lock is never poisoned");
            *guard = Arc::new(map);
            self.generation
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1
        };
        let was_broken = self
            .problem
            .write()
            .expect("the lock is never poisoned")
            .take()
            .is_some();
        if was_broken {
            let _ = self.events.send(LiveEvent::Fixed);
        }
        let _ = self.events.send(LiveEvent::Reload);
        generation
    }

    /// Adds files to the served site without reloading pages (the search
    /// index, built after the pages), unless a newer build replaced the one
    /// they were made for.
    pub(crate) fn add(&self, generation: u64, files: Vec<OutputFile>) {
        let mut guard = self.files.write().expect("the lock is never poisoned");
        if self.generation.load(std::sync::atomic::Ordering::SeqCst) != generation {
            return;
        }
        let mut map = (**guard).clone();
        for file in files {
            if let Contents::Bytes(bytes) = file.contents {
                map.insert(file.path, ServedFile::Bytes(bytes));
            }
        }
        *guard = Arc::new(map);
    }

    /// Keeps the last good site and shows `text` over the open pages.
    pub(crate) fn fail(&self, text: String) {
        *self.problem.write().expect("the lock is never poisoned") = Some(text.clone());
        let _ = self.events.send(LiveEvent::Problem(text));
    }

    pub(crate) fn file(&self, path: &str) -> Option<ServedFile> {
        self.files
            .read()
            .expect("the lock is never poisoned")
            .get(path)
            .cloned()
    }

    pub(crate) fn problem(&self) -> Option<String> {
        self.problem
            .read()
            .expect("the lock is never poisoned")
            .clone()
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }
}

impl Default for ServerState {
    fn default() -> Self {
        ServerState::new()
    }
}
