//! Real user journeys in the real app binary. Run one at a time (`--test-threads 1`): the app
//! is single-instance.

mod harness;

use harness::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_person_logs_in_by_scanning_the_qr_code_sees_their_name_and_logs_out() {
    let app = App::launch().await;
    app.wait_text("[data-testid=status]", "Starta BankID-appen.")
        .await;
    let (order_ref, qr) = app.scan_with_phone("01-login-qr-sv", ANNA).await;
    assert!(qr.starts_with("bankid."), "{qr}");
    app.wait_text(
        "[data-testid=status]",
        "Skriv in din säkerhetskod i BankID-appen",
    )
    .await;
    app.shot("02-login-waiting-for-approval").await;
    app.simulator("approve", json!({ "orderRef": order_ref }))
        .await;
    app.wait_text("[data-testid=greeting]", "Hej Anna!").await;
    app.wait_text("[data-testid=who]", "Anna Andersson").await;
    app.wait_text("main", "Nästa hämtningar").await;
    app.wait_text("[data-testid=last-sync]", "Senast uppdaterad")
        .await;
    app.shot("03-home-sv").await;

    // Her services and the pickup calendar, from the synced cache.
    app.click("[data-testid=nav-services]").await;
    app.wait_text("h1", "Mina aktiva tjänster").await;
    app.wait_text("main", "Kärl 190 l").await;
    app.shot("03b-services").await;
    app.click("[data-testid=nav-calendar]").await;
    app.wait_text("h1", "Hämtkalender").await;
    app.shot("03c-calendar-month").await;
    app.click("[data-testid=calendar-list]").await;
    app.wait_for("main li").await;
    app.shot("03d-calendar-list").await;
    app.click("[data-testid=export-ics]").await;
    app.wait_text("[data-testid=ics-saved]", "hamtkalender.ics")
        .await;
    app.click("[data-testid=subscribe]").await;
    app.wait_for("[data-testid=feed-link]").await;
    app.shot("03e-calendar-export").await;

    app.click("[data-testid=menu]").await;
    app.click("[data-testid=logout]").await;
    app.wait_text("[data-testid=status]", "Starta BankID-appen.")
        .await;
    app.close().await;
}

#[tokio::test]
async fn cancelling_in_the_bankid_app_shows_rfa6_and_forsok_igen_starts_over() {
    let app = App::launch().await;
    let (order_ref, first_qr) = app.scan_with_phone("04-before-cancel", ANNA).await;
    app.simulator("cancel", json!({ "orderRef": order_ref }))
        .await;
    app.wait_text("[data-testid=status]", "Åtgärden avbröts.")
        .await;
    app.shot("05-cancelled-sv").await;

    app.click("[data-testid=retry]").await;
    app.wait_text("[data-testid=status]", "Starta BankID-appen.")
        .await;
    let (order_ref, second_qr) = app.scan_with_phone("06-after-retry", ANNA).await;
    assert_ne!(
        first_qr.split('.').nth(1),
        second_qr.split('.').nth(1),
        "a new order after Försök igen"
    );
    app.simulator("approve", json!({ "orderRef": order_ref }))
        .await;
    app.wait_text("[data-testid=greeting]", "Hej Anna!").await;
    app.close().await;
}

#[tokio::test]
async fn cancelling_in_the_app_and_switching_to_english() {
    let app = App::launch().await;
    app.wait_text("[data-testid=status]", "Starta BankID-appen.")
        .await;
    app.click("[data-testid=lang-en]").await;
    app.wait_text("[data-testid=status]", "Start your BankID app.")
        .await;
    app.wait_text("h1", "Log in").await;
    app.read_qr_from_screen("07-login-qr-en").await;
    app.click("[data-testid=cancel]").await;
    app.wait_text("[data-testid=status]", "The action was cancelled.")
        .await;
    app.wait_text("[data-testid=retry]", "Try again").await;
    app.shot("08-cancelled-en").await;
    app.close().await;
}

