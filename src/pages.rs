//! One file a route.

pub mod certificates;
pub mod connections;
pub mod not_found;
pub mod overview;
pub mod proxy_mtls;
pub mod virtual_hosts;
