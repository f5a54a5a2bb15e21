//! The emulated SAP tenant's data: virtual hosts, certificate stores and their references.

use super::certificates::{self, StoredCertificate};
use super::odata::{Entity, Prop};
use crate::demo_data as demo;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualHost {
    pub id: String,
    /// The full host name (`virtual_host`): `<alias>.<tenant domain>`, or the custom domain.
    pub host: String,
    pub is_default: bool,
    pub is_for_custom_domain: bool,
    pub client_auth: bool,
    pub key_store_name: Option<String>,
    pub key_store_alias: Option<String>,
    pub trust_store: Option<String>,
    /// An API proxy that refers to this host: it cannot be deleted while that is so.
    pub used_by_proxy: Option<String>,
    pub created_at: u64,
    pub created_by: String,
    pub changed_at: u64,
    pub changed_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateStore {
    pub name: String,
    /// `KeyStore` or `TrustStore`.
    pub store_type: String,
    /// The store's `certificates` navigation.
    pub certificates: Vec<StoredCertificate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreReference {
    pub name: String,
    pub certificate_store_name: String,
    /// `KEYSTORE` or `TRUSTSTORE`.
    pub store_type: String,
}

/// Which kind of store a virtual host field must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    Key,
    Trust,
}

impl StoreKind {
    fn store_type(self) -> &'static str {
        match self {
            StoreKind::Key => "KeyStore",
            StoreKind::Trust => "TrustStore",
        }
    }

    fn reference_type(self) -> &'static str {
        match self {
            StoreKind::Key => "KEYSTORE",
            StoreKind::Trust => "TRUSTSTORE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SapData {
    pub hosts: Vec<VirtualHost>,
    pub stores: Vec<CertificateStore>,
    pub references: Vec<StoreReference>,
}

impl SapData {
    /// The seeded tenant; `custom_domain_certificate` is the keystore entry of the custom domain
    /// (made once, at start), absent when it could not be made.
    pub fn seed(custom_domain_certificate: Option<&StoredCertificate>) -> SapData {
        let hosts = demo::SAP_VIRTUAL_HOSTS
            .iter()
            .enumerate()
            .map(|(i, seed)| {
                // A minute apart, so the list has a stable, plausible history.
                let at = demo::SEED_CREATED_MS + 60_000 * i as u64;
                VirtualHost {
                    id: seed.id.to_owned(),
                    host: match (seed.custom_domain, seed.alias) {
                        (Some(domain), _) => domain.to_owned(),
                        (None, Some(alias)) => format!("{alias}.{}", demo::SAP_HOST_DOMAIN),
                        (None, None) => demo::SAP_HOST_DOMAIN.to_owned(),
                    },
                    is_default: seed.is_default,
                    is_for_custom_domain: seed.custom_domain.is_some(),
                    client_auth: seed.client_auth,
                    key_store_name: seed.key_store.map(|(store, _)| store.to_owned()),
                    key_store_alias: seed.key_store.map(|(_, alias)| alias.to_owned()),
                    trust_store: seed.trust_store.map(str::to_owned),
                    used_by_proxy: seed.used_by_proxy.map(str::to_owned),
                    created_at: at,
                    created_by: demo::SEED_CREATED_BY.to_owned(),
                    changed_at: at,
                    changed_by: demo::SEED_CREATED_BY.to_owned(),
                }
            })
            .collect();
        SapData {
            hosts,
            stores: demo::SAP_CERTIFICATE_STORES
                .iter()
                .map(|(name, store_type)| CertificateStore {
                    name: (*name).to_owned(),
                    store_type: (*store_type).to_owned(),
                    certificates: match certificates::seeded_chain(name) {
                        Some(chain) => certificates::truststore_entries(name, chain),
                        None => custom_domain_certificate
                            .filter(|entry| entry.store_name == *name)
                            .into_iter()
                            .cloned()
                            .collect(),
                    },
                })
                .collect(),
            references: demo::SAP_CERTIFICATE_STORE_REFERENCES
                .iter()
                .map(|(name, store, store_type)| StoreReference {
                    name: (*name).to_owned(),
                    certificate_store_name: (*store).to_owned(),
                    store_type: (*store_type).to_owned(),
                })
                .collect(),
        }
    }

    /// Replaces the previous scale seed with `hosts` mTLS virtual hosts (`scale-host-001`, …)
    /// over `stores` truststores (`scale-truststore-01`, …; healthy, SHA-1 and expired-root
    /// chains in turn), every fourth host through a reference. `stores` is at least 1 when
    /// `hosts` is not 0 (the caller checks).
    pub fn seed_scale(&mut self, hosts: usize, stores: usize, at_ms: u64) {
        const HOST_PREFIX: &str = "scale-host-";
        const STORE_PREFIX: &str = "scale-truststore-";
        self.hosts.retain(|h| !h.host.starts_with(HOST_PREFIX));
        self.stores.retain(|s| !s.name.starts_with(STORE_PREFIX));
        self.references
            .retain(|r| !r.certificate_store_name.starts_with(STORE_PREFIX));
        let chains = [
            certificates::HEALTHY_CHAIN,
            certificates::SHA1_CHAIN,
            certificates::EXPIRED_ROOT_CHAIN,
        ];
        let store_name = |i: usize| format!("{STORE_PREFIX}{:02}", i + 1);
        for (i, chain) in (0..stores).zip(chains.iter().cycle()) {
            let name = store_name(i);
            self.references.push(StoreReference {
                name: format!("{name}-ref"),
                certificate_store_name: name.clone(),
                store_type: "TRUSTSTORE".to_owned(),
            });
            self.stores.push(CertificateStore {
                certificates: certificates::truststore_entries(&name, chain),
                name,
                store_type: "TrustStore".to_owned(),
            });
        }
        if stores == 0 {
            return;
        }
        for i in 0..hosts {
            let store = store_name(i % stores);
            self.hosts.push(VirtualHost {
                id: format!("5ca1e000-0000-4000-8000-{:012}", i + 1),
                host: format!("{HOST_PREFIX}{:03}.{}", i + 1, demo::SAP_HOST_DOMAIN),
                is_default: false,
                is_for_custom_domain: false,
                client_auth: true,
                key_store_name: None,
                key_store_alias: None,
                trust_store: Some(if i % 4 == 3 {
                    format!("ref://{store}-ref")
                } else {
                    store
                }),
                used_by_proxy: None,
                created_at: at_ms,
                created_by: demo::SEED_CREATED_BY.to_owned(),
                changed_at: at_ms,
                changed_by: demo::SEED_CREATED_BY.to_owned(),
            });
        }
    }

    pub fn store(&self, name: &str) -> Option<&CertificateStore> {
        self.stores.iter().find(|s| s.name == name)
    }

    pub fn host(&self, id: &str) -> Option<&VirtualHost> {
        self.hosts.iter().find(|h| h.id == id)
    }

    /// Whether `value` names an existing store of `kind`: either a store name, or `ref://<name>` of
    /// a reference of that kind whose store exists.
    pub fn store_exists(&self, value: &str, kind: StoreKind) -> bool {
        match value.strip_prefix("ref://") {
            Some(reference) => self.references.iter().any(|r| {
                r.name == reference
                    && r.store_type == kind.reference_type()
                    && self
                        .stores
                        .iter()
                        .any(|s| s.name == r.certificate_store_name)
            }),
            None => self
                .stores
                .iter()
                .any(|s| s.name == value && s.store_type == kind.store_type()),
        }
    }
}

pub(crate) fn life_cycle(type_name: &'static str, at: (u64, &str), changed: (u64, &str)) -> Prop {
    Prop::Complex {
        type_name,
        props: vec![
            ("changed_at", Prop::DateTime(changed.0)),
            ("changed_by", Prop::str(changed.1)),
            ("created_at", Prop::DateTime(at.0)),
            ("created_by", Prop::str(at.1)),
        ],
    }
}

impl VirtualHost {
    /// An entry of `Management.svc/VirtualHosts`, with the field set and order of the tenant-derived
    /// list (`name` equals `id`), plus `__metadata` and `life_cycle` as the real service sends them.
    pub fn entity(&self, service_root: &str) -> Entity {
        Entity {
            service_root: service_root.to_owned(),
            set: "VirtualHosts",
            type_name: "apiportal.VirtualHost",
            key: super::odata::string_literal(&self.id),
            props: vec![
                ("id", Prop::str(&self.id)),
                ("name", Prop::str(&self.id)),
                ("isDefault", Prop::Bool(self.is_default)),
                ("isSSL", Prop::Bool(true)),
                ("isForCustomDomain", Prop::Bool(self.is_for_custom_domain)),
                ("isClientAuthEnabled", Prop::Bool(self.client_auth)),
                ("keyStoreName", Prop::opt(self.key_store_name.as_deref())),
                ("keyStoreAlias", Prop::opt(self.key_store_alias.as_deref())),
                ("trustStore", Prop::opt(self.trust_store.as_deref())),
                ("projectPath", Prop::Str(None)),
                ("virtual_host", Prop::str(&self.host)),
                ("virtual_port", Prop::Int32(443)),
                (
                    "life_cycle",
                    life_cycle(
                        "apiportal.History",
                        (self.created_at, &self.created_by),
                        (self.changed_at, &self.changed_by),
                    ),
                ),
            ],
        }
    }
}

impl CertificateStore {
    pub fn entity(&self, service_root: &str) -> Entity {
        let seeded = (demo::SEED_CREATED_MS, demo::SEED_CREATED_BY);
        Entity {
            service_root: service_root.to_owned(),
            set: "CertificateStores",
            type_name: "apiportal.CertificateStore",
            key: super::odata::string_literal(&self.name),
            props: vec![
                (
                    "life_cycle",
                    life_cycle("apiportal.History", seeded, seeded),
                ),
                ("name", Prop::str(&self.name)),
                ("storeType", Prop::str(&self.store_type)),
            ],
        }
    }
}

impl StoreReference {
    pub fn entity(&self, service_root: &str) -> Entity {
        let seeded = (demo::SEED_CREATED_MS, demo::SEED_CREATED_BY);
        Entity {
            service_root: service_root.to_owned(),
            set: "CertificateStoreReferences",
            type_name: "apiportal.CertificateStoreReference",
            key: super::odata::string_literal(&self.name),
            props: vec![
                (
                    "certificateStoreName",
                    Prop::str(&self.certificate_store_name),
                ),
                (
                    "life_cycle",
                    life_cycle("apiportal.History", seeded, seeded),
                ),
                ("name", Prop::str(&self.name)),
                ("storeType", Prop::str(&self.store_type)),
            ],
        }
    }
}

/// The answer to one `VirtualHostRequests` call (entity type `apimgmtconfiguration.VirtualHostRequest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualHostRequest {
    pub id: String,
    pub account_id: String,
    pub operation: &'static str,
    pub virtual_host_id: String,
    /// `None` for a DELETE (its answer carries no allocation).
    pub allocated: Option<Allocation>,
    pub client_auth: bool,
    pub is_default_request: bool,
    pub is_for_custom_domain: bool,
    pub key_store_alias: Option<String>,
    pub key_store_name: Option<String>,
    pub trust_store: Option<String>,
    pub at: u64,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// The full host name.
    pub host: String,
    /// The DNS target, for a custom domain only.
    pub lb_host: Option<String>,
}

