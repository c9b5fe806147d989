//! Pages through Tera: the theme's templates (embedded, or the site's own),
//! and the plain, serialisable contexts they receive. The README lists the
//! variables each template gets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::Heading;
use crate::quiz::card::{self, Placement};
use crate::quiz::{QuizItem, quiz_page_anchor};
use crate::site::{NavNode, Neighbour, Page, Site};
use crate::theme::{TEMPLATES, TEMPLATES_DIR};

/// The Tera environment with the theme loaded.
pub struct Renderer {
    tera: Tera,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
    /// A hash of every template's text, to tell when pages need rendering
    /// again.
    fingerprint: u64,
}

impl Renderer {
    /// Loads the embedded templates, then the site's `templates/` over them.
    pub fn new(root: &Path) -> Result<Renderer, Diagnostic> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = TEMPLATES
            .iter()
            .map(|(name, text)| {
                let origin = PathBuf::from(format!("<built-in theme>/{TEMPLATES_DIR}/{name}"));
                (name.to_string(), (origin, text.to_string()))
            })
            .collect();
        for (name, path) in crate::theme::site_files(root, TEMPLATES_DIR)? {
            let origin = Path::new(TEMPLATES_DIR).join(&name);
            let text = std::fs::read_to_string(&path).map_err(|error| {
                Diagnostic::error(&origin, format!("cannot read the template: {error}"))
            })?;
            sources.insert(name, (origin, text));
        }
        let origins = sources
            .iter()
            .map(|(name, (origin, _))| (name.clone(), origin.clone()))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera escapes `/` too, which is valid but turns every link into
        // `..&#x2F;`; escape only what HTML needs.
        tera.set_escape_fn(escape_html);
        let renderer_error = |error: tera::Error, origins: &BTreeMap<String, PathBuf>| {
            template_diagnostic(&error, origins)
        };
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        )
        .map_err(|error| renderer_error(error, &origins))?;
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            for (name, (_, text)) in &sources {
                name.hash(&mut hasher);
                text.hash(&mut hasher);
            }
            hasher.finish()
        };
        Ok(Renderer {
            tera,
            origins,
            fingerprint,
        })
    }

    /// See the `fingerprint` field.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Renders one template with a context.
    pub fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        let mut page = self
            .tera
            .render(template, context)
            .map_err(|error| template_diagnostic(&error, &self.origins))?;
        // Pages are held until they are written: without spare capacity.
        page.shrink_to_fit();
        Ok(page)
    }
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut escaped, text)
        .expect("writing to a String cannot fail");
    escaped
}

/// The sidebar's navigation as HTML (`nav_html` in templates): parts fold
/// open around the current page, which is marked; in a compact book only
/// the current part is listed in full. Built here rather than by a
/// recursive Tera macro, which took nearly a third of a build's
/// instructions on the rust book. `nav` is the navigation the page's
/// context holds.
fn nav_html(nav: &tera::Value, current: &str, root: &str, compact: bool) -> String {
    let mut html = String::with_capacity(4096);
    push_nav_list(&mut html, nav, current, &escape_html(root), compact);
    html
}

