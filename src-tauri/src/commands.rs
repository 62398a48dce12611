//! The IPC surface, declared once: the `ipc!` list below generates the Tauri commands, the
//! handler list and the TypeScript bindings (`ui/src/backend/bindings.ts`). Each body only
//! calls the core.

use kretslopp_client::api::ErrorCode;
use kretslopp_client::api::*;
use kretslopp_client::orders::*;
use kretslopp_client::reminders::*;
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
                let _ = (&$app, &$core);
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

    /// The first screen at once: the session, Hem's cached pickups, the unread count and
    /// whether a link brought an invite.
    fn startup(core, app) -> StartupView {
        crate::startup::mark("startup command");
        let answer = core.startup().await;
        crate::startup::mark("startup answered");
        answer
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
        app.opener().open_url(url.as_str(), None::<&str>).map_err(|e| CoreError::new(ErrorCode::OpenFailed, e.to_string()))
    }

    /// Logs out: ends the session at the server and removes it from this device.
    fn logout(core, app) -> SessionView {
        core.logout().await
    }

    /// The logged-in person, their account and customers.
    fn me(core, app) -> Me {
        core.me().await
    }

    /// Registers or changes the person's own contact details.
    fn save_account(core, app, input: AccountInput) -> Me {
        core.save_account(&input).await
    }

    /// Company first login, step 1: old customer number and last four digits of the orgnr.
    fn legacy_link(core, app, input: LegacyLinkRequest) -> LegacyLinkClaim {
        core.legacy_link(&input).await
    }

    /// Company first login, step 2: "Skapa användarkonto".
    fn register_company(core, app, input: RegisterCompanyUser) -> CustomerSummary {
        core.register_company(&input).await
    }

    /// Byt kund.
    fn switch_customer(core, app, customer_id: String) -> Me {
        core.switch_customer(&customer_id).await
    }

    /// Mina uppgifter for one customer.
    fn customer(core, app, customer_id: String) -> CustomerDetails {
        core.customer(&customer_id).await
    }

    /// Changes the invoice address (administrators and holders).
    fn save_invoice_address(core, app, customer_id: String, input: InvoiceAddressInput) -> InvoiceAddress {
        core.save_invoice_address(&customer_id, &input).await
    }

    /// Administrera användare: the customer's members.
    fn members(core, app, customer_id: String) -> Vec<Member> {
        core.members(&customer_id).await
    }

    /// Changes a company member's role.
    fn change_role(core, app, customer_id: String, member_id: String, role: Role) -> () {
        core.change_role(&customer_id, &member_id, role).await
    }

    /// Approves a member waiting for approval.
    fn approve_member(core, app, customer_id: String, member_id: String) -> () {
        core.approve_member(&customer_id, &member_id).await
    }

    /// Removes a member, or declines one waiting for approval.
    fn remove_member(core, app, customer_id: String, member_id: String) -> () {
        core.remove_member(&customer_id, &member_id).await
    }

    /// Whether an invite link is waiting (it may have arrived before the login).
    fn invite_waiting(core, app) -> bool {
        Ok(core.has_invite())
    }

    /// The waiting invite: who invites the logged-in person to what.
    fn invite_preview(core, app) -> InvitePreview {
        core.invite_preview().await
    }

    /// Tacka ja with the confirmed details; the customer becomes the active one.
    fn accept_invite(core, app, customer_id: String, account: AccountInput) -> Me {
        core.accept_invite(&customer_id, &account).await
    }

    /// Tacka nej: the invite's link stops working.
    fn decline_invite(core, app) -> () {
        core.decline_invite().await
    }

    /// Closes the waiting invite without answering it.
    fn forget_invite(core, app) -> () {
        core.forget_invite();
        Ok(())
    }

    /// Dela / Bjud in: pending invites with their expiry.
    fn invites(core, app, customer_id: String) -> Vec<Invite> {
        core.invites(&customer_id).await
    }

    /// Invites a person by e-mail.
    fn send_invite(core, app, customer_id: String, input: NewInvite) -> Invite {
        core.send_invite(&customer_id, &input).await
    }

    /// Skicka igen: a new link; the old one stops working.
    fn resend_invite(core, app, customer_id: String, invite_id: String) -> Invite {
        core.resend_invite(&customer_id, &invite_id).await
    }

    /// Återkalla: the invite's link stops working.
    fn revoke_invite(core, app, customer_id: String, invite_id: String) -> () {
        core.revoke_invite(&customer_id, &invite_id).await
    }

    /// Sets a member's kommun filter (empty = all kommuner).
    fn set_kommuner(core, app, customer_id: String, member_id: String, kommuner: Vec<String>) -> Vec<String> {
        core.set_kommuner(&customer_id, &member_id, kommuner).await
    }

    /// Opens or closes linking with old customer numbers (company administrators).
    fn set_legacy_linking(core, app, customer_id: String, open: bool) -> bool {
        core.set_legacy_linking(&customer_id, open).await
    }

    /// Logged-in devices.
    fn devices(core, app) -> Vec<DeviceSession> {
        core.devices().await
    }

    /// Logs out one device.
    fn log_out_device(core, app, session_id: String) -> () {
        core.log_out_device(&session_id).await
    }

    /// Logs out every device, this one included.
    fn log_out_everywhere(core, app) -> SessionView {
        core.log_out_everywhere().await?;
        core.session().await
    }

    /// Saves "my data" as JSON in the Downloads folder; returns the file's path.
    fn export_data(core, app) -> String {
        let json = core.export_data().await?;
        kretslopp_client::paths::write_export(&downloads(&app)?, &json)
    }

    /// Saves the coming year's pickups as an .ics file in Downloads; returns its path.
    fn export_calendar(core, app, customer_id: String, lang: String) -> String {
        let ics = core.calendar_ics(&customer_id, &lang).await?;
        kretslopp_client::paths::write_new_file(&downloads(&app)?, "hamtkalender", "ics", &ics)
    }

    /// A new calendar subscription link (the earlier one stops working).
    fn calendar_feed(core, app, customer_id: String, lang: String) -> CalendarFeed {
        core.calendar_feed(&customer_id, &lang).await
    }

    /// Stops the calendar subscription link.
    fn revoke_calendar_feed(core, app, customer_id: String) -> () {
        core.revoke_calendar_feed(&customer_id).await
    }

    /// Syncs the offline cache with the server; says when it last succeeded.
    fn sync_now(core, app) -> SyncStatusView {
        core.sync_now().await
    }

    /// Mina aktiva tjänster, from the cache.
    fn active_services(core, app, customer_id: String) -> Vec<ServiceView> {
        core.services_offline(&customer_id).await
    }

    /// The next pickup of each service, from the cache.
    fn next_pickups(core, app, customer_id: String) -> Vec<PickupView> {
        core.next_pickups(&customer_id).await
    }

    /// Hämtkalender for one month, from the cache.
    fn calendar_month(core, app, customer_id: String, year: i32, month: u8) -> MonthView {
        core.calendar_month(&customer_id, year, month).await
    }

    /// Beställ påsar: each address with the colours offered there, from the cache.
    fn order_form(core, app, customer_id: String) -> OrderFormView {
        core.order_form(&customer_id).await
    }

    /// Mina beställningar: köad and avvisad first, then the server's, newest first.
    fn orders(core, app, customer_id: String) -> Vec<OrderView> {
        core.orders(&customer_id).await
    }

    /// Places an order (also offline: it is köad and sent when the server can be reached).
    fn place_order(core, app, customer_id: String, input: PlaceOrderInput) -> OrderView {
        core.place_order(&customer_id, &input).await
    }

    /// Avbryt: a köad order is not sent; a mottagen one is cancelled at the server.
    fn cancel_order(core, app, customer_id: String, order_id: String) -> Vec<OrderView> {
        core.cancel_order(&customer_id, &order_id).await
    }

    /// Orders waiting on this device to be sent (asked before logging out).
    fn queued_orders(core, app) -> u32 {
        core.queued_orders().await
    }

    /// Ta bort: forgets a refused order.
    fn dismiss_order(core, app, customer_id: String, order_id: String) -> Vec<OrderView> {
        core.dismiss_order(&customer_id, &order_id).await
    }

    /// Statistik (or Statistikarkivet) for one year and filter, from the cache; no year:
    /// the newest.
    fn statistics(core, app, customer_id: String, archive: bool, year: Option<i32>, filter: Filter) -> StatisticsView {
        core.statistics(&customer_id, archive, year, &filter).await
    }

    /// The same after fetching the year from the server, if it changed.
    fn refresh_statistics(core, app, customer_id: String, archive: bool, year: Option<i32>, filter: Filter) -> StatisticsView {
        core.refresh_statistics(&customer_id, archive, year, &filter).await
    }

    /// Saves the cached year through the filter as CSV in Downloads; returns its path.
    fn export_statistics(core, app, customer_id: String, input: StatisticsExportInput) -> String {
        let lang = kretslopp_domain::Lang::parse_code(&input.lang)
            .map_err(|_| CoreError::new(ErrorCode::ValidationFailed, "the language is sv or en"))?;
        let (name, csv) = core
            .statistics_csv(&customer_id, input.archive, input.year, &input.filter, input.format, lang)
            .await?;
        let stem = name.strip_suffix(".csv").unwrap_or(&name);
        kretslopp_client::paths::write_new_file(&downloads(&app)?, stem, "csv", &csv)
    }

    /// Avisering from the cache, newest first, with the unread count.
    fn notifications(core, app) -> NotificationsView {
        core.notifications().await
    }

    /// Marks notifications read (sent to the server now or with the next sync).
    fn mark_notifications_read(core, app, ids: Vec<String>) -> NotificationsView {
        core.mark_notifications_read(&ids).await
    }

    /// Påminnelser for one customer, with the next reminder.
    fn reminder_settings(core, app, customer_id: String) -> ReminderSettingsView {
        core.reminder_settings(&customer_id).await
    }

    /// Saves Påminnelser; turning them on asks for the permission to notify where the OS
    /// needs it.
    fn save_reminder_settings(core, app, customer_id: String, input: ReminderSettingsInput) -> ReminderSettingsView {
        if input.enabled {
            use tauri_plugin_notification::{NotificationExt, PermissionState};
            let state = app.notification().request_permission();
            if !matches!(state, Ok(PermissionState::Granted)) {
                return Err(CoreError::new(ErrorCode::NotificationsDenied, "the OS does not allow notifications"));
            }
        }
        core.save_reminder_settings(&customer_id, &input).await
    }

    /// The UI painted Hem's pickups for the first time: logged with the time since start
    /// (and, at debug level, the UI's milestones on the way).
    fn painted(core, app, marks: crate::startup::PaintMarks) -> () {
        crate::startup::painted(&marks);
        Ok(())
    }

    /// Deletes the person's account; they are logged out.
    fn delete_account(core, app) -> SessionView {
        core.delete_account().await?;
        core.session().await
    }
}

