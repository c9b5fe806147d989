//! The `studysite` command: parses arguments, runs the library, prints the
//! report, and picks the exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use studysite::diagnostics::Diagnostic;
use studysite::pipeline::{self, BuildFailure, BuildOptions};

/// Turn a folder of Markdown study notes into a static study site.
#[derive(Debug, Parser)]
#[command(name = "studysite", version, about, propagate_version = true)]
#[command(
    after_help = "Examples:\n  studysite build            build ./notes into ./public\n  studysite build mybook -o site\n\nRun `studysite help build` for the details of a command."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site: every note becomes a page of ROOT's output folder.
    #[command(
        after_help = "Examples:\n  studysite build                  notes/ of this folder into public/\n  studysite build mybook           mybook/notes into mybook/public\n  studysite build -o /tmp/site     into another folder\n  studysite build --drafts         include notes marked `draft: true`\n\nExit status: 0 built, 1 the notes have errors (nothing was written), 2 a usage error."
    )]
    Build {
        /// The site folder: holds notes/, and optionally studysite.toml,
        /// templates/ and static/.
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(short, long, value_name = "OUT")]
        out: Option<PathBuf>,
        /// Include notes whose front matter says `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print only errors: no warnings and no summary.
        #[arg(short, long)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            build(
                BuildOptions {
                    root,
                    out,
                    include_drafts: drafts,
                },
                quiet,
            )
        }
    }
}

fn build(options: BuildOptions, quiet: bool) -> ExitCode {
    match pipeline::build(&options) {
        Ok(report) => {
            if !quiet {
                print_diagnostics(&options, &report.warnings);
                println!(
                    "Built {} {} with {} quiz {} and {} {} in {:.2} s into {}",
                    report.pages,
                    plural(report.pages, "page", "pages"),
                    report.quiz_items,
                    plural(report.quiz_items, "item", "items"),
                    report.assets,
                    plural(report.assets, "asset", "assets"),
                    report.seconds,
                    options.out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildFailure::Content(diagnostics)) => {
            let shown: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter(|d| !quiet || d.is_error())
                .collect();
            print_diagnostics(&options, &shown);
            let errors = shown.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: the build failed with {errors} {}; nothing was written",
                plural(errors, "error", "errors")
            );
            ExitCode::from(1)
        }
        Err(BuildFailure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(BuildFailure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(options: &BuildOptions, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render(&options.root));
    }
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