impl VirtualHostRequest {
    /// Field set and order of the tenant-derived and SAP Help samples (`lbHost` last).
    pub fn entity(&self, service_root: &str) -> Entity {
        let allocated = self.allocated.as_ref();
        Entity {
            service_root: service_root.to_owned(),
            set: "VirtualHostRequests",
            type_name: "apimgmtconfiguration.VirtualHostRequest",
            key: super::odata::string_literal(&self.id),
            props: vec![
                ("accountId", Prop::str(&self.account_id)),
                (
                    "allocatedPort",
                    Prop::Int32(if allocated.is_some() { 443 } else { 0 }),
                ),
                ("allocationStatus", Prop::opt(allocated.map(|_| "COMPLETE"))),
                ("clusterName", Prop::str("")),
                ("id", Prop::str(&self.id)),
                ("isClientAuthEnabled", Prop::Bool(self.client_auth)),
                (
                    "isDefaultVirtualHostRequest",
                    Prop::Bool(self.is_default_request),
                ),
                ("isForCustomDomain", Prop::Bool(self.is_for_custom_domain)),
                ("isForNonSni", Prop::Bool(false)),
                // Both samples answer isTLS false, also for hosts the list shows with isSSL true.
                ("isTLS", Prop::Bool(false)),
                ("keyStoreAlias", Prop::opt(self.key_store_alias.as_deref())),
                ("keyStoreName", Prop::opt(self.key_store_name.as_deref())),
                (
                    "life_cycle",
                    life_cycle(
                        "apimgmtconfiguration.History",
                        (self.at, &self.by),
                        (self.at, &self.by),
                    ),
                ),
                ("operation", Prop::str(self.operation)),
                ("trustStore", Prop::opt(self.trust_store.as_deref())),
                ("virtualHostId", Prop::str(&self.virtual_host_id)),
                (
                    "virtualHostUrl",
                    Prop::opt(allocated.map(|a| a.host.as_str())),
                ),
                (
                    "lbHost",
                    Prop::opt(allocated.and_then(|a| a.lb_host.as_deref())),
                ),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_names_and_references_resolve_by_kind() {
        let data = SapData::seed(None);
        assert!(data.store_exists("partner-truststore", StoreKind::Trust));
        assert!(data.store_exists("ref://partner-truststore-ref", StoreKind::Trust));
        assert!(!data.store_exists("ref://demo-keystore-ref", StoreKind::Trust));
        assert!(data.store_exists("ref://demo-keystore-ref", StoreKind::Key));
        assert!(!data.store_exists("demo-keystore", StoreKind::Trust));
        assert!(!data.store_exists("ref://partner-truststore", StoreKind::Trust));
        assert!(!data.store_exists("nope", StoreKind::Key));
    }

    #[test]
    fn a_scale_seed_replaces_the_previous_one_and_resolves() {
        let mut data = SapData::seed(None);
        let (hosts, stores) = (data.hosts.len(), data.stores.len());
        data.seed_scale(10, 4, 0);
        data.seed_scale(50, 20, 0);
        assert_eq!(data.hosts.len(), hosts + 50);
        assert_eq!(data.stores.len(), stores + 20);
        for host in data
            .hosts
            .iter()
            .filter(|h| h.host.starts_with("scale-host-"))
        {
            let trust = host.trust_store.as_deref().expect("trustStore");
            assert!(data.store_exists(trust, StoreKind::Trust), "{trust}");
        }
        let via_reference = data
            .hosts
            .iter()
            .filter(|h| {
                h.trust_store
                    .as_deref()
                    .is_some_and(|t| t.starts_with("ref://scale-"))
            })
            .count();
        assert_eq!(via_reference, 12);
        data.seed_scale(0, 1, 0);
        assert_eq!(data.hosts.len(), hosts);
    }

    #[test]
    fn seed_has_one_default_host() {
        let data = SapData::seed(None);
        assert_eq!(data.hosts.iter().filter(|h| h.is_default).count(), 1);
    }
}
