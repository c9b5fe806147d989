//! Pages through Tera: the theme's templates (embedded, or the site's own),
//! and the plain, serialisable contexts they receive. The README lists the
//! variables each template gets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::fingerprint::fingerprint;
use crate::theme::{TEMPLATES, TEMPLATES_DIR};

mod context;
mod nav;
mod review;

pub use context::{
    COMPACT_NAV_PAGES, ContextBuilder, Holds, PageContext, PageLink, QuizCard, QuizChapter,
    QuizContext, SiteContext,
};
pub use nav::{NavItem, Section};
pub use review::REVIEW_PATH;

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
        tera.set_escape_fn(crate::escape::escaped);
        // `{{ root }}{{ page.next.url | href }}`: a page's path as a link.
        tera.register_filter(
            "href",
            |value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
                let path = tera::try_get_value!("href", "value", String, value);
                Ok(tera::Value::String(crate::links::href_path(&path)))
            },
        );
        let renderer_error = |error: tera::Error, origins: &BTreeMap<String, PathBuf>| {
            template_diagnostic(&error, origins)
        };
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        )
        .map_err(|error| renderer_error(error, &origins))?;
        let fingerprint = fingerprint(|hasher| {
            use std::hash::Hash;
            for (name, (_, text)) in &sources {
                name.hash(hasher);
                text.hash(hasher);
            }
        });
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

#[cfg(test)]
mod tests {
    use super::*;

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
