//! The `studysite` command: parses arguments, runs the library, prints the
//! report, and picks the exit code (0 done, 1 the content has errors, 2 a
//! usage error).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use studysite::diagnostics::Diagnostic;
use studysite::pipeline::{self, BuildFailure, BuildOptions};

/// `println!` that ends quietly when standard output is closed.
macro_rules! out {
    ($($arg:tt)*) => { write_out(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics.
macro_rules! err {
    ($($arg:tt)*) => { write_err(format_args!($($arg)*)) };
}

/// A build allocates and frees many small strings on two or more threads;
/// mimalloc does that with far fewer instructions than the system
/// allocator. Its `no_thp` feature keeps transparent huge pages off, which
/// would otherwise round every arena up to 2 MiB pages and inflate the
/// peak memory. Its `override` feature makes it the C library's `malloc`
/// too, for Oniguruma (the highlighter's regex engine, in C), which
/// allocates on every regex search.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn a folder of Markdown study notes into a static study site.
#[derive(Debug, Parser)]
#[command(name = "studysite", version, about, propagate_version = true)]
#[command(
    after_help = "Examples:\n  studysite init mybook       start a new book\n  studysite serve mybook      write with live reload\n  studysite check mybook      list every problem, like a compiler\n  studysite build mybook      publish mybook/public\n\nRun `studysite help <command>` for the details of a command."
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
    /// Serve the site on this computer, rebuilding and reloading on every change.
    #[command(
        after_help = "Examples:\n  studysite serve                  http://127.0.0.1:3000/\n  studysite serve mybook --open    and open it in the browser\n  studysite serve --port 8080\n  studysite serve --bind 0.0.0.0   reachable from other devices (a phone on the same network)\n\nThe site is built in memory; nothing is written to disk. Ctrl-C stops the server."
    )]
    Serve {
        /// The site folder.
        #[arg(default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on.
        #[arg(short, long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include notes marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the notes like a compiler, without writing anything.
    #[command(
        after_help = "Examples:\n  studysite check                  every problem in ./notes\n  studysite check --format json    one JSON object per line, for editors and CI\n  studysite check --deny-warnings  fail on warnings too\n\nExit status: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 a usage error."
    )]
    Check {
        /// The site folder.
        #[arg(default_value = ".")]
        root: PathBuf,
        /// How to print the problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit with 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Check notes marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
    },
    /// Start a new book in DIR: a configuration and notes that show each feature.
    #[command(
        after_help = "Examples:\n  studysite init mybook            a new book in ./mybook\n  studysite init mybook --theme    with a copy of the default theme to customise\n\nDIR must not exist or be empty."
    )]
    Init {
        /// Where to create the book.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also copy the default templates/ and static/ files, for customising.
        #[arg(long)]
        theme: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Compiler-style messages with the source line.
    Human,
    /// One JSON object per problem, one per line.
    Json,
}

/// The stack of each thread that renders notes. Formulas, diagrams and
/// raw HTML are parsed by recursive descent; 16 MiB (8 times Rust's
/// default for a thread) holds the deepest a note may nest.
const RENDER_STACK_BYTES: usize = 16 << 20;

fn main() -> ExitCode {
    // Only fails when a pool already exists, which nothing made yet.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(RENDER_STACK_BYTES)
        .build_global();
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
        Command::Check {
            root,
            format,
            deny_warnings,
            drafts,
        } => check(&root, format, deny_warnings, drafts),
        Command::Init { dir, theme } => init(&dir, theme),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let options = studysite::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                include_drafts: drafts,
            };
            match studysite::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    err!("error: {error}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// A line on standard output. When the reader has gone (`check --format
/// json | head -1`), the program ends quietly with success, as ripgrep
/// does, instead of panicking.
fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"))
        && error.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// A line on standard error; a closed standard error is no reason to stop.
fn write_err(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_fmt(args)
        .and_then(|()| stderr.write_all(b"\n"));
}

/// Colour only on a terminal, and never when NO_COLOR is set.
fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn build(options: BuildOptions, quiet: bool) -> ExitCode {
    match pipeline::build(&options) {
        Ok(report) => {
            if !quiet {
                print_diagnostics(&options.root, &report.warnings);
                out!(
                    "Built {} {} with {} quiz {} and {} {} in {:.2} s (search index {:.2} s) into {}",
                    report.pages,
                    plural(report.pages, "page", "pages"),
                    report.quiz_items,
                    plural(report.quiz_items, "item", "items"),
                    report.assets,
                    plural(report.assets, "asset", "assets"),
                    report.seconds,
                    report.search_seconds,
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
            print_diagnostics(&options.root, &shown);
            let errors = shown.iter().filter(|d| d.is_error()).count();
            err!(
                "error: the build failed with {errors} {}; nothing was written",
                plural(errors, "error", "errors")
            );
            ExitCode::from(1)
        }
        Err(BuildFailure::Usage(message)) => {
            err!("error: {message}");
            ExitCode::from(2)
        }
        Err(BuildFailure::Io(message)) => {
            err!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn check(root: &Path, format: Format, deny_warnings: bool, drafts: bool) -> ExitCode {
    let diagnostics = pipeline::check(root, drafts);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match format {
        Format::Json => {
            for diagnostic in &diagnostics {
                out!("{}", diagnostic.to_json());
            }
        }
        Format::Human => {
            print_diagnostics(root, &diagnostics);
            if diagnostics.is_empty() {
                err!("no problems found");
            } else {
                err!(
                    "found {errors} {} and {warnings} {}",
                    plural(errors, "error", "errors"),
                    plural(warnings, "warning", "warnings")
                );
            }
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn init(dir: &Path, theme: bool) -> ExitCode {
    match studysite::init::init(dir, theme) {
        Ok(files) => {
            out!(
                "Created a new book in {} ({} files).",
                dir.display(),
                files.len()
            );
            out!("Next: studysite serve {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            err!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    let color = stderr_color();
    for diagnostic in diagnostics {
        err!("{}", diagnostic.render_styled(root, color));
    }
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
