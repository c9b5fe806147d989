//! Terminal sessions (```` ```console ````): commands after a prompt are
//! shell code, every other line is what the commands printed.
//!
//! Highlighting a whole session as shell code colours the output as if it
//! were commands (a backtick in a compiler message opens a command
//! substitution that runs to the end of the block), and it is the slowest
//! part of highlighting a book of tutorials. Like GitHub and highlight.js,
//! only the commands are highlighted; the prompt gets a class of its own
//! (`hl-prompt`) so that a stylesheet can mute it and keep it out of a
//! selection.

use syntect::parsing::Scope;

use super::{ScopeSpans, highlight};
use crate::escape;

/// Whether blocks of this fence language (lower case) are sessions.
pub(crate) fn is_session(language: &str) -> bool {
    matches!(
        language,
        "console" | "shell-session" | "shellsession" | "sh-session" | "terminal"
    )
}

/// The prompt at the start of `line` and the command after it, if the line
/// is a command: up to three spaces, then `$`, `%`, `#`, `❯` or `➜`, then a
/// space or the end of the line. `$` may follow a `user@host:~/path`
/// without spaces. The other marks must start the line, as `50% done` or
/// `# heading` in a command's output are not prompts.
fn split_prompt(line: &str) -> Option<(&str, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let prefix = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_/~.[]()@:-".contains(c)))
        .unwrap_or(rest.len());
    let mark = rest[prefix..].chars().next()?;
    let allowed = match mark {
        '$' => true,
        '%' | '#' | '❯' | '➜' => prefix == 0,
        _ => false,
    };
    if !allowed {
        return None;
    }
    let after_mark = indent + prefix + mark.len_utf8();
    let command = &line[after_mark..];
    if command.starts_with(' ') {
        Some((&line[..after_mark + 1], &line[after_mark + 1..]))
    } else if command.trim_end_matches(['\n', '\r']).is_empty() {
        Some((&line[..after_mark], command))
    } else {
        None
    }
}

/// A command whose line ends in `\` goes on to the next line.
fn continues(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).ends_with('\\')
}

/// The session as HTML, or `None` when no line has a prompt (it is all
/// output: plain text).
pub(crate) fn highlight_session(code: &str, spans: &ScopeSpans) -> Option<String> {
    let mut html = String::with_capacity(code.len() * 2);
    let mut command = String::new();
    let mut any_prompt = false;
    let prompt_tag = Scope::new("prompt")
        .ok()
        .and_then(|prompt| spans.span(prompt));
    let flush = |command: &mut String, html: &mut String| {
        if command.is_empty() {
            return;
        }
        match highlight("bash", command, spans) {
            Some(highlighted) => html.push_str(&highlighted),
            None => escape::html_text(html, command),
        }
        command.clear();
    };
    for line in code.split_inclusive('\n') {
        if !command.is_empty() && continues(&command) {
            command.push_str(line);
            continue;
        }
        flush(&mut command, &mut html);
        match split_prompt(line) {
            Some((prompt, rest)) => {
                any_prompt = true;
                match &prompt_tag {
                    Some(tag) => {
                        html.push_str(tag);
                        escape::html_text(&mut html, prompt);
                        html.push_str("</span>");
                    }
                    None => escape::html_text(&mut html, prompt),
                }
                command.push_str(rest);
            }
            None => escape::html_text(&mut html, line),
        }
    }
    flush(&mut command, &mut html);
    any_prompt.then_some(html)
}

#[cfg(test)]
mod tests {
    use super::super::tests::text_of;
    use super::*;

    fn session(code: &str) -> Option<String> {
        highlight_session(code, &ScopeSpans::default())
    }

    #[test]
    fn prompts_are_recognised_and_output_is_not() {
        for (line, prompt) in [
            ("$ cargo run\n", "$ "),
            ("  $ ls\n", "  $ "),
            ("% make\n", "% "),
            ("# apt-get install -y hugo\n", "# "),
            ("❯ git status\n", "❯ "),
            (
                "user@host:~/projects$ cargo new hello\n",
                "user@host:~/projects$ ",
            ),
            ("(venv)$ pip install torch\n", "(venv)$ "),
            ("$\n", "$"),
        ] {
            assert_eq!(split_prompt(line).map(|(p, _)| p), Some(prompt), "{line}");
        }
        for line in [
            "   Compiling guessing_game v0.1.0 (file:///projects/guessing_game)\n",
            "  --> src/main.rs:5:9\n",
            "error[E0382]: borrow of moved value: `s1`\n",
            "50% done\n",
            "#[derive(Debug)]\n",
            "Hello, world!\n",
            "$HOME is set\n",
            "        $ indented too far\n",
        ] {
            assert_eq!(split_prompt(line), None, "{line}");
        }
    }

    #[test]
    fn commands_are_highlighted_and_output_is_plain() {
        let html = session(
            "$ cargo run\n    Finished `dev` profile [unoptimized] in 0.08s\nHello, <world>!\n",
        )
        .unwrap();
        let (command, output) = html.split_once("    Finished").unwrap();
        assert!(
            command.starts_with("<span class=\"hl-prompt\">$ </span>"),
            "{html}"
        );
        assert!(command.contains("<span class=\"hl-"), "{html}");
        assert_eq!(
            output,
            " `dev` profile [unoptimized] in 0.08s\nHello, &lt;world&gt;!\n"
        );
    }

    #[test]
    fn a_command_goes_on_after_a_backslash() {
        let html = session("$ cargo build \\\n  --release\ndone\n").unwrap();
        let (command, output) = html.rsplit_once("done").unwrap();
        assert_eq!(command.matches("hl-prompt").count(), 1, "{html}");
        let continued = command.split_once('\n').unwrap().1;
        assert!(
            continued.contains("<span"),
            "--release is highlighted: {html}"
        );
        assert_eq!(output, "\n");
        assert_eq!(text_of(&html), "$ cargo build \\\n  --release\ndone\n");
    }

    #[test]
    fn a_session_keeps_its_text() {
        let typed = "user@host:~$ echo \"a < b\" && ls\nfile & more\n$\n# whoami\nroot\n";
        assert_eq!(text_of(&session(typed).unwrap()), typed);
    }

    #[test]
    fn a_session_without_prompts_is_plain() {
        assert_eq!(session("Hello, world!\n"), None);
        assert_eq!(session(""), None);
    }
}
