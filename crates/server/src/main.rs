//! `kretslopp-server`: the API, configured by `KRETSLOPP_*` variables (see README).
//! In simulator mode it also runs the BankID simulator, so the demo is one process.

use anyhow::Context;
use kretslopp_domain::{Clock, SystemClock};
use kretslopp_server::config::BankIdMode;
use kretslopp_server::{AppState, Config};
use std::sync::Arc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KRETSLOPP_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let config = Config::from_env()?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some(area @ ("orders" | "pickups")) => {
            let db = kretslopp_server::db::connect(&config.database_url).await?;
            let now = clock.now_ms();
            let out = if area == "orders" {
                kretslopp_server::operator::orders(&db, &args[1..], now).await?
            } else {
                kretslopp_server::operator::pickups(&db, &args[1..], now).await?
            };
            println!("{}", out.trim_end());
            return Ok(());
        }
        Some(other) => anyhow::bail!(
            "unknown command {other:?}; without arguments the server starts\n{}",
            kretslopp_server::operator::USAGE
        ),
    }

    let mut simulator_base = None;
    if config.bankid_mode == BankIdMode::Simulator && config.bankid_url.is_none() {
        let listener =
            kretslopp_server::serve::listen(config.simulator_listen).with_context(|| {
                format!(
                    "binding the BankID simulator to {}",
                    config.simulator_listen
                )
            })?;
        let addr = listener.local_addr()?;
        tracing::info!("BankID simulator: the BankID app page is http://{addr}/");
        tokio::spawn(kretslopp_bankid::simulator::serve(listener, clock.clone()));
        simulator_base = Some(format!("http://{addr}/rp/v6.0/").parse()?);
    }

    let state = AppState::from_config(&config, clock, simulator_base).await?;
    tokio::spawn(kretslopp_server::jobs::run(state.clone()));
    let listener = kretslopp_server::serve::listen(config.listen)
        .with_context(|| format!("binding to {}", config.listen))?;
    tracing::info!(addr = %listener.local_addr()?, mode = ?config.bankid_mode, "Kretslopp API listening");
    let timeouts = kretslopp_server::serve::Timeouts::default();
    kretslopp_server::serve::serve(
        listener,
        kretslopp_server::router(state),
        &timeouts,
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    )
    .await;
    Ok(())
}
