//! Talking to the backends: request building, response parsing, and HTTP. No view code.
//!
//! Parsing works on [`http::RawResponse`] values, so it is tested natively; only
//! [`http::send`] touches the browser.

pub mod apinizer;
pub mod audit;
pub mod challenge;
pub mod curl;
pub mod http;
pub mod jwt;
pub mod perform;
pub mod portal;
pub mod problem;
pub mod reading;
pub mod sap;
