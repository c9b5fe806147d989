//! Assembling rendered notes into a book: titles, the reading order, the
//! navigation tree, previous/next links, and checks of links between notes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::content::{SourceNote, file_name_of};
use crate::diagnostics::Diagnostic;
use crate::markdown::RenderedNote;
use crate::naming::{id_meant, title_from_file_name};
use crate::outline::Outline;
use crate::quiz::QuizItem;

mod tree;

/// One note made into a page.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourceNote,
    /// Shared with `serve`'s cache of rendered notes, so that a rebuild
    /// does not copy every unchanged note.
    pub rendered: Arc<RenderedNote>,
    pub title: String,
    /// Relative to the output root, `/`-separated: `part/page.html`.
    pub output_path: String,
}

/// An entry of the book's navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavNode {
    /// A folder of notes, with its own page when it has an `index.md`, or
    /// a part of the book's own table of contents (`SUMMARY.md`).
    Part {
        title: String,
        page: Option<usize>,
        children: Vec<NavNode>,
    },
    /// A note, by its index in `Site::pages`.
    Chapter(usize),
}

/// The whole book, ready to render.
#[derive(Debug)]
pub struct Site {
    pub pages: Vec<Page>,
    /// The page of `notes/index.md`, shown on the home page.
    pub home: Option<usize>,
    /// Top-level navigation entries in reading order.
    pub nav: Vec<NavNode>,
    /// Every page but the home page, in reading order.
    pub reading_order: Vec<usize>,
    /// Links of each page to point at the section they mean, by page.
    pub fragment_fixes: HashMap<usize, FragmentFixes>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Site {
    /// Orders the notes into a book and checks the links between them.
    pub fn assemble(
        notes: Vec<(SourceNote, Arc<RenderedNote>)>,
        folders: &[String],
        outline: Option<&Outline>,
    ) -> Site {
        let index_titles: HashMap<&str, String> = notes
            .iter()
            .filter(|(note, _)| note.is_folder_index())
            .filter_map(|(note, rendered)| {
                let title = note
                    .front
                    .title
                    .clone()
                    .or_else(|| rendered.title_heading.as_ref().map(|h| h.text.clone()))
                    .filter(|title| !title.is_empty())?;
                Some((note.folder(), title))
            })
            .collect();
        let folder_titles: HashMap<String, String> = folders
            .iter()
            .map(|folder| {
                let title = index_titles
                    .get(folder.as_str())
                    .cloned()
                    .unwrap_or_else(|| title_from_file_name(file_name_of(folder)));
                (folder.clone(), title)
            })
            .collect();
        let pages: Vec<Page> = notes
            .into_iter()
            .map(|(source, rendered)| {
                let title = page_title(&source, &rendered, &folder_titles);
                let output_path = source.output_path();
                Page {
                    source,
                    rendered,
                    title,
                    output_path,
                }
            })
            .collect();
        let home = pages
            .iter()
            .position(|page| page.source.folder().is_empty() && page.source.is_folder_index());
        let (nav, mut diagnostics) = tree::navigation(&pages, folders, &folder_titles, outline);
        let mut reading_order = Vec::with_capacity(pages.len());
        tree::flatten(&nav, &mut reading_order);
        let (link_warnings, fragment_fixes) = check_links(&pages);
        diagnostics.extend(link_warnings);
        let bank_order: Vec<usize> = home
            .into_iter()
            .chain(reading_order.iter().copied())
            .collect();
        diagnostics.extend(check_quiz_ids(&pages, &bank_order));
        Site {
            pages,
            home,
            nav,
            reading_order,
            fragment_fixes,
            diagnostics,
        }
    }

    /// The pages before and after the page at `position` in the reading
    /// order; `None` stands for the home page, which comes first of all.
    pub fn neighbours(&self, position: Option<usize>) -> (Neighbour, Neighbour) {
        let page_at = |p: usize| {
            self.reading_order
                .get(p)
                .map_or(Neighbour::None, |&i| Neighbour::Page(i))
        };
        match position {
            None => (Neighbour::None, page_at(0)),
            Some(0) => (Neighbour::Home, page_at(1)),
            Some(p) => (page_at(p - 1), page_at(p + 1)),
        }
    }

    /// Every quiz item with its page, the home page's first, then in
    /// reading order.
    pub fn quiz_items(&self) -> impl Iterator<Item = (&Page, &QuizItem)> {
        self.home
            .into_iter()
            .chain(self.reading_order.iter().copied())
            .map(|i| &self.pages[i])
            .flat_map(|page| {
                page.rendered
                    .quiz_items
                    .iter()
                    .map(move |item| (page, item))
            })
    }

    /// The page's HTML, with its links to sections of other pages pointed
    /// at the ids they mean.
    pub fn content_of(&self, page: usize) -> std::borrow::Cow<'_, str> {
        let html = self.pages[page].rendered.html.as_str();
        match self.fragment_fixes.get(&page) {
            None => html.into(),
            Some(fixes) => {
                let mut html = html.to_string();
                for (from, to) in fixes {
                    html = html.replace(from.as_str(), to);
                }
                html.into()
            }
        }
    }

