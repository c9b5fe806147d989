//! The search index, built with the site and split into small files so
//! that a reader's query downloads only what it needs, however big the
//! book is. `static/search.js` reads it.
//!
//! Pages are cut at their headings into sections, and the sections into
//! *units* of a few kilobytes of text; quiz items are units of their own
//! that lead to their cards. The index maps each term (see [`terms`]) to
//! the units that hold it, with a weight (a term in a title counts more
//! than one in a heading, which counts more than one in the text). Terms
//! are sorted and cut into chunks; a query fetches the small list of where
//! each chunk starts, the chunks holding its terms, then the few units
//! it shows.
//!
//! The files, under `search/`:
//! - `meta.json`: `{"version", "units", "chunks": [[first term, file]…]}`.
//! - `terms/N.bin`: a chunk, one entry per term: the term's length in
//!   bytes and its UTF-8, the number of units, then per unit the distance
//!   from the previous unit's number and the weight (all LEB128 varints).
//!   Terms are in UTF-16 order, the order of JavaScript's `<`.
//! - `units/N.json`: `{"url", "title", "sections": [[anchor, heading, text]…]}`.
//!
//! Every file but `meta.json` is fetched with `?v=version`, so a browser
//! never mixes files of two builds.

mod extract;
pub mod terms;

use std::hash::Hash;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

pub use extract::{Section, sections};

use crate::fingerprint::fingerprint;
use crate::i18n::UiStrings;
use crate::markdown::RenderedNote;
use crate::output::{Contents, OutputFile};
use crate::site::Site;

/// The folder of the index in the output.
pub(crate) const SEARCH_DIR: &str = "search";

/// The text a unit holds at most, unless one section alone is longer.
const UNIT_TEXT_BYTES: usize = 12 * 1024;

/// The size a chunk of terms grows to before the next starts.
const CHUNK_BYTES: usize = 16 * 1024;

/// How many units' terms are found at once (in parallel) before they join
/// the postings.
const TERM_BATCH_UNITS: usize = 256;

/// Weights of a term by where it occurs.
const TITLE_WEIGHT: u32 = 8;
const HEADING_WEIGHT: u32 = 3;
const TEXT_WEIGHT: u32 = 1;

/// A chapter to index: its path in the site, title and rendered note
/// (shared, not copied: the index reads its HTML).
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub path: String,
    pub title: String,
    pub note: Arc<RenderedNote>,
}

/// A quiz item to index as a result of its own.
#[derive(Debug, Clone)]
pub struct SearchRecord {
    /// The card's URL, relative to the site root (`a.html#quiz-x`).
    pub url: String,
    pub title: String,
    pub content: String,
}

/// What the index reads of each chapter of `site`, in reading order: its
/// path, title and content (not the theme around them).
pub fn pages(site: &Site) -> Vec<SearchPage> {
    site.reading_order
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            SearchPage {
                path: page.output_path.clone(),
                title: page.title.clone(),
                note: Arc::clone(&page.rendered),
            }
        })
        .collect()
}

/// A result of its own for each quiz item of `site`: its stem as the
/// title (after the UI's quiz label), and its stem, options and
/// explanation as the text.
pub fn quiz_records(site: &Site, ui: &UiStrings) -> Vec<SearchRecord> {
    site.quiz_items()
        .map(|(page, item)| SearchRecord {
            url: format!(
                "{}#{}",
                crate::links::href_path(&page.output_path),
                item.anchor
            ),
            title: format!("{}{}", ui.search_quiz_item, item.stem_text),
            content: [
                item.stem_text.clone(),
                item.option_texts.join(" "),
                text_of_fragment(&item.from_root.explanation_html),
            ]
            .join(" "),
        })
        .collect()
}

/// The text of an HTML fragment.
fn text_of_fragment(html: &str) -> String {
    scraper::Html::parse_fragment(html)
        .root_element()
        .text()
        .collect()
}

/// What one result can show: a page's title and some of its sections.
#[derive(Debug, Serialize)]
struct Unit {
    url: String,
    title: String,
    sections: Vec<(String, String, String)>,
}

