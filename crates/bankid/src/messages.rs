//! Which recommended user message (RFA) to show, following BankID's guidance.

use crate::{ErrorCode, HintCode, Status};
use kretslopp_domain::Rfa;

/// How the person was asked to start the BankID app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Animated QR code, scanned with another device.
    Qr,
    /// The app was launched on this device with the autostart token.
    SameDevice { mobile: bool },
}

/// The message for a collect result. `None` for a completed order.
pub fn for_collect(status: Status, hint: Option<&HintCode>, flow: Flow) -> Option<Rfa> {
    use HintCode as H;
    match status {
        Status::Complete => None,
        Status::Pending => Some(match hint {
            Some(H::OutstandingTransaction) => match flow {
                Flow::Qr => Rfa::Rfa1,
                Flow::SameDevice { .. } => Rfa::Rfa13,
            },
            Some(H::NoClient) => Rfa::Rfa1,
            Some(H::Started) => match flow {
                Flow::SameDevice { mobile: true } => Rfa::Rfa15B,
                _ => Rfa::Rfa15A,
            },
            Some(H::UserMrtd) => Rfa::Rfa23,
            Some(H::UserSign) => Rfa::Rfa9,
            // No hint yet is the same as "not yet received by the app".
            None => match flow {
                Flow::Qr => Rfa::Rfa1,
                Flow::SameDevice { .. } => Rfa::Rfa13,
            },
            Some(_) => Rfa::Rfa21,
        }),
        Status::Failed => Some(match hint {
            Some(H::ExpiredTransaction) => Rfa::Rfa8,
            Some(H::CertificateErr) => Rfa::Rfa16,
            Some(H::UserCancel) => Rfa::Rfa6,
            Some(H::Cancelled) => Rfa::Rfa3,
            Some(H::StartFailed) => match flow {
                Flow::Qr => Rfa::Rfa17B,
                Flow::SameDevice { .. } => Rfa::Rfa17A,
            },
            _ => Rfa::Rfa22,
        }),
    }
}

/// The message for an error response from `/auth`, `/sign` or `/collect`.
pub fn for_error(code: &ErrorCode) -> Rfa {
    match code {
        ErrorCode::AlreadyInProgress => Rfa::Rfa4,
        ErrorCode::RequestTimeout | ErrorCode::InternalError | ErrorCode::Maintenance => Rfa::Rfa5,
        _ => Rfa::Rfa22,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use HintCode as H;

    #[test]
    fn mapping_table() {
        let qr = Flow::Qr;
        let desk = Flow::SameDevice { mobile: false };
        let mob = Flow::SameDevice { mobile: true };
        let cases: &[(Status, Option<HintCode>, Flow, Option<Rfa>)] = &[
            (
                Status::Pending,
                Some(H::OutstandingTransaction),
                qr,
                Some(Rfa::Rfa1),
            ),
            (
                Status::Pending,
                Some(H::OutstandingTransaction),
                desk,
                Some(Rfa::Rfa13),
            ),
            (Status::Pending, Some(H::NoClient), desk, Some(Rfa::Rfa1)),
            (Status::Pending, Some(H::Started), desk, Some(Rfa::Rfa15A)),
            (Status::Pending, Some(H::Started), mob, Some(Rfa::Rfa15B)),
            (Status::Pending, Some(H::UserSign), qr, Some(Rfa::Rfa9)),
            (Status::Pending, Some(H::UserMrtd), qr, Some(Rfa::Rfa23)),
            (
                Status::Pending,
                Some(H::Unknown("x".into())),
                qr,
                Some(Rfa::Rfa21),
            ),
            (
                Status::Failed,
                Some(H::ExpiredTransaction),
                qr,
                Some(Rfa::Rfa8),
            ),
            (
                Status::Failed,
                Some(H::CertificateErr),
                qr,
                Some(Rfa::Rfa16),
            ),
            (Status::Failed, Some(H::UserCancel), qr, Some(Rfa::Rfa6)),
            (Status::Failed, Some(H::Cancelled), qr, Some(Rfa::Rfa3)),
            (Status::Failed, Some(H::StartFailed), qr, Some(Rfa::Rfa17B)),
            (
                Status::Failed,
                Some(H::StartFailed),
                desk,
                Some(Rfa::Rfa17A),
            ),
            (
                Status::Failed,
                Some(H::TransactionRiskBlocked),
                qr,
                Some(Rfa::Rfa22),
            ),
            (
                Status::Failed,
                Some(H::Unknown("y".into())),
                qr,
                Some(Rfa::Rfa22),
            ),
            (Status::Complete, None, qr, None),
        ];
        for (status, hint, flow, want) in cases {
            assert_eq!(
                for_collect(*status, hint.as_ref(), *flow),
                *want,
                "{status:?} {hint:?} {flow:?}"
            );
        }
        assert_eq!(for_error(&ErrorCode::AlreadyInProgress), Rfa::Rfa4);
        assert_eq!(for_error(&ErrorCode::Maintenance), Rfa::Rfa5);
        assert_eq!(for_error(&ErrorCode::Unknown("new".into())), Rfa::Rfa22);
    }
}
