//! `studysite serve`: builds the site into memory, serves it on loopback,
//! watches the sources, rebuilds only what a change needs, and reloads the
//! open pages once the new build is complete. A failed build keeps the last
//! good site served and shows the problem over the page. The reload script
//! is added to pages as they are served; builds never contain it.

mod connections;
mod http;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::pipeline::Session;
use state::ServerState;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is up.
    pub open: bool,
    pub include_drafts: bool,
}

/// Why the server could not run.
#[derive(Debug)]
pub enum ServeError {
    /// The port is taken; the message suggests another.
    PortInUse(SocketAddr),
    Other(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::PortInUse(address) => write!(
                f,
                "port {} on {} is already in use; choose another with `--port {}`",
                address.port(),
                address.ip(),
                address.port().wrapping_add(1).max(1024)
            ),
            ServeError::Other(message) => f.write_str(message),
        }
    }
}

/// Runs the dev server until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Other(format!("cannot start the server: {e}")))?;
    runtime.block_on(run(options))
}

async fn run(options: ServeOptions) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortInUse(address),
            _ => ServeError::Other(format!("cannot listen on {address}: {error}")),
        })?;
    let local = listener
        .local_addr()
        .map_err(|e| ServeError::Other(e.to_string()))?;
    let root = options.root.clone();
    if !root.join(crate::content::NOTES_DIR).is_dir() {
        return Err(ServeError::Other(format!(
            "`{}` has no notes folder; create one, or start a book with `studysite init`",
            root.display()
        )));
    }
    // Installed before the server says it is up, so that a Ctrl-C at any
    // moment stops it cleanly.
    let interrupted = interrupted()?;
    let state = Arc::new(ServerState::new());
    // The first build, before the server listens: nothing else waits.
    let rebuilder = {
        let mut rebuilder = watch::Rebuilder::new(
            Session::new(&root, options.include_drafts),
            root.clone(),
            Arc::clone(&state),
        );
        rebuilder.rebuild(&state, None);
        rebuilder
    };
    // Watchers report absolute paths.
    let watched = root.canonicalize().unwrap_or_else(|_| root.clone());
    watch::spawn(watched, rebuilder, Arc::clone(&state)).map_err(ServeError::Other)?;

    let url = format!("http://{local}/");
    println!("Serving at {url} (Ctrl-C to stop)");
    if !local.ip().is_loopback() {
        eprintln!(
            "warning: bound to {}: anyone who can reach this computer on the network can read the notes; `--bind 127.0.0.1` keeps them to this computer",
            local.ip()
        );
    }
    if options.open
        && let Err(error) = opener::open(&url)
    {
        eprintln!("warning: could not open a browser: {error}");
    }
    let app = http::router(state);
    tokio::spawn(connections::serve(listener, app));
    interrupted.await;
    println!("Stopped.");
    Ok(())
}

/// Resolves on Ctrl-C (and, on Unix, on a termination request).
#[cfg(unix)]
fn interrupted() -> Result<impl std::future::Future<Output = ()>, ServeError> {
    use tokio::signal::unix::{SignalKind, signal};
    let listen =
        |kind| signal(kind).map_err(|e| ServeError::Other(format!("cannot handle Ctrl-C: {e}")));
    let mut interrupt = listen(SignalKind::interrupt())?;
    let mut terminate = listen(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn interrupted() -> Result<impl std::future::Future<Output = ()>, ServeError> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