impl Unit {
    /// The terms of the unit with their weights, in no order.
    fn weighted_terms(&self) -> FxHashMap<String, u32> {
        let mut weights: FxHashMap<String, u32> = FxHashMap::default();
        let mut add = |text: &str, weight: u32| {
            terms::for_each_term(text, |term| match weights.get_mut(term) {
                Some(total) => *total = total.saturating_add(weight),
                None => {
                    weights.insert(term.to_string(), weight);
                }
            });
        };
        add(&self.title, TITLE_WEIGHT);
        for (_, heading, text) in &self.sections {
            add(heading, HEADING_WEIGHT);
            add(text, TEXT_WEIGHT);
        }
        weights
    }
}

/// Cuts a page's sections into units of about [`UNIT_TEXT_BYTES`].
fn units_of(page: &SearchPage) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut current: Vec<(String, String, String)> = Vec::new();
    let mut size = 0;
    // A section longer than a unit is cut into pieces under the same
    // heading, so that no result file grows with the note.
    let pieces = sections(&page.note.html).into_iter().flat_map(|section| {
        pieces_of(&section.text, UNIT_TEXT_BYTES)
            .into_iter()
            .map(move |text| (section.anchor.clone(), section.heading.clone(), text))
    });
    for (anchor, heading, text) in pieces {
        let length = heading.len() + text.len();
        if !current.is_empty() && size + length > UNIT_TEXT_BYTES {
            units.push(std::mem::take(&mut current));
            size = 0;
        }
        size += length;
        current.push((anchor, heading, text));
    }
    if !current.is_empty() || units.is_empty() {
        units.push(current);
    }
    units
        .into_iter()
        .map(|sections| Unit {
            url: crate::links::href_path(&page.path),
            title: page.title.clone(),
            sections,
        })
        .collect()
}

/// `text` in pieces of at most `most` bytes, cut at a space where there is
/// one near the limit.
fn pieces_of(text: &str, most: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.len() > most {
        let mut cut = most;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = rest[..cut].rfind(' ').filter(|&at| at > cut / 2) {
            cut = space + 1;
        }
        pieces.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    pieces.push(rest.to_string());
    pieces
}

/// Builds the index files, under `search/`.
pub fn build_index(pages: &[SearchPage], records: &[SearchRecord]) -> Vec<OutputFile> {
    let mut units: Vec<Unit> = pages.par_iter().flat_map_iter(units_of).collect();
    units.extend(records.iter().map(|record| Unit {
        url: record.url.clone(),
        title: record.title.clone(),
        sections: vec![(String::new(), String::new(), record.content.clone())],
    }));
    // Postings in unit order, as the units are visited in order. The
    // units' terms are found in parallel a batch at a time, so that only a
    // batch of them is held at once, not the whole book's.
    let mut postings: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
    for (batch, batch_units) in units.chunks(TERM_BATCH_UNITS).enumerate() {
        let unit_terms: Vec<FxHashMap<String, u32>> =
            batch_units.par_iter().map(Unit::weighted_terms).collect();
        for (offset, weights) in unit_terms.into_iter().enumerate() {
            let number =
                u32::try_from(batch * TERM_BATCH_UNITS + offset).expect("fewer than 2^32 units");
            for (term, weight) in weights {
                postings.entry(term).or_default().push((number, weight));
            }
        }
    }
    let mut postings: Vec<(String, Vec<(u32, u32)>)> = postings.into_iter().collect();
    postings.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));

    let mut files = Vec::new();
    let mut chunks: Vec<(String, String)> = Vec::new();
    let mut chunk = Vec::with_capacity(CHUNK_BYTES * 2);
    let mut first_term = String::new();
    for (term, list) in &postings {
        if chunk.is_empty() {
            first_term.clone_from(term);
        }
        encode_entry(&mut chunk, term, list);
        if chunk.len() >= CHUNK_BYTES {
            push_chunk(&mut files, &mut chunks, &mut first_term, &mut chunk);
        }
    }
    if !chunk.is_empty() {
        push_chunk(&mut files, &mut chunks, &mut first_term, &mut chunk);
    }
    let unit_files: Vec<OutputFile> = units
        .par_iter()
        .enumerate()
        .map(|(number, unit)| OutputFile {
            path: format!("{SEARCH_DIR}/units/{number}.json"),
            origin: "the search index".into(),
            contents: Contents::Bytes(
                serde_json::to_vec(unit)
                    .expect("a unit is plain strings")
                    .into(),
            ),
        })
        .collect();
    files.extend(unit_files);

    let version = fingerprint(|hasher| {
        for file in &files {
            file.path.hash(hasher);
            if let Contents::Bytes(bytes) = &file.contents {
                bytes.hash(hasher);
            }
        }
    });
    let meta = serde_json::json!({
        "version": format!("{version:016x}"),
        "units": units.len(),
        "chunks": chunks,
    });
    files.push(OutputFile {
        path: format!("{SEARCH_DIR}/meta.json"),
        origin: "the search index".into(),
        contents: Contents::Bytes(meta.to_string().into()),
    });
    files
}

