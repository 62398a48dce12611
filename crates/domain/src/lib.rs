//! Pure types and rules of Kretslopp, shared by the server and the app core so that
//! both sides agree by construction. Nothing here performs I/O.

pub mod bags;
pub mod calendar;
pub mod clock;
pub mod contact;
pub mod invites;
pub mod kommun;
pub mod lang;
pub mod notifications;
pub mod orgnr;
pub mod personnummer;
pub mod rfa;
pub mod roles;
pub mod statistics;
pub mod validation;

pub use clock::{Clock, ManualClock, ShiftedClock, SystemClock, Timestamp};
pub use kommun::Kommun;
pub use lang::Lang;
pub use orgnr::Orgnr;
pub use personnummer::{Personnummer, PersonnummerError};
pub use rfa::Rfa;
pub use roles::{may, Action, CustomerKind, Permissions, Role};
pub use validation::Invalid;
