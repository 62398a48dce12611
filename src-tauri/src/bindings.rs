//! Generates the UI's TypeScript bindings and the RFA message catalogue from Rust, so the
//! two sides cannot drift. `make generate` rewrites them; the test fails on drift.

#[cfg(test)]
mod tests {
    use crate::commands::signatures;
    use kretslopp_client::api::*;
    use kretslopp_client::error::FieldIssue;
    use kretslopp_client::orders::*;
    use kretslopp_client::reminders::*;
    use kretslopp_client::view::*;
    use kretslopp_client::CoreError;
    use kretslopp_domain::{Lang, Permissions, Rfa};
    use ts_rs::TS;

    fn camel(s: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in s.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    fn bindings() -> String {
        let mut out = String::from(
            "// Generated from src-tauri/src/commands.rs and the client's view types by\n\
             // `make generate`. Do not edit.\n\n",
        );
        for decl in [
            kretslopp_client::events::CoreEvent::decl(),
            ErrorCode::decl(),
            CoreError::decl(),
            FieldIssue::decl(),
            SessionView::decl(),
            StartupView::decl(),
            crate::startup::PaintMarks::decl(),
            Me::decl(),
            UserAccount::decl(),
            CustomerSummary::decl(),
            CustomerKind::decl(),
            Role::decl(),
            Permissions::decl(),
            AccountInput::decl(),
            LegacyLinkRequest::decl(),
            LegacyLinkClaim::decl(),
            RegisterCompanyUser::decl(),
            CustomerDetails::decl(),
            InvoiceAddress::decl(),
            InvoiceAddressInput::decl(),
            KommunRef::decl(),
            Member::decl(),
            Invite::decl(),
            NewInvite::decl(),
            InvitePreview::decl(),
            DeviceSession::decl(),
            SyncStatusView::decl(),
            PickupView::decl(),
            MonthView::decl(),
            MonthService::decl(),
            MonthPickup::decl(),
            ServiceView::decl(),
            AddressView::decl(),
            FractionView::decl(),
            CalendarFeed::decl(),
            OrderFormView::decl(),
            OrderAddressView::decl(),
            BagColourView::decl(),
            OrderView::decl(),
            OrderLineView::decl(),
            OrderState::decl(),
            PlaceOrderInput::decl(),
            BagLine::decl(),
            StatisticsView::decl(),
            StatisticsExportInput::decl(),
            StatisticsAddress::decl(),
            Summary::decl(),
            Amount::decl(),
            AddressTotal::decl(),
            Filter::decl(),
            CsvFormat::decl(),
            NotificationsView::decl(),
            NotificationView::decl(),
            Event::decl(),
            OrderStatus::decl(),
            ReminderSettingsView::decl(),
            ReminderServiceView::decl(),
            NextReminderView::decl(),
            ReminderSettingsInput::decl(),
            PersonView::decl(),
            LoginView::decl(),
            LoginPhase::decl(),
            LoginMethodView::decl(),
        ] {
            out.push_str(&format!("export {decl}\n\n"));
        }
        let codes: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|c| format!("'{}'", c.as_str()))
            .collect();
        out.push_str(&format!(
            "/** Every error code, for the message catalogues' completeness test. */\nexport const ERROR_CODES: readonly ErrorCode[] = [\n  {},\n];\n\n",
            codes.join(",\n  ")
        ));
        out.push_str(&format!(
            "/** The event name every CoreEvent arrives under. */\nexport const CORE_EVENT = '{}';\n\n",
            kretslopp_client::events::CORE_EVENT
        ));
        out.push_str("/** Every IPC command: its arguments and what it returns. */\nexport type Commands = {\n");
        for (name, args, ret, doc) in signatures() {
            let args: Vec<String> = args
                .iter()
                .map(|(a, t)| format!("{}: {t}", camel(a)))
                .collect();
            let args = if args.is_empty() {
                "Record<string, never>".to_owned()
            } else {
                format!("{{ {} }}", args.join("; "))
            };
            out.push_str(&format!(
                "  /** {} */\n  {name}: {{ args: {args}; result: {ret} }};\n",
                doc.trim()
            ));
        }
        out.push_str("};\n");
        out
    }

    fn rfa_catalogue() -> String {
        let mut out = String::from(
            "// BankID's recommended user messages, generated from crates/domain/src/rfa.rs by\n\
             // `make generate`. Do not edit.\n\n",
        );
        for lang in Lang::ALL {
            out.push_str(&format!("export const rfa_{} = {{\n", lang.code()));
            for rfa in Rfa::ALL {
                out.push_str(&format!(
                    "  {}: {},\n",
                    rfa.code(),
                    serde_json::to_string(rfa.message(lang)).unwrap()
                ));
            }
            out.push_str("} as const;\n\n");
        }
        out.trim_end().to_owned() + "\n"
    }

    fn check(relative: &str, current: String) {
        // The runtime value: a shared target directory may hold a binary built in another checkout.
        let dir = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
        let path = format!("{dir}/../{relative}");
        if std::env::var_os("KRETSLOPP_UPDATE_GENERATED").is_some() {
            std::fs::write(&path, &current).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == current,
            "{relative} is out of date: run `make generate`"
        );
    }

    #[test]
    fn typescript_bindings_are_current() {
        check("ui/src/backend/bindings.ts", bindings());
    }

    #[test]
    fn rfa_catalogue_is_current() {
        check("ui/src/i18n/rfa.generated.ts", rfa_catalogue());
    }
}