fn push_chunk(
    files: &mut Vec<OutputFile>,
    chunks: &mut Vec<(String, String)>,
    first_term: &mut String,
    chunk: &mut Vec<u8>,
) {
    let name = format!("terms/{}.bin", chunks.len());
    chunks.push((std::mem::take(first_term), name.clone()));
    files.push(OutputFile {
        path: format!("{SEARCH_DIR}/{name}"),
        origin: "the search index".into(),
        contents: Contents::Bytes(std::mem::take(chunk).into()),
    });
}

/// Appends a term's entry to a chunk.
fn encode_entry(out: &mut Vec<u8>, term: &str, units: &[(u32, u32)]) {
    write_varint(out, term.len() as u64);
    out.extend_from_slice(term.as_bytes());
    write_varint(out, units.len() as u64);
    let mut previous = 0;
    for &(unit, weight) in units {
        write_varint(out, u64::from(unit - previous));
        write_varint(out, u64::from(weight));
        previous = unit;
    }
}

/// LEB128: seven bits a byte, low bits first, the high bit set on all
/// bytes but the last.
fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_into_pieces_of_a_unit_at_most() {
        let text = "词".repeat(10_000) + " tail";
        let pieces = pieces_of(&text, UNIT_TEXT_BYTES);
        assert!(pieces.iter().all(|p| p.len() <= UNIT_TEXT_BYTES));
        assert_eq!(pieces.concat(), text);
        let words = "word ".repeat(5_000);
        let pieces = pieces_of(&words, 100);
        assert!(pieces.iter().all(|p| p.len() <= 100 && p.ends_with(' ')));
        assert_eq!(pieces_of("short", 100), ["short"]);
    }

    fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
        let mut value = 0;
        let mut shift = 0;
        loop {
            let byte = bytes[*at];
            *at += 1;
            value |= u64::from(byte & 0x7F) << shift;
            if byte < 0x80 {
                return value;
            }
            shift += 7;
        }
    }

    /// Reads a chunk back: each term with its (unit, weight) list.
    fn decode(bytes: &[u8]) -> Vec<(String, Vec<(u64, u64)>)> {
        let mut entries = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let length = read_varint(bytes, &mut at) as usize;
            let term = String::from_utf8(bytes[at..at + length].to_vec()).unwrap();
            at += length;
            let count = read_varint(bytes, &mut at);
            let mut unit = 0;
            let list = (0..count)
                .map(|_| {
                    unit += read_varint(bytes, &mut at);
                    (unit, read_varint(bytes, &mut at))
                })
                .collect();
            entries.push((term, list));
        }
        entries
    }

    fn note(html: &str) -> Arc<RenderedNote> {
        Arc::new(RenderedNote {
            html: html.into(),
            ..RenderedNote::default()
        })
    }

    fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a [u8] {
        match &files.iter().find(|f| f.path == path).unwrap().contents {
            Contents::Bytes(bytes) => bytes,
            _ => panic!("{path} is not bytes"),
        }
    }

    #[test]
    fn varints_round_trip() {
        for value in [0, 1, 127, 128, 300, 16_384, u64::from(u32::MAX)] {
            let mut bytes = Vec::new();
            write_varint(&mut bytes, value);
            assert_eq!(read_varint(&bytes, &mut 0), value);
        }
    }

    #[test]
    fn terms_lead_to_the_units_that_hold_them_with_weights() {
        let pages = [
            SearchPage {
                path: "a.html".into(),
                title: "Pooling".into(),
                note: note("<p>池化层 reduces size</p><h2 id=\"s\">Size</h2><p>size again</p>"),
            },
            SearchPage {
                path: "b.html".into(),
                title: "Other".into(),
                note: note("<p>size</p>"),
            },
        ];
        let records = [SearchRecord {
            url: "b.html#quiz-1".into(),
            title: "Quiz: what is pooling?".into(),
            content: "what is pooling".into(),
        }];
        let files = build_index(&pages, &records);
        let meta: serde_json::Value =
            serde_json::from_slice(file(&files, "search/meta.json")).unwrap();
        assert_eq!(meta["units"], 3);
        assert_eq!(meta["chunks"][0][1], "terms/0.bin");
        let entries = decode(file(&files, "search/terms/0.bin"));
        let lookup = |term: &str| entries.iter().find(|(t, _)| t == term).unwrap().1.clone();
        assert_eq!(lookup("size"), [(0, 1 + 3 + 1), (1, 1)]);
        assert_eq!(lookup("pooling"), [(0, 8), (2, 8 + 1)]);
        assert_eq!(lookup("池化"), [(0, 1)]);
        let sorted: Vec<Vec<u16>> = entries
            .iter()
            .map(|(t, _)| t.encode_utf16().collect())
            .collect();
        assert!(
            sorted.windows(2).all(|w| w[0] < w[1]),
            "terms are in UTF-16 order"
        );

        let unit: serde_json::Value =
            serde_json::from_slice(file(&files, "search/units/0.json")).unwrap();
        assert_eq!(
            unit,
            serde_json::json!({"url": "a.html", "title": "Pooling", "sections": [
                ["", "", "池化层 reduces size"], ["s", "Size", "size again"]]})
        );
        let quiz: serde_json::Value =
            serde_json::from_slice(file(&files, "search/units/2.json")).unwrap();
        assert_eq!(quiz["url"], "b.html#quiz-1");
    }

    #[test]
    fn long_pages_are_cut_into_units_and_chunks_stay_small() {
        let paragraph = format!("<p>{}</p>", "word ".repeat(1000));
        let html = (0..20)
            .map(|i| format!("<h2 id=\"h{i}\">Part {i} unique{i}</h2>{paragraph}"))
            .collect::<String>();
        let pages: Vec<SearchPage> = (0..300)
            .map(|n| SearchPage {
                path: format!("p{n}.html"),
                title: format!("Page {n} title{n}"),
                note: note(&html),
            })
            .collect();
        let files = build_index(&pages, &[]);
        let meta: serde_json::Value =
            serde_json::from_slice(file(&files, "search/meta.json")).unwrap();
        let units = meta["units"].as_u64().unwrap();
        assert!(units >= 300 * 2, "{units} units");
        let chunks = meta["chunks"].as_array().unwrap();
        assert!(chunks.len() > 1);
        for chunk in chunks {
            let bytes = file(&files, &format!("search/{}", chunk[1].as_str().unwrap()));
            assert!(bytes.len() < CHUNK_BYTES * 2, "{} bytes", bytes.len());
            let entries = decode(bytes);
            assert_eq!(entries[0].0, chunk[0].as_str().unwrap());
        }
    }

    #[test]
    fn the_same_input_gives_the_same_files() {
        let pages = [SearchPage {
            path: "a.html".into(),
            title: "T".into(),
            note: note("<p>one two three 一二三</p>"),
        }];
        let paths_and_bytes = |files: Vec<OutputFile>| {
            files
                .into_iter()
                .map(|f| match f.contents {
                    Contents::Bytes(b) => (f.path, b),
                    _ => unreachable!(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            paths_and_bytes(build_index(&pages, &[])),
            paths_and_bytes(build_index(&pages, &[]))
        );
    }
}
