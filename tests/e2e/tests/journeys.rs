//! Real user journeys in the real app binary. Run one at a time (`--test-threads 1`): the app
//! is single-instance.

mod harness;

use harness::*;
use serde_json::json;

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
    app.screenshot("02-login-waiting-for-approval").await;
    app.simulator("approve", json!({ "orderRef": order_ref }))
        .await;
    app.wait_text("[data-testid=greeting]", "Hej Anna!").await;
    app.wait_text("[data-testid=who]", "Anna Andersson").await;
    app.screenshot("03-home-sv").await;

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
    app.screenshot("05-cancelled-sv").await;

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
    app.screenshot("08-cancelled-en").await;
    app.close().await;
}