#[tokio::test]
async fn a_company_user_links_registers_is_approved_switches_customer_and_keeps_their_kommun_filter(
) {
    let app = App::launch().await;

    // Johan's first login: Grönt Kontor has no administrator, so he becomes one.
    app.log_in(JOHAN, "10-johan-login").await;
    app.wait_text("h1", "Koppla ditt företag").await;
    app.type_into("#customerNumber", "52001").await;
    app.type_into("#orgnrLastFour", "0000").await;
    app.click("[data-testid=link-submit]").await;
    app.wait_text("[data-testid=link-error]", "stämmer inte")
        .await;
    app.shot("11-legacy-link-wrong-digits").await;
    app.type_into("#orgnrLastFour", "4561").await;
    app.click("[data-testid=link-submit]").await;
    app.wait_text("h1", "Skapa användarkonto").await;
    app.type_into("#register-email", "johan@grontkontor").await;
    app.type_into("#register-phone", "070-555 12 34").await;
    app.click("[data-testid=register-submit]").await;
    app.wait_text("[data-testid=error-register-email]", "namn@exempel.se")
        .await;
    app.shot("12-create-account-field-error").await;
    app.type_into("#register-email", "johan@grontkontor.example")
        .await;
    app.click("[data-testid=register-submit]").await;
    app.wait_text("[data-testid=home-customer]", "Grönt Kontor AB")
        .await;
    app.shot("13-home-company-admin").await;

    // He also links Norrbageriet, which has an administrator: his access waits.
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-switch]").await;
    app.click("button.link").await;
    app.type_into("#customerNumber", "30117").await;
    app.type_into("#orgnrLastFour", "8899").await;
    app.click("[data-testid=link-submit]").await;
    app.wait_text("main", "har redan en administratör").await;
    app.click("[data-testid=register-submit]").await;
    app.wait_text("[data-testid=home-customer]", "Grönt Kontor AB")
        .await;
    app.log_out().await;

    // Erik, Norrbageriet's administrator, approves Johan and makes him administrator.
    app.log_in(ERIK, "14-erik-login").await;
    app.wait_text("[data-testid=greeting]", "Hej Erik!").await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-switch]").await;
    app.click("[data-testid=choose-200001]").await;
    app.wait_text("[data-testid=home-customer]", "Norrbageriet AB")
        .await;
    app.click("[data-testid=menu]").await;
    app.wait_for("[data-testid=menu-admin]").await;
    app.shot("15-menu-admin").await;
    app.click("[data-testid=menu-admin]").await;
    app.wait_text("[data-testid='member-Johan Ek']", "Väntar på godkännande")
        .await;
    app.shot("16-admin-pending").await;
    app.click("[data-testid='approve-Johan Ek']").await;
    app.wait_for("[data-testid='role-Johan Ek']").await;
    app.choose("[data-testid='role-Johan Ek']", "admin").await;
    app.wait_text("main", "Ändringen är sparad.").await;
    app.shot("17-admin-approved").await;
    app.log_out().await;

    // Johan switches to Norrbageriet and narrows his view to two kommuner.
    app.log_in(JOHAN, "18-johan-again").await;
    app.wait_text("[data-testid=home-customer]", "Grönt Kontor AB")
        .await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-switch]").await;
    app.wait_text("h1", "Byt kund").await;
    app.shot("19-byt-kund").await;
    app.click("[data-testid=choose-200001]").await;
    app.wait_text("[data-testid=active-customer]", "Norrbageriet AB")
        .await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-details]").await;
    app.wait_text("[data-testid=identity-masked]", "556677-****")
        .await;
    app.click("[data-testid=mine-kommun-0180]").await;
    app.click("[data-testid=mine-kommun-0184]").await;
    app.click("[data-testid=mine-kommuner-save]").await;
    app.wait_text("main", "Sparat.").await;
    app.shot("20-mina-uppgifter").await;

    // Closing and reopening the app keeps the session, the customer and the filter.
    let app = app.restart().await;
    app.wait_text("[data-testid=home-filter]", "Solna, Stockholm")
        .await;
    app.wait_text("[data-testid=active-customer]", "Norrbageriet AB")
        .await;
    app.shot("21-after-restart").await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-details]").await;
    assert!(app.is_checked("[data-testid=mine-kommun-0180]").await);
    assert!(!app.is_checked("[data-testid=mine-kommun-0380]").await);
    app.close().await;
}

