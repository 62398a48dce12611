//! Pure types and rules of Kretslopp, shared by the server and the app core so that
//! both sides agree by construction. Nothing here performs I/O.

pub mod clock;
pub mod lang;
pub mod personnummer;
pub mod rfa;

pub use clock::{Clock, ManualClock, SystemClock, Timestamp};
pub use lang::Lang;
pub use personnummer::{Personnummer, PersonnummerError};
pub use rfa::Rfa;
