//! Runs the BankID simulator on its own: `bankid-simulator [ADDR]` (default 127.0.0.1:8081).

use kretslopp_domain::SystemClock;
use std::sync::Arc;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt().with_env_filter("info").init();
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8081".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!(
        "BankID simulator: RP API at http://{addr}/rp/v6.0/, app page at http://{addr}/"
    );
    kretslopp_bankid::simulator::serve(listener, Arc::new(SystemClock)).await
}