fn push_nav_list(html: &mut String, items: &tera::Value, current: &str, root: &str, compact: bool) {
    html.push_str("<ul class=\"nav-list\">");
    for item in items.as_array().into_iter().flatten() {
        let text = |key: &str| {
            item.get(key)
                .and_then(tera::Value::as_str)
                .filter(|text| !text.is_empty())
        };
        let title = escape_html(text("title").unwrap_or_default());
        let folder = text("folder");
        let inside = folder.is_some_and(|folder| {
            current
                .strip_prefix(folder)
                .is_some_and(|rest| rest.starts_with('/'))
        });
        let link = |html: &mut String, url: &str| {
            html.push_str("<a href=\"");
            html.push_str(root);
            html.push_str(&escape_html(url));
            html.push('"');
            if url == current {
                html.push_str(" aria-current=\"page\"");
            }
            if let Some(keys) = text("quiz_keys") {
                html.push_str(" data-quiz-keys=\"");
                html.push_str(&escape_html(keys));
                html.push('"');
            }
            html.push('>');
            html.push_str(&title);
            html.push_str("</a>");
        };
        let children = item
            .get("children")
            .filter(|children| children.as_array().is_some_and(|c| !c.is_empty()));
        if let Some(children) = children.filter(|_| !compact || inside) {
            html.push_str("\n<li class=\"nav-part\">\n<details");
            if inside {
                html.push_str(" open");
            }
            html.push_str(">\n<summary>");
            match text("url") {
                Some(url) => link(html, url),
                None => {
                    html.push_str("<span>");
                    html.push_str(&title);
                    html.push_str("</span>");
                }
            }
            html.push_str("</summary>\n");
            push_nav_list(html, children, current, root, compact);
            html.push_str("\n</details>\n</li>");
        } else if let Some(first_url) = text("first_url") {
            html.push_str(if folder.is_some() {
                "\n<li class=\"nav-part nav-part-folded\">"
            } else {
                "\n<li>"
            });
            link(html, first_url);
            html.push_str("</li>");
        } else {
            html.push_str("\n<li><span>");
            html.push_str(&title);
            html.push_str("</span></li>");
        }
    }
    html.push_str("\n</ul>");
}

/// Turns a Tera error into a diagnostic naming the template file and, for
/// syntax errors, the line and column.
fn template_diagnostic(error: &tera::Error, origins: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        messages.push(inner.to_string());
        source = inner.source();
    }
    let full = messages.join("\n");
    let template = messages
        .iter()
        .find_map(|m| quoted_name(m))
        .unwrap_or_default();
    let path = origins
        .get(&template)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(TEMPLATES_DIR).join(&template));
    let location = full.lines().find_map(|line| {
        let (line_number, column) = line.trim().strip_prefix("--> ")?.split_once(':')?;
        Some((line_number.parse().ok()?, column.trim().parse().ok()?))
    });
    let detail: Vec<&str> = full
        .lines()
        .filter(|line| {
            let line = line.trim();
            !line.is_empty()
                && !line.starts_with("-->")
                && !line.starts_with('|')
                && !line.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|line| line.trim().trim_start_matches("= ").trim())
        .collect();
    let mut diagnostic = Diagnostic::error(path, format!("template error: {}", detail.join(": ")));
    if let Some((line, column)) = location {
        diagnostic = diagnostic.at(line, column);
    }
    diagnostic
}

/// The first `'name'` or `"name"` in a Tera message.
fn quoted_name(message: &str) -> Option<String> {
    for quote in ['\'', '"', '`'] {
        let start = message.find(quote)? + 1;
        if let Some(length) = message[start..].find(quote) {
            let name = &message[start..start + length];
            if name.contains('.') {
                return Some(name.to_string());
            }
        }
    }
    None
}

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
    /// A big book's sidebar lists only the current part's pages, so that
    /// every page does not carry the whole book.
    pub compact_nav: bool,
    /// The progress keys of every quiz item, space separated.
    pub quiz_keys: String,
}

/// An entry of the navigation tree (`nav`).
#[derive(Debug, Serialize)]
pub struct NavItem<'a> {
    pub title: &'a str,
    /// The page, relative to the site root; `None` for a part without one.
    pub url: Option<&'a str>,
    /// The page to open for this entry: its own, or a part's first page.
    pub first_url: Option<&'a str>,
    /// The folder, for parts: a page is inside when its path starts with it.
    pub folder: Option<&'a str>,
    pub children: Vec<NavItem<'a>>,
    /// The chapter's top sections, for a full table of contents.
    pub sections: Vec<Section<'a>>,
    /// The progress keys (`id|version`) of the page's quiz items, space
    /// separated, for the reader's progress; empty without items.
    pub quiz_keys: String,
}

