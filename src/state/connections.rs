//! The backends the portal talks to and the sessions held with them.
//!
//! All calls go to the portal's own origin: real tenants are reached through `portal-server
//! --upstream-…`, because neither product documents CORS. A session keeps the bearer token and
//! what the portal could read from it; it never holds a client secret or a password.
//!
//! A session lives in the tab's session storage, or in local storage when the user chose
//! "remember on this device".

use leptos::prelude::*;
use serde::Serialize;

use super::storage::{self, Area};
use crate::js_json::JsonObject;

/// A backend product the portal configures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Product {
    SapApiManagement,
    Apinizer,
}

impl Product {
    pub const ALL: [Product; 2] = [Product::SapApiManagement, Product::Apinizer];

    /// The name an administrator knows the product by.
    pub fn title(self) -> &'static str {
        match self {
            Product::SapApiManagement => "SAP API Management",
            Product::Apinizer => "Apinizer",
        }
    }

    /// The path prefix on the portal's origin under which the product's API is reached.
    pub fn api_prefix(self) -> &'static str {
        match self {
            Product::SapApiManagement => "/apiportal",
            Product::Apinizer => "/apiops",
        }
    }

    fn storage_key(self) -> &'static str {
        match self {
            Product::SapApiManagement => "mtls-portal.session.sap",
            Product::Apinizer => "mtls-portal.session.apinizer",
        }
    }
}

/// A signed-in session with one backend, stored as serde's JSON of it and read back by
/// [`Session::from_stored`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Session {
    pub token: String,
    /// Who the token belongs to, as read from it (e.g. the client id), if it could be read.
    pub subject: Option<String>,
    /// Expiry as Unix seconds, if known.
    pub expires_at: Option<i64>,
    /// Kept in local storage ("remember on this device") rather than for this tab only; missing
    /// in what earlier versions stored.
    pub remembered: bool,
}

impl Session {
    /// A session as [`Connections::sign_in`] stored it (serde's JSON of this type); `None` for
    /// anything else. Read with the browser's JSON parser ([`crate::js_json`]): the overview
    /// shows the sessions, and serde_json's parser stays out of the first download.
    pub fn from_stored(text: &str) -> Option<Self> {
        let object = JsonObject::parse(text)?;
        Some(Self {
            token: object.string("token").ok()??,
            subject: object.string("subject").ok()?,
            expires_at: object.integer("expires_at").ok()?,
            remembered: object.bool("remembered").ok()?.unwrap_or(false),
        })
    }
}

/// Sessions with both backends, reactive.
#[derive(Clone, Copy, Debug)]
pub struct Connections {
    pub sap: RwSignal<Option<Session>>,
    pub apinizer: RwSignal<Option<Session>>,
}

impl Connections {
    pub fn new() -> Self {
        Self {
            sap: RwSignal::new(None),
            apinizer: RwSignal::new(None),
        }
    }

    /// The sessions stored in this browser, the tab's own first.
    fn load() -> Self {
        let connections = Self::new();
        for product in Product::ALL {
            let stored = [Area::Session, Area::Local]
                .into_iter()
                .filter_map(|area| storage::read(area, product.storage_key()))
                .find_map(|text| Session::from_stored(&text));
            connections.session(product).set(stored);
        }
        connections
    }

    pub fn session(&self, product: Product) -> RwSignal<Option<Session>> {
        match product {
            Product::SapApiManagement => self.sap,
            Product::Apinizer => self.apinizer,
        }
    }

    /// Starts a session, stored where `session.remembered` says and nowhere else.
    pub fn sign_in(&self, product: Product, session: Session) {
        let key = product.storage_key();
        let (keep, drop) = if session.remembered {
            (Area::Local, Area::Session)
        } else {
            (Area::Session, Area::Local)
        };
        storage::remove(drop, key);
        if let Ok(text) = serde_json::to_string(&session) {
            storage::write(keep, key, &text);
        }
        self.session(product).set(Some(session));
    }

    /// Whether any session is kept on this device ("remember on this device"); tracked.
    pub fn any_remembered(&self) -> bool {
        Product::ALL.iter().any(|p| {
            self.session(*p)
                .with(|s| s.as_ref().is_some_and(|s| s.remembered))
        })
    }

    /// [`Self::any_remembered`] without subscribing.
    pub fn any_remembered_untracked(&self) -> bool {
        Product::ALL.iter().any(|p| {
            self.session(*p)
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.remembered))
        })
    }

    /// Ends a session and forgets its token everywhere.
    pub fn sign_out(&self, product: Product) {
        for area in [Area::Session, Area::Local] {
            storage::remove(area, product.storage_key());
        }
        self.session(product).set(None);
    }
}

impl Default for Connections {
    fn default() -> Self {
        Self::new()
    }
}

pub fn provide_connections() {
    provide_context(Connections::load());
}

/// The shared connections that `provide_connections` (in `App`) put in context; a component
/// mounted without them is a mistake, and says so at once rather than work on an empty copy.
pub fn use_connections() -> Connections {
    expect_context::<Connections>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_product_has_its_own_prefix() {
        let prefixes: Vec<_> = Product::ALL.iter().map(|p| p.api_prefix()).collect();
        assert_eq!(prefixes, ["/apiportal", "/apiops"]);
    }

    #[test]
    fn sessions_are_kept_per_product() {
        let owner = Owner::new();
        owner.with(|| {
            let connections = Connections::new();
            connections.sign_in(
                Product::Apinizer,
                Session {
                    token: "t".into(),
                    subject: None,
                    expires_at: None,
                    remembered: false,
                },
            );
            assert!(connections.sap.get_untracked().is_none());
            assert!(connections.apinizer.get_untracked().is_some());
            connections.sign_out(Product::Apinizer);
            assert!(connections.apinizer.get_untracked().is_none());
        });
    }

    #[test]
    #[should_panic(expected = "Connections")]
    fn a_component_without_the_shared_connections_fails_loudly() {
        let owner = Owner::new();
        owner.with(|| {
            let _ = use_connections();
        });
    }
}