#[tokio::test]
async fn the_calendar_shows_offline_and_a_moved_pickup_arrives_after_the_server_returns() {
    use kretslopp_domain::calendar::{expand, format_date, HolidayPolicy, ScheduleRule};
    use kretslopp_domain::Clock;
    use kretslopp_server::seed::HOUSEHOLD_ANNA;

    let app = App::launch().await;
    app.log_in(ANNA, "30-anna-login").await;
    let rest = format!("{HOUSEHOLD_ANNA}-a01-rest");
    app.wait_text(&format!("[data-testid='next-{rest}']"), "Restavfall")
        .await;

    // The server goes down and the app is restarted: the calendar is still there.
    app.backend.stop_api();
    let mut app = app.restart().await;
    app.wait_text(
        "[data-testid=offline-banner]",
        "Ingen kontakt med Kretslopp",
    )
    .await;
    app.wait_text(&format!("[data-testid='next-{rest}']"), "Restavfall")
        .await;
    app.shot("31-offline-home").await;
    app.click("[data-testid=nav-calendar]").await;
    app.wait_text("h1", "Hämtkalender").await;
    app.wait_for(".pick").await;
    app.wait_text("[data-testid=export-offline]", "behöver kontakt")
        .await;
    app.shot("32-offline-calendar").await;
    // What needs the server says so, and its buttons wait.
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-details]").await;
    app.wait_text("[data-testid=details-offline]", "Du är offline")
        .await;
    let save = app.wait_for("[data-testid=me-submit]").await;
    assert_eq!(
        app.client
            .execute(
                "return arguments[0].disabled;",
                json!([{ "element-6066-11e4-a52e-4f735466cecf": save }])
            )
            .await
            .unwrap(),
        json!(true)
    );
    app.shot("32b-offline-details").await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-share]").await;
    app.wait_text("[data-testid=needs-server]", "behöver kontakt med servern")
        .await;
    app.shot("32c-offline-share").await;

    // The server comes back, and the company moves Anna's next residual-waste pickup a day.
    let clock = kretslopp_domain::SystemClock;
    app.backend
        .restart_api(std::sync::Arc::new(clock))
        .await
        .unwrap();
    let today = kretslopp_domain::calendar::today_in_sweden(clock.now_ms());
    let rule = ScheduleRule {
        weekday: time::Weekday::Monday,
        interval_weeks: 2,
        anchor: time::macros::date!(2026 - 01 - 05),
        season: None,
    };
    let planned = expand(
        &rule,
        &[],
        HolidayPolicy::NextWorkday,
        today,
        today + time::Duration::days(30),
    )[0];
    let planned_date = planned.original.unwrap_or(planned.date);
    app.backend
        .exec(&format!(
            "INSERT INTO service_exceptions (id, service_id, kind, date, moved_to, updated_at)
             VALUES ('e2e-move', '{rest}', 'moved', '{}', '{}', {})",
            format_date(planned_date),
            format_date(planned_date + time::Duration::days(1)),
            clock.now_ms(),
        ))
        .await
        .unwrap();
    app.click("[data-testid=offline-banner] button").await;
    app.wait_text("[data-testid=last-sync]", "Senast uppdaterad")
        .await;
    app.click("[data-testid=nav-home]").await;
    app.wait_text(&format!("[data-testid='next-{rest}']"), "Flyttad från")
        .await;
    app.shot("33-moved-after-sync").await;
    app.close().await;
}

#[tokio::test]
async fn a_reminder_arrives_the_evening_before_for_the_chosen_services_only() {
    use harness::notifications::Notifications;
    use kretslopp_server::seed::HOUSEHOLD_ANNA;

    let mut notifications = Notifications::start().await;
    // Sunday 31 January 2027 just before 18:00. On Monday Anna's first address has residual
    // and food waste.
    let app = App::launch_with(&[("KRETSLOPP_CLOCK_START", "2027-01-31T17:59:30+01:00")]).await;
    app.log_in(ANNA, "40-anna-login").await;
    let rest = format!("{HOUSEHOLD_ANNA}-a01-rest");
    let mat = format!("{HOUSEHOLD_ANNA}-a01-mat");
    app.wait_text(&format!("[data-testid='next-{rest}']"), "Restavfall")
        .await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-reminders]").await;
    app.wait_text("h1", "Påminnelser").await;
    app.wait_text("[data-testid=reminders-next]", "avstängda")
        .await;

    app.click("[data-testid=reminders-enabled]").await;
    app.choose("[data-testid=reminders-time]", "18:00").await;
    app.click(&format!("[data-testid='reminder-service-{mat}']"))
        .await;
    app.click("[data-testid=reminders-save]").await;
    app.wait_text(
        "[data-testid=reminders-next]",
        "Nästa påminnelse: söndag 31 januari kl. 18:00 – Restavfall,",
    )
    .await;
    app.shot("40-reminders").await;

    // At 18:00 (app time) the desktop shows it: residual waste only, food waste was left out.
    let shown = notifications.next(Duration::from_secs(90)).await;
    assert_eq!(shown.summary, "I morgon hämtas Restavfall");
    assert!(shown.body.ends_with(" · måndag 1 februari"), "{shown:?}");
    assert!(
        notifications.drain(Duration::from_secs(3)).await.is_empty(),
        "one reminder per address and evening"
    );

    // Restarted at 18:30 the same reminder is not shown again, the choices are kept, and the
    // next one is Monday's for the second address.
    let mut app = app;
    app.env = vec![(
        "KRETSLOPP_CLOCK_START".into(),
        "2027-01-31T18:30:00+01:00".into(),
    )];
    let app = app.restart().await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-reminders]").await;
    app.wait_text(
        "[data-testid=reminders-next]",
        "Nästa påminnelse: måndag 1 februari kl. 18:00",
    )
    .await;
    assert!(app.is_checked("[data-testid=reminders-enabled]").await);
    assert!(
        !app.is_checked(&format!("[data-testid='reminder-service-{mat}']"))
            .await
    );
    assert!(notifications.drain(Duration::from_secs(3)).await.is_empty());
    app.close().await;
}

