//! What single events become: links (note links rewritten to pages),
//! images, code blocks, formulas and admonition titles.

use pulldown_cmark::{BlockQuoteKind, CowStr};

use super::NoteLink;
use super::admonitions::{self, Fold, Kind};
use super::body::Body;
use super::hidden_lines::{self, HiddenLines};
use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::highlight::fence_language;
use crate::link_index::{Found, Lookup};
use crate::links::{LinkTarget, book_path_of, classify, root_prefix};
use crate::math::to_mathml;

impl Body<'_, '_> {
    /// An `<a>` tag: note links rewritten to pages, other hosts marked.
    pub(super) fn link_open(
        &mut self,
        dest: &CowStr<'_>,
        title: &CowStr<'_>,
        offset: usize,
    ) -> String {
        if self.refuses_script(dest, false, offset) {
            return "<a>".into();
        }
        let href = self.rewrite_link(dest, offset);
        let href = self.rebase(&href);
        let mut html = String::from("<a href=\"");
        escape::href(&mut html, &href);
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape::html(&mut html, title);
            html.push('"');
        }
        if href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//") {
            html.push_str(" class=\"external\"");
        }
        html.push('>');
        html
    }

    /// Whether `dest` would run a script (`javascript:` and the like): such
    /// a link or image is written without its address, as GitHub does, and
    /// the author is told where it is.
    fn refuses_script(&mut self, dest: &str, image: bool, offset: usize) -> bool {
        let Some(scheme) = crate::links::script_scheme(dest, image) else {
            return false;
        };
        let (line, column) = self.file_line(offset);
        let what = if image { "image" } else { "link" };
        self.rendered.diagnostics.push(
            Diagnostic::warning(
                self.note.display_path(),
                format!("a `{scheme}` address can run a script; the page shows this {what} without it"),
            )
            .at(line, column)
            .with_help("a page never runs scripts from a note's links (GitHub drops them too); link to a page or a web address"),
        );
        true
    }

    /// A URL relative to the note made relative to the site root, when this
    /// body is rendered for a page at the root (the quiz page).
    pub(super) fn rebase(&self, url: &str) -> String {
        match self.url_base {
            Some(page) => crate::links::relative_to_root(url, page),
            None => url.to_string(),
        }
    }

    /// Rewrites a link to a note as a link to its page and records it for
    /// the site to check; warns about links out of the book.
    fn rewrite_link(&mut self, dest: &str, offset: usize) -> String {
        let (line, column) = self.file_line(offset);
        match classify(&self.note.rel_path, dest) {
            LinkTarget::Note {
                rel_path,
                fragment,
                href,
            } => {
                // Obsidian finds a note by its name when the path misses.
                let (rel_path, href) = match self.named_elsewhere(&rel_path, dest, true) {
                    Some((found, page_href)) => {
                        let fragment = dest.split_once('#').map(|(_, f)| f);
                        let href = match fragment {
                            Some(fragment) => format!("{page_href}#{fragment}"),
                            None => page_href,
                        };
                        (found, href)
                    }
                    None => (rel_path, href),
                };
                self.rendered.links.push(NoteLink {
                    target: rel_path,
                    fragment,
                    href: href.clone(),
                    line,
                    column,
                });
                href
            }
            LinkTarget::SamePage { fragment } => {
                self.rendered.links.push(NoteLink {
                    target: self.note.rel_path.clone(),
                    fragment: Some(fragment),
                    href: dest.to_string(),
                    line,
                    column,
                });
                dest.to_string()
            }
            LinkTarget::OutsideBook => {
                self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        self.note.display_path(),
                        format!("link to `{dest}` points outside the notes folder"),
                    )
                    .at(line, column)
                    .with_help("only notes inside `notes/` become pages of the site"),
                );
                dest.to_string()
            }
            LinkTarget::File => match self.unsuffixed_note_link(dest) {
                Some((index, fragment, href)) => {
                    self.rendered.links.push(NoteLink {
                        target: index,
                        fragment,
                        href: href.clone(),
                        line,
                        column,
                    });
                    href
                }
                None => dest.to_string(),
            },
            LinkTarget::External => dest.to_string(),
        }
    }

    /// When `rel_path`, where a link written `dest` leads, holds no note
    /// (or file), the one that Obsidian would find by the link's name, and
    /// the link to its page (or to it) from this note.
    pub(super) fn named_elsewhere(
        &mut self,
        rel_path: &str,
        dest: &str,
        is_note: bool,
    ) -> Option<(String, String)> {
        let links = self.options.links;
        if (is_note && links.has_note(rel_path)) || (!is_note && links.has_file(rel_path)) {
            return None;
        }
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let name = path
            .split('/')
            .filter(|part| !matches!(*part, "" | "." | ".."))
            .collect::<Vec<_>>()
            .join("/");
        let lookup = if is_note {
            Lookup::Note(name)
        } else {
            Lookup::File(name)
        };
        let found = self.look_up(lookup).one()?.to_string();
        let target = if is_note {
            crate::content::note_output_path(&found)
        } else {
            found.clone()
        };
        let href = format!("{}{}", root_prefix(&self.note.output_path()), target);
        Some((found, href))
    }

    /// What `lookup` finds in the book, kept with the note so that a
    /// rebuild renders it again when it would find something else.
    pub(super) fn look_up(&mut self, lookup: Lookup) -> Found {
        let found = self.options.links.find(&lookup);
        self.rendered.lookups.push((lookup, found.clone()));
        found
    }

    /// A link that names a note without its `.md`: a folder that has a
    /// page of its own (`java/`, as GitHub opens a folder's README), or a
    /// note (`./proxy`, as VuePress and docsify write). Returns the note,
    /// the link's fragment, and the page link, which works from disk too.
    fn unsuffixed_note_link(&mut self, dest: &str) -> Option<(String, Option<String>, String)> {
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (dest, None),
        };
        if path.contains('?') {
            return None;
        }
        let named = book_path_of(&self.note.rel_path, path)?;
        let target = self.look_up(Lookup::Unsuffixed(named.clone()));
        let target = target.one()?;
        let mut href = path.to_string();
        if target.strip_suffix(".md") == Some(named.as_str()) {
            href.push_str(".html");
        } else {
            if !href.is_empty() && !href.ends_with('/') {
                href.push('/');
            }
            href.push_str("index.html");
        }
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        let fragment = fragment
            .map(|f| {
                percent_encoding::percent_decode_str(f)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .filter(|f| !f.is_empty());
        Some((target.to_string(), fragment, href))
    }

    /// An `<img>` that loads lazily, with its size when the file can be read.
    pub(super) fn image(&mut self, dest: &str, title: &str, alt: &str, offset: usize) -> String {
        self.sized_image(dest, title, alt, offset, None)
    }

    /// [`Self::image`] at the `size` the author asked for (`width`, and
    /// `height` or the image's proportion), if any.
    pub(super) fn sized_image(
        &mut self,
        dest: &str,
        title: &str,
        alt: &str,
        offset: usize,
        size: Option<(u32, Option<u32>)>,
    ) -> String {
        if self.refuses_script(dest, true, offset) {
            let mut html = String::from("<img alt=\"");
            escape::html(&mut html, alt);
            html.push_str("\">");
            return html;
        }
        let mut src = dest.to_string();
        let mut file = None;
        if let LinkTarget::File = classify(&self.note.rel_path, dest) {
            let at = crate::links::book_path_of(&self.note.rel_path, dest);
            // Obsidian finds an image by its name when the path misses.
            let found = at
                .as_deref()
                .and_then(|at| self.named_elsewhere(at, dest, false));
            let path = match found {
                Some((found, href)) => {
                    src = href;
                    Some(found)
                }
                None => at,
            };
            file = Some(path.and_then(|p| self.options.assets.get(&p)));
        }
        let mut html = String::from("<img src=\"");
        escape::href(&mut html, &self.rebase(&src));
        html.push_str("\" alt=\"");
        escape::html(&mut html, alt);
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape::html(&mut html, title);
            html.push('"');
        }
        let natural = file.flatten().and_then(|path| imagesize::size(path).ok());
        let shown = match (size, natural) {
            (Some((width, Some(height))), _) => Some((width as usize, height as usize)),
            (Some((width, None)), Some(natural)) if natural.width > 0 => Some((
                width as usize,
                (natural.height * width as usize).div_ceil(natural.width),
            )),
            (Some((width, None)), _) => {
                html.push_str(&format!(" width=\"{width}\""));
                None
            }
            (None, natural) => natural.map(|size| (size.width, size.height)),
        };
        if let Some((width, height)) = shown {
            html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        if file == Some(None) {
            let (line, column) = self.file_line(offset);
            self.rendered.diagnostics.push(
                Diagnostic::warning(
                    self.note.display_path(),
                    format!("image `{dest}` not found"),
                )
                .at(line, column)
                .with_help("image paths are relative to the note; put the file under `notes/`"),
            );
        }
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
        html
    }

    /// A fenced or indented code block, highlighted when its language is known.
    pub(super) fn code_block(&mut self, info: &str, code: &str) -> String {
        let language = fence_language(info);
        let hidden = hidden_lines::split(language, code);
        let program = hidden.as_ref().map_or(code, |lines| lines.program.as_str());
        let mut code_html = match self.options.highlights.highlight(language, program) {
            Some(highlighted) => {
                self.rendered.has_highlighted_code = true;
                highlighted
            }
            None => {
                let mut plain = String::with_capacity(program.len());
                escape::html_text(&mut plain, program);
                plain
            }
        };
        let mut html = String::from("<pre class=\"code-block");
        if let Some(lines) = hidden.filter(HiddenLines::hides_any) {
            code_html = lines.mark(&code_html);
            html.push_str(" has-hidden-lines\" data-show-label=\"");
            escape::html(&mut html, &self.options.ui.show_hidden_lines);
            html.push_str("\" data-hide-label=\"");
            escape::html(&mut html, &self.options.ui.hide_hidden_lines);
        }
        html.push('"');
        if !language.is_empty() {
            html.push_str(" data-lang=\"");
            escape::html(&mut html, language);
            html.push('"');
        }
        html.push_str("><code");
        if !language.is_empty() {
            html.push_str(" class=\"language-");
            escape::html(&mut html, language);
            html.push('"');
        }
        html.push('>');
        html.push_str(&code_html);
        html.push_str("</code></pre>\n");
        match fence_title(info) {
            Some(title) => {
                let mut figure = String::from(
                    "<figure class=\"code-figure\">\n<figcaption class=\"code-title\">",
                );
                escape::html(&mut figure, title);
                figure.push_str("</figcaption>\n");
                figure.push_str(&html);
                figure.push_str("</figure>\n");
                figure
            }
            None => html,
        }
    }

    /// MathML for a formula, or its escaped source and a warning.
    pub(super) fn math(&mut self, tex: &str, display: bool, offset: usize) -> String {
        self.rendered.has_math = true;
        match to_mathml(tex, display) {
            Ok(mathml) if display => format!("<span class=\"math-display\">{mathml}</span>"),
            // A long inline formula scrolls within itself rather than
            // widen a phone's page.
            Ok(mathml) if tex.chars().count() > WIDE_INLINE_FORMULA => {
                format!("<span class=\"math-inline-wide\">{mathml}</span>")
            }
            Ok(mathml) => mathml,
            Err(error) => {
                // At the command at fault, when it can be found after the `$`.
                let at = error
                    .at
                    .as_deref()
                    .and_then(|token| self.note.body.get(offset..)?.find(token))
                    .map_or(offset, |found| offset + found);
                let (line, column) = self.file_line(at);
                self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        self.note.display_path(),
                        format!("this formula cannot be rendered: {error}"),
                    )
                    .at(line, column)
                    .with_help("the page shows the formula's source instead"),
                );
                let delimiter = if display { "$$" } else { "$" };
                let mut html = String::from("<code class=\"math-error\">");
                escape::html_text(&mut html, &format!("{delimiter}{tex}{delimiter}"));
                html.push_str("</code>");
                html
            }
        }
    }

    pub(super) fn alert_open(&self, kind: BlockQuoteKind) -> String {
        let name = match kind {
            BlockQuoteKind::Note => "note",
            BlockQuoteKind::Tip => "tip",
            BlockQuoteKind::Important => "important",
            BlockQuoteKind::Warning => "warning",
            BlockQuoteKind::Caution => "caution",
        };
        admonitions::open(&Kind::named(name), None, Fold::None, self.options.ui)
    }
}

/// How many characters of TeX an inline formula has before it may be too
/// wide for a phone's column (about 20 symbols at 360 px).
const WIDE_INLINE_FORMULA: usize = 30;

/// The title a fence's info string gives its block (MkDocs:
/// ```` ```python title="array.py" ````).
fn fence_title(info: &str) -> Option<&str> {
    let at = info.find("title=")?;
    let rest = &info[at + "title=".len()..];
    let title = match rest.strip_prefix(['"', '\'']) {
        Some(quoted) => {
            let quote = rest.as_bytes()[0] as char;
            &quoted[..quoted.find(quote)?]
        }
        None => rest.split_whitespace().next()?,
    };
    (!title.trim().is_empty()).then_some(title.trim())
}
