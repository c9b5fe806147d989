//! ` ```mermaid ` blocks as diagrams drawn at build time (see
//! [`crate::diagrams`]); one that cannot be drawn shows its source as
//! code, with a warning.

use super::body::Body;
use crate::diagnostics::Diagnostic;
use crate::diagrams;
use crate::fingerprint::fingerprint_of;

/// Whether a fence's language asks for a diagram.
pub(super) fn is_diagram(language: &str) -> bool {
    language.eq_ignore_ascii_case("mermaid")
}

impl Body<'_, '_> {
    /// The diagram `source` draws, in a figure holding its light and dark
    /// drawings; or the source as code and a warning at `offset`.
    pub(super) fn diagram(&mut self, info: &str, source: &str, offset: usize) -> String {
        self.rendered.diagrams += 1;
        // Unique on the page, embedded notes' diagrams included.
        let id = format!(
            "mermaid-{:08x}-{}",
            fingerprint_of(source) as u32,
            self.rendered.diagrams
        );
        match diagrams::draw(source, &id) {
            Ok(drawn) => format!(
                "<figure class=\"diagram\">\n<div class=\"diagram-light\">{}</div>\n<div class=\"diagram-dark\" data-search-skip>{}</div>\n</figure>\n",
                drawn.light, drawn.dark
            ),
            Err(reason) => {
                let (line, column) = self.file_line(offset);
                self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        self.note.display_path(),
                        format!("this Mermaid diagram cannot be drawn: {reason}"),
                    )
                    .at(line, column)
                    .with_help("the page shows its source; Mermaid's live editor (mermaid.live) shows where it goes wrong"),
                );
                self.code_block(info, source)
            }
        }
    }
}
