//! Shared state as context: `provide_state()` once in `App`, `use_x()` where needed.
//!
//! The connections are read from storage at start-up: the overview shows them. The request
//! history, the last chain check and the last audit are read the first time a page asks for them
//! ([`Deferred`]): only lazily loaded pages use them, so in the release build the code that
//! decodes them travels in those pages' chunks instead of the first download.

pub mod audit;
pub mod chain_check;
pub mod clock;
pub mod connections;
pub mod history;
pub mod storage;

use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;

pub use connections::{use_connections, Connections};
pub use history::{use_history, History};

/// Puts every piece of shared state into the context of the component that calls it.
pub fn provide_state() {
    connections::provide_connections();
    Deferred::<History>::provide();
    Deferred::<chain_check::ChainCheck>::provide();
    Deferred::<audit::AuditState>::provide();
}

/// Shared state made on first use, owned by the component that provided the slot (the `App`), so
/// that it outlives the page that first asked for it.
#[derive(Clone)]
pub struct Deferred<T: Send + Sync + 'static> {
    // Weak: the slot lives in that owner's context, and a strong reference there would keep the
    // owner alive for ever, so that unmounting it would run none of its cleanups.
    owner: WeakOwner,
    value: StoredValue<Option<T>>,
}

impl<T: Copy + Send + Sync + 'static> Deferred<T> {
    /// An empty slot in the current component's context.
    pub fn provide() {
        if let Some(owner) = Owner::current() {
            provide_context(Self {
                owner: owner.downgrade(),
                value: StoredValue::new(None),
            });
        }
    }

    /// The value, made by `init` under the providing component on the first call.
    pub fn get_or_init(&self, init: impl FnOnce() -> T) -> T {
        if let Some(value) = self.value.get_value() {
            return value;
        }
        let value = match self.owner.upgrade() {
            Some(owner) => owner.with(init),
            None => init(),
        };
        self.value.set_value(Some(value));
        value
    }
}