/// A heading in a table of contents.
#[derive(Debug, Serialize)]
pub struct Section<'a> {
    pub title: &'a str,
    pub id: &'a str,
    pub level: u8,
    pub children: Vec<Section<'a>>,
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
    pub description: &'a str,
    /// This page, relative to the site root.
    pub path: &'a str,
    /// The absolute address of this page, when `base_url` is set.
    pub canonical_url: Option<String>,
    /// The note it comes from (`notes/a.md`), or `None` for generated pages.
    pub source_path: Option<String>,
    pub content: &'a str,
    /// Whether the content has highlighted code (and needs `highlight.css`).
    pub has_code: bool,
    /// Whether the page shows quiz cards (and needs `quiz.js`).
    pub has_quiz: bool,
    pub toc: Vec<Section<'a>>,
    pub breadcrumbs: Vec<PageLink<'a>>,
    pub prev: Option<PageLink<'a>>,
    pub next: Option<PageLink<'a>>,
    pub date: Option<&'a str>,
    pub tags: &'a [String],
    pub categories: &'a [String],
    /// For a part's own page: the entries of the part.
    pub children: Vec<NavItem<'a>>,
}

/// What `quiz.html` sees as `quiz`.
#[derive(Debug, Serialize)]
pub struct QuizContext<'a> {
    pub total: usize,
    pub chapters: Vec<QuizChapter<'a>>,
}

/// A chapter's items on the quiz page.
#[derive(Debug, Serialize)]
pub struct QuizChapter<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub items: Vec<QuizCard<'a>>,
}

/// One item on the quiz page: its card's HTML (print with `| safe`).
#[derive(Debug, Serialize)]
pub struct QuizCard<'a> {
    pub id: &'a str,
    pub card_html: String,
}

/// Above this many pages the sidebar shows other parts folded to a link.
pub const COMPACT_NAV_PAGES: usize = 150;

