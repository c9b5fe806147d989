//! The build, stage by stage: configuration, notes, Markdown, the book,
//! templates, and the output written in one swap.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::content::{self, Content, NOTES_DIR};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, RenderOptions};
use crate::output::{self, Contents, OutputFile};
use crate::quiz::{self, bank::BankEntry};
use crate::render::{ContextBuilder, Renderer};
use crate::site::Site;
use crate::theme::{STATIC_DIR, STATIC_FILES};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub include_drafts: bool,
}

/// What a successful build made.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub quiz_items: usize,
    pub assets: usize,
    pub seconds: f64,
    pub warnings: Vec<Diagnostic>,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildFailure {
    /// The notes have problems; nothing was written. Holds warnings too.
    Content(Vec<Diagnostic>),
    /// The command asked for something unsafe, such as an output folder
    /// holding the author's files.
    Usage(String),
    /// Writing the output failed; the previous site is untouched.
    Io(String),
}

/// Builds the site of `options.root` into `options.out`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    output::check_target(&options.root, &options.out)
        .map_err(|unsafe_output| BuildFailure::Usage(unsafe_output.0))?;
    let (files, report) = generate(&options.root, options.include_drafts, false)?;
    output::write_site(&options.out, &files).map_err(|error| {
        BuildFailure::Io(format!(
            "could not write the site to `{}`: {error}; the previous site is unchanged",
            options.out.display()
        ))
    })?;
    Ok(BuildReport {
        seconds: started.elapsed().as_secs_f64(),
        ..report
    })
}

/// Everything `build` would report about a site, without writing anything:
/// errors, warnings, and the observations only `check` makes.
pub fn check(root: &Path, include_drafts: bool) -> Vec<Diagnostic> {
    match generate(root, include_drafts, true) {
        Ok((_, report)) => report.warnings,
        Err(BuildFailure::Content(diagnostics)) => diagnostics,
        Err(BuildFailure::Usage(message) | BuildFailure::Io(message)) => {
            vec![Diagnostic::error(root, message)]
        }
    }
}

/// Runs every stage but the writing: the files of the site, or every
/// problem found. `include_lints` adds the observations only `check`
/// reports.
pub fn generate(
    root: &Path,
    include_drafts: bool,
    include_lints: bool,
) -> Result<(Vec<OutputFile>, BuildReport), BuildFailure> {
    let config = Config::load(root).map_err(|d| BuildFailure::Content(vec![d]))?;
    let content = content::load(&root.join(NOTES_DIR), include_drafts)
        .map_err(|d| BuildFailure::Content(vec![d]))?;
    let Content {
        notes,
        assets,
        folders,
        mut diagnostics,
    } = content;

    let asset_paths: HashMap<String, PathBuf> = assets
        .iter()
        .map(|asset| (asset.rel_path.clone(), asset.source.clone()))
        .collect();
    let options = RenderOptions {
        ui: &config.ui,
        assets: &asset_paths,
    };
    let rendered: Vec<_> = notes
        .into_iter()
        .map(|note| {
            let rendered = markdown::render(&note, options);
            (note, rendered)
        })
        .collect();
    for (_, rendered) in &rendered {
        diagnostics.extend(rendered.diagnostics.iter().cloned());
        if include_lints {
            diagnostics.extend(rendered.lints.iter().cloned());
        }
    }
    let site = Site::assemble(rendered, &folders);
    diagnostics.extend(site.diagnostics.iter().cloned());

    let renderer = match Renderer::new(root) {
        Ok(renderer) => renderer,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Err(BuildFailure::Content(diagnostics));
        }
    };
    let mut files = Vec::new();
    match render_pages(root, &site, &config, &renderer, &mut files) {
        Ok(()) => {}
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
    let page_count = files.len();
    add_static_files(root, &mut files, &mut diagnostics);
    for asset in &assets {
        files.push(OutputFile {
            path: asset.rel_path.clone(),
            origin: format!("{NOTES_DIR}/{}", asset.rel_path),
            contents: Contents::CopyOf(asset.source.clone()),
        });
    }
    let bank: Vec<BankEntry<'_>> = site
        .quiz_items()
        .map(|(page, item)| BankEntry {
            chapter_title: &page.title,
            chapter_url: &page.output_path,
            source_path: page.source.display_path().display().to_string(),
            item,
        })
        .collect();
    let quiz_items = bank.len();
    files.push(OutputFile {
        path: "quiz.json".into(),
        origin: "the quiz bank".into(),
        contents: Contents::Bytes(quiz::bank::to_json(&bank).into_bytes()),
    });
    if let Some(base_url) = &config.base_url {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            origin: "the sitemap".into(),
            contents: Contents::Bytes(sitemap(base_url, &site).into_bytes()),
        });
    }
    for (path, first, second) in output::find_collisions(&files) {
        diagnostics.push(
            Diagnostic::error(
                second,
                format!("`{second}` and `{first}` would both be written to `{path}`"),
            )
            .with_help("rename one of them"),
        );
    }

    diagnostics.sort_by(|a, b| (a.severity, &a.path, a.line).cmp(&(b.severity, &b.path, b.line)));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildFailure::Content(diagnostics));
    }
    let report = BuildReport {
        pages: page_count,
        quiz_items,
        assets: assets.len(),
        seconds: 0.0,
        warnings: diagnostics,
    };
    Ok((files, report))
}