/// Where exports are saved: `KRETSLOPP_DOWNLOAD_DIR` (tests), else the Downloads folder.
fn downloads(app: &AppHandle) -> Result<std::path::PathBuf, CoreError> {
    if let Some(dir) = std::env::var_os("KRETSLOPP_DOWNLOAD_DIR").filter(|d| !d.is_empty()) {
        return Ok(dir.into());
    }
    app.path()
        .download_dir()
        .or_else(|_| app.path().document_dir())
        .map_err(|e| CoreError::new(ErrorCode::NoDownloadDir, e.to_string()))
}

/// `kretslopp://` links reach the running app here, from the OS or a second launch.
pub fn listen_for_deep_links(app: &AppHandle) {
    use tauri_plugin_deep_link::DeepLinkExt;
    // Registering runs update-desktop-database and xdg-mime (a shell script that starts a
    // dozen processes): off the startup path, and after the first screen has had the CPU.
    #[cfg(any(target_os = "linux", all(debug_assertions, windows)))]
    {
        let handle = app.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(3));
            if let Err(e) = handle.deep_link().register_all() {
                tracing::info!(error = %e, "could not register the kretslopp:// scheme");
            }
        });
    }
    let handle = app.clone();
    app.deep_link()
        .on_open_url(move |event| open_links(&handle, event.urls()));
    // A link that started the app arrived before the listener: read it too.
    match app.deep_link().get_current() {
        Ok(Some(urls)) => open_links(app, urls),
        Ok(None) => {}
        Err(e) => tracing::info!(error = %e, "could not read the launch link"),
    }
}

