//! GitHub's extended autolinks: a bare `https://…`, `http://…` or
//! `www.…` address, or an e-mail address, in text becomes a link, as on
//! github.com. Finding where an address ends next to punctuation
//! (`(see https://x.org/a_(b)).`) is the `linkify` crate's job; which
//! addresses count is GFM's.

use linkify::{LinkFinder, LinkKind};

/// A piece of text: plain, or an address and the link it becomes.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    Link { text: &'t str, href: String },
}

/// `text` cut into plain text and the addresses GFM links; `None` when it
/// holds none, which is most text.
pub(super) fn autolinks(text: &str) -> Option<Vec<Piece<'_>>> {
    if !text.contains(['.', '@']) {
        return None;
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut pieces = Vec::new();
    let mut at = 0;
    // Scanning starts again after each address, as one may end early (at
    // full-width punctuation) where `linkify` ran on.
    let mut from = 0;
    'scan: while from < text.len() {
        for link in finder.links(&text[from..]) {
            let found = link.as_str();
            let address = &found[..found.find(is_wide_punctuation).unwrap_or(found.len())];
            let Some(href) = href_of(address, link.kind()) else {
                continue;
            };
            let start = from + link.start();
            if start > at {
                pieces.push(Piece::Text(&text[at..start]));
            }
            pieces.push(Piece::Link {
                text: address,
                href,
            });
            at = start + address.len();
            from = at;
            continue 'scan;
        }
        break;
    }
    if pieces.is_empty() {
        return None;
    }
    if at < text.len() {
        pieces.push(Piece::Text(&text[at..]));
    }
    Some(pieces)
}

/// Full-width punctuation (`。`, `，`, `（`): it ends an address written in
/// Chinese or Japanese text. GitHub runs the link on to the next space,
/// which makes `见 https://x.org/a。下一句` a link to a page that does not
/// exist; a reader is better served by the address alone.
fn is_wide_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303f | 0xff01..=0xff0f | 0xff1a..=0xff20 | 0xff3b..=0xff40 | 0xff5b..=0xff65)
}

/// The link GFM makes of an address `linkify` found, if GFM makes one:
/// only `http://`, `https://` and `www.` addresses (a bare `example.org`
/// stays text) and e-mail addresses.
fn href_of(address: &str, kind: &LinkKind) -> Option<String> {
    let lower = address.to_ascii_lowercase();
    match kind {
        LinkKind::Email => Some(format!("mailto:{address}")),
        LinkKind::Url if lower.starts_with("http://") || lower.starts_with("https://") => {
            Some(address.to_string())
        }
        LinkKind::Url if lower.starts_with("www.") => Some(format!("http://{address}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(String, String)> {
        autolinks(text)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Link { text, href } => Some((text.to_string(), href)),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn addresses_become_links_as_on_github() {
        assert_eq!(
            links("see https://example.org/a?b=1. and www.rust-lang.org, or mail a.b@c.io"),
            [
                (
                    "https://example.org/a?b=1".into(),
                    "https://example.org/a?b=1".into()
                ),
                (
                    "www.rust-lang.org".into(),
                    "http://www.rust-lang.org".into()
                ),
                ("a.b@c.io".into(), "mailto:a.b@c.io".into()),
            ]
        );
        assert_eq!(
            links("(see https://en.wikipedia.org/wiki/Rust_(language))"),
            [(
                "https://en.wikipedia.org/wiki/Rust_(language)".into(),
                "https://en.wikipedia.org/wiki/Rust_(language)".into()
            )]
        );
        assert_eq!(
            links("地址：https://github.com/a/b 。"),
            [(
                "https://github.com/a/b".into(),
                "https://github.com/a/b".into()
            )]
        );
        assert_eq!(
            links("见https://x.org/a。下一句（https://y.org）"),
            [
                ("https://x.org/a".into(), "https://x.org/a".into()),
                ("https://y.org".into(), "https://y.org".into()),
            ]
        );
    }

    #[test]
    fn other_text_stays_text() {
        for text in [
            "example.org",
            "version 1.2.3",
            "a.md",
            "ftp.example.org",
            "no address",
        ] {
            assert_eq!(autolinks(text), None, "{text}");
        }
        assert_eq!(
            autolinks("go to www.x.org now"),
            Some(vec![
                Piece::Text("go to "),
                Piece::Link {
                    text: "www.x.org",
                    href: "http://www.x.org".into()
                },
                Piece::Text(" now"),
            ])
        );
    }
}