/// The operator's subcommand, as operations run it against the backend's database.
async fn operator(app: &App, args: &[&str]) -> String {
    use kretslopp_domain::Clock;
    let db = kretslopp_server::db::connect(&app.backend.database_url)
        .await
        .unwrap();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let out =
        kretslopp_server::operator::orders(&db, &args, kretslopp_domain::SystemClock.now_ms())
            .await
            .unwrap();
    db.close().await;
    out
}

/// Uppdatera, from the sync bar or the offline banner.
async fn refresh(app: &App) {
    app.wait_for("[data-testid=refresh], [data-testid=offline-banner] button")
        .await;
    app.client
        .execute(
            "document.querySelector('[data-testid=refresh], [data-testid=offline-banner] button').click()",
            json!([]),
        )
        .await
        .unwrap();
}

/// Uppdatera with the server stopped, until the app says it is offline.
async fn went_offline(app: &App) {
    refresh(app).await;
    app.wait_text(
        "[data-testid=offline-banner]",
        "Ingen kontakt med Kretslopp",
    )
    .await;
}

/// The `data-testid` of the first order card in `state`.
async fn order_card(app: &App, state: &str) -> String {
    let css = format!("[data-state={state}]");
    app.wait_for(&css).await;
    let id = app
        .client
        .execute(
            &format!("return document.querySelector('{css}').dataset.testid"),
            json!([]),
        )
        .await
        .unwrap();
    format!("[data-testid={}]", id.as_str().unwrap())
}

