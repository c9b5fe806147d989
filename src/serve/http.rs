//! The dev server's HTTP side: files of the in-memory site by path (so no
//! request can reach outside it), the live-reload script injected into
//! pages, and server-sent events that tell pages to reload.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::state::{LiveEvent, ServedFile, ServerState};

const LIVE_SCRIPT: &str = include_str!("live.js");
const LIVE_PATH: &str = "/__studysite/live.js";
const EVENTS_PATH: &str = "/__studysite/events";

/// The routes of the dev server.
pub(crate) fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route(LIVE_PATH, get(live_script))
        .route(EVENTS_PATH, get(events))
        .fallback(site_file)
        .layer(axum::middleware::from_fn(only_local_names))
        .with_state(state)
}

/// Refuses a request whose `Host` is a domain name other than localhost:
/// a web page cannot then reach the dev server by pointing its own name
/// at 127.0.0.1 (DNS rebinding). IP addresses are let through, so that a
/// phone on the network can read the notes when the server is bound there.
async fn only_local_names(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if host_is_allowed(host) {
        next.run(request).await
    } else {
        (
            StatusCode::FORBIDDEN,
            "studysite serve answers only to localhost and IP addresses\n",
        )
            .into_response()
    }
}

/// Whether a `Host` header names this computer or an IP address.
fn host_is_allowed(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => {
            return rest
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host.split(':').next().unwrap_or(""),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name.is_empty()
        || name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// What a URL path segment may hold as it is (RFC 3986's unreserved).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A site path as a URL path, each segment percent-encoded.
fn percent_path(path: &str) -> String {
    path.split('/')
        .map(|segment| percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

async fn live_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_SCRIPT,
    )
        .into_response()
}

/// Server-sent events: `build` (the id of the build being served, on
/// connecting and after each rebuild), `problem` (with the build's report)
/// and `fixed`. A page that connects is told the current build at once, so
/// that one served just before a rebuild finished still reloads; and, while
/// the build is broken, the problem.
async fn events(
    State(state): State<Arc<ServerState>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    // Subscribed before reading the current build: no rebuild falls between.
    let updates = BroadcastStream::new(state.subscribe()).filter_map(|event| {
        let event = match event.ok()? {
            LiveEvent::Reload(build) => Event::default().event("build").data(build),
            LiveEvent::Fixed => Event::default().event("fixed").data("fixed"),
            LiveEvent::Problem(text) => Event::default().event("problem").data(text),
        };
        Some(Ok(event))
    });
    let current = std::iter::once(Event::default().event("build").data(state.current_build()))
        .chain(
            state
                .problem()
                .map(|text| Event::default().event("problem").data(text)),
        )
        .map(Ok);
    let stream = tokio_stream::iter(current).chain(updates);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Where a request path points in the site, or why it is refused.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file of the site, by its path.
    File(String),
    /// `..`, a backslash or a NUL: never served.
    Forbidden,
}

/// Resolves a request path (percent-encoded) to a site path.
fn resolve(path: &str) -> Target {
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Target::Forbidden;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::Forbidden;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Target::Forbidden,
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        Target::File("index.html".into())
    } else if decoded.ends_with('/') {
        Target::File(format!("{joined}/index.html"))
    } else {
        Target::File(joined)
    }
}

async fn site_file(State(state): State<Arc<ServerState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = match resolve(uri.path()) {
        Target::Forbidden => return (StatusCode::FORBIDDEN, "forbidden\n").into_response(),
        Target::File(path) => path,
    };
    if let Some((file, build)) = state.file(&path) {
        return respond(StatusCode::OK, &path, file, &build).await;
    }
    if state.file(&format!("{path}/index.html")).is_some() {
        // Built from the resolved path: `//part/` would send the browser to
        // the host `part`.
        let location = format!("/{}/", percent_path(&path));
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    match state.file("404.html") {
        Some((file, build)) => respond(StatusCode::NOT_FOUND, "404.html", file, &build).await,
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

async fn respond(status: StatusCode, path: &str, file: ServedFile, build: &str) -> Response {
    let bytes: Vec<u8> = match file {
        ServedFile::Bytes(bytes) => bytes.to_vec(),
        ServedFile::Source { path, resolved } => match read_unmoved(&path, &resolved).await {
            Some(bytes) => bytes,
            None => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = if mime.type_() == mime_guess::mime::TEXT
        || mime.essence_str() == "application/javascript"
        || mime.essence_str() == "application/json"
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let body = if is_html {
        inject_live_script(bytes, build)
    } else {
        bytes
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Reads an asset whose path still leads where it did when the build
/// chose it; `None` when it is gone or now leads elsewhere (a symbolic link
/// put in its place, perhaps to a file outside the site).
async fn read_unmoved(path: &std::path::Path, resolved: &std::path::Path) -> Option<Vec<u8>> {
    let now = tokio::fs::canonicalize(path).await.ok()?;
    if now != resolved {
        return None;
    }
    tokio::fs::read(resolved).await.ok()
}

/// Adds the live-reload script, with the id of the page's build, before
/// `</body>` (or at the end).
fn inject_live_script(mut html: Vec<u8>, build: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\" data-build=\"{build}\"></script>\n");
    let position = html
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(position..position, tag.bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_site_only() {
        assert_eq!(resolve("/"), Target::File("index.html".into()));
        assert_eq!(resolve("/a/b.html"), Target::File("a/b.html".into()));
        assert_eq!(resolve("/part/"), Target::File("part/index.html".into()));
        assert_eq!(resolve("/%E5%88%86.html"), Target::File("分.html".into()));
        assert_eq!(resolve("/./a//b.html"), Target::File("a/b.html".into()));
        for bad in [
            "/../x",
            "/a/../../x",
            "/%2e%2e/x",
            "/a/%2E%2E%2Fsecret",
            "/a%5c..%5cb",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(resolve(bad), Target::Forbidden, "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let html = inject_live_script(b"<html><body><p>x</p></body></html>".to_vec(), "a-1");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!(
                "<html><body><p>x</p><script src=\"{LIVE_PATH}\" data-build=\"a-1\"></script>\n</body></html>"
            )
        );
        let bare = inject_live_script(b"<p>no body</p>".to_vec(), "a-1");
        assert!(String::from_utf8(bare).unwrap().ends_with("</script>\n"));
    }
}