fn render_pages(
    root: &Path,
    site: &Site,
    config: &Config,
    renderer: &Renderer,
    files: &mut Vec<OutputFile>,
) -> Result<(), Diagnostic> {
    let contexts = ContextBuilder::new(site, config);
    let mut push = |path: &str, origin: String, html: String| {
        files.push(OutputFile {
            path: path.to_string(),
            origin,
            contents: Contents::Bytes(html.into_bytes()),
        });
    };
    let home_origin = match site.home {
        Some(i) => site.pages[i].source.display_path().display().to_string(),
        None => "the home page".to_string(),
    };
    push(
        "index.html",
        home_origin,
        renderer.render("index.html", &contexts.home())?,
    );
    for (position, &index) in site.reading_order.iter().enumerate() {
        let page = &site.pages[index];
        let html = renderer.render("chapter.html", &contexts.chapter(position))?;
        push(
            &page.output_path,
            page.source.display_path().display().to_string(),
            html,
        );
    }
    push(
        "quiz.html",
        "the quiz page".into(),
        renderer.render("quiz.html", &contexts.quiz_page())?,
    );
    // A host serves 404.html at any depth, so its links start from the
    // site's address when it is known, else from the host's root.
    let not_found_root = match &config.base_url {
        Some(url) => format!("{url}/"),
        None => "/".to_string(),
    };
    let mut not_found = contexts.generated(
        &config.ui.not_found_title,
        "404.html",
        &not_found_root,
        false,
    );
    not_found.insert("inline_css", &stylesheet(root));
    push(
        "404.html",
        "the 404 page".into(),
        renderer.render("404.html", &not_found)?,
    );
    Ok(())
}

/// The site's stylesheet: its own `static/style.css`, else the theme's.
fn stylesheet(root: &Path) -> String {
    std::fs::read_to_string(root.join(STATIC_DIR).join("style.css")).unwrap_or_else(|_| {
        let (_, bytes) = STATIC_FILES
            .iter()
            .find(|(name, _)| *name == "style.css")
            .expect("the theme has a stylesheet");
        String::from_utf8_lossy(bytes).into_owned()
    })
}

/// The theme's static files, with the site's own `static/` over them.
fn add_static_files(root: &Path, files: &mut Vec<OutputFile>, diagnostics: &mut Vec<Diagnostic>) {
    let overrides = root.join(STATIC_DIR);
    let mut overridden = std::collections::HashSet::new();
    if overrides.is_dir() {
        for entry in walkdir::WalkDir::new(&overrides).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    diagnostics.push(Diagnostic::warning(
                        STATIC_DIR,
                        format!("cannot read: {error}"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file()
                || content::is_ignored_name(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(&overrides)
                .unwrap_or(entry.path());
            let relative = relative.to_string_lossy().replace('\\', "/");
            overridden.insert(relative.clone());
            files.push(OutputFile {
                path: format!("{STATIC_DIR}/{relative}"),
                origin: format!("{STATIC_DIR}/{relative}"),
                contents: Contents::CopyOf(entry.path().to_path_buf()),
            });
        }
    }
    for (name, bytes) in STATIC_FILES {
        if !overridden.contains(*name) {
            files.push(OutputFile {
                path: format!("{STATIC_DIR}/{name}"),
                origin: format!("the theme's {STATIC_DIR}/{name}"),
                contents: Contents::Bytes(bytes.to_vec()),
            });
        }
    }
}

/// `sitemap.xml` with the absolute address of every page.
fn sitemap(base_url: &str, site: &Site) -> String {
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
        pulldown_cmark_escape::escape_html(&mut xml, &url)
            .expect("writing to a String cannot fail");
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
