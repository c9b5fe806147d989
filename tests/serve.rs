//! `studysite serve` on loopback: pages, rebuilds on change, a bad note,
//! refused paths, a busy port, and Ctrl-C.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

fn site() -> Scratch {
    let site = Scratch::new();
    site.write("studysite.toml", "title = \"Served\"\n")
        .write("notes/1-a.md", "# Alpha\n\nFirst text.\n")
        .write("notes/part/index.md", "# Part\n")
        .write("notes/part/b.md", "# Beta\n\n![pic](pic.png)\n")
        .write("notes/part/pic.png", b"\x89PNG\r\n\x1a\n".as_slice())
        .write("secret.txt", "top secret");
    site
}

#[test]
fn serves_pages_assets_and_a_404_with_the_right_types() {
    let site = site();
    let server = Server::start(&site);
    assert_eq!(
        server.address.ip().to_string(),
        "127.0.0.1",
        "loopback by default"
    );
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains("<script src=\"/__studysite/live.js\" data-build=\"")
    );
    let page = server.get("/1-a.html");
    assert!(page.body.contains("First text."));
    assert!(
        server
            .get("/static/style.css")
            .headers
            .contains("content-type: text/css")
    );
    assert!(
        server
            .get("/quiz.json")
            .headers
            .contains("content-type: application/json")
    );
    assert!(
        server
            .get("/part/pic.png")
            .headers
            .contains("content-type: image/png")
    );
    assert!(server.get("/part/").body.contains("Part"));
    let folder = server.get("/part");
    assert_eq!(folder.status, 301);
    assert!(folder.headers.contains("location: /part/"));
    let missing = server.get("/nope.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    assert!(
        server
            .get("/__studysite/live.js")
            .body
            .contains("EventSource")
    );
    // Nothing is written to disk.
    assert!(!site.out().exists());
}

#[test]
fn an_edit_is_served_rebuilt() {
    let site = site();
    let server = Server::start(&site);
    site.write("notes/1-a.md", "# Alpha\n\nEdited text.\n");
    let page = server.wait_for("/1-a.html", |r| r.body.contains("Edited text."));
    assert!(page.body.contains("Edited text."), "the edit is served");
    site.write("notes/3-new.md", "# Gamma\n");
    let home = server.wait_for("/", |r| r.body.contains("Gamma"));
    assert!(home.body.contains("Gamma"), "a new note appears");
    let stdout = server.stdout.lock().unwrap().clone();
    assert!(stdout.contains("(1 note changed)"), "{stdout}");
}

#[test]
fn a_bad_note_keeps_the_server_answering_until_it_is_fixed() {
    let site = site();
    let server = Server::start(&site);
    site.write("notes/1-a.md", "---\ntitle: [unclosed\n---\nBroken now.\n");
    let started = Instant::now();
    while !server
        .stderr
        .lock()
        .unwrap()
        .contains("still serving the last good build")
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the failure is reported"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let err = server.stderr.lock().unwrap().clone();
    assert!(err.contains("--> notes/1-a.md:2"), "{err}");
    let page = server.get("/1-a.html");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("First text."),
        "the last good build is served"
    );
    site.write("notes/1-a.md", "# Alpha\n\nFixed text.\n");
    let page = server.wait_for("/1-a.html", |r| r.body.contains("Fixed text."));
    assert!(
        page.body.contains("Fixed text."),
        "fixing the note recovers"
    );
}

#[test]
fn paths_outside_the_site_are_refused() {
    let site = site();
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/part/%2E%2E/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 403, "{path}");
        assert!(!response.body.contains("top secret"), "{path}");
    }
    assert_eq!(server.get("/secret.txt").status, 404);
}

