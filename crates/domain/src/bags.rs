//! Colour-sorting bags (PRODUCT §6): what an order may hold and how it moves. The server
//! refuses with these rules and the app checks with the same ones before it queues an order
//! offline, so a queued order is refused later only for what changed meanwhile.
//!
//! Who may order is `roles::may(role, Action::OrderBags)`.

use serde::{Deserialize, Serialize};

/// At most this many rolls in one order, in any mix of colours.
pub const MAX_ROLLS: u32 = 3;

/// The short number an order is known by in the app and the confirmation e-mail: the
/// first eight characters of its id, upper-case.
pub fn order_number(id: &str) -> String {
    id.chars().take(8).collect::<String>().to_uppercase()
}

/// Some rolls of one colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BagLine {
    /// A colour code of the catalogue.
    pub colour: String,
    pub rolls: u32,
}

/// Mottagen → skickad → levererad; avbruten only while mottagen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    /// Mottagen: the order is in, nothing is packed yet.
    Received,
    /// Skickad: on its way to the mailbox.
    Sent,
    /// Levererad.
    Delivered,
    /// Avbruten.
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 4] = [
        OrderStatus::Received,
        OrderStatus::Sent,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Received => "received",
            OrderStatus::Sent => "sent",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The stored (and wire) spelling only: anything else in a row is damage, not a status.
    pub fn stored(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The stored spelling, or the Swedish word an operator types.
    pub fn parse(s: &str) -> Option<OrderStatus> {
        let s = s.trim().to_lowercase();
        OrderStatus::ALL.into_iter().find(|st| {
            st.as_str() == s
                || match st {
                    OrderStatus::Received => s == "mottagen",
                    OrderStatus::Sent => s == "skickad",
                    OrderStatus::Delivered => s == "levererad",
                    OrderStatus::Cancelled => s == "avbruten",
                }
        })
    }

    /// Open orders block another order to the same address.
    pub fn is_open(self) -> bool {
        matches!(self, OrderStatus::Received | OrderStatus::Sent)
    }

    /// The one status machine: each step forward, and cancelling before it is sent.
    pub fn may_become(self, next: OrderStatus) -> bool {
        matches!(
            (self, next),
            (OrderStatus::Received, OrderStatus::Sent)
                | (OrderStatus::Sent, OrderStatus::Delivered)
                | (OrderStatus::Received, OrderStatus::Cancelled)
        )
    }

    pub fn may_cancel(self) -> bool {
        self.may_become(OrderStatus::Cancelled)
    }
}

/// One catalogue colour as the rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    pub code: &'a str,
    pub retired: bool,
    /// Kommunkoder where the colour is handed out; empty: everywhere.
    pub kommuner: &'a [String],
}

impl Offer<'_> {
    /// Whether an address in `kommunkod` may order this colour now.
    pub fn offered_in(&self, kommunkod: &str) -> bool {
        !self.retired && crate::kommun::in_list(self.kommuner, kommunkod)
    }
}

/// Why an order cannot be placed. Each has its own error code on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NoRolls,
    TooManyRolls { rolls: u32 },
    UnknownColour(String),
    RetiredColour(String),
    NotOfferedHere(String),
    OpenOrderExists,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NoRolls => write!(f, "An order needs at least one roll"),
            Refusal::TooManyRolls { rolls } => {
                write!(f, "An order holds at most {MAX_ROLLS} rolls, not {rolls}")
            }
            Refusal::UnknownColour(c) => write!(f, "There is no bag colour {c:?}"),
            Refusal::RetiredColour(c) => write!(f, "The bag colour {c:?} is no longer handed out"),
            Refusal::NotOfferedHere(c) => {
                write!(
                    f,
                    "The bag colour {c:?} is not handed out in this address's kommun"
                )
            }
            Refusal::OpenOrderExists => write!(
                f,
                "This address already has an order on its way; wait until it has arrived"
            ),
        }
    }
}

