//! Heading ids and self-links, and the note's table of contents.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{Heading, RenderOptions, RenderedNote};
use crate::content::SourceNote;
use crate::escape;
use crate::naming::{IdRegistry, id_meant, slugify};

/// Gives every heading an id and a self-link, and collects the table of
/// contents. `ids` holds the ids already taken on the page; it is handed
/// back with the headings' ids added.
pub(super) fn with_heading_ids<'a>(
    note: &SourceNote,
    events: Vec<Event<'a>>,
    rendered: &mut RenderedNote,
    options: RenderOptions<'_>,
    mut ids: IdRegistry,
) -> (Vec<Event<'a>>, IdRegistry) {
    let mut output = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[index]
        else {
            output.push(events[index].clone());
            index += 1;
            continue;
        };
        let end = heading_end(&events, index);
        let inner = &events[index + 1..end];
        let text = plain_text(inner);
        // A leading `# H1` is the page's title when front matter gives
        // none: the template shows it, with its id, so it leaves the
        // content. A first heading of another level is a section.
        let is_title = index == 0 && *level == HeadingLevel::H1 && note.front.title.is_none();
        let id = match id {
            Some(id) => id.to_string(),
            None => ids.unique(&slugify(&text)),
        };
        let heading = Heading {
            level: *level as u8,
            id,
            text,
        };
        if is_title {
            rendered.title_heading = Some(heading);
        } else {
            let html = heading_html(&heading, classes, attrs, inner.to_vec(), options);
            output.push(Event::Html(html.into()));
            rendered.headings.push(heading);
        }
        index = end + 1;
    }
    (output, ids)
}

/// Points links to this note's own sections at the id they mean (see
/// [`id_meant`]). `html` is the note's HTML.
pub(super) fn resolve_own_fragments(
    note: &SourceNote,
    rendered: &mut RenderedNote,
    html: &mut String,
) {
    let ids: Vec<&str> = rendered
        .headings
        .iter()
        .chain(&rendered.title_heading)
        .map(|h| h.id.as_str())
        .chain(rendered.html_ids.iter().map(String::as_str))
        .collect();
    let mut fixes: Vec<(String, String)> = Vec::new();
    for link in rendered
        .links
        .iter_mut()
        .filter(|l| l.target == note.rel_path)
    {
        let Some(fragment) = &link.fragment else {
            continue;
        };
        if ids.contains(&fragment.as_str()) {
            continue;
        }
        let Some(id) = id_meant(fragment, &ids) else {
            continue;
        };
        let mut from = String::from("href=\"");
        escape::href(&mut from, &format!("#{fragment}"));
        from.push('"');
        let mut to = String::from("href=\"#");
        escape::href(&mut to, id);
        to.push('"');
        fixes.push((from, to));
        link.fragment = Some(id.to_string());
    }
    for (from, to) in fixes {
        *html = html.replace(&from, &to);
    }
}

/// The index of the `End(Heading)` that closes the heading opened at `start`.
fn heading_end(events: &[Event<'_>], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len() - 1, |offset| start + offset)
}

/// The heading element with its id and a self-link that shows on hover.
fn heading_html(
    heading: &Heading,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
    inner: Vec<Event<'_>>,
    options: RenderOptions<'_>,
) -> String {
    let mut html = format!("<h{} id=\"", heading.level);
    escape::html(&mut html, &heading.id);
    html.push('"');
    if !classes.is_empty() {
        html.push_str(" class=\"");
        escape::html(&mut html, &classes.join(" "));
        html.push('"');
    }
    for (name, value) in attrs {
        html.push(' ');
        escape::html(&mut html, name);
        if let Some(value) = value {
            html.push_str("=\"");
            escape::html(&mut html, value);
            html.push('"');
        }
    }
    html.push('>');
    pulldown_cmark::html::push_html(&mut html, inner.into_iter());
    html.push_str("<a class=\"heading-anchor\" data-search-skip href=\"#");
    escape::href(&mut html, &heading.id);
    html.push_str("\" aria-label=\"");
    escape::html(
        &mut html,
        &options.ui.anchor_link.replace("{heading}", &heading.text),
    );
    html.push_str("\">#</a></h");
    html.push_str(&heading.level.to_string());
    html.push_str(">\n");
    html
}

/// The text of events, without markup; blocks are apart by a space.
pub(super) fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::Item)
                if !text.ends_with(char::is_whitespace) =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.trim().to_string()
}
