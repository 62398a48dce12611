//! A bare Tauri window of the app's size: the baseline that `scripts/bench.sh` compares the
//! app's cold start and memory against. It reports its first paint the way the app does.

#[tauri::command]
fn painted() {
    eprintln!("first paint");
}

fn main() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .setup(|app| {
            // Milestones for `BENCH_VERBOSE=1`, as the app logs them at debug level.
            eprintln!("setup begins");
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::default())
                .title("Bare window")
                .inner_size(1040.0, 760.0)
                .build()?;
            eprintln!("window built");
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the bare window could not run");
}
