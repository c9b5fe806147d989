//! The plain, serialisable contexts the templates receive: `site`,
//! `page`, `nav`, `nav_html`, `root`, `ui` and, on the quiz page, `quiz`.

use serde::Serialize;
use tera::Context;

use super::nav::{self, NavItem, Section};
use crate::config::Config;
use crate::fingerprint::fingerprint;
use crate::quiz::card::{self, Placement};
use crate::quiz::{Kind, quiz_page_anchor};
use crate::site::{NavNode, Neighbour, Site};

/// What every template sees as `site`.
#[derive(Debug, Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub author: &'a str,
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    /// The number of pages besides the home page.
    pub page_count: usize,
    /// The number of quiz items in the book.
    pub quiz_count: usize,
    /// How many review cards the book has.
    pub card_count: usize,
    /// A big book's sidebar lists only the current part's pages, so that
    /// every page does not carry the whole book.
    pub compact_nav: bool,
    /// The progress keys of every quiz item, space separated.
    pub quiz_keys: String,
}

/// A link to a page with its title.
#[derive(Debug, Serialize)]
pub struct PageLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

/// What a page template sees as `page`.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    /// The id of the title's heading, when the note's leading `# H1` is
    /// the title: links written for the note (`#docker`) reach it.
    pub title_id: Option<&'a str>,
    pub description: &'a str,
    /// This page, relative to the site root.
    pub path: &'a str,
    /// The absolute address of this page, when `base_url` is set.
    pub canonical_url: Option<String>,
    /// The note it comes from (`notes/a.md`), or `None` for generated pages.
    pub source_path: Option<String>,
    pub content: std::borrow::Cow<'a, str>,
    /// Whether the content has highlighted code (and needs `highlight.css`).
    pub has_code: bool,
    /// Whether the page shows quiz cards (and needs `quiz.js`).
    pub has_quiz: bool,
    /// Whether the page has tabs (and needs `tabs.js`).
    pub has_tabs: bool,
    /// Whether the page has review cards: it loads the recall control.
    pub has_cards: bool,
    /// Whether the page has formulas (and needs `math.css`).
    pub has_math: bool,
    pub toc: Vec<Section<'a>>,
    pub breadcrumbs: Vec<PageLink<'a>>,
    pub prev: Option<PageLink<'a>>,
    pub next: Option<PageLink<'a>>,
    pub date: Option<&'a str>,
    pub tags: Vec<&'a str>,
    pub categories: &'a [String],
    /// For a part's own page: the entries of the part.
    pub children: Vec<NavItem<'a>>,
}

/// What `quiz.html` sees as `quiz`.
#[derive(Debug, Serialize)]
pub struct QuizContext<'a> {
    pub total: usize,
    /// How many items an exam can draw from (those with options), and how
    /// many it draws unless the reader says otherwise.
    pub exam_total: usize,
    pub exam_default: usize,
    pub chapters: Vec<QuizChapter<'a>>,
}

/// A chapter's items on the quiz page.
#[derive(Debug, Serialize)]
pub struct QuizChapter<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub items: Vec<QuizCard<'a>>,
    /// Items with options: an exam draws from these.
    pub exam_items: usize,
}

/// One item on the quiz page: its card's HTML (print with `| safe`).
#[derive(Debug, Serialize)]
pub struct QuizCard<'a> {
    pub id: &'a str,
    pub card_html: String,
}

/// How many questions an exam draws unless the reader says otherwise.
const EXAM_DEFAULT_QUESTIONS: usize = 10;

/// Above this many pages the sidebar shows other parts folded to a link.
pub const COMPACT_NAV_PAGES: usize = 150;

/// Builds the contexts of a site's pages.
/// What a page the tool makes holds, for the stylesheets and scripts it
/// loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    Nothing,
    /// Quiz cards, to check (`quiz.js`).
    QuizCards,
    /// Questions and answers to show, with code and formulas, but no quiz.
    Answers,
}

pub struct ContextBuilder<'a> {
    pub(super) site: &'a Site,
    pub(super) config: &'a Config,
    base: Context,
    /// The whole navigation, for the home page's table of contents.
    nav: Vec<NavItem<'a>>,
    /// The navigation without each chapter's sections, which only the
    /// home page shows: what the other pages get, as every page's context
    /// holds a copy.
    sidebar: Vec<NavItem<'a>>,
    /// In a big book, the navigation as each page's sidebar shows it: one
    /// variant per top-level entry, with only that entry's subtree, so
    /// that no page's context carries the whole book. The last variant
    /// has every part folded.
    folded: Option<Vec<Vec<NavItem<'a>>>>,
    /// The top-level entry that holds each page, by page index.
    top_level: Vec<Option<usize>>,
    /// A hash of what every page shows of the whole book (the navigation,
    /// the site's settings): pages need rendering again when it changes.
    signature: u64,
}

const HOME_PATH: &str = "index.html";

