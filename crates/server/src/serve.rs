//! The HTTP server loop: hyper with read timeouts, so a client that stops mid-headers or
//! mid-body cannot hold a connection (and its task) open indefinitely. `axum::serve` has
//! no header timeout; this is the same accept loop with one, plus graceful shutdown.
//!
//! Body reads are bounded separately by the router's `RequestBodyTimeoutLayer`; a whole
//! request by its `TimeoutLayer`.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How many connections may wait to be accepted; the kernel caps it at `somaxconn`.
const BACKLOG: u32 = 4096;

/// Binds `addr` for serving. tokio's `TcpListener::bind` asks for a backlog of 1,024: a
/// burst of new connections beyond what the accept loop has taken then has its SYNs
/// dropped, and each of those clients waits a one-second retransmit (seen as a p99 of
/// ~1 s in the login benchmark).
pub fn listen(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// How long the server waits for a client.
#[derive(Debug, Clone)]
pub struct Timeouts {
    /// For a request's headers (slowloris), and for the next request on an idle
    /// keep-alive connection.
    pub header_read: Duration,
    /// Between two chunks of a request body.
    pub body_read: Duration,
    /// For a whole request, BankID calls included; then 503.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish.
/// Dropping the returned future closes every connection at once (an outage, in tests).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    timeouts: &Timeouts,
    shutdown: impl Future<Output = ()>,
) {
    let mut connections = tokio::task::JoinSet::new();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let app = app.clone();
        let service = TowerToHyperService::new(tower::service_fn(
            move |req: axum::http::Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(req)
            },
        ));
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(timeouts.request) => {}
    }
}