    /// The parts that hold a page, outermost first, with their titles and
    /// pages: the page's breadcrumbs below the home page.
    pub fn ancestors(&self, page: usize) -> Vec<(&str, Option<usize>)> {
        let mut trail = Vec::new();
        tree::find_trail(&self.nav, page, &mut trail);
        trail
    }
}

/// A previous or next link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Neighbour {
    None,
    Home,
    Page(usize),
}

fn page_title(
    source: &SourceNote,
    rendered: &RenderedNote,
    folder_titles: &HashMap<String, String>,
) -> String {
    if let Some(title) = &source.front.title {
        return title.clone();
    }
    if let Some(heading) = rendered
        .title_heading
        .as_ref()
        .filter(|h| !h.text.is_empty())
    {
        return heading.text.clone();
    }
    if let Some(title) = &source.outline_title {
        return title.clone();
    }
    if source.is_folder_index()
        && let Some(title) = folder_titles.get(source.folder())
    {
        return title.clone();
    }
    let title = title_from_file_name(source.stem());
    if title.is_empty() {
        source.stem().to_string()
    } else {
        title
    }
}

/// Two items may not share an id: progress is kept by id. Explicit ids are
/// global, so the same `id=` in two notes (or a derived id that equals
/// one) is an error naming both places.
fn check_quiz_ids(pages: &[Page], order: &[usize]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, (&Page, usize)> = HashMap::new();
    let mut diagnostics = Vec::new();
    for &index in order {
        let page = &pages[index];
        for item in &page.rendered.quiz_items {
            match seen.get(item.id.as_str()) {
                Some((first, line)) => diagnostics.push(
                    Diagnostic::error(
                        page.source.display_path(),
                        format!(
                            "the quiz id `{}` is already used at {}:{line}",
                            item.id,
                            first.source.display_path().display()
                        ),
                    )
                    .at_line(item.line)
                    .with_help("give each item its own `id=`"),
                ),
                None => {
                    seen.insert(&item.id, (page, item.line));
                }
            }
        }
    }
    diagnostics
}

/// Links of one page to point at the id they mean: each `href` as the
/// page has it, and what it becomes.
pub type FragmentFixes = Vec<(String, String)>;