#[tokio::test]
async fn bags_ordered_online_and_offline_arrive_once_each_and_follow_the_operator() {
    let app = App::launch().await;
    app.log_in(ANNA, "40-anna-login").await;

    // Online: two green and one orange roll to the first address, Sjövägen 4.
    app.click("[data-testid=nav-orders]").await;
    app.click("[data-testid=orders-new]").await;
    app.wait_text("h1", "Beställ sorteringspåsar").await;
    app.click("[data-testid=order-more-gron]").await;
    app.click("[data-testid=order-more-gron]").await;
    app.click("[data-testid=order-more-orange]").await;
    app.wait_text("[data-testid=order-counter]", "3 av 3 rullar")
        .await;
    app.wait_text("[data-testid=order-summary]", "Sjövägen 4")
        .await;
    app.shot("41-order-form").await;
    app.click("[data-testid=order-place]").await;
    app.wait_text("h1", "Mina beställningar").await;
    let online = order_card(&app, "received").await;
    app.wait_text(&online, "2 rullar Grön").await;

    // Offline: one roll to the other address is köad, and survives a restart. The app
    // is told first, so the banner does not push the button away as it is clicked.
    app.backend.stop_api();
    went_offline(&app).await;
    app.click("[data-testid=orders-new]").await;
    app.wait_text("[data-testid=order-address]", "Storgatan 12")
        .await;
    app.click("[data-testid=order-more-gron]").await;
    app.click("[data-testid=order-place]").await;
    let queued = order_card(&app, "queued").await;
    app.wait_text(&queued, "skickas automatiskt").await;
    app.shot("42-order-queued").await;
    let mut app = app.restart().await;
    app.click("[data-testid=nav-orders]").await;
    app.wait_text(&queued, "Köad").await;

    // The server is back: the queued order is sent, once.
    app.backend
        .restart_api(std::sync::Arc::new(kretslopp_domain::SystemClock))
        .await
        .unwrap();
    refresh(&app).await;
    app.wait_text(&queued, "Mottagen").await;
    let open = operator(&app, &["list"]).await;
    assert_eq!(open.matches("Anna Andersson").count(), 2, "{open}");

    // Operations send the first one; the app shows it after a sync.
    let number = online
        .trim_start_matches("[data-testid=order-")
        .trim_end_matches(']');
    let out = operator(&app, &["set-status", number, "skickad"]).await;
    assert!(out.contains("sent"), "{out}");
    refresh(&app).await;
    app.wait_text(&online, "Skickad").await;
    app.shot("43-order-history").await;
    // Avisering says so too: a badge on the bell until it is read.
    app.wait_text("[data-testid=bell-count]", "1").await;
    app.click("[data-testid=bell]").await;
    app.wait_text(
        "[data-testid=note][data-read=false]",
        &format!("Din beställning {number} av sorteringspåsar är skickad"),
    )
    .await;
    app.shot("43-notification").await;
    app.click("[data-testid=note] button").await;
    app.wait_text("h1", "Mina beställningar").await;
    app.wait_gone("[data-testid=bell-count]").await;

    // A refusal: the second order is cancelled, a new one is placed offline in orange, and
    // the colour is retired before the server hears of it.
    app.click(&format!("{queued} [data-testid=order-cancel]"))
        .await;
    app.click(&format!("{queued} [data-testid=order-cancel-yes]"))
        .await;
    app.wait_text(&queued, "Avbruten").await;
    app.backend.stop_api();
    went_offline(&app).await;
    app.click("[data-testid=orders-new]").await;
    app.wait_text("[data-testid=order-address]", "Storgatan 12")
        .await;
    app.click("[data-testid=order-more-orange]").await;
    app.click("[data-testid=order-place]").await;
    let late = order_card(&app, "queued").await;
    app.backend
        .exec(&format!(
            "UPDATE bag_colours SET retired_at = {0}, updated_at = {0} WHERE code = 'orange'",
            {
                use kretslopp_domain::Clock;
                kretslopp_domain::SystemClock.now_ms()
            }
        ))
        .await
        .unwrap();
    app.backend
        .restart_api(std::sync::Arc::new(kretslopp_domain::SystemClock))
        .await
        .unwrap();
    refresh(&app).await;
    app.wait_text(&late, "Avvisad").await;
    app.wait_text(&late, "Den färgen delas inte ut längre")
        .await;
    app.shot("44-order-refused").await;
    app.close().await;
}

/// Household sharing through an e-mailed link (PRODUCT §7): Anna shares with Johan, the
/// link reaches the running app by a second launch, Johan logs in and accepts, does what
/// a delegate does and no sharing, and loses access when Anna removes him.
#[tokio::test]
async fn a_holder_shares_by_e_mail_and_the_link_opens_the_running_app_for_the_invitee() {
    let app = App::launch().await;
    app.log_in(ANNA, "50-anna-login").await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-share]").await;
    app.wait_text("h1", "Dela med familj och anhöriga").await;
    app.type_into("#invite-name", "Johan Ek").await;
    app.type_into("#invite-email", "johan.ek@exempel.se").await;
    app.shot("51-share-form").await;
    app.click("[data-testid=invite-send]").await;
    app.wait_text("[data-testid=share-status]", "johan.ek@exempel.se")
        .await;
    app.wait_text("[data-testid=share-invites]", "gäller till och med")
        .await;
    app.shot("52-share-pending").await;
    let link = invite_link(&app.backend, "johan.ek@exempel.se");
    app.log_out().await;

    // The link opened while the app runs: a second launch hands it over.
    app.open_link(&link).await;
    app.wait_text("[data-testid=invite-waiting]", "inbjudan")
        .await;
    app.shot("53-invite-before-login").await;
    app.log_in(JOHAN, "54-johan-login").await;
    app.wait_text("h1", "Anna Andersson vill dela sitt hushåll med dig")
        .await;
    app.wait_text("[data-testid=invite-role]", "Behörig person")
        .await;
    app.shot("55-invite-accept").await;
    app.type_into("#invite-phone", "0701234599").await;
    app.click("[data-testid=invite] form button[type=submit]")
        .await;

    // Johan sees the household's pickups and can order bags, but has no Dela.
    app.wait_text("[data-testid=home-customer]", "Anna Andersson")
        .await;
    app.wait_for("[data-testid^=next-]").await;
    app.wait_for("[data-testid=nav-orders]").await;
    app.click("[data-testid=menu]").await;
    app.wait_for("[data-testid=menu-details]").await;
    assert!(
        app.client.find("[data-testid=menu-share]").await.is_err(),
        "a delegate does not share"
    );
    app.shot("56-delegate-menu").await;
    app.click("[data-testid=menu]").await;

    // The same link again: used, said in words, and nothing changes.
    app.open_link(&link).await;
    app.wait_text("[data-testid=invite-problem]", "redan använd")
        .await;
    app.shot("56b-invite-used").await;
    app.click("[data-testid=invite-close]").await;
    app.wait_text("[data-testid=home-customer]", "Anna Andersson")
        .await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=logout]").await;
    app.wait_text("h1", "Logga in").await;

    // Anna sees him among those with access, and removes him.
    app.log_in(ANNA, "57-anna-again").await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-share]").await;
    app.wait_text("[data-testid=share-members]", "Johan Ek")
        .await;
    app.wait_text("[data-testid=share-no-invites]", "Inga väntande")
        .await;
    app.click("[data-testid='share-more-Johan Ek']").await;
    app.click("[data-testid='share-remove-Johan Ek']").await;
    app.wait_text("#remove-text", "förlorar tillgången direkt")
        .await;
    app.shot("58-share-remove-confirm").await;
    app.click("[data-testid=share-remove-confirm]").await;
    app.wait_text("[data-testid=share-status]", "har inte längre tillgång")
        .await;
    app.log_out().await;

    // Johan's next login finds no customer: his access ended.
    app.log_in(JOHAN, "59-johan-removed").await;
    app.wait_text("main", "kundnummer").await;
    app.shot("59-johan-removed").await;
}

