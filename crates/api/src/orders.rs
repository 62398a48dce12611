//! Colour-sorting bags: the catalogue and orders as the API sends them. Times are Unix
//! milliseconds. The rules are `kretslopp_domain::bags`.

pub use kretslopp_domain::bags::{BagLine, OrderStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire! {
    /// One colour of the catalogue. Retired colours stay listed, so old orders keep
    /// their names, but cannot be ordered.
    pub struct BagColour {
        /// Stable code, e.g. `gron`.
        pub code: String,
        pub name_sv: String,
        pub name_en: String,
        /// `#rrggbb`, the bag's colour on screen.
        pub display_colour: String,
        /// The fraction the bag is for (`FractionView.code`).
        pub fraction_code: String,
        /// Kommunkoder where the colour is handed out; empty: every kommun.
        pub kommuner: Vec<String>,
        pub retired: bool,
    }

    /// `POST /v1/customers/{id}/orders`. The app makes up `id` (a UUID) when the order
    /// is placed, also offline; it names the order forever, so a retry can never create
    /// a second one, whenever it comes.
    pub struct NewBagOrder {
        pub id: String,
        pub address_id: String,
        /// One to three rolls in all, in any mix of colours.
        pub lines: Vec<BagLine>,
    }

    /// A bag order and where it stands.
    pub struct BagOrder {
        pub id: String,
        pub customer_id: String,
        pub address_id: String,
        /// One line per colour.
        pub lines: Vec<BagLine>,
        pub status: OrderStatus,
        /// The orderer's name, for a company's shared history.
        pub ordered_by: String,
        pub created_at: i64,
        pub updated_at: i64,
        pub sent_at: Option<i64>,
        pub delivered_at: Option<i64>,
        pub cancelled_at: Option<i64>,
    }
}

impl BagColour {
    /// The colour as the order rules (`domain::bags`) read it.
    pub fn offer(&self) -> kretslopp_domain::bags::Offer<'_> {
        kretslopp_domain::bags::Offer {
            code: &self.code,
            retired: self.retired,
            kommuner: &self.kommuner,
        }
    }
}

impl From<&kretslopp_domain::bags::Refusal> for crate::ErrorCode {
    /// The code each broken order rule has, on the server and in the app alike.
    fn from(r: &kretslopp_domain::bags::Refusal) -> Self {
        use kretslopp_domain::bags::Refusal::*;
        match r {
            NoRolls => crate::ErrorCode::OrderNoRolls,
            TooManyRolls { .. } => crate::ErrorCode::OrderTooManyRolls,
            UnknownColour(_) => crate::ErrorCode::BagColourUnknown,
            RetiredColour(_) => crate::ErrorCode::BagColourRetired,
            NotOfferedHere(_) => crate::ErrorCode::BagColourNotOffered,
            OpenOrderExists => crate::ErrorCode::OpenOrderExists,
        }
    }
}
