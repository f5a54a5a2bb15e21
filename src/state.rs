//! Shared state as context: `provide_state()` once in `App`, `use_x()` where needed.

pub mod audit;
pub mod chain_check;
pub mod clock;
pub mod connections;
pub mod history;
pub mod storage;

pub use connections::{use_connections, Connections};
pub use history::{use_history, History};

/// Puts every piece of shared state into the context of the component that calls it.
pub fn provide_state() {
    audit::provide_audit_state();
    chain_check::provide_chain_check();
    connections::provide_connections();
    history::provide_history(use_connections());
}