impl<'a> ContextBuilder<'a> {
    pub fn new(site: &'a Site, config: &'a Config) -> Self {
        let mut base = Context::new();
        base.insert(
            "site",
            &SiteContext {
                title: &config.title,
                description: &config.description,
                author: &config.author,
                language: &config.language,
                base_url: config.base_url.as_deref(),
                page_count: site.reading_order.len(),
                compact_nav: site.reading_order.len() > COMPACT_NAV_PAGES,
                quiz_count: site.quiz_items().count(),
                card_count: crate::cards::export::count(site),
                quiz_keys: site
                    .quiz_items()
                    .map(|(_, item)| item.progress_key())
                    .collect::<Vec<_>>()
                    .join(" "),
            },
        );
        base.insert("ui", &config.ui);
        let nav = nav::nav_items(site, &site.nav);
        let compact = site.reading_order.len() > COMPACT_NAV_PAGES;
        let sidebar = nav::without_sections(&nav);
        let folded = compact.then(|| nav::fold_variants(&sidebar));
        let mut top_level = vec![None; site.pages.len()];
        for (position, node) in site.nav.iter().enumerate() {
            mark_top_level(node, position, &mut top_level);
        }
        let signature = fingerprint(|hasher| {
            use std::hash::Hash;
            serde_json::to_string(&base.clone().into_json())
                .unwrap_or_default()
                .hash(hasher);
            serde_json::to_string(&nav).unwrap_or_default().hash(hasher);
            // Previous and next links name their neighbours.
            for &i in &site.reading_order {
                site.pages[i].title.hash(hasher);
            }
        });
        ContextBuilder {
            site,
            config,
            base,
            nav,
            sidebar,
            folded,
            top_level,
            signature,
        }
    }

    /// The navigation a page's context gets: all of it in a small book; in
    /// a big one, the fold variant of the page's top-level entry.
    fn nav_for(&self, page: Option<usize>) -> &[NavItem<'a>] {
        match &self.folded {
            None => &self.sidebar,
            Some(variants) => {
                let variant = page
                    .and_then(|p| self.top_level[p])
                    .unwrap_or(variants.len() - 1);
                &variants[variant]
            }
        }
    }

    /// See the `signature` field.
    pub fn signature(&self) -> u64 {
        self.signature
    }

    fn canonical_url(&self, path: &str) -> Option<String> {
        let base = self.config.base_url.as_deref()?;
        Some(format!("{base}/{}", crate::links::encode_path(path)))
    }

