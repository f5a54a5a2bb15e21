//! Building blocks shared by pages.

pub mod connection_status;
pub mod shell;
