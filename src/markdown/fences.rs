//! Code fences met line by line, for the passes that rewrite a note's
//! text before parsing and must leave code alone.

/// A code fence: its character (`` ` `` or `~`) and length.
pub(super) type Fence = (char, usize);

/// The fence `content` (a line without its indentation) opens, if any.
pub(super) fn opening(content: &str) -> Option<Fence> {
    let marker = ['`', '~'].into_iter().find(|m| content.starts_with(*m))?;
    let run = content.len() - content.trim_start_matches(marker).len();
    (run >= 3).then_some((marker, run))
}

/// Whether `content` closes `fence`.
pub(super) fn closes((marker, length): Fence, content: &str) -> bool {
    let run = content.len() - content.trim_start_matches(marker).len();
    run >= length && content[run..].trim().is_empty()
}

/// Whether each line is code, line after line.
#[derive(Debug, Default)]
pub(super) struct Fences {
    open: Option<Fence>,
}

impl Fences {
    /// Whether `content` (a line without its indentation) is part of a
    /// code block, its fences included.
    pub(super) fn in_code(&mut self, content: &str) -> bool {
        match self.open {
            Some(fence) => {
                if closes(fence, content) {
                    self.open = None;
                }
                true
            }
            None => {
                self.open = opening(content);
                self.open.is_some()
            }
        }
    }

    /// Whether a code block is open after the lines seen.
    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_close_with_a_run_as_long_of_their_character() {
        let mut fences = Fences::default();
        let code: Vec<bool> = ["text", "````rust", "```", "~~~", "````", "after"]
            .into_iter()
            .map(|line| fences.in_code(line))
            .collect();
        assert_eq!(code, [false, true, true, true, true, false]);
        assert!(!fences.is_open());
        assert_eq!(opening("``not"), None);
        assert!(!closes(('`', 3), "``` x"));
    }
}
