//! Building blocks shared by pages.

pub mod apinizer_connection;
pub mod connection_status;
pub mod sap_connection;
pub mod shell;
