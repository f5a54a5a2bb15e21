//! What the audit reads: every mTLS host's truststore (through its reference) and every
//! custom-domain host's keystore certificate, each store fetched once.

use std::collections::BTreeSet;

use certlint::Purpose;
use serde::{Deserialize, Serialize};

use crate::odata::{StoreReference, VirtualHost};

/// How a virtual host's `trustStore` value names its store (SAP: a store name, or
/// `ref://<reference>` for a certificate store reference).
pub const REFERENCE_PREFIX: &str = "ref://";

/// The store behind a host's `trustStore`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrustStore {
    /// Mutual TLS is on but no truststore is named.
    Missing,
    /// A store named directly.
    Direct { store: String },
    /// `ref://<reference>` resolved to a store.
    Reference { reference: String, store: String },
    /// `ref://<reference>` that names no reference, or one without a store.
    Unresolved { reference: String },
}

impl TrustStore {
    /// The store to read, when there is one.
    pub fn store(&self) -> Option<&str> {
        match self {
            TrustStore::Direct { store } | TrustStore::Reference { store, .. } => Some(store),
            TrustStore::Missing | TrustStore::Unresolved { .. } => None,
        }
    }
}

/// Resolves a `trustStore` value against the tenant's references.
pub fn resolve(value: Option<&str>, references: &[StoreReference]) -> TrustStore {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return TrustStore::Missing;
    };
    match value.strip_prefix(REFERENCE_PREFIX) {
        Some(reference) => {
            let store = references
                .iter()
                .find(|r| r.name == reference)
                .and_then(|r| r.certificate_store_name.clone());
            match store {
                Some(store) => TrustStore::Reference {
                    reference: reference.to_string(),
                    store,
                },
                None => TrustStore::Unresolved {
                    reference: reference.to_string(),
                },
            }
        }
        None => TrustStore::Direct {
            store: value.to_string(),
        },
    }
}

/// One thing the engine judges: a truststore as a bundle (client purpose), or a keystore's
/// certificate (`alias`), judged as a server certificate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Subject {
    pub store: String,
    /// The keystore alias of a custom domain's certificate; `None` for a truststore.
    pub alias: Option<String>,
}

impl Subject {
    pub fn truststore(store: &str) -> Self {
        Self {
            store: store.to_string(),
            alias: None,
        }
    }

    /// A truststore is judged for client certificates (the virtual host checks clients against
    /// it); a custom domain's keystore certificate is the server's own certificate.
    pub fn purpose(&self) -> Purpose {
        match self.alias {
            None => Purpose::ClientAuthTruststore,
            Some(_) => Purpose::ServerAuthTruststore,
        }
    }
}

/// A host the audit reports on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedHost {
    pub host: VirtualHost,
    /// For hosts with mutual TLS.
    pub trust: Option<TrustStore>,
    /// For custom-domain hosts with a keystore.
    pub keystore: Option<Subject>,
}

/// The audit's reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Hosts with mutual TLS or a custom-domain keystore, in the tenant's order.
    pub hosts: Vec<PlannedHost>,
    /// Hosts neither with mutual TLS nor with a custom-domain keystore.
    pub other_hosts: usize,
    /// Every store to read, each once, sorted.
    pub stores: Vec<String>,
    /// Everything to judge, each once, sorted.
    pub subjects: Vec<Subject>,
}

pub fn plan(hosts: &[VirtualHost], references: &[StoreReference]) -> Plan {
    let mut plan = Plan::default();
    let mut subjects = BTreeSet::new();
    for host in hosts {
        let trust = host
            .client_auth
            .then(|| resolve(host.trust_store.as_deref(), references));
        let keystore = match (host.custom_domain, &host.key_store_name) {
            (true, Some(store)) => Some(Subject {
                store: store.clone(),
                alias: Some(host.key_store_alias.clone().unwrap_or_default()),
            }),
            _ => None,
        };
        if trust.is_none() && keystore.is_none() {
            plan.other_hosts = plan.other_hosts.saturating_add(1);
            continue;
        }
        if let Some(store) = trust.as_ref().and_then(TrustStore::store) {
            subjects.insert(Subject::truststore(store));
        }
        if let Some(subject) = &keystore {
            subjects.insert(subject.clone());
        }
        plan.hosts.push(PlannedHost {
            host: host.clone(),
            trust,
            keystore,
        });
    }
    let stores: BTreeSet<String> = subjects.iter().map(|s| s.store.clone()).collect();
    plan.stores = stores.into_iter().collect();
    plan.subjects = subjects.into_iter().collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(id: &str, mtls: bool, trust: Option<&str>) -> VirtualHost {
        VirtualHost {
            id: id.into(),
            host: format!("{id}.example.test"),
            client_auth: mtls,
            trust_store: trust.map(String::from),
            ..VirtualHost::default()
        }
    }

    #[test]
    fn references_resolve_to_their_store() {
        let refs = vec![
            StoreReference {
                name: "clients".into(),
                certificate_store_name: Some("ClientCAs".into()),
            },
            StoreReference {
                name: "empty".into(),
                certificate_store_name: None,
            },
        ];
        assert_eq!(
            resolve(Some("ref://clients"), &refs),
            TrustStore::Reference {
                reference: "clients".into(),
                store: "ClientCAs".into()
            }
        );
        assert_eq!(
            resolve(Some("ref://empty"), &refs),
            TrustStore::Unresolved {
                reference: "empty".into()
            }
        );
        assert_eq!(
            resolve(Some("ref://gone"), &refs),
            TrustStore::Unresolved {
                reference: "gone".into()
            }
        );
        assert_eq!(resolve(Some("ClientCAs"), &refs).store(), Some("ClientCAs"));
        assert_eq!(resolve(Some("  "), &refs), TrustStore::Missing);
        assert_eq!(resolve(None, &refs), TrustStore::Missing);
    }

    #[test]
    fn every_store_is_read_once() {
        let refs = vec![StoreReference {
            name: "r".into(),
            certificate_store_name: Some("A".into()),
        }];
        let mut custom = host("api", false, None);
        custom.custom_domain = true;
        custom.key_store_name = Some("KS".into());
        custom.key_store_alias = Some("api".into());
        let hosts = vec![
            host("one", true, Some("A")),
            host("two", true, Some("ref://r")),
            host("three", true, Some("B")),
            host("plain", false, Some("C")),
            host("none", true, None),
            custom,
        ];
        let plan = plan(&hosts, &refs);
        assert_eq!(plan.other_hosts, 1);
        assert_eq!(plan.hosts.len(), 5);
        assert_eq!(plan.stores, ["A", "B", "KS"]);
        assert_eq!(plan.subjects.len(), 3);
        let keystore = plan
            .subjects
            .iter()
            .find(|s| s.store == "KS")
            .expect("keystore subject");
        assert_eq!(keystore.alias.as_deref(), Some("api"));
        assert_eq!(keystore.purpose(), Purpose::ServerAuthTruststore);
        assert_eq!(
            Subject::truststore("A").purpose(),
            Purpose::ClientAuthTruststore
        );
        assert_eq!(plan.hosts[3].trust, Some(TrustStore::Missing));
    }
}