    fn with_page(&self, page: &PageContext<'_>, root: &str, nav: &[NavItem<'_>]) -> Context {
        let mut context = self.base.clone();
        context.insert("page", page);
        context.insert("root", root);
        context.insert("nav", nav);
        context.insert(
            "nav_html",
            &nav::nav_html(nav, page.path, root, self.folded.is_some()),
        );
        context
    }

    /// The home page: the book's title, its `notes/index.md` if any, and the
    /// whole table of contents (in `nav`).
    pub fn home(&self) -> Context {
        let home = self.site.home.map(|i| &self.site.pages[i]);
        let (_, next) = self.site.neighbours(None);
        let page = PageContext {
            title: &self.config.title,
            title_id: home.and_then(|p| p.rendered.title_heading.as_ref().map(|h| h.id.as_str())),
            description: &self.config.description,
            path: HOME_PATH,
            canonical_url: self.canonical_url(HOME_PATH),
            source_path: home.map(|p| p.source.display_path().display().to_string()),
            content: self
                .site
                .home
                .map_or("".into(), |i| self.site.content_of(i)),
            has_code: home.is_some_and(|p| p.rendered.has_highlighted_code),
            has_quiz: home.is_some_and(|p| !p.rendered.quiz_items.is_empty()),
            has_tabs: home.is_some_and(|p| p.rendered.has_tabs),
            has_cards: home.is_some_and(|p| !p.rendered.cards.is_empty()),
            has_math: home.is_some_and(|p| p.rendered.has_math),
            toc: home
                .map(|p| nav::toc(&p.rendered.headings))
                .unwrap_or_default(),
            breadcrumbs: vec![],
            prev: None,
            next: self.link(next),
            date: None,
            tags: vec![],
            categories: &[],
            children: vec![],
        };
        self.with_page(&page, "", &self.nav)
    }

    /// The page at `position` in the reading order.
    pub fn chapter(&self, position: usize) -> Context {
        let index = self.site.reading_order[position];
        let page = &self.site.pages[index];
        let (prev, next) = self.site.neighbours(Some(position));
        let mut breadcrumbs = vec![PageLink {
            title: &self.config.ui.home,
            url: HOME_PATH,
        }];
        for (title, part_page) in self.site.ancestors(index) {
            breadcrumbs.push(PageLink {
                title,
                url: part_page.map_or("", |p| self.site.pages[p].output_path.as_str()),
            });
        }
        let children = part_children(self.site, index)
            .map(|nodes| nav::nav_items(self.site, nodes))
            .unwrap_or_default();
        let context = PageContext {
            title: &page.title,
            title_id: page.rendered.title_heading.as_ref().map(|h| h.id.as_str()),
            description: page
                .source
                .front
                .description
                .as_deref()
                .unwrap_or(&page.rendered.summary),
            path: &page.output_path,
            canonical_url: self.canonical_url(&page.output_path),
            source_path: Some(page.source.display_path().display().to_string()),
            content: self.site.content_of(index),
            has_code: page.rendered.has_highlighted_code,
            has_quiz: !page.rendered.quiz_items.is_empty(),
            has_tabs: page.rendered.has_tabs,
            has_cards: !page.rendered.cards.is_empty(),
            has_math: page.rendered.has_math,
            toc: nav::toc(&page.rendered.headings),
            breadcrumbs,
            prev: self.link(prev),
            next: self.link(next),
            date: page.source.front.date.as_deref(),
            tags: page
                .source
                .front
                .tags
                .iter()
                .chain(
                    page.rendered
                        .tags
                        .iter()
                        .filter(|t| !page.source.front.tags.contains(t)),
                )
                .map(String::as_str)
                .collect(),
            categories: &page.source.front.categories,
            children,
        };
        self.with_page(
            &context,
            &crate::links::root_prefix(&page.output_path),
            self.nav_for(Some(index)),
        )
    }

    /// A page the tool makes itself (`quiz.html`, `review.html`,
    /// `404.html`).
    pub fn generated(&self, title: &str, path: &str, root: &str, holds: Holds) -> Context {
        let has_questions = holds != Holds::Nothing;
        let has_quiz = holds == Holds::QuizCards;
        let page = PageContext {
            title,
            title_id: None,
            description: "",
            path,
            canonical_url: self.canonical_url(path),
            source_path: None,
            content: "".into(),
            // Questions and answers may hold code and formulas.
            has_code: has_questions,
            has_quiz,
            has_tabs: false,
            has_cards: false,
            has_math: has_questions,
            toc: vec![],
            breadcrumbs: vec![PageLink {
                title: &self.config.ui.home,
                url: HOME_PATH,
            }],
            prev: None,
            next: None,
            date: None,
            tags: vec![],
            categories: &[],
            children: vec![],
        };
        self.with_page(&page, root, self.nav_for(None))
    }

    /// The quiz page: every item, grouped by chapter in reading order, as
    /// cards linking back to their place.
    pub fn quiz_page(&self) -> Context {
        let mut chapters: Vec<QuizChapter<'_>> = Vec::new();
        for (page, item) in self.site.quiz_items() {
            if chapters.last().is_none_or(|c| c.url != page.output_path) {
                chapters.push(QuizChapter {
                    title: &page.title,
                    url: &page.output_path,
                    items: Vec::new(),
                    exam_items: 0,
                });
            }
            let anchor = quiz_page_anchor(&item.id);
            let back = format!(
                "{}#{}",
                crate::links::href_path(&page.output_path),
                item.anchor
            );
            let card_html = card::html(
                item,
                &item.from_root,
                &Placement {
                    anchor: &anchor,
                    link_href: &back,
                    link_label: &self.config.ui.quiz_back,
                    stem_repeats_heading: false,
                },
                &self.config.ui,
            );
            let chapter = chapters.last_mut().expect("pushed above");
            chapter.exam_items += usize::from(item.kind != Kind::Reveal);
            chapter.items.push(QuizCard {
                id: &item.id,
                card_html,
            });
        }
        let exam_total = chapters.iter().map(|c| c.exam_items).sum();
        let holds = if chapters.is_empty() {
            Holds::Nothing
        } else {
            Holds::QuizCards
        };
        let mut context = self.generated(&self.config.ui.quiz, "quiz.html", "", holds);
        context.insert(
            "quiz",
            &QuizContext {
                total: chapters.iter().map(|c| c.items.len()).sum(),
                exam_total,
                exam_default: exam_total.min(EXAM_DEFAULT_QUESTIONS),
                chapters,
            },
        );
        context
    }

    fn link(&self, neighbour: Neighbour) -> Option<PageLink<'a>> {
        match neighbour {
            Neighbour::None => None,
            Neighbour::Home => Some(PageLink {
                title: &self.config.title,
                url: HOME_PATH,
            }),
            Neighbour::Page(i) => Some(PageLink {
                title: &self.site.pages[i].title,
                url: &self.site.pages[i].output_path,
            }),
        }
    }
}

/// Marks each page of `node` with `position`, the top-level entry it is in.
fn mark_top_level(node: &NavNode, position: usize, top_level: &mut [Option<usize>]) {
    match node {
        NavNode::Chapter(i) => top_level[*i] = Some(position),
        NavNode::Part { page, children, .. } => {
            if let Some(p) = page {
                top_level[*p] = Some(position);
            }
            for child in children {
                mark_top_level(child, position, top_level);
            }
        }
    }
}

/// The entries of the part whose own page is `page`, if it is one.
fn part_children(site: &Site, page: usize) -> Option<&[NavNode]> {
    fn find(nodes: &[NavNode], page: usize) -> Option<&[NavNode]> {
        nodes.iter().find_map(|node| match node {
            NavNode::Part {
                page: Some(p),
                children,
                ..
            } if *p == page => Some(children.as_slice()),
            NavNode::Part { children, .. } => find(children, page),
            NavNode::Chapter(_) => None,
        })
    }
    find(&site.nav, page)
}