#[test]
fn a_busy_port_is_an_error_that_suggests_another() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let site = site();
    let output = studysite(&["serve", site.path().to_str().unwrap(), "--port", &port]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("already in use") && err.contains("--port"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site();
    let mut server = Server::start(&site);
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the server stops"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.stdout.lock().unwrap().contains("Stopped."));
}

#[test]
fn a_folder_without_notes_is_an_error() {
    let site = Scratch::new();
    let output = studysite(&["serve", site.path().to_str().unwrap(), "--port", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no notes folder"));
}

#[test]
fn code_highlighted_while_serving_is_kept_for_the_next_build() {
    let site = site();
    site.write("notes/1-a.md", "# Alpha\n\n```rust\nfn served() {}\n```\n");
    let server = Server::start(&site);
    assert!(server.get("/1-a.html").body.contains("served"));
    let cache = site.path().join(".studysite-cache/highlight.bin");
    let started = Instant::now();
    while !cache.is_file() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve saves the highlighting cache"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    let bytes = std::fs::read(&cache).unwrap();
    assert!(
        String::from_utf8_lossy(&bytes).contains("served"),
        "the highlighted block is in the cache"
    );
}

#[test]
fn only_localhost_and_ip_addresses_are_answered() {
    let site = site();
    let server = Server::start(&site);
    let port = server.address.port();
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "192.168.1.20".to_string(),
    ] {
        assert_eq!(request_to(server.address, "/", &host).status, 200, "{host}");
    }
    // A page on another site pointing its own name at this computer (DNS
    // rebinding) is refused.
    for host in [
        "attacker.example",
        "attacker.example:4000",
        "127.0.0.1.nip.io",
    ] {
        let response = request_to(server.address, "/", host);
        assert_eq!(response.status, 403, "{host}");
        assert!(!response.body.contains("Alpha"), "{host}");
    }
}

#[test]
fn a_folder_redirect_stays_on_this_host() {
    let site = site();
    let server = Server::start(&site);
    for (path, location) in [
        ("/part", "/part/"),
        ("//part", "/part/"),
        ("/./part", "/part/"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 301, "{path}");
        assert!(
            response
                .headers
                .contains(&format!("location: {location}\r")),
            "{path}: {}",
            response.headers
        );
    }
}

#[test]
fn binding_to_the_network_warns_that_the_notes_are_open() {
    use std::io::BufRead;
    let site = site();
    let mut child = std::process::Command::new(binary())
        .args([
            "serve",
            site.path().to_str().unwrap(),
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    // Lines until the warning, for ten seconds at most: the server runs on.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let warning = std::iter::from_fn(|| {
        receiver
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
            .ok()
    })
    .find(|line| line.starts_with("warning: bound to 0.0.0.0"));
    let _ = child.kill();
    let _ = child.wait();
    let warning = warning.expect("a warning before the server runs");
    assert!(warning.contains("--bind 127.0.0.1"), "{warning}");
}

/// The id of the build a served page came from.
fn build_of(page: &Response) -> String {
    let start = page
        .body
        .find("data-build=\"")
        .expect("the page names its build")
        + 12;
    let length = page.body[start..].find('"').unwrap();
    page.body[start..start + length].to_string()
}

/// An open event stream of the live-reload script.
struct EventStream {
    stream: std::net::TcpStream,
    received: String,
}

impl EventStream {
    fn open(server: &Server) -> EventStream {
        let mut stream = std::net::TcpStream::connect(server.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET /__studysite/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        EventStream {
            stream,
            received: String::new(),
        }
    }

    /// Reads until `text` has arrived, for ten seconds at most.
    fn wait_for(&mut self, text: &str) -> bool {
        let started = Instant::now();
        let mut buffer = [0u8; 4096];
        while !self.received.contains(text) {
            if started.elapsed() > Duration::from_secs(10) {
                return false;
            }
            match self.stream.read(&mut buffer) {
                Ok(0) => return false,
                Ok(n) => self
                    .received
                    .push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(_) => {}
            }
        }
        true
    }
}

use std::io::{Read, Write};

#[test]
fn a_page_served_before_a_rebuild_learns_of_the_newer_build() {
    let site = site();
    let server = Server::start(&site);
    let old_page = server.get("/1-a.html");
    let old_build = build_of(&old_page);
    let mut stream = EventStream::open(&server);
    assert!(
        stream.wait_for(&format!("event: build\ndata: {old_build}\n")),
        "a new connection is told the current build: {}",
        stream.received
    );
    site.write("notes/1-a.md", "# Alpha\n\nEdited text.\n");
    let new_page = server.wait_for("/1-a.html", |r| r.body.contains("Edited text."));
    let new_build = build_of(&new_page);
    assert_ne!(new_build, old_build);
    assert!(
        stream.wait_for(&format!("event: build\ndata: {new_build}\n")),
        "open pages are told of the rebuild"
    );
    // The page of the old build connecting only now (its reload event came
    // and went) is told the new build, which is not its own: it reloads.
    let mut late = EventStream::open(&server);
    assert!(late.wait_for(&format!("event: build\ndata: {new_build}\n")));
    assert!(!late.received.contains(&old_build));
}

#[cfg(unix)]
#[test]
fn an_asset_replaced_by_a_link_out_of_the_site_is_never_served() {
    let site = site();
    let server = Server::start(&site);
    assert_eq!(server.get("/part/pic.png").status, 200);
    let picture = site.path().join("notes/part/pic.png");
    std::fs::remove_file(&picture).unwrap();
    std::os::unix::fs::symlink(site.path().join("secret.txt"), &picture).unwrap();
    // Another note breaks the build: the last good build stays served, but
    // not what its picture's path leads to now.
    site.write("notes/1-a.md", "---\ntitle: [unclosed\n---\n");
    let started = Instant::now();
    while !server.stderr.lock().unwrap().contains("still serving") {
        assert!(started.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(50));
    }
    let picture_now = server.get("/part/pic.png");
    assert_eq!(picture_now.status, 404);
    assert!(!picture_now.body.contains("top secret"));
    // Fixed, the rebuild skips the link as the first build would.
    site.write("notes/1-a.md", "# Alpha\n\nFixed.\n");
    server.wait_for("/1-a.html", |r| r.body.contains("Fixed."));
    let picture_now = server.get("/part/pic.png");
    assert_eq!(picture_now.status, 404);
    assert!(!picture_now.body.contains("top secret"));
    let err = server.stderr.lock().unwrap().clone();
    assert!(
        err.contains("notes/part/pic.png"),
        "the link is reported: {err}"
    );
}

#[test]
fn search_stays_served_while_a_rebuild_indexes() {
    let site = site();
    // Enough text that indexing takes a while after the pages are served.
    let paragraph = "检索的段落 with words to index. ".repeat(200);
    for n in 0..300 {
        site.write(
            &format!("notes/many/{n:03}.md"),
            format!("# Note {n}\n\n{paragraph}\n"),
        );
    }
    let server = Server::start(&site);
    server.wait_for("/search/meta.json", |r| r.status == 200);
    let build = build_of(&server.get("/"));
    for round in 0..20 {
        site.write("notes/1-a.md", format!("# Alpha\n\nRound {round}.\n"));
        let started = Instant::now();
        loop {
            assert_eq!(
                server.get("/search/meta.json").status,
                200,
                "round {round}: the index is served during the rebuild"
            );
            if build_of(&server.get("/")) != build || started.elapsed() > Duration::from_secs(5) {
                break;
            }
        }
    }
}

#[test]
fn idle_and_slow_connections_are_closed_but_the_event_stream_stays() {
    let site = site();
    let server = Server::start(&site);
    let mut stream = EventStream::open(&server);
    assert!(stream.wait_for("event: build"));
    let mut idle = std::net::TcpStream::connect(server.address).unwrap();
    let mut slow = std::net::TcpStream::connect(server.address).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    // A header a second: never a whole request.
    let trickle = std::thread::spawn(move || {
        for n in 0..20 {
            if write!(slow, "X-{n}: y\r\n").is_err() {
                return true;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        false
    });
    let mut buffer = [0u8; 64];
    let closed = matches!(idle.read(&mut buffer), Ok(0));
    let waited = started.elapsed();
    assert!(closed, "the idle connection is closed");
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(15),
        "after the timeout: {waited:?}"
    );
    assert!(trickle.join().unwrap(), "the slow request is cut off");
    // The live-reload stream, older than the timeout, still carries news.
    site.write("notes/1-a.md", "# Alpha\n\nLater.\n");
    server.wait_for("/1-a.html", |r| r.body.contains("Later."));
    let newest = build_of(&server.get("/1-a.html"));
    assert!(
        stream.wait_for(&format!("data: {newest}")),
        "{}",
        stream.received
    );
}
