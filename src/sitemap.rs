//! `sitemap.xml`: the absolute address of every page, for search engines;
//! written only when the configuration gives the site's `base_url`.

use crate::site::Site;

/// `sitemap.xml` for `site` served at `base_url` (no trailing `/`).
pub(crate) fn sitemap(base_url: &str, site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let paths = std::iter::once("index.html")
        .chain(
            site.reading_order
                .iter()
                .map(|&i| site.pages[i].output_path.as_str()),
        )
        .chain(std::iter::once("quiz.html"));
    for path in paths {
        let url = format!("{base_url}/{}", crate::links::encode_path(path));
        xml.push_str("  <url><loc>");
        crate::escape::html_text(&mut xml, &url);
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
