//! A loopback proxy between the app and the API, for fault tests and benchmarks: it can
//! lose answers after the server committed, stand in for an outage, switch instances, and
//! counts requests. Every connection carries one request (`Connection: close` is added),
//! so a change of mode applies to the very next request.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
// (`Connection: close` is added), so a change of mode applies to the very next request.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Pass,
    /// A POST reaches the server and is answered there; the answer never arrives. Other
    /// requests pass.
    LoseAnswers,
    /// A 503 with `Retry-After`, as a load balancer in an outage answers.
    Unavailable {
        retry_after: u64,
    },
}

#[derive(Clone)]
pub struct Proxy {
    /// `http://127.0.0.1:<port>/`
    pub url: String,
    state: Arc<Mutex<(Mode, String)>>,
    requests: Arc<AtomicU64>,
}

impl Proxy {
    pub async fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new((Mode::Pass, host(upstream))));
        let requests = Arc::new(AtomicU64::new(0));
        let (shared, counter) = (state.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (mode, upstream) = shared.lock().unwrap().clone();
                let counter = counter.clone();
                tokio::spawn(async move {
                    let _ = serve_one(client, mode, &upstream, &counter).await;
                });
            }
        });
        Self {
            url,
            state,
            requests,
        }
    }

    /// Requests seen since the start.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn set(&self, mode: Mode) {
        self.state.lock().unwrap().0 = mode;
    }

    /// Sends the next requests to another instance (`http://host:port`).
    pub fn route_to(&self, upstream: &str) {
        self.state.lock().unwrap().1 = host(upstream);
    }
}

fn host(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

/// Reads one request: headers, then a body of `Content-Length` (the app never chunks).
async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    // One request per connection, whatever the client hoped for.
    let line_end = buf.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    buf.splice(line_end..line_end, b"Connection: close\r\n".iter().copied());
    Ok(Some(buf))
}

async fn serve_one(
    mut client: TcpStream,
    mode: Mode,
    upstream: &str,
    counter: &AtomicU64,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut client).await? else {
        return Ok(());
    };
    counter.fetch_add(1, Ordering::Relaxed);
    match mode {
        Mode::Unavailable { retry_after } => {
            let answer = format!(
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: {retry_after}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            client.write_all(answer.as_bytes()).await?;
        }
        Mode::Pass | Mode::LoseAnswers => {
            let mut server = TcpStream::connect(upstream).await?;
            server.write_all(&request).await?;
            let mut answer = Vec::new();
            // The server closes after answering (Connection: close): the whole answer.
            server.read_to_end(&mut answer).await?;
            if mode == Mode::Pass || !request.starts_with(b"POST ") {
                client.write_all(&answer).await?;
            }
            // LoseAnswers: the server has committed and answered; the app gets nothing.
        }
    }
    client.shutdown().await
}
