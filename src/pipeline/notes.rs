//! The first stage of a rebuild: rendering the notes, each taken from
//! the session's cache when nothing it depends on changed.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Session, highlight_file};
use crate::config::Config;
use crate::content::{self, NOTES_DIR, SourceNote};
use crate::fingerprint::{fingerprint, fingerprint_of};
use crate::highlight::HighlightCache;
use crate::link_index::LinkIndex;
use crate::markdown::{self, RenderOptions, RenderedNote};

impl Session {
    /// Renders the notes in parallel; those whose source and other inputs
    /// are unchanged since the last rebuild are taken from the cache.
    /// Returns them with the output paths of the notes rendered anew.
    pub(super) fn render_notes(
        &mut self,
        notes: Vec<SourceNote>,
        assets: &[content::Asset],
        config: &Config,
    ) -> (Vec<(SourceNote, Arc<RenderedNote>)>, HashSet<String>) {
        let asset_paths: HashMap<String, PathBuf> = assets
            .iter()
            .map(|asset| (asset.rel_path.clone(), asset.source.clone()))
            .collect();
        // Highlighted code keeps only the classes the site's stylesheet
        // styles: another stylesheet needs code highlighted anew.
        let classes = highlight_file::site_classes(&self.root);
        if *self.highlights.classes() != classes {
            self.highlights = HighlightCache::new(classes);
        }
        let links = LinkIndex::new(&notes, assets);
        let bodies: HashMap<String, Arc<str>> = notes
            .iter()
            .map(|note| (note.rel_path.clone(), Arc::clone(&note.body)))
            .collect();
        let render_inputs = fingerprint(|hasher| {
            self.highlights.classes().hash(hasher);
            serde_json::to_string(&config.ui)
                .unwrap_or_default()
                .hash(hasher);
            config.question_headings_are_cards.hash(hasher);
            let mut assets: Vec<_> = asset_paths.iter().collect();
            assets.sort();
            for (rel_path, source) in assets {
                rel_path.hash(hasher);
                content::stamp(source).hash(hasher);
            }
        });
        if render_inputs != self.render_inputs {
            self.rendered.clear();
            self.render_inputs = render_inputs;
        }
        let notes_dir = self.root.join(NOTES_DIR);
        let options = RenderOptions {
            ui: &config.ui,
            assets: &asset_paths,
            highlights: &self.highlights,
            notes_dir: &notes_dir,
            links: &links,
            bodies: &bodies,
            embedding: true,
            question_headings_are_cards: config.question_headings_are_cards,
        };
        let cache = &self.rendered;
        let unchanged = |source: &SourceNote, rendered: &RenderedNote, note: &SourceNote| {
            source == note
                && rendered
                    .included
                    .iter()
                    .all(|(path, stamp)| content::stamp(path) == *stamp)
                && rendered
                    .lookups
                    .iter()
                    .all(|(lookup, found)| links.find(lookup) == *found)
                && rendered.embedded.iter().all(|(path, body)| {
                    bodies.get(path).map(|b| fingerprint_of(&**b)) == Some(*body)
                })
        };
        let rendered: Vec<(SourceNote, Arc<RenderedNote>, bool)> = notes
            .into_par_iter()
            .map(|note| match cache.get(&note.rel_path) {
                Some((source, rendered)) if unchanged(source, rendered, &note) => {
                    let rendered = Arc::clone(rendered);
                    (note, rendered, false)
                }
                _ => {
                    let rendered = Arc::new(markdown::render(&note, options));
                    (note, rendered, true)
                }
            })
            .collect();
        let mut changed: HashSet<String> = HashSet::new();
        if self.keep_caches {
            self.rendered.clear();
        }
        let rendered = rendered
            .into_iter()
            .map(|(note, rendered, fresh)| {
                if fresh {
                    changed.insert(note.output_path());
                }
                if self.keep_caches {
                    self.rendered
                        .insert(note.rel_path.clone(), (note.clone(), Arc::clone(&rendered)));
                }
                (note, rendered)
            })
            .collect();
        (rendered, changed)
    }
}
