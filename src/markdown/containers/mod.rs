//! Admonitions written as fenced or indented containers, turned into
//! their HTML before parsing, with blank lines around it so that the body
//! between is parsed as Markdown like any other:
//!
//! - VuePress, VitePress and Docusaurus: `::: tip Title`, `:::tip[Title]`,
//!   `::: details 点击查看` (folded), closed by `:::`; an outer block
//!   nests others with a longer fence (`::::`).
//! - MkDocs (Material): `!!! tip "Title"`, `!!! note ""` (no title),
//!   `??? note` (folded), `???+ note` (folded, open), the body indented
//!   four spaces.
//! - Hexo (NexT, Butterfly): `{% note info %}` … `{% endnote %}`.
//!
//! Each line of the result knows the line it comes from, for diagnostics.

use super::admonitions::{self, Fold, Kind};
use super::fences::{self, Fence};
use openers::{colon_opener, hexo_note, is_hexo_endnote, mkdocs_opener, tab_opener};

mod openers;
use crate::i18n::UiStrings;

/// How a group of tabs opens in the page.
pub(super) const TABS_OPENING: &str = "<div class=\"tabs\">";

/// A note's body with its containers written as HTML.
#[derive(Debug, Default)]
pub(super) struct Rewritten {
    pub(super) body: String,
    /// The line of the original each line of `body` comes from (1-based).
    pub(super) origins: Vec<usize>,
    /// Containers never closed: the line of each opener and its text.
    pub(super) unclosed: Vec<(usize, String)>,
}

/// How a container is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closer {
    /// A line of at least this many colons.
    Colons(usize),
    /// A line indented less than this many columns (MkDocs).
    Dedent(usize),
    /// `{% endnote %}`.
    EndNote,
    /// The end of its last panel (a tab group).
    LastPanel,
    /// The end of the code block it holds (a panel of a code group).
    FenceEnd,
}

/// What a container is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Admonition(Fold),
    /// MkDocs' tabs or VitePress's `::: code-group`, holding panels.
    Tabs,
    TabPanel,
}

struct OpenBlock {
    closer: Closer,
    role: Role,
    /// The indentation its HTML is written at.
    indent: String,
    /// Its opening line, for the warning when it is never closed.
    line: usize,
    text: String,
}

struct Writer<'u> {
    ui: &'u UiStrings,
    out: Rewritten,
    open: Vec<OpenBlock>,
    /// The fence being skipped, and how many blocks were open when it
    /// began: a block that ends ends the fence inside it.
    fence: Option<(Fence, usize)>,
    /// Whether that fence is a panel of a code group, closed after it.
    fence_is_panel: bool,
}

/// `body` with its containers written as HTML; `None` when it has none.
pub(super) fn rewrite(body: &str, ui: &UiStrings) -> Option<Rewritten> {
    if !(body.contains(":::")
        || body.contains("!!!")
        || body.contains("???")
        || body.contains("===")
        || body.contains("{% note"))
    {
        return None;
    }
    let mut writer = Writer {
        ui,
        out: Rewritten {
            body: String::with_capacity(body.len() + 256),
            ..Rewritten::default()
        },
        open: Vec::new(),
        fence: None,
        fence_is_panel: false,
    };
    let mut changed = false;
    for (index, line) in body.lines().enumerate() {
        changed |= writer.line(line, index + 1);
    }
    let last = body.lines().count().max(1);
    while let Some(block) = writer.open.pop() {
        if matches!(block.closer, Closer::Colons(_) | Closer::EndNote) {
            writer.out.unclosed.push((block.line, block.text.clone()));
        }
        writer.close(&block, last);
    }
    changed.then_some(writer.out)
}

