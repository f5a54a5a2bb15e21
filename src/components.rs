//! Building blocks shared by pages.

pub mod apinizer_connection;
pub mod connection_status;
pub mod copy_curl;
pub mod form_field;
pub mod request_history;
pub mod request_outcome;
pub mod sap_connection;
pub mod shell;