/// A link that starts the app is read too; one that names no invite says so after the
/// login, and one that is not the app's is refused at once.
#[tokio::test]
async fn a_link_that_starts_the_app_is_read_and_bad_links_are_explained() {
    let unknown = format!("kretslopp://inbjudan/kli_{}", "A".repeat(43));
    let app = App::launch_opening(&unknown).await;
    app.wait_text("[data-testid=invite-waiting]", "inbjudan")
        .await;
    app.log_in(JOHAN, "60-cold-start-login").await;
    app.wait_text("[data-testid=invite-problem]", "Inbjudan hittades inte")
        .await;
    app.shot("61-invite-not-found").await;
    app.click("[data-testid=invite-close]").await;
    app.wait_text("main", "kundnummer").await;
    app.open_link("kretslopp://inbjudan/kli_kort").await;
    app.wait_text("[role=alert]", "Länken kunde inte öppnas")
        .await;
    app.shot("62-link-refused").await;
}

/// Every screen once in English, a household's and a company's, each checked by axe and
/// photographed (at both sizes, like every journey).
#[tokio::test]
async fn every_screen_reads_in_english() {
    let app = App::launch().await;
    app.click("[data-testid=lang-en]").await;
    app.wait_text("h1", "Log in").await;
    app.log_in(ANNA, "70-en-login").await;
    app.wait_text("[data-testid=greeting]", "Hello Anna!").await;
    app.wait_text("main", "Next pickups").await;
    app.shot("71-en-home").await;
    for (nav, heading, shot) in [
        ("nav-calendar", "Pickup calendar", "72-en-calendar"),
        ("nav-services", "My active services", "73-en-services"),
        ("nav-orders", "My orders", "74-en-orders"),
    ] {
        app.click(&format!("[data-testid={nav}]")).await;
        app.wait_text("h1", heading).await;
        app.shot(shot).await;
    }
    app.click("[data-testid=nav-statistics]").await;
    app.wait_text("h1", "Statistics").await;
    app.wait_text("[data-testid=stats-months]", "Total").await;
    app.shot("75-en-statistics").await;
    app.click("[data-testid=nav-orders]").await;
    app.click("[data-testid=orders-new]").await;
    app.wait_text("h1", "Order sorting bags").await;
    app.shot("76-en-order").await;
    app.click("[data-testid=nav-statistics]").await;
    app.wait_for("[data-testid=stats-months]").await;
    app.click("[data-testid=stats-to-archive]").await;
    app.wait_text("h1", "Statistics archive").await;
    app.wait_for("[data-testid=stats-months]").await;
    app.shot("75-en-archive").await;
    app.click("[data-testid=bell]").await;
    app.wait_text("h1", "Notifications").await;
    app.shot("75-en-notifications").await;
    for (item, heading, shot) in [
        ("menu-reminders", "Reminders", "75-en-reminders"),
        ("menu-details", "My details", "77-en-details"),
        ("menu-switch", "Switch customer", "78-en-switch"),
        ("menu-share", "Share with family", "79-en-share"),
    ] {
        app.click("[data-testid=menu]").await;
        app.click(&format!("[data-testid={item}]")).await;
        app.wait_text("h1", heading).await;
        app.shot(shot).await;
    }
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=logout]").await;
    app.wait_text("h1", "Log in").await;

    // A company's administrator: Invite and Manage users.
    app.log_in(ERIK, "80-en-erik-login").await;
    app.wait_text("[data-testid=greeting]", "Hello Erik!").await;
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-switch]").await;
    app.click("[data-testid=choose-200001]").await;
    app.wait_text("[data-testid=active-customer]", "Norrbageriet AB")
        .await;
    for (item, heading, shot) in [
        ("menu-share", "Invite colleagues", "81-en-invite"),
        ("menu-admin", "Manage users", "82-en-admin"),
    ] {
        app.click("[data-testid=menu]").await;
        app.click(&format!("[data-testid={item}]")).await;
        app.wait_text("h1", heading).await;
        app.shot(shot).await;
    }
}