/// Builds the contexts of a site's pages.
pub struct ContextBuilder<'a> {
    site: &'a Site,
    config: &'a Config,
    base: Context,
    /// The whole navigation, for the home page's table of contents.
    nav: tera::Value,
    /// The navigation without each chapter's sections, which only the
    /// home page shows: what the other pages get, as every page's context
    /// holds a copy.
    sidebar: tera::Value,
    /// In a big book, the navigation as each page's sidebar shows it: one
    /// variant per top-level entry, with only that entry's subtree, so
    /// that no page's context carries the whole book. The last variant
    /// has every part folded.
    folded: Option<Vec<tera::Value>>,
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
                quiz_keys: site
                    .quiz_items()
                    .map(|(_, item)| item.progress_key())
                    .collect::<Vec<_>>()
                    .join(" "),
            },
        );
        base.insert("ui", &config.ui);
        let items = nav_items(site, &site.nav);
        let nav = serde_json::to_value(&items).unwrap_or_default();
        let compact = site.reading_order.len() > COMPACT_NAV_PAGES;
        let sidebar = without_sections(&nav);
        let folded = compact.then(|| fold_variants(&sidebar));
        let mut top_level = vec![None; site.pages.len()];
        for (position, node) in site.nav.iter().enumerate() {
            mark_top_level(node, position, &mut top_level);
        }
        let signature = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            serde_json::to_string(&base.clone().into_json())
                .unwrap_or_default()
                .hash(&mut hasher);
            serde_json::to_string(&nav)
                .unwrap_or_default()
                .hash(&mut hasher);
            // Previous and next links name their neighbours.
            for &i in &site.reading_order {
                site.pages[i].title.hash(&mut hasher);
            }
            hasher.finish()
        };
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
    fn nav_for(&self, page: Option<usize>) -> &tera::Value {
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

    fn with_page(&self, page: &PageContext<'_>, root: &str, nav: &tera::Value) -> Context {
        let mut context = self.base.clone();
        context.insert("page", page);
        context.insert("root", root);
        context.insert("nav", nav);
        context.insert(
            "nav_html",
            &nav_html(nav, page.path, root, self.folded.is_some()),
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
            description: &self.config.description,
            path: HOME_PATH,
            canonical_url: self.canonical_url(HOME_PATH),
            source_path: home.map(|p| p.source.display_path().display().to_string()),
            content: home.map_or("", |p| p.rendered.html.as_str()),
            has_code: home.is_some_and(|p| p.rendered.has_highlighted_code),
            has_quiz: home.is_some_and(|p| !p.rendered.quiz_items.is_empty()),
            toc: home.map(|p| toc(&p.rendered.headings)).unwrap_or_default(),
            breadcrumbs: vec![],
            prev: None,
            next: self.link(next),
            date: None,
            tags: &[],
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
            .map(|nodes| nav_items(self.site, nodes))
            .unwrap_or_default();
        let context = PageContext {
            title: &page.title,
            description: page.source.front.description.as_deref().unwrap_or(""),
            path: &page.output_path,
            canonical_url: self.canonical_url(&page.output_path),
            source_path: Some(page.source.display_path().display().to_string()),
            content: &page.rendered.html,
            has_code: page.rendered.has_highlighted_code,
            has_quiz: !page.rendered.quiz_items.is_empty(),
            toc: toc(&page.rendered.headings),
            breadcrumbs,
            prev: self.link(prev),
            next: self.link(next),
            date: page.source.front.date.as_deref(),
            tags: &page.source.front.tags,
            categories: &page.source.front.categories,
            children,
        };
        self.with_page(
            &context,
            &crate::links::root_prefix(&page.output_path),
            self.nav_for(Some(index)),
        )
    }

    /// A page the tool makes itself (`quiz.html`, `404.html`).
    pub fn generated(&self, title: &str, path: &str, root: &str, has_quiz: bool) -> Context {
        let page = PageContext {
            title,
            description: "",
            path,
            canonical_url: self.canonical_url(path),
            source_path: None,
            content: "",
            has_code: false,
            has_quiz,
            toc: vec![],
            breadcrumbs: vec![PageLink {
                title: &self.config.ui.home,
                url: HOME_PATH,
            }],
            prev: None,
            next: None,
            date: None,
            tags: &[],
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
                });
            }
            let anchor = quiz_page_anchor(&item.id);
            let back = format!("{}#{}", page.output_path, item.anchor);
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
            chapters
                .last_mut()
                .expect("pushed above")
                .items
                .push(QuizCard {
                    id: &item.id,
                    card_html,
                });
        }
        let mut context =
            self.generated(&self.config.ui.quiz, "quiz.html", "", !chapters.is_empty());
        context.insert(
            "quiz",
            &QuizContext {
                total: chapters.iter().map(|c| c.items.len()).sum(),
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

/// Each top-level entry's fold variant (only its subtree kept), then one
/// with every part folded.
/// `nav` without the `sections` of its entries.
fn without_sections(nav: &tera::Value) -> tera::Value {
    match nav {
        tera::Value::Array(items) => {
            tera::Value::Array(items.iter().map(without_sections).collect())
        }
        tera::Value::Object(item) => tera::Value::Object(
            item.iter()
                .filter(|(key, _)| *key != "sections")
                .map(|(key, value)| (key.clone(), without_sections(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn fold_variants(nav: &tera::Value) -> Vec<tera::Value> {
    let items = nav.as_array().cloned().unwrap_or_default();
    let folded: Vec<tera::Value> = items
        .iter()
        .map(|item| {
            let mut item = item.clone();
            if let Some(children) = item.get_mut("children") {
                *children = tera::Value::Array(Vec::new());
            }
            item
        })
        .collect();
    let mut variants: Vec<tera::Value> = (0..items.len())
        .map(|keep| {
            let mut variant = folded.clone();
            variant[keep] = items[keep].clone();
            tera::Value::Array(variant)
        })
        .collect();
    variants.push(tera::Value::Array(folded));
    variants
}

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

fn nav_items<'a>(site: &'a Site, nodes: &'a [NavNode]) -> Vec<NavItem<'a>> {
    nodes
        .iter()
        .map(|node| match node {
            NavNode::Chapter(i) => {
                let page = &site.pages[*i];
                NavItem {
                    title: &page.title,
                    url: Some(&page.output_path),
                    first_url: Some(&page.output_path),
                    folder: None,
                    children: vec![],
                    sections: top_sections(&page.rendered.headings),
                    quiz_keys: quiz_keys(page),
                }
            }
            NavNode::Part {
                folder,
                title,
                page,
                children,
            } => {
                let children = nav_items(site, children);
                let url = page.map(|p| site.pages[p].output_path.as_str());
                NavItem {
                    title,
                    url,
                    first_url: url.or_else(|| children.iter().find_map(|c| c.first_url)),
                    folder: Some(folder),
                    children,
                    sections: page
                        .map(|p| top_sections(&site.pages[p].rendered.headings))
                        .unwrap_or_default(),
                    quiz_keys: page.map(|p| quiz_keys(&site.pages[p])).unwrap_or_default(),
                }
            }
        })
        .collect()
}

fn quiz_keys(page: &Page) -> String {
    let keys: Vec<String> = page
        .rendered
        .quiz_items
        .iter()
        .map(QuizItem::progress_key)
        .collect();
    keys.join(" ")
}

/// The headings of the two outermost levels a note uses, nested.
fn toc(headings: &[Heading]) -> Vec<Section<'_>> {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return vec![];
    };
    let mut sections: Vec<Section<'_>> = Vec::new();
    for heading in headings.iter().filter(|h| h.level <= top + 1) {
        let section = Section {
            title: &heading.text,
            id: &heading.id,
            level: heading.level,
            children: vec![],
        };
        match sections.last_mut() {
            Some(parent) if heading.level > top => parent.children.push(section),
            _ => sections.push(section),
        }
    }
    sections
}

fn top_sections(headings: &[Heading]) -> Vec<Section<'_>> {
    toc(headings)
        .into_iter()
        .map(|section| Section {
            children: vec![],
            ..section
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sidebar_opens_the_current_part_and_marks_the_page() {
        let nav = serde_json::json!([
            {"title": "A <1>", "url": "a.html", "first_url": "a.html", "folder": null, "children": [], "quiz_keys": "a/q|1"},
            {"title": "Part", "url": null, "first_url": "p/b.html", "folder": "p", "children": [
                {"title": "B", "url": "p/b.html", "first_url": "p/b.html", "folder": null, "children": [], "quiz_keys": ""}
            ], "quiz_keys": ""},
            {"title": "Other", "url": "o/index.html", "first_url": "o/index.html", "folder": "o", "children": [
                {"title": "C", "url": "o/c.html", "first_url": "o/c.html", "folder": null, "children": [], "quiz_keys": ""}
            ], "quiz_keys": ""},
            {"title": "Pp", "url": null, "first_url": null, "folder": "pp", "children": [], "quiz_keys": ""}
        ]);
        let html = nav_html(&nav, "p/b.html", "../", false);
        assert!(
            html.contains("<a href=\"../a.html\" data-quiz-keys=\"a/q|1\">A &lt;1&gt;</a>"),
            "{html}"
        );
        assert!(
            html.contains("<details open>\n<summary><span>Part</span></summary>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"../p/b.html\" aria-current=\"page\">B</a>"),
            "{html}"
        );
        assert!(
            html.contains("<details>\n<summary><a href=\"../o/index.html\">Other</a></summary>"),
            "{html}"
        );
        assert!(html.contains("<li><span>Pp</span></li>"), "{html}");

        // A compact sidebar lists only the current part in full.
        let compact = nav_html(&nav, "p/b.html", "", true);
        assert!(compact.contains("<details open>"), "{compact}");
        assert!(!compact.contains("o/c.html"), "{compact}");
        assert!(
            compact.contains(
                "<li class=\"nav-part nav-part-folded\"><a href=\"o/index.html\">Other</a></li>"
            ),
            "{compact}"
        );
    }

    fn heading(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: id.to_uppercase(),
        }
    }

    #[test]
    fn toc_nests_the_two_outer_levels() {
        let headings = [
            heading(3, "a"),
            heading(4, "b"),
            heading(5, "c"),
            heading(3, "d"),
        ];
        let toc = toc(&headings);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 1);
        assert_eq!(toc[0].children[0].id, "b");
        assert_eq!(toc[1].id, "d");
    }

    #[test]
    fn template_syntax_error_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/chapter.html"),
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock %}\n",
        )
        .unwrap();
        let error = Renderer::new(dir.path()).err().expect("a syntax error");
        assert_eq!(error.path, Path::new("templates/chapter.html"));
        assert_eq!(error.line, Some(4), "{error:?}");
    }
}
