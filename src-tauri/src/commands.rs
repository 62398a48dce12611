//! The IPC surface, declared once: the `ipc!` list below generates the Tauri commands, the
//! handler list and the TypeScript bindings (`ui/src/backend/bindings.ts`). Each body only
//! calls the core.

use kretslopp_client::view::*;
use kretslopp_client::{Core, CoreError};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

macro_rules! ipc {
    ($( $(#[doc = $doc:literal])* fn $name:ident($core:ident, $app:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty $body:block )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name($app: AppHandle, $core: State<'_, Core>, $($arg: $ty),*) -> Result<$ret, CoreError> {
                let _ = &$app;
                $body
            }
        )*

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// `(name, [(arg, TS type)], TS return type, doc)` of every command.
        #[cfg(test)]
        pub fn signatures() -> Vec<(&'static str, Vec<(&'static str, String)>, String, String)> {
            use ts_rs::TS;
            vec![$(
                (
                    stringify!($name),
                    vec![$((stringify!($arg), <$ty as TS>::name())),*],
                    <$ret as TS>::name(),
                    [$($doc),*].join("\n"),
                )
            ),*]
        }
    };
}

ipc! {
    /// Who is logged in (confirmed with the server when reachable).
    fn session(core, app) -> SessionView {
        core.session().await
    }

    /// Starts a BankID login, cancelling one in progress.
    fn login_start(core, app, method: LoginMethodView, lang: String) -> LoginView {
        Ok(core.login_start(method, &lang).await)
    }

    /// Fresh QR code and status; call about once a second while waiting.
    fn login_poll(core, app) -> LoginView {
        Ok(core.login_poll().await)
    }

    /// Cancels the login in progress.
    fn login_cancel(core, app) -> LoginView {
        Ok(core.login_cancel().await)
    }

    /// Opens BankID on this device for the login in progress.
    fn open_bankid(core, app) -> () {
        let url = core.bankid_launch_url().await?;
        app.opener().open_url(url.as_str(), None::<&str>).map_err(|e| CoreError::new("open-failed", e.to_string()))
    }

    /// Logs out: ends the session at the server and removes it from this device.
    fn logout(core, app) -> SessionView {
        core.logout().await
    }
}

/// `kretslopp://` links reach the running app here, from the OS or a second launch.
pub fn listen_for_deep_links(app: &AppHandle) {
    use tauri_plugin_deep_link::DeepLinkExt;
    #[cfg(any(target_os = "linux", all(debug_assertions, windows)))]
    if let Err(e) = app.deep_link().register_all() {
        tracing::info!(error = %e, "could not register the kretslopp:// scheme");
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            let handle = handle.clone();
            tauri::async_runtime::spawn(async move {
                let core = handle.state::<Core>();
                if let Err(e) = core.handle_deep_link(url.as_str()).await {
                    tracing::warn!(code = %e.code, "ignored a deep link");
                }
            });
        }
    });
}