/// Warns about links to notes that do not exist and anchors that no heading
/// of the target carries. A link to another page's section in other letter
/// case or by its text (see [`id_meant`]) is pointed at its id instead.
fn check_links(pages: &[Page]) -> (Vec<Diagnostic>, HashMap<usize, FragmentFixes>) {
    let by_output: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| (page.output_path.as_str(), i))
        .collect();
    // Each page's ids in page order (the first that a fragment means is
    // the one it reaches), and as a set.
    let id_lists: Vec<Vec<&str>> = pages
        .iter()
        .map(|page| {
            page.rendered
                .title_heading
                .iter()
                .chain(&page.rendered.headings)
                .map(|h| h.id.as_str())
                .chain(page.rendered.html_ids.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let anchors: Vec<HashSet<&str>> = id_lists
        .iter()
        .map(|ids| ids.iter().copied().collect())
        .collect();
    let mut diagnostics = Vec::new();
    let mut fixes: HashMap<usize, FragmentFixes> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        for link in &page.rendered.links {
            let target = crate::content::note_output_path(&link.target);
            let warning = match by_output.get(target.as_str()) {
                None => Some((
                    format!("link to a missing note `{}`", link.target),
                    "check the file name; links are relative to the note that holds them"
                        .to_string(),
                )),
                Some(&i) => match link.fragment.as_deref() {
                    Some(fragment) if !anchors[i].contains(fragment) => {
                        match id_meant(fragment, &id_lists[i]) {
                            Some(id) => {
                                fixes.entry(index).or_default().push(fragment_fix(&link.href, id));
                                None
                            }
                            None => Some((
                                format!(
                                    "link to a missing anchor `#{fragment}` in `notes/{}`",
                                    pages[i].source.rel_path
                                ),
                                "heading ids are the heading text in lower case, with spaces made `-` and punctuation dropped".to_string(),
                            )),
                        }
                    }
                    _ => None,
                },
            };
            if let Some((message, help)) = warning {
                diagnostics.push(
                    Diagnostic::warning(page.source.display_path(), message)
                        .at(link.line, link.column)
                        .with_help(help),
                );
            }
        }
    }
    (diagnostics, fixes)
}

/// The `href` attribute a link has, and the one that points at `id`.
fn fragment_fix(href: &str, id: &str) -> (String, String) {
    let attribute = |href: &str| {
        let mut attribute = String::from("href=\"");
        crate::escape::href(&mut attribute, href);
        attribute.push('"');
        attribute
    };
    let page = href.split_once('#').map_or(href, |(page, _)| page);
    (attribute(href), attribute(&format!("{page}#{id}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::FrontMatter;
    use crate::markdown::{Heading, NoteLink};

    fn note(rel_path: &str, order: Option<i64>) -> (SourceNote, Arc<RenderedNote>) {
        let source = SourceNote {
            rel_path: rel_path.into(),
            front: FrontMatter {
                order,
                ..FrontMatter::default()
            },
            body: "".into(),
            body_line: 1,
            outline_title: None,
        };
        (source, Arc::default())
    }

    fn paths(site: &Site) -> Vec<&str> {
        site.reading_order
            .iter()
            .map(|&i| site.pages[i].source.rel_path.as_str())
            .collect()
    }

    #[test]
    fn reading_order_uses_order_then_natural_names_and_parts() {
        let notes = vec![
            note("10-x.md", None),
            note("2-x.md", None),
            note("z.md", Some(1)),
            note("part/index.md", Some(0)),
            note("part/b.md", None),
            note("part/a.md", None),
            note("index.md", None),
            note("loose/c.md", None),
        ];
        let folders = vec!["loose".to_string(), "part".to_string()];
        let site = Site::assemble(notes, &folders, None);
        assert_eq!(
            paths(&site),
            [
                "part/index.md",
                "part/a.md",
                "part/b.md",
                "z.md",
                "2-x.md",
                "10-x.md",
                "loose/c.md"
            ]
        );
        assert_eq!(
            site.home.map(|h| site.pages[h].source.rel_path.as_str()),
            Some("index.md")
        );
        let first = site.reading_order[0];
        let second = site.reading_order[1];
        assert_eq!(
            site.neighbours(None),
            (Neighbour::None, Neighbour::Page(first))
        );
        assert_eq!(
            site.neighbours(Some(0)),
            (Neighbour::Home, Neighbour::Page(second))
        );
        assert_eq!(site.neighbours(Some(1)).0, Neighbour::Page(first));
        assert_eq!(site.neighbours(Some(6)).1, Neighbour::None);
        let folder_without_index = site.nav.iter().find_map(|n| match n {
            NavNode::Part { title, page, .. } if title == "loose" => Some((title.clone(), *page)),
            _ => None,
        });
        assert_eq!(folder_without_index, Some(("loose".to_string(), None)));
    }

    fn title_heading(text: &str) -> Heading {
        Heading {
            level: 1,
            id: crate::naming::slugify(text),
            text: text.into(),
        }
    }

    #[test]
    fn titles_fall_back_to_heading_then_file_name() {
        let mut with_heading = note("01-a.md", None);
        Arc::make_mut(&mut with_heading.1).title_heading = Some(title_heading("Heading"));
        let site = Site::assemble(
            vec![with_heading, note("02-plain-name.md", None)],
            &[],
            None,
        );
        assert_eq!(site.pages[0].title, "Heading");
        assert_eq!(site.pages[1].title, "plain name");
    }

    #[test]
    fn a_part_is_titled_by_its_index_page() {
        let mut index = note("01-part/index.md", None);
        Arc::make_mut(&mut index.1).title_heading = Some(title_heading("Part One"));
        let site = Site::assemble(
            vec![index, note("01-part/a.md", None)],
            &["01-part".into()],
            None,
        );
        let NavNode::Part { title, .. } = &site.nav[0] else {
            panic!("a part")
        };
        assert_eq!(title, "Part One");
    }

    #[test]
    fn breadcrumbs_list_enclosing_parts() {
        let notes = vec![note("a/index.md", None), note("a/b/c.md", None)];
        let site = Site::assemble(notes, &["a".into(), "a/b".into()], None);
        let c = site
            .pages
            .iter()
            .position(|p| p.source.rel_path == "a/b/c.md")
            .unwrap();
        let trail: Vec<&str> = site.ancestors(c).iter().map(|(t, _)| *t).collect();
        assert_eq!(trail, ["a", "b"]);
    }

    #[test]
    fn broken_links_and_anchors_warn_with_lines() {
        let (source, _) = note("a.md", None);
        let mut rendered = RenderedNote::default();
        rendered.headings.push(Heading {
            level: 2,
            id: "here".into(),
            text: "Here".into(),
        });
        let link = |target: &str, fragment: Option<&str>, href: &str, line| NoteLink {
            target: target.into(),
            fragment: fragment.map(Into::into),
            href: href.into(),
            line,
            column: 1,
        };
        rendered.links = vec![
            link("a.md", Some("here"), "#here", 3),
            link("a.md", Some("gone"), "#gone", 4),
            link("nope.md", None, "nope.html", 5),
            link("b.md", Some("Docker 安装"), "b.html#Docker%20安装", 6),
        ];
        rendered.html = "<a href=\"b.html#Docker%20%E5%AE%89%E8%A3%85\">".into();
        let (other, _) = note("b.md", None);
        let mut target = RenderedNote::default();
        target.headings.push(Heading {
            level: 2,
            id: "docker-安装".into(),
            text: "Docker 安装".into(),
        });
        let site = Site::assemble(
            vec![(source, Arc::new(rendered)), (other, Arc::new(target))],
            &[],
            None,
        );
        let lines: Vec<Option<usize>> = site.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(4), Some(5)]);
        assert!(site.diagnostics[0].message.contains("#gone"));
        assert!(site.diagnostics[1].message.contains("nope.md"));
        // The section named in other case and by its text is reached.
        assert_eq!(
            site.content_of(0),
            "<a href=\"b.html#docker-%E5%AE%89%E8%A3%85\">"
        );
    }
}