/// A year's totals straight from the server's tables, summed here in SQL (independently of
/// `domain::statistics`), for the customer's addresses in `kommun` (none: all), as the
/// screen writes them without spaces: "1234,5kg" and a count.
async fn summed(
    app: &App,
    table: &str,
    customer: &str,
    year: i32,
    kommun: Option<&str>,
) -> (String, String) {
    let db = kretslopp_server::db::connect(&app.backend.database_url)
        .await
        .unwrap();
    let (emptyings, grams): (i64, i64) = if table == "archive" {
        sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(emptyings), 0) AS BIGINT), CAST(COALESCE(SUM(weight_g), 0) AS BIGINT)
             FROM statistics_archive WHERE customer_id = $1 AND year = $2 AND ($3 = '' OR kommunkod = $3)",
        )
        .bind(customer)
        .bind(i64::from(year))
        .bind(kommun.unwrap_or(""))
        .fetch_one(&db)
        .await
        .unwrap()
    } else {
        sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(r.emptied), 0) AS BIGINT), CAST(COALESCE(SUM(r.weight_g), 0) AS BIGINT)
             FROM pickup_records r JOIN addresses a ON a.id = r.address_id
             WHERE r.customer_id = $1 AND r.date LIKE $2 AND ($3 = '' OR a.kommunkod = $3)",
        )
        .bind(customer)
        .bind(format!("{year}-%"))
        .bind(kommun.unwrap_or(""))
        .fetch_one(&db)
        .await
        .unwrap()
    };
    db.close().await;
    // Swedish: decimal comma, one decimal, groups of three (spaces stripped below).
    let tenths = (grams + 50) / 100;
    (
        format!("{},{}kg", tenths / 10, tenths % 10),
        emptyings.to_string(),
    )
}

