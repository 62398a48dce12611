//! See tests/journeys.rs.
