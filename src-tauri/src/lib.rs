//! The shell: plugins, window, and the IPC commands. Logic lives in `kretslopp-client`.

mod bindings;
mod commands;
mod reminders;
mod startup;

use kretslopp_client::{Core, CoreConfig};
use kretslopp_domain::{Clock, ShiftedClock, SystemClock};
use std::sync::Arc;
use tauri::Manager;

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    startup::begin();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KRETSLOPP_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        // Blank windows on some GPUs and under Xvfb otherwise (tauri#9304).
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }

    let mut builder = tauri::Builder::default();
    #[cfg(desktop)]
    {
        // First, so a second launch (e.g. from a kretslopp:// link) hands its URL to this one.
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.set_focus();
            }
        }));
    }
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(commands::handler())
        .setup(|app| {
            startup::mark("setup begins");
            // The webview starts loading at once; the core is in place before the event loop
            // runs, so before the page's first command can arrive.
            open_main_window(app)?;
            startup::mark("window built");
            // The core needs the platform's data directory, known only once the app is.
            let mut config = CoreConfig::from_env().expect("invalid KRETSLOPP_* configuration");
            config.data_dir = kretslopp_client::paths::data_dir(app.path().app_data_dir()?);
            app.manage(Core::new(config, clock()).expect("the app core could not start"));
            commands::prepare_startup(app.handle().clone());
            commands::listen_for_deep_links(app.handle());
            commands::forward_core_events(app.handle().clone());
            commands::run_sync_loop(app.handle().clone());
            commands::run_outbox_loop(app.handle().clone());
            reminders::start(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the Kretslopp app");
}

/// The window is built here rather than in tauri.conf.json so that the webview's own storage
/// (localStorage, caches) sits under the one data directory that `KRETSLOPP_DATA_DIR` moves.
fn open_main_window(app: &mut tauri::App) -> tauri::Result<()> {
    let data_dir = kretslopp_client::paths::data_dir(app.path().app_data_dir()?);
    let builder = tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::default())
        .data_directory(data_dir.join("webview"));
    #[cfg(desktop)]
    let builder = builder
        .title("Kretslopp")
        .inner_size(1040.0, 760.0)
        .min_inner_size(360.0, 560.0)
        .center();
    // Before the page's first style: its stylesheet names fontconfig's sans-serif alone on
    // Linux, where looking up the other platforms' UI fonts costs the first layout ~100 ms.
    #[cfg(target_os = "linux")]
    let builder =
        builder.initialization_script("document.documentElement.dataset.fonts = 'fontconfig'");
    builder.build()?;
    Ok(())
}

/// The system clock, or one starting at `KRETSLOPP_CLOCK_START` (RFC 3339), which lets an
/// end-to-end run or a demo be "the evening before a pickup" without waiting for it.
fn clock() -> Arc<dyn Clock> {
    let start = std::env::var("KRETSLOPP_CLOCK_START")
        .ok()
        .filter(|v| !v.is_empty());
    match start {
        Some(v) => {
            let at =
                time::OffsetDateTime::parse(&v, &time::format_description::well_known::Rfc3339)
                    .expect(
                        "KRETSLOPP_CLOCK_START is an RFC 3339 time, e.g. 2027-01-31T17:59:40+01:00",
                    );
            Arc::new(ShiftedClock::starting_at(at.unix_timestamp() * 1000))
        }
        None => Arc::new(SystemClock),
    }
}