fn open_links(app: &AppHandle, urls: Vec<tauri::Url>) {
    for url in urls {
        let handle = app.clone();
        tauri::async_runtime::spawn(async move {
            let core = handle.state::<Core>();
            if let Err(e) = core.handle_deep_link(url.as_str()).await {
                tracing::warn!(code = %e.code, "refused a deep link");
            }
        });
    }
}

/// Forwards every core event to the webview under `CORE_EVENT`, for as long as the app
/// runs. A UI that fell behind misses only events it would have superseded.
pub fn forward_core_events(app: AppHandle) {
    use tauri::Emitter;
    let mut events = app.state::<Core>().subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(e) = app.emit(kretslopp_client::events::CORE_EVENT, &event) {
                        tracing::warn!(error = %e, "a core event did not reach the window");
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

/// The first screen's answer, read while the webview starts (see `Core::prepare_startup`).
pub fn prepare_startup(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        app.state::<Core>().prepare_startup().await;
        crate::startup::mark("startup prepared");
    });
}

/// The core's automatic sync, for as long as the app runs.
pub fn run_sync_loop(app: AppHandle) {
    tauri::async_runtime::spawn(async move { app.state::<Core>().run_sync_loop().await });
}

/// The bag-order outbox, beside the sync loop.
pub fn run_outbox_loop(app: AppHandle) {
    tauri::async_runtime::spawn(async move { app.state::<Core>().run_outbox_loop().await });
}