/// The text of `css` without any kind of space, so "1 234,5 kg" reads "1234,5kg".
async fn compact(app: &App, css: &str) -> String {
    app.wait_for(css).await;
    let text = app
        .client
        .execute(
            "return document.querySelector(arguments[0]).textContent",
            json!([css]),
        )
        .await
        .unwrap();
    text.as_str()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

async fn shows_totals(app: &App, want: &(String, String)) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let got = (
            compact(app, "[data-testid=stats-total-weight]").await,
            compact(app, "[data-testid=stats-total-emptyings]").await,
        );
        if got == *want {
            return;
        }
        if std::time::Instant::now() > deadline {
            app.screenshot("failed-wait").await;
            panic!("the totals read {got:?}, the pickup records say {want:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Statistik and Statistikarkivet for a household and a company (PRODUCT §8): the totals
/// on screen equal the server's records summed independently, the kommun filter changes
/// chart and table, the CSV is saved, a moved pickup arrives in Avisering, and everything
/// still shows with the server stopped.
#[tokio::test]
async fn statistics_and_avisering_for_a_household_and_a_company_also_offline() {
    use kretslopp_server::seed::{HOUSEHOLD_ANNA, NORRBAGERIET};
    let year = time::OffsetDateTime::now_utc().year();
    let app = App::launch().await;
    app.log_in(ERIK, "90-erik-login").await;
    app.wait_text("[data-testid=greeting]", "Hej Erik!").await;

    // Anna's household, where Erik is behörig.
    app.click("[data-testid=nav-statistics]").await;
    app.wait_text("h1", "Statistik").await;
    shows_totals(
        &app,
        &summed(&app, "live", HOUSEHOLD_ANNA, year, None).await,
    )
    .await;
    app.wait_for("[data-testid=stats-chart]").await;
    app.shot("90-statistics-household").await;
    app.scroll_to("[data-testid=stats-months]").await;
    app.shot("90b-statistics-household-tables").await;
    app.choose("[data-testid=stats-kommun]", "0330").await;
    shows_totals(
        &app,
        &summed(&app, "live", HOUSEHOLD_ANNA, year, Some("0330")).await,
    )
    .await;
    app.wait_text("[data-testid=stats-addresses]", "Sjövägen 4")
        .await;
    let rows = app
        .client
        .execute(
            "return document.querySelectorAll('[data-testid=stats-address-row]').length",
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(rows, json!(1), "one address in Knivsta");
    app.click("[data-testid=stats-export]").await;
    app.wait_text(
        "[data-testid=stats-exported]",
        &format!("kretslopp-statistik-{year}.csv"),
    )
    .await;
    app.click("[data-testid=stats-to-archive]").await;
    app.wait_text("h1", "Statistikarkivet").await;
    app.wait_text("[data-testid=archive]", "före 1 januari 2025")
        .await;
    shows_totals(
        &app,
        &summed(&app, "archive", HOUSEHOLD_ANNA, 2024, None).await,
    )
    .await;
    app.shot("91-archive-household").await;

    // Norrbageriet, where he is administrator: twelve addresses in four kommuner.
    app.click("[data-testid=menu]").await;
    app.click("[data-testid=menu-switch]").await;
    app.click("[data-testid=choose-200001]").await;
    app.wait_text("[data-testid=active-customer]", "Norrbageriet AB")
        .await;
    app.click("[data-testid=nav-statistics]").await;
    shows_totals(&app, &summed(&app, "live", NORRBAGERIET, year, None).await).await;
    app.click("[data-testid=stats-emptyings]").await;
    app.wait_text("[data-testid=stats-months]", "Totalt").await;
    app.shot("92-statistics-company").await;
    app.choose("[data-testid=stats-kommun]", "0380").await;
    shows_totals(
        &app,
        &summed(&app, "live", NORRBAGERIET, year, Some("0380")).await,
    )
    .await;
    app.click("[data-testid=stats-weight]").await;
    app.shot("93-statistics-company-uppsala").await;
    app.scroll_to("[data-testid=stats-addresses]").await;
    app.shot("93b-statistics-company-addresses").await;
    app.click("[data-testid=stats-to-archive]").await;
    shows_totals(
        &app,
        &summed(&app, "archive", NORRBAGERIET, 2024, None).await,
    )
    .await;

    // Operations move a pickup: the bell has it after a sync.
    let out = {
        let db = kretslopp_server::db::connect(&app.backend.database_url)
            .await
            .unwrap();
        use kretslopp_domain::Clock;
        let args: Vec<String> = [
            "move",
            &format!("{NORRBAGERIET}-a01-rest"),
            "2027-02-01",
            "2027-02-03",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        let out =
            kretslopp_server::operator::pickups(&db, &args, kretslopp_domain::SystemClock.now_ms())
                .await
                .unwrap();
        db.close().await;
        out
    };
    assert!(out.contains("members told"), "{out}");
    refresh(&app).await;
    app.wait_text("[data-testid=bell-count]", "1").await;
    app.click("[data-testid=bell]").await;
    app.wait_text(
        "[data-testid=note]",
        "flyttas från måndag 1 februari till onsdag 3 februari",
    )
    .await;
    app.shot("94-avisering").await;

    // The server stops; after a restart the app shows all of it from its cache.
    app.backend.stop_api();
    let app = app.restart().await;
    app.wait_for("[data-testid=offline-banner]").await;
    app.wait_text("[data-testid=bell-count]", "1").await;
    app.click("[data-testid=bell]").await;
    app.wait_text("[data-testid=note]", "flyttas").await;
    app.click("[data-testid=nav-statistics]").await;
    app.wait_text("[data-testid=stats-status]", "Ingen kontakt med Kretslopp")
        .await;
    shows_totals(&app, &summed(&app, "live", NORRBAGERIET, year, None).await).await;
    app.shot("95-statistics-offline").await;
    app.click("[data-testid=stats-to-archive]").await;
    app.wait_text("h1", "Statistikarkivet").await;
    app.close().await;
}
