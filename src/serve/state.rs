//! What the dev server serves: the last good build, held in memory, and
//! the problem of the last failed one. Readers of the state never see a
//! half-finished build: a rebuild replaces it whole.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::output::{Contents, OutputFile};
use crate::search::SEARCH_DIR;

/// A file of the served site.
#[derive(Debug, Clone)]
pub(crate) enum ServedFile {
    Bytes(bytes::Bytes),
    /// An asset, read from the notes folder when asked for, and only while
    /// its path still leads to the file the build chose (`resolved`, with
    /// every symbolic link followed): a note's picture replaced by a link
    /// to a file outside the site is not served, not even from the last
    /// good build.
    Source {
        path: PathBuf,
        resolved: PathBuf,
    },
}

/// What the browser's live-reload script is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LiveEvent {
    /// A new build is complete: pages of another build reload.
    Reload(String),
    /// The build failed: show this text over the page.
    Problem(String),
    /// The notes are fixed (the reload follows).
    Fixed,
}

/// One published build: its files and the id its pages carry.
struct Build {
    generation: u64,
    files: HashMap<String, ServedFile>,
}

/// The served site, shared by the HTTP handlers and the rebuilder.
pub(crate) struct ServerState {
    build: RwLock<Arc<Build>>,
    /// Tells this server's builds from those of an earlier run, whose pages
    /// may still be open and reconnect.
    run: u64,
    problem: RwLock<Option<String>>,
    events: broadcast::Sender<LiveEvent>,
}

impl ServerState {
    pub(crate) fn new() -> Self {
        let (events, _) = broadcast::channel(16);
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_millis() as u64);
        ServerState {
            build: RwLock::new(Arc::new(Build {
                generation: 0,
                files: HashMap::new(),
            })),
            run,
            problem: RwLock::new(None),
            events,
        }
    }

    fn build_id(&self, generation: u64) -> String {
        format!("{:x}-{generation}", self.run)
    }

    /// Replaces the served site with a complete new build, then tells the
    /// open pages to reload. Returns the build's generation.
    ///
    /// The search index is made after the pages; when `search_follows`, the
    /// last build's index is served until the new one is added, so that a
    /// search during a rebuild never meets a missing file.
    pub(crate) fn publish(&self, files: Vec<OutputFile>, search_follows: bool) -> u64 {
        let mut map: HashMap<String, ServedFile> = files
            .into_iter()
            .filter_map(|file| {
                let served = match file.contents {
                    Contents::Bytes(bytes) => ServedFile::Bytes(bytes),
                    Contents::CopyOf(path) => ServedFile::Source {
                        resolved: path.canonicalize().ok()?,
                        path,
                    },
                    // `serve` keeps its builds in memory; nothing is staged.
                    Contents::Staged => return None,
                };
                Some((file.path, served))
            })
            .collect();
        let generation = {
            let mut guard = self.build.write().expect("the lock is never poisoned");
            if search_follows {
                for (path, file) in &guard.files {
                    if is_search_file(path) && !map.contains_key(path) {
                        map.insert(path.clone(), file.clone());
                    }
                }
            }
            let generation = guard.generation + 1;
            *guard = Arc::new(Build {
                generation,
                files: map,
            });
            generation
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
        let _ = self
            .events
            .send(LiveEvent::Reload(self.build_id(generation)));
        generation
    }

    /// Puts a build's search index in place of the one served before it,
    /// without reloading pages, unless a newer build replaced the one it
    /// was made for.
    pub(crate) fn add_search(&self, generation: u64, files: Vec<OutputFile>) {
        let mut guard = self.build.write().expect("the lock is never poisoned");
        if guard.generation != generation {
            return;
        }
        let mut map: HashMap<String, ServedFile> = guard
            .files
            .iter()
            .filter(|(path, _)| !is_search_file(path))
            .map(|(path, file)| (path.clone(), file.clone()))
            .collect();
        for file in files {
            if let Contents::Bytes(bytes) = file.contents {
                map.insert(file.path, ServedFile::Bytes(bytes));
            }
        }
        *guard = Arc::new(Build {
            generation,
            files: map,
        });
    }

    /// Keeps the last good site and shows `text` over the open pages.
    pub(crate) fn fail(&self, text: String) {
        *self.problem.write().expect("the lock is never poisoned") = Some(text.clone());
        let _ = self.events.send(LiveEvent::Problem(text));
    }

    /// A file of the current build, with the id of that build.
    pub(crate) fn file(&self, path: &str) -> Option<(ServedFile, String)> {
        let build = Arc::clone(&self.build.read().expect("the lock is never poisoned"));
        let file = build.files.get(path)?.clone();
        Some((file, self.build_id(build.generation)))
    }

    /// The id of the build being served.
    pub(crate) fn current_build(&self) -> String {
        let generation = self
            .build
            .read()
            .expect("the lock is never poisoned")
            .generation;
        self.build_id(generation)
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

/// Whether a site path belongs to the search index.
fn is_search_file(path: &str) -> bool {
    path.strip_prefix(SEARCH_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            origin: path.into(),
            contents: Contents::Bytes(bytes::Bytes::from(text.to_string())),
        }
    }

    fn text(state: &ServerState, path: &str) -> Option<String> {
        match state.file(path)?.0 {
            ServedFile::Bytes(bytes) => Some(String::from_utf8(bytes.to_vec()).unwrap()),
            ServedFile::Source { .. } => None,
        }
    }

    #[test]
    fn the_last_search_index_is_served_until_the_new_one_arrives() {
        let state = ServerState::new();
        let first = state.publish(vec![page("a.html", "1")], true);
        state.add_search(first, vec![page("search/meta.json", "old")]);
        let second = state.publish(vec![page("a.html", "2")], true);
        assert_eq!(text(&state, "a.html").as_deref(), Some("2"));
        assert_eq!(text(&state, "search/meta.json").as_deref(), Some("old"));
        // An index made for a replaced build is dropped.
        state.add_search(first, vec![page("search/meta.json", "stale")]);
        assert_eq!(text(&state, "search/meta.json").as_deref(), Some("old"));
        state.add_search(second, vec![page("search/units/0.json", "new")]);
        assert_eq!(text(&state, "search/units/0.json").as_deref(), Some("new"));
        assert_eq!(
            text(&state, "search/meta.json"),
            None,
            "no file mixes builds"
        );
        // A site without search does not keep the old index.
        state.publish(vec![page("a.html", "3")], false);
        assert_eq!(text(&state, "search/units/0.json"), None);
    }

    #[test]
    fn files_carry_the_id_of_their_build() {
        let state = ServerState::new();
        let mut events = state.subscribe();
        state.publish(vec![page("a.html", "1")], false);
        let id = state.file("a.html").unwrap().1;
        assert_eq!(id, state.current_build());
        assert_eq!(events.try_recv().unwrap(), LiveEvent::Reload(id.clone()));
        state.publish(vec![page("a.html", "2")], false);
        assert_ne!(state.current_build(), id);
    }
}
