//! Building blocks shared by pages.

pub mod apinizer_connection;
pub mod audit_badge;
pub mod browser_actions;
pub mod chain_check_notice;
pub mod chain_report;
pub mod connection_status;
pub mod copy_curl;
pub mod form_field;
pub mod request_history;
pub mod request_outcome;
pub mod sap_admin_connection;
pub mod sap_connection;
pub mod session_summary;
pub mod shell;
pub mod show_more;
