//! `$…$` and `$$…$$` to MathML at build time, which every current browser
//! shows without a script, a font download or a CDN.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// Renders TeX as a `<math>` element, or says why it cannot be parsed.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|event| event.is_err()) {
        let message = error.to_string();
        let first = message.lines().next().unwrap_or(&message);
        return Err(first.trim_start_matches("parsing error: ").to_string());
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    push_mathml(&mut mathml, events.into_iter(), config).map_err(|error| error.to_string())?;
    Ok(mathml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_display_math() {
        let inline = to_mathml("x^2", false).unwrap();
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(inline.contains("<msup>"), "{inline}");
        let display = to_mathml(r"\frac{a}{b}", true).unwrap();
        assert!(display.contains("display=\"block\""), "{display}");
        assert!(display.contains("<mfrac>"), "{display}");
    }

    #[test]
    fn common_notation_renders() {
        for tex in [
            r"\mathcal{L} = -\sum_{i} y_i \log \hat{y}_i",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
            r"\operatorname{softmax}(x)",
            r"\text{注意力} = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V",
        ] {
            assert!(to_mathml(tex, true).is_ok(), "{tex}");
        }
    }

    #[test]
    fn a_formula_that_cannot_be_parsed_is_an_error() {
        assert!(to_mathml(r"\frac{a}{", false).is_err());
        assert!(to_mathml(r"\nosuchcommand", false).is_err());
    }
}
