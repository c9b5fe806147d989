//! Accepting the dev server's connections: each is served by hyper with a
//! timeout on reading a request, so that an idle connection, or a client
//! that sends its request a byte at a time, is closed instead of held open
//! for good. A response in progress (the live-reload event stream) is not
//! cut short.

use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a connection may take to send a request's head, counted from
/// the moment it is waiting for one (so idle keep-alive connections too).
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on every connection `listener` accepts, for as long as
/// the runtime runs.
pub(crate) async fn serve(listener: TcpListener, app: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: wait for connections to close
            // rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            // A client that goes away is no error of the server's.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(REQUEST_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