impl Writer<'_> {
    fn emit(&mut self, indent: &str, text: &str, origin: usize) {
        for line in text.split('\n') {
            if !line.is_empty() {
                self.out.body.push_str(indent);
                self.out.body.push_str(line);
            }
            self.out.body.push('\n');
            self.out.origins.push(origin);
        }
    }

    fn close(&mut self, block: &OpenBlock, origin: usize) {
        if self.fence.is_some_and(|(_, depth)| depth > self.open.len()) {
            self.fence = None;
        }
        let tag = match block.role {
            Role::Admonition(fold) => admonitions::close(fold),
            Role::Tabs | Role::TabPanel => "</div>",
        };
        self.emit(&block.indent, &format!("\n{tag}\n"), origin);
    }

    fn open(&mut self, block: OpenBlock, kind: &Kind, title: Option<String>, line: usize) {
        let Role::Admonition(fold) = block.role else {
            unreachable!("only admonitions have a kind")
        };
        let html = admonitions::open(kind, title.as_deref(), fold, self.ui);
        let html = format!("{}\n", html.trim_end());
        let indent = block.indent.clone();
        self.open.push(block);
        self.emit(&indent, &html, line);
    }

    /// Opens a group of tabs, or (`panel`) one of its panels labelled
    /// `label`, at `indent`.
    fn open_tabs(&mut self, block: OpenBlock, label: Option<&str>, line: usize) {
        let html = match label {
            None => format!("{TABS_OPENING}\n"),
            Some(label) => {
                let mut html = String::from("<div class=\"tab-panel\">\n<p class=\"tab-label\">");
                html.push_str(&admonitions::title_html(label));
                html.push_str("</p>\n");
                html
            }
        };
        let indent = block.indent.clone();
        self.open.push(block);
        self.emit(&indent, &html, line);
    }

    /// Writes one line of the note; returns whether it was a container's.
    fn line(&mut self, raw: &str, number: usize) -> bool {
        let blank = raw.trim().is_empty();
        let mut changed = false;
        // An indented block ends at the first line indented less than its body.
        if !blank {
            let columns = indent_columns(raw);
            while let Some(block) = self.open.last() {
                match block.closer {
                    Closer::Dedent(body) if columns < body => {
                        let block = self.open.pop().expect("the last block");
                        self.close(&block, number);
                        changed = true;
                    }
                    // A group of tabs goes on while a tab follows its last.
                    Closer::LastPanel => {
                        let removed = self.removed_columns();
                        let next_tab = tab_opener(strip_columns(raw, removed).trim_start());
                        let same_indent =
                            indent_columns(raw) == indent_columns(&block.indent) + removed;
                        if next_tab.is_some_and(|(new_group, _)| !new_group) && same_indent {
                            break;
                        }
                        let block = self.open.pop().expect("the last block");
                        self.close(&block, number);
                    }
                    _ => break,
                }
            }
        }
        let line = strip_columns(raw, self.removed_columns());
        if let Some((fence, _)) = self.fence {
            self.emit("", &line, number);
            if fences::closes(fence, line.trim_start()) {
                self.fence = None;
                if std::mem::take(&mut self.fence_is_panel)
                    && let Some(panel) = self.open.pop()
                {
                    self.close(&panel, number);
                }
            }
            return changed;
        }
        let content = line.trim_start();
        let indent = line[..line.len() - content.len()].to_string();
        if let Some(fence) = fences::opening(content) {
            let run = fence.1;
            let in_code_group = self
                .open
                .last()
                .is_some_and(|b| b.role == Role::Tabs && matches!(b.closer, Closer::Colons(_)));
            let mut fence_line = line.clone();
            if in_code_group {
                // VitePress labels each block of a group: ```js [config.js]
                let info = &content[run..];
                let (label, info) = match (info.find('['), info.rfind(']')) {
                    (Some(open), Some(close)) if open < close => (
                        info[open + 1..close].trim().to_string(),
                        format!("{}{}", &info[..open], &info[close + 1..]),
                    ),
                    _ => (
                        info.split_whitespace().next().unwrap_or("code").to_string(),
                        info.to_string(),
                    ),
                };
                fence_line = format!("{indent}{}{}", &content[..run], info.trim_end());
                let panel = OpenBlock {
                    closer: Closer::FenceEnd,
                    role: Role::TabPanel,
                    indent: indent.clone(),
                    line: number,
                    text: content.to_string(),
                };
                self.open_tabs(panel, Some(&label), number);
                self.fence_is_panel = true;
                changed = true;
            }
            self.fence = Some((fence, self.open.len()));
            self.emit("", &fence_line, number);
            return changed;
        }
        if let Some((_, label)) = tab_opener(content) {
            let columns = indent_columns(raw);
            let in_group = self
                .open
                .last()
                .is_some_and(|b| b.closer == Closer::LastPanel && b.role == Role::Tabs);
            if !in_group {
                let group = OpenBlock {
                    closer: Closer::LastPanel,
                    role: Role::Tabs,
                    indent: indent.clone(),
                    line: number,
                    text: content.to_string(),
                };
                self.open_tabs(group, None, number);
            }
            let panel = OpenBlock {
                closer: Closer::Dedent(columns + 4),
                role: Role::TabPanel,
                indent,
                line: number,
                text: content.to_string(),
            };
            self.open_tabs(panel, Some(&label), number);
            return true;
        }
        if let Some(handled) = self.colon_line(content, &indent, number) {
            return handled || changed;
        }
        if let Some((fold, name, title)) = mkdocs_opener(content) {
            let block = OpenBlock {
                closer: Closer::Dedent(indent_columns(raw) + 4),
                role: Role::Admonition(fold),
                indent,
                line: number,
                text: content.to_string(),
            };
            let title = title.map(|t| admonitions::title_html(&t));
            self.open(block, &Kind::named(&name), title, number);
            return true;
        }
        if let Some(kind) = hexo_note(content) {
            let block = OpenBlock {
                closer: Closer::EndNote,
                role: Role::Admonition(Fold::None),
                indent,
                line: number,
                text: content.to_string(),
            };
            self.open(block, &kind, None, number);
            return true;
        }
        if is_hexo_endnote(content)
            && let Some(at) = self.open.iter().rposition(|b| b.closer == Closer::EndNote)
        {
            self.close_down_to(at, number);
            return true;
        }
        self.emit("", &line, number);
        changed
    }

    /// A line of colons: an opener, a closer, or (`None`) neither.
    fn colon_line(&mut self, content: &str, indent: &str, number: usize) -> Option<bool> {
        let colons = content.len() - content.trim_start_matches(':').len();
        if colons < 3 {
            return None;
        }
        let rest = content[colons..].trim();
        if rest.is_empty() {
            // The innermost block of this fence's length, else the
            // innermost one a fence this long closes.
            let open_colons = |b: &OpenBlock| match b.closer {
                Closer::Colons(length) => Some(length),
                _ => None,
            };
            let at = self
                .open
                .iter()
                .rposition(|b| open_colons(b) == Some(colons))
                .or_else(|| {
                    self.open
                        .iter()
                        .rposition(|b| open_colons(b).is_some_and(|length| length <= colons))
                })?;
            self.close_down_to(at, number);
            return Some(true);
        }
        let (name, title, fold) = colon_opener(rest)?;
        if name == "code-group" {
            let group = OpenBlock {
                closer: Closer::Colons(colons),
                role: Role::Tabs,
                indent: indent.to_string(),
                line: number,
                text: content.to_string(),
            };
            self.open_tabs(group, None, number);
            return Some(true);
        }
        let fold = match fold {
            Fold::None if name.eq_ignore_ascii_case("details") => Fold::Closed,
            fold => fold,
        };
        let block = OpenBlock {
            closer: Closer::Colons(colons),
            role: Role::Admonition(fold),
            indent: indent.to_string(),
            line: number,
            text: content.to_string(),
        };
        let title = title.map(|t| admonitions::title_html(&t));
        self.open(block, &Kind::named(&name), title, number);
        Some(true)
    }

    /// Closes the block at `at` and every block inside it; those inside
    /// that wait for a closing line of their own are reported unclosed.
    fn close_down_to(&mut self, at: usize, number: usize) {
        while self.open.len() > at {
            let block = self.open.pop().expect("a block above `at`");
            if self.open.len() > at && matches!(block.closer, Closer::Colons(_) | Closer::EndNote) {
                self.out.unclosed.push((block.line, block.text.clone()));
            }
            self.close(&block, number);
        }
    }
}

impl Writer<'_> {
    /// The columns the open indented blocks take off each line.
    fn removed_columns(&self) -> usize {
        4 * self
            .open
            .iter()
            .filter(|b| matches!(b.closer, Closer::Dedent(_)))
            .count()
    }
}

/// The columns of a line's indentation, a tab reaching the next multiple
/// of four.
fn indent_columns(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// `line` without its first `columns` columns of indentation (a tab that
/// reaches past them leaves spaces for the rest).
fn strip_columns(line: &str, columns: usize) -> String {
    if columns == 0 {
        return line.to_string();
    }
    let mut seen = 0;
    for (at, c) in line.char_indices() {
        if seen >= columns {
            return line[at..].to_string();
        }
        match c {
            ' ' => seen += 1,
            '\t' => {
                let next = seen + 4 - seen % 4;
                if next > columns {
                    return format!("{}{}", " ".repeat(next - columns), &line[at + 1..]);
                }
                seen = next;
            }
            _ => return line[at..].to_string(),
        }
    }
    String::new()
}

#[cfg(test)]
mod tests;
