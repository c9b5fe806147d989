//! Escaping text for HTML: the one way every module writes text that came
//! from a note, a file name or the configuration into markup.

/// Appends `text` to `html`, escaped for element text and for attribute
/// values in double quotes (`&`, `<`, `>`, `"` and `'`).
pub(crate) fn html(html: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(html, text).expect("writing to a String cannot fail");
}

/// Appends `text` to `html`, escaped for element text only (`&`, `<` and
/// `>`): quotes stay as they are, which keeps highlighted code small.
pub(crate) fn html_text(html: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html_body_text(html, text)
        .expect("writing to a String cannot fail");
}

/// Appends the URL `url` to `html` for an `href` or `src` attribute:
/// characters a URL may not hold are percent-encoded, markup escaped.
pub(crate) fn href(html: &mut String, url: &str) {
    pulldown_cmark_escape::escape_href(html, url).expect("writing to a String cannot fail");
}

/// `text` escaped as by [`html`], as a new string.
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(
            escaped("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let mut code = String::new();
        html_text(&mut code, "\"a\" < b && c");
        assert_eq!(code, "\"a\" &lt; b &amp;&amp; c");
        let mut link = String::new();
        href(&mut link, "a b/中?x=\"1\"&y");
        assert_eq!(link, "a%20b/%E4%B8%AD?x=%221%22&amp;y");
    }
}
