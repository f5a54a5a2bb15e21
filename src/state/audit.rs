//! What the last truststore audit found, per store, so that the Virtual hosts page can show each
//! mTLS host's badge and warn when a form picks a store audited weak or broken; and the optional
//! second SAP connection (API portal administrator) used only for the audit's reads.
//!
//! The verdicts live in local storage (only store names and verdicts, no certificate). The admin
//! session follows the rules of the other connections: the tab's session storage unless the user
//! ticks "remember on this device"; never a client secret.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::connections::Session;
use super::storage::{self, Area};
use super::Deferred;

const VERDICTS_KEY: &str = "mtls-portal.last-audit";
const ADMIN_SESSION_KEY: &str = "mtls-portal.session.sap-admin";
/// A store's certificates handed to the Certificates page by a row's "Open report" link (local
/// storage, because the link may open a new tab; removed as soon as it is read).
pub const HANDOVER_KEY: &str = "mtls-portal.audit-handover";

/// Each audited store's verdict ("ok", "warning", "weak", "error", "failed").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreVerdicts {
    pub generated_at: String,
    pub stores: BTreeMap<String, String>,
}

impl StoreVerdicts {
    /// The store's verdict, when the last audit judged it.
    pub fn of(&self, store: &str) -> Option<&str> {
        self.stores.get(store).map(String::as_str)
    }

    /// Audited weak or broken: the truststore field warns.
    pub fn needs_attention(&self, store: &str) -> bool {
        matches!(self.of(store), Some("weak" | "error"))
    }
}

/// A store's certificates for the Certificates page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub store: String,
    /// "client" or "server".
    pub purpose: String,
    /// The certificates as PEM text.
    pub pem: String,
}

impl Handover {
    pub fn give(&self) {
        if let Ok(text) = serde_json::to_string(self) {
            storage::write(Area::Local, HANDOVER_KEY, &text);
        }
    }

    /// The handed-over certificates, once.
    pub fn take() -> Option<Self> {
        let text = storage::read(Area::Local, HANDOVER_KEY)?;
        storage::remove(Area::Local, HANDOVER_KEY);
        serde_json::from_str(&text).ok()
    }
}

#[derive(Clone, Copy, Debug)]
pub struct AuditState {
    pub verdicts: RwSignal<Option<StoreVerdicts>>,
    pub admin: RwSignal<Option<Session>>,
}

impl AuditState {
    fn load() -> Self {
        let verdicts = storage::read(Area::Local, VERDICTS_KEY)
            .and_then(|text| serde_json::from_str::<StoreVerdicts>(&text).ok());
        let admin = [Area::Session, Area::Local]
            .into_iter()
            .filter_map(|area| storage::read(area, ADMIN_SESSION_KEY))
            .find_map(|text| Session::from_stored(&text));
        Self {
            verdicts: RwSignal::new(verdicts),
            admin: RwSignal::new(admin),
        }
    }

    pub fn remember_verdicts(&self, verdicts: StoreVerdicts) {
        if let Ok(text) = serde_json::to_string(&verdicts) {
            storage::write(Area::Local, VERDICTS_KEY, &text);
        }
        self.verdicts.set(Some(verdicts));
    }

    /// Starts the administrator session, stored where `session.remembered` says and nowhere
    /// else (as [`super::connections::Connections::sign_in`]).
    pub fn sign_in_admin(&self, session: Session) {
        let (keep, drop) = if session.remembered {
            (Area::Local, Area::Session)
        } else {
            (Area::Session, Area::Local)
        };
        storage::remove(drop, ADMIN_SESSION_KEY);
        if let Ok(text) = serde_json::to_string(&session) {
            storage::write(keep, ADMIN_SESSION_KEY, &text);
        }
        self.admin.set(Some(session));
    }

    pub fn sign_out_admin(&self) {
        for area in [Area::Session, Area::Local] {
            storage::remove(area, ADMIN_SESSION_KEY);
        }
        self.admin.set(None);
    }
}

/// The shared audit state, read from storage on first use (see [`Deferred`]). Panics when
/// nothing provided it (`provide_state`), as every shared state does.
pub fn use_audit_state() -> AuditState {
    expect_context::<Deferred<AuditState>>().get_or_init(AuditState::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_weak_and_broken_stores_need_attention() {
        let verdicts = StoreVerdicts {
            generated_at: String::new(),
            stores: [("a", "ok"), ("b", "weak"), ("c", "error"), ("d", "failed")]
                .into_iter()
                .map(|(s, v)| (s.to_string(), v.to_string()))
                .collect(),
        };
        assert!(!verdicts.needs_attention("a"));
        assert!(verdicts.needs_attention("b") && verdicts.needs_attention("c"));
        assert!(!verdicts.needs_attention("d") && !verdicts.needs_attention("unknown"));
        assert_eq!(verdicts.of("d"), Some("failed"));
    }
}
