//! Lines parsed before, kept for the process. A grammar's parse of a line
//! depends only on the line and the state the lines before left, and
//! books repeat lines: a listing grows over a chapter, every `main` opens
//! alike: a first build of the rust book finds 62 % of the lines it
//! highlights here (46 % of their bytes), and parsing is most of the cost
//! of highlighting.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use syntect::parsing::{ParseState, ParsingError, ScopeStackOp, SyntaxReference, SyntaxSet};

/// The changes of the scope stack along a line (see
/// [`ParseState::parse_line`]).
pub(super) type Ops = Rc<[(usize, ScopeStackOp)]>;

/// Longer lines are parsed every time (they seldom repeat).
const LONGEST_KEPT_LINE: usize = 1_000;
/// The states kept for one line's text (a blank line or a `}` is met in
/// many).
const STATES_PER_LINE: usize = 8;
/// When this many different lines are kept, they are forgotten, so that a
/// long `serve` session does not grow without end.
const MOST_LINES: usize = 10_000;

/// A line's parse: the state before it, what it changed, the state after.
/// States are shared: most lines leave the state as they found it, and a
/// line's state after is the next line's before.
struct Parsed {
    before: Rc<ParseState>,
    ops: Ops,
    after: Rc<ParseState>,
}

type Lines = FxHashMap<Box<str>, Vec<Parsed>>;

thread_local! {
    /// Per thread: a parse state holds the regex engine's match regions,
    /// which may not be sent between threads. Each of the few threads of a
    /// build keeps its own.
    static LINES: RefCell<Lines> = RefCell::default();
}

/// Parses the lines of one block in turn, taking what it can from the
/// lines parsed before.
pub(super) struct LineParser {
    state: Rc<ParseState>,
}

impl LineParser {
    pub(super) fn new(syntax: &SyntaxReference) -> LineParser {
        LineParser {
            state: Rc::new(ParseState::new(syntax)),
        }
    }

    /// [`ParseState::parse_line`] for the next line, or what it gave
    /// before for the same line in the same state.
    pub(super) fn parse_line(&mut self, line: &str, set: &SyntaxSet) -> Result<Ops, ParsingError> {
        if line.len() > LONGEST_KEPT_LINE {
            return Ok(self.parse_anew(line, set)?.0);
        }
        LINES.with_borrow_mut(|lines| {
            if let Some(parsed) = lines
                .get(line)
                .and_then(|known| known.iter().find(|parsed| *parsed.before == *self.state))
            {
                self.state = Rc::clone(&parsed.after);
                return Ok(Rc::clone(&parsed.ops));
            }
            let (ops, before) = self.parse_anew(line, set)?;
            if lines.len() >= MOST_LINES {
                lines.clear();
            }
            let known = lines.entry(line.into()).or_default();
            if known.len() < STATES_PER_LINE {
                known.push(Parsed {
                    before,
                    ops: Rc::clone(&ops),
                    after: Rc::clone(&self.state),
                });
            }
            Ok(ops)
        })
    }

    /// Parses `line`; returns what it changed and the state before it.
    fn parse_anew(
        &mut self,
        line: &str,
        set: &SyntaxSet,
    ) -> Result<(Ops, Rc<ParseState>), ParsingError> {
        let mut state = ParseState::clone(&self.state);
        let ops = state.parse_line(line, set)?.into();
        let before = Rc::clone(&self.state);
        if state != *before {
            self.state = Rc::new(state);
        }
        Ok((ops, before))
    }
}

/// Forgets the lines this thread parsed, so that the next block is
/// highlighted as in a new process (for benchmarks of a first build).
pub(super) fn forget() {
    LINES.with_borrow_mut(Lines::clear);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_parsed_again_gives_what_it_gave_the_first_time() {
        let set = super::super::syntax_set();
        let rust = set.find_syntax_by_token("rs").unwrap();
        let code = ["fn main() {\n", "    let s = \"a\n", "b\";\n", "}\n"];
        let parse_all = || {
            let mut parser = LineParser::new(rust);
            code.iter()
                .map(|line| {
                    let ops = parser.parse_line(line, set).unwrap();
                    (ops.to_vec(), ParseState::clone(&parser.state))
                })
                .collect::<Vec<_>>()
        };
        let mut state = ParseState::new(rust);
        let direct: Vec<_> = code
            .iter()
            .map(|line| (state.parse_line(line, set).unwrap(), state.clone()))
            .collect();
        assert_eq!(parse_all(), direct);
        assert_eq!(parse_all(), direct, "from the kept lines");
        // The same text in another state is parsed anew: `b";` closes a
        // string only inside one.
        let mut fresh = LineParser::new(rust);
        let alone = fresh.parse_line("b\";\n", set).unwrap();
        assert_ne!(alone.to_vec(), direct[2].0);
    }
}
