//! Helpers for integration tests: scratch sites, running the binary, and
//! reading its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use scraper::{Html, Selector};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The repository's root: the package's own folder, or for the browser
/// tests' package (`tests/browser`) the folder two levels up.
pub(crate) fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|folder| folder.join("tests/fixtures").is_dir())
        .expect("the tests run inside the repository")
}

/// The fixture sites under `tests/fixtures`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    repository().join("tests/fixtures").join(name)
}

/// A scratch folder holding a site.
pub(crate) struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub(crate) fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A scratch copy of a fixture site.
    pub(crate) fn copy_of(name: &str) -> Scratch {
        let scratch = Scratch::new();
        copy_tree(&fixture(name), scratch.path());
        scratch
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the site, making folders as needed.
    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Runs `studysite build` on this site with extra arguments.
    pub(crate) fn build(&self, extra: &[&str]) -> Output {
        studysite(&[&["build", self.path().to_str().unwrap()], extra].concat())
    }

    pub(crate) fn read(&self, output_relative: &str) -> String {
        std::fs::read_to_string(self.out().join(output_relative))
            .unwrap_or_else(|e| panic!("{output_relative}: {e}"))
    }

    pub(crate) fn html(&self, output_relative: &str) -> Html {
        Html::parse_document(&self.read(output_relative))
    }
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `studysite` binary under test. Cargo builds it for the tests of
/// its own package; the browser tests' package builds it here, once per
/// run, so that they never drive an old build.
pub(crate) fn binary() -> PathBuf {
    if let Some(path) = option_env!("CARGO_BIN_EXE_studysite") {
        return PathBuf::from(path);
    }
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let mut cargo = std::process::Command::new(env!("CARGO"));
            cargo.args([
                "build",
                "--quiet",
                "--package",
                "studysite",
                "--bin",
                "studysite",
            ]);
            if !cfg!(debug_assertions) {
                cargo.arg("--release");
            }
            let status = cargo
                .current_dir(repository())
                .status()
                .expect("cargo runs");
            assert!(status.success(), "building studysite failed");
            assert_cmd::cargo::cargo_bin("studysite")
        })
        .clone()
}

/// Runs the binary; backtraces off so that stderr is stable.
pub(crate) fn studysite(args: &[&str]) -> Output {
    Command::new(binary())
        .env("RUST_BACKTRACE", "0")
        .timeout(std::time::Duration::from_secs(60))
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub(crate) fn attr(html: &Html, css: &str, name: &str) -> Option<String> {
    select(html, css)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

pub(crate) fn text(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Every file of a built site, relative, sorted.
pub(crate) fn files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/")
        })
        .collect();
    files.sort();
    files
}

/// Checks every link, script, stylesheet and image of every page of a
/// built site: the file must exist and the anchor must be an id on it.
/// Returns the broken ones as `page: href`.
pub(crate) fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for page in files(out).iter().filter(|f| f.ends_with(".html")) {
        if page == "404.html" {
            continue; // served at any depth; its links start from base_url
        }
        let html = Html::parse_document(&std::fs::read_to_string(out.join(page)).unwrap());
        let selector = Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
        for element in html.select(&selector) {
            let value = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap();
            if value.contains("://") || value.starts_with("mailto:") {
                continue;
            }
            if !resolves(out, page, value) {
                broken.push(format!("{page}: {value}"));
            }
        }
    }
    broken
}

fn resolves(out: &Path, page: &str, href: &str) -> bool {
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    };
    let target_page = if path.is_empty() {
        page.to_string()
    } else {
        let folder = page.rsplit_once('/').map_or("", |(f, _)| f);
        let mut parts: Vec<String> = folder
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        for part in decoded.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return false;
                    }
                }
                other => parts.push(other.to_string()),
            }
        }
        parts.join("/")
    };
    let file = out.join(&target_page);
    if !file.is_file() {
        return false;
    }
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return true;
    };
    let id = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    let html = Html::parse_document(&std::fs::read_to_string(file).unwrap());
    html.select(&Selector::parse("[id]").unwrap())
        .any(|e| e.value().attr("id") == Some(&*id))
}

/// Elements whose end tag is optional or absent, skipped by the balance check.
const NO_END_TAG: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody", "thead",
];

/// Checks the HTML source of a page (not the parsed tree, which a browser
/// always balances) for elements opened and not closed, or closed and not
/// open. Returns the problems found.
pub(crate) fn unbalanced_tags(source: &str) -> Vec<String> {
    let mut open: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let body = if closing { &rest[1..] } else { rest };
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = body.find('>').unwrap_or(body.len());
        let self_closing = body[..end].ends_with('/');
        rest = &body[end..];
        if name == "script" || name == "style" {
            if !closing {
                let close = format!("</{name}>");
                rest = rest.find(&close).map_or("", |e| &rest[e + close.len()..]);
            }
            continue;
        }
        if NO_END_TAG.contains(&name.as_str()) || self_closing {
            continue;
        }
        if !closing {
            open.push(name);
        } else if open.last() == Some(&name) {
            open.pop();
        } else {
            problems.push(format!(
                "</{name}> closes <{}>",
                open.last().map_or("nothing", |s| s)
            ));
            if let Some(position) = open.iter().rposition(|o| *o == name) {
                open.truncate(position);
            }
        }
    }
    problems.extend(
        open.into_iter()
            .map(|name| format!("<{name}> is never closed")),
    );
    problems
}

/// Text outside `code` and `pre` that still shows `**`, `__` or `~~`: an
/// emphasis the Markdown did not turn into markup.
pub(crate) fn literal_markers(html: &Html) -> Vec<String> {
    let mut found = Vec::new();
    let content = Selector::parse("main").unwrap();
    for main in html.select(&content) {
        for node in main.descendants() {
            let Some(text) = node.value().as_text() else {
                continue;
            };
            let in_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "code" | "pre" | "math"))
            });
            if !in_code && ["**", "__", "~~"].iter().any(|m| text.contains(m)) {
                found.push(text.to_string());
            }
        }
    }
    found
}

/// A running `studysite serve`, stopped when dropped.
pub(crate) struct Server {
    pub child: Child,
    pub address: SocketAddr,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
    pub stdout: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    pub(crate) fn start(site: &Scratch) -> Server {
        let mut child = std::process::Command::new(binary())
            .args(["serve", site.path().to_str().unwrap(), "--port", "0"])
            .env("RUST_BACKTRACE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout_lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let stdout = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (sender, receiver) = mpsc::channel();
        let sink = std::sync::Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in stdout_lines.map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Serving at http://") {
                    let address = url
                        .split('/')
                        .next()
                        .unwrap()
                        .parse::<SocketAddr>()
                        .unwrap();
                    let _ = sender.send(address);
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let err_sink = std::sync::Arc::clone(&stderr);
        let mut err_pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                err_sink
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let address = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server starts");
        Server {
            child,
            address,
            stderr,
            stdout,
        }
    }

    pub(crate) fn get(&self, path: &str) -> Response {
        request(self.address, path)
    }

    /// Polls `path` until `test` holds or ten seconds pass.
    pub(crate) fn wait_for(&self, path: &str, test: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let response = self.get(path);
            if test(&response) || started.elapsed() > Duration::from_secs(10) {
                return response;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// A plain HTTP/1.1 GET, the request line sent exactly as given.
pub(crate) fn request(address: SocketAddr, path: &str) -> Response {
    request_to(address, path, "localhost")
}

/// [`request`] with the `Host` header given.
pub(crate) fn request_to(address: SocketAddr, path: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}
