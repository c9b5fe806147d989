//! The search index, built with Pagefind at build time and split into
//! chunks so that a reader's query fetches only a small part of it. Chapter
//! pages are indexed by their content (`data-pagefind-body`), with a result
//! per section heading; quiz items are records of their own that lead to
//! their cards. Chinese is segmented into words, and every pair of adjacent
//! characters is indexed too, so a query from the middle of a sentence
//! finds it.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::output::{Contents, OutputFile};

/// The folder of the index in the output.
pub const SEARCH_DIR: &str = "pagefind";

/// Whether a file of Pagefind's bundle is one the site's search uses: the
/// search API, its worker, the WebAssembly and the index; not Pagefind's
/// own user interfaces, which the theme replaces.
fn is_used(name: &str) -> bool {
    !(name.contains("-ui.") || name.starts_with("pagefind-highlight"))
}

/// The document the index reads for a chapter: its title as the heading
/// and its content, marked as the part to index, in the site's language.
pub fn document(language: &str, title: &str, content: &str) -> String {
    let mut html = String::with_capacity(content.len() + 200);
    html.push_str("<!DOCTYPE html><html lang=\"");
    pulldown_cmark_escape::escape_html(&mut html, language)
        .expect("writing to a String cannot fail");
    html.push_str("\"><head><title>");
    pulldown_cmark_escape::escape_html(&mut html, title).expect("writing to a String cannot fail");
    html.push_str("</title></head><body><article data-pagefind-body><h1>");
    pulldown_cmark_escape::escape_html(&mut html, title).expect("writing to a String cannot fail");
    html.push_str("</h1>");
    push_without_highlighting(&mut html, content);
    html.push_str("</article></body></html>");
    html
}

/// Copies HTML without the `<span>`s that highlighting puts inside code
/// blocks: the same text, in a fraction of the markup the indexer parses.
/// Code is escaped, so every tag inside a `<pre>` is the highlighter's.
fn push_without_highlighting(out: &mut String, html: &str) {
    let mut rest = html;
    while let Some(start) = rest.find("<pre") {
        out.push_str(&rest[..start]);
        let block = &rest[start..];
        let end = block
            .find("</pre>")
            .map_or(block.len(), |e| e + "</pre>".len());
        let mut code = &block[..end];
        while let Some(tag) = [code.find("<span"), code.find("</span>")]
            .into_iter()
            .flatten()
            .min()
        {
            out.push_str(&code[..tag]);
            let after = &code[tag..];
            code = after.find('>').map_or("", |close| &after[close + 1..]);
        }
        out.push_str(code);
        rest = &block[end..];
    }
    out.push_str(rest);
}

/// A page to index: its path in the site and its HTML.
pub struct SearchPage<'a> {
    pub path: &'a str,
    pub html: &'a [u8],
}

/// A quiz item to index as a result of its own.
#[derive(Debug, Clone)]
pub struct SearchRecord {
    /// The card's URL, relative to the site root (`a.html#quiz-x`).
    pub url: String,
    pub title: String,
    pub content: String,
}

/// Builds the index files, under `pagefind/`. `language` is the site's
/// BCP 47 tag; Pagefind indexes by its primary subtag.
pub fn build_index(
    pages: &[SearchPage<'_>],
    records: Vec<SearchRecord>,
    language: &str,
) -> Result<Vec<OutputFile>, String> {
    let language = language
        .split(['-', '_'])
        .next()
        .filter(|l| !l.is_empty())
        .unwrap_or("en")
        .to_ascii_lowercase();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.clone())
            .keep_index_url(true)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        // Pagefind parses the files of a folder in parallel (and pages added
        // one at a time, each against all earlier ones): the documents go
        // to a scratch folder first.
        let scratch =
            tempfile::tempdir().map_err(|e| format!("cannot make a scratch folder: {e}"))?;
        for page in pages {
            let target = scratch.path().join(page.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            }
            std::fs::write(&target, page.html)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
        index
            .add_directory(
                scratch.path().to_string_lossy().into_owned(),
                Some("**/*.html".into()),
            )
            .await
            .map_err(|e| format!("cannot index the pages: {e}"))?;
        for record in records {
            let meta = BTreeMap::from([("title".to_string(), record.title)]);
            index
                .add_custom_record(
                    format!("/{}", record.url),
                    record.content,
                    language.clone(),
                    Some(meta),
                    None,
                    None,
                )
                .await
                .map_err(|e| format!("cannot index {}: {e}", record.url))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .filter(|file| is_used(&file.filename.to_string_lossy()))
            .map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                OutputFile {
                    path: format!("{SEARCH_DIR}/{name}"),
                    origin: "the search index".into(),
                    contents: Contents::Bytes(file.contents),
                }
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_is_dropped_inside_code_only() {
        let mut out = String::new();
        push_without_highlighting(
            &mut out,
            "<p><span class=\"x\">kept</span></p><pre class=\"code-block\"><code><span class=\"hl-a\"><span class=\"hl-b\">fn</span> main</span>()</code></pre><p>after</p>",
        );
        assert_eq!(
            out,
            "<p><span class=\"x\">kept</span></p><pre class=\"code-block\"><code>fn main()</code></pre><p>after</p>"
        );
    }

    #[test]
    fn a_document_holds_the_title_and_content_marked_for_indexing() {
        let doc = document("zh-CN", "标题 <1>", "<p>正文</p>");
        assert!(doc.starts_with(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><title>标题 &lt;1&gt;</title>"
        ));
        assert!(
            doc.contains(
                "<article data-pagefind-body><h1>标题 &lt;1&gt;</h1><p>正文</p></article>"
            )
        );
    }
}