/// The order's lines made canonical (one line per colour, in the order first named, no
/// empty lines) if it may be placed to an address in `kommunkod`; `open_order` is whether
/// that address has an open order already.
pub fn check_order(
    lines: &[BagLine],
    catalogue: &[Offer<'_>],
    kommunkod: &str,
    open_order: bool,
) -> Result<Vec<BagLine>, Refusal> {
    let mut merged: Vec<BagLine> = Vec::new();
    for line in lines.iter().filter(|l| l.rolls > 0) {
        match merged.iter_mut().find(|m| m.colour == line.colour) {
            Some(m) => m.rolls = m.rolls.saturating_add(line.rolls),
            None => merged.push(line.clone()),
        }
    }
    let rolls = merged
        .iter()
        .fold(0u32, |sum, l| sum.saturating_add(l.rolls));
    if rolls == 0 {
        return Err(Refusal::NoRolls);
    }
    if rolls > MAX_ROLLS {
        return Err(Refusal::TooManyRolls { rolls });
    }
    for line in &merged {
        let offer = catalogue
            .iter()
            .find(|o| o.code == line.colour)
            .ok_or_else(|| Refusal::UnknownColour(line.colour.clone()))?;
        if offer.retired {
            return Err(Refusal::RetiredColour(line.colour.clone()));
        }
        if !offer.offered_in(kommunkod) {
            return Err(Refusal::NotOfferedHere(line.colour.clone()));
        }
    }
    if open_order {
        return Err(Refusal::OpenOrderExists);
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(colour: &str, rolls: u32) -> BagLine {
        BagLine {
            colour: colour.into(),
            rolls,
        }
    }

    fn catalogue(uppsala_only: &[String]) -> Vec<Offer<'_>> {
        vec![
            Offer {
                code: "gron",
                retired: false,
                kommuner: &[],
            },
            Offer {
                code: "orange",
                retired: false,
                kommuner: &[],
            },
            Offer {
                code: "gra",
                retired: false,
                kommuner: uppsala_only,
            },
            Offer {
                code: "rod",
                retired: true,
                kommuner: &[],
            },
        ]
    }

    #[test]
    fn the_rules_one_by_one() {
        let uppsala = vec!["0380".to_owned()];
        let cat = catalogue(&uppsala);
        let ok = |lines: &[BagLine]| check_order(lines, &cat, "0380", false);
        assert_eq!(
            ok(&[line("gron", 1), line("orange", 1), line("gron", 1)]).unwrap(),
            vec![line("gron", 2), line("orange", 1)]
        );
        assert_eq!(ok(&[]), Err(Refusal::NoRolls));
        assert_eq!(ok(&[line("gron", 0)]), Err(Refusal::NoRolls));
        assert_eq!(
            ok(&[line("gron", 2), line("orange", 2)]),
            Err(Refusal::TooManyRolls { rolls: 4 })
        );
        assert_eq!(
            ok(&[line("gron", u32::MAX), line("gron", 5)]),
            Err(Refusal::TooManyRolls { rolls: u32::MAX })
        );
        assert_eq!(
            ok(&[line("lila", 1)]),
            Err(Refusal::UnknownColour("lila".into()))
        );
        assert_eq!(
            ok(&[line("rod", 1)]),
            Err(Refusal::RetiredColour("rod".into()))
        );
        assert!(ok(&[line("gra", 3)]).is_ok());
        assert_eq!(
            check_order(&[line("gra", 1)], &cat, "0180", false),
            Err(Refusal::NotOfferedHere("gra".into()))
        );
        assert_eq!(
            check_order(&[line("gron", 1)], &cat, "0380", true),
            Err(Refusal::OpenOrderExists)
        );
    }

    #[test]
    fn the_status_machine() {
        use OrderStatus::*;
        let allowed: Vec<_> = OrderStatus::ALL
            .into_iter()
            .flat_map(|a| OrderStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.may_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![(Received, Sent), (Received, Cancelled), (Sent, Delivered)]
        );
        assert!(Received.may_cancel() && !Sent.may_cancel());
        assert!(Received.is_open() && Sent.is_open());
        assert!(!Delivered.is_open() && !Cancelled.is_open());
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrderStatus::parse("Skickad"), Some(Sent));
        assert_eq!(OrderStatus::parse("shipped"), None);
    }

    proptest! {
        /// Whatever is asked for, an accepted order has 1–3 rolls, one line per colour, only
        /// colours offered at the address, and the same rolls per colour as asked.
        #[test]
        fn an_accepted_order_keeps_every_rule(
            lines in prop::collection::vec(
                (prop::sample::select(vec!["gron", "orange", "gra", "rod", "lila"]), 0u32..5),
                0..6,
            ),
            kommun in prop::sample::select(vec!["0380", "0180"]),
            open in any::<bool>(),
        ) {
            let uppsala = vec!["0380".to_owned()];
            let cat = catalogue(&uppsala);
            let lines: Vec<_> = lines.into_iter().map(|(c, r)| line(c, r)).collect();
            match check_order(&lines, &cat, kommun, open) {
                Ok(accepted) => {
                    prop_assert!(!open);
                    let total: u32 = accepted.iter().map(|l| l.rolls).sum();
                    prop_assert!((1..=MAX_ROLLS).contains(&total));
                    for l in &accepted {
                        prop_assert!(l.rolls > 0);
                        prop_assert_eq!(accepted.iter().filter(|m| m.colour == l.colour).count(), 1);
                        let offer = cat.iter().find(|o| o.code == l.colour).unwrap();
                        prop_assert!(offer.offered_in(kommun));
                        let asked: u32 = lines.iter().filter(|m| m.colour == l.colour).map(|m| m.rolls).sum();
                        prop_assert_eq!(asked, l.rolls);
                    }
                }
                Err(Refusal::NoRolls) => prop_assert_eq!(lines.iter().map(|l| l.rolls).sum::<u32>(), 0),
                Err(Refusal::TooManyRolls { rolls }) => {
                    prop_assert!(rolls > MAX_ROLLS);
                    prop_assert_eq!(rolls, lines.iter().map(|l| l.rolls).sum::<u32>());
                }
                Err(Refusal::OpenOrderExists) => prop_assert!(open),
                Err(Refusal::UnknownColour(c)) => prop_assert_eq!(c, "lila"),
                Err(Refusal::RetiredColour(c)) => prop_assert_eq!(c, "rod"),
                Err(Refusal::NotOfferedHere(c)) => {
                    prop_assert_eq!(c, "gra");
                    prop_assert_eq!(kommun, "0180");
                }
            }
        }

        /// However the operator steps, an order only moves forward, never reopens, and is
        /// cancelled only from mottagen.
        #[test]
        fn statuses_only_move_forward(steps in prop::collection::vec(prop::sample::select(OrderStatus::ALL.to_vec()), 0..12)) {
            let rank = |s: OrderStatus| match s {
                OrderStatus::Received => 0,
                OrderStatus::Sent => 1,
                OrderStatus::Delivered | OrderStatus::Cancelled => 2,
            };
            let mut now = OrderStatus::Received;
            for next in steps {
                if now.may_become(next) {
                    prop_assert!(rank(next) > rank(now));
                    prop_assert!(next != OrderStatus::Cancelled || now == OrderStatus::Received);
                    now = next;
                }
            }
            prop_assert!(!(now.is_open()) || rank(now) < 2);
        }
    }
}
