//! Every demo credential and the seeded tenant data, in one place.
//!
//! Nothing here is a secret: these values exist only so a demo and the end-to-end tests can log in
//! to the emulated backends. They are printed at start-up (`--demo`) and served by
//! `GET /__demo/credentials`.

/// Subaccount (subdomain) of the emulated SAP tenant.
pub const SAP_SUBACCOUNT: &str = "demo-subaccount";
/// The tenant's default domain; an alias `x` becomes `x.<this>`.
pub const SAP_HOST_DOMAIN: &str = "demo-subaccount.apimanagement.eu10.hana.ondemand.com";
/// Where a custom domain's CNAME must point (`lbHost` of a custom-domain answer).
pub const SAP_LB_HOST: &str = "demo-subaccount.apimanagement.eu10.hana.ondemand.com";

/// Service key of the `apiportal-apiaccess` instance. The `!b…|…!b…` form is XSUAA's client id
/// shape for a service-broker clone.
pub const SAP_CLIENT_ID: &str = "sb-demo-apiaccess!b1|api-portal-xsuaa!b2";
pub const SAP_CLIENT_SECRET: &str = "demo-client-secret";
/// XSUAA app name the scopes are prefixed with.
pub const SAP_XSAPPNAME: &str = "api-portal-xsuaa!b2";
/// Scopes of a client-credentials token of the self-service administrator role. SAP publishes no
/// apiportal token payload: the scope names are a plausible choice, not a recorded value.
pub const SAP_SCOPES: [&str; 2] = [
    "api-portal-xsuaa!b2.APIManagement.SelfService.Administrator",
    "uaa.resource",
];
/// A second service key of the same instance whose role collection holds `APIPortal.Administrator`:
/// the only key the emulation lets read a store's certificates (see [`SAP_CERTIFICATES_ROLE`]).
pub const SAP_ADMIN_CLIENT_ID: &str = "sb-demo-apiportal-admin!b3|api-portal-xsuaa!b2";
pub const SAP_ADMIN_CLIENT_SECRET: &str = "demo-admin-client-secret";
/// Scopes of the administrator key's tokens (plausible names, as [`SAP_SCOPES`]).
pub const SAP_ADMIN_SCOPES: [&str; 2] = [
    "api-portal-xsuaa!b2.APIPortal.Administrator",
    "uaa.resource",
];
/// The role the emulation requires for `CertificateStores('…')/certificates`. SAP documents no
/// role for that read; the demo assumes the API portal administrator, so that the portal's answer
/// to a 403 (a second, administrator connection) is exercised.
pub const SAP_CERTIFICATES_ROLE: &str = "APIPortal.Administrator";
/// The self-service key's role, named in the 403.
pub const SAP_SELF_SERVICE_ROLE: &str = "APIManagement.SelfService.Administrator";
pub const SAP_ZONE_ID: &str = "7a3c9e21-5d4b-4f0e-9b6a-1c2d3e4f5a6b";
pub const SAP_SERVICE_INSTANCE_ID: &str = "3f9b2c7d-8e1a-4b5c-a6d7-e8f9a0b1c2d3";
pub const SAP_ISSUER: &str =
    "https://demo-subaccount.authentication.eu10.hana.ondemand.com/oauth/token";
/// Lifetime XSUAA gives a client-credentials token (recorded: `expires_in: 43199`).
pub const SAP_TOKEN_LIFETIME_SECS: u64 = 43_199;

/// A ready-made SAP token (JWT-shaped) valid until 2100, for pasting into the portal directly.
pub const SAP_READY_TOKEN_JTI: &str = "d3m0f1x3d0000000000000000000sap1";
pub const SAP_READY_TOKEN_IAT: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z
pub const SAP_READY_TOKEN_EXP: u64 = 4_102_444_800; // 2100-01-01T00:00:00Z
/// A token the emulated XSUAA issued and that has expired, to try the 401 path.
/// The administrator key's ready-made token, valid until 2100 like [`SAP_READY_TOKEN_JTI`]'s.
pub const SAP_ADMIN_READY_TOKEN_JTI: &str = "d3m0f1x3d00000000000000000admin1";
pub const SAP_EXPIRED_TOKEN_JTI: &str = "d3m0f1x3d000000000000000expired1";
pub const SAP_EXPIRED_TOKEN_IAT: u64 = 1_735_689_600; // 2025-01-01T00:00:00Z
pub const SAP_EXPIRED_TOKEN_EXP: u64 = 1_735_732_799; // 11:59:59 later

/// Apinizer personal API access token (Apinizer shows it once in the user's profile).
pub const APINIZER_PERSONAL_TOKEN: &str = "demo-apinizer-personal-token-4b7e1d9c2a6f";
/// User name and password for `POST /apiops/auth/token`.
pub const APINIZER_CLIENT_ID: &str = "demo-admin";
pub const APINIZER_CLIENT_SECRET: &str = "demo-password";
/// Lifetime of an exchanged Apinizer token (2025/2026 docs: `expires_in: 3600`).
pub const APINIZER_TOKEN_LIFETIME_SECS: u64 = 3_600;

/// When the seeded objects were created (2026-10-01T08:00:00Z).
pub const SEED_CREATED_MS: u64 = 1_790_841_600_000;
/// Who created them: the demo service key's client.
pub const SEED_CREATED_BY: &str = SAP_CLIENT_ID;

/// One seeded SAP virtual host.
pub struct SeedVirtualHost {
    pub id: &'static str,
    /// `None` for the default host, whose name is the tenant domain itself, and for a custom domain.
    pub alias: Option<&'static str>,
    /// The full host name of a custom-domain host (`isForCustomDomain`).
    pub custom_domain: Option<&'static str>,
    /// `(keyStoreName, keyStoreAlias)`: the server certificate of a custom domain.
    pub key_store: Option<(&'static str, &'static str)>,
    pub is_default: bool,
    pub client_auth: bool,
    pub trust_store: Option<&'static str>,
    /// An API proxy deployed on the host: such a host cannot be deleted.
    pub used_by_proxy: Option<&'static str>,
}

/// The custom domain of the seeded custom-domain host, and the keystore entry of its certificate.
pub const SAP_CUSTOM_DOMAIN: &str = "api.demo-partner.example.com";
pub const SAP_CUSTOM_DOMAIN_KEY_STORE: &str = "demo-keystore";
pub const SAP_CUSTOM_DOMAIN_KEY_ALIAS: &str = "api-demo-partner";
/// Days from the server's start to the expiry of the custom domain's certificate (made at start).
pub const SAP_CUSTOM_DOMAIN_CERT_DAYS: i64 = 21;

/// The seeded hosts. Each mTLS host trusts one of the demo truststores
/// ([`SAP_CERTIFICATE_STORES`]): healthy (through a reference), SHA-1, expired root.
pub const SAP_VIRTUAL_HOSTS: [SeedVirtualHost; 6] = [
    SeedVirtualHost {
        id: "5d1c2b7e-0d4a-4c55-9a1e-2f6a3b8c0001",
        alias: None,
        custom_domain: None,
        key_store: None,
        is_default: true,
        client_auth: false,
        trust_store: None,
        used_by_proxy: None,
    },
    SeedVirtualHost {
        id: "7e2f4a91-3b6c-4d8e-8f10-5a9b0c1d0002",
        alias: Some("prod-apis"),
        custom_domain: None,
        key_store: None,
        is_default: false,
        client_auth: true,
        trust_store: Some("ref://partner-truststore-ref"),
        used_by_proxy: None,
    },
    SeedVirtualHost {
        id: "9a4b6c8d-1e2f-4a3b-9c5d-6e7f8a9b0003",
        alias: Some("partner-api"),
        custom_domain: None,
        key_store: None,
        is_default: false,
        client_auth: true,
        trust_store: Some("legacy-truststore"),
        used_by_proxy: Some("partner-orders-v1"),
    },
    SeedVirtualHost {
        id: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c0004",
        alias: Some("sandbox"),
        custom_domain: None,
        key_store: None,
        is_default: false,
        client_auth: false,
        trust_store: None,
        used_by_proxy: None,
    },
    SeedVirtualHost {
        id: "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d0005",
        alias: Some("b2b-gateway"),
        custom_domain: None,
        key_store: None,
        is_default: false,
        client_auth: true,
        trust_store: Some("retired-ca-truststore"),
        used_by_proxy: None,
    },
    SeedVirtualHost {
        id: "d6e7f8a9-b0c1-4d2e-8f3a-4b5c6d7e0006",
        alias: None,
        custom_domain: Some(SAP_CUSTOM_DOMAIN),
        key_store: Some((SAP_CUSTOM_DOMAIN_KEY_STORE, SAP_CUSTOM_DOMAIN_KEY_ALIAS)),
        is_default: false,
        client_auth: false,
        trust_store: None,
        used_by_proxy: None,
    },
];

/// `(name, storeType)` as `Management.svc/CertificateStores` spells it. What each holds:
/// `src/sap/certificates.rs`.
pub const SAP_CERTIFICATE_STORES: [(&str, &str); 4] = [
    ("demo-keystore", "KeyStore"),
    ("partner-truststore", "TrustStore"),
    ("legacy-truststore", "TrustStore"),
    ("retired-ca-truststore", "TrustStore"),
];

/// `(name, certificateStoreName, storeType)` as `Management.svc/CertificateStoreReferences`
/// spells it (upper case, confirmed value "TRUSTSTORE").
pub const SAP_CERTIFICATE_STORE_REFERENCES: [(&str, &str, &str); 2] = [
    ("partner-truststore-ref", "partner-truststore", "TRUSTSTORE"),
    ("demo-keystore-ref", "demo-keystore", "KEYSTORE"),
];

/// One seeded Apinizer API proxy.
pub struct SeedProxy {
    pub name: &'static str,
    pub description: &'static str,
    pub relative_path: &'static str,
    pub backend: &'static str,
    /// `(environmentName, deployed)`.
    pub deployments: &'static [(&'static str, bool)],
}

/// One seeded Apinizer keystore: `(name, description, type per environment)`.
pub struct SeedKeystore {
    pub name: &'static str,
    pub description: &'static str,
    pub environments: &'static [(&'static str, &'static str)],
}

pub struct SeedProject {
    pub name: &'static str,
    pub id: &'static str,
    pub proxies: &'static [SeedProxy],
    pub keystores: &'static [SeedKeystore],
}

pub const APINIZER_PROJECTS: [SeedProject; 2] = [
    SeedProject {
        name: "Payments",
        id: "66f1a2b3c4d5e6f708192a3b",
        proxies: &[
            SeedProxy {
                name: "PaymentsAPI",
                description: "Card and account payments",
                relative_path: "/payments",
                backend: "https://payments.internal.example/api",
                deployments: &[("production", true), ("test", true)],
            },
            SeedProxy {
                name: "RefundsAPI",
                description: "Refunds of settled payments",
                relative_path: "/refunds",
                backend: "https://refunds.internal.example/api",
                deployments: &[("production", false), ("test", true)],
            },
        ],
        keystores: &[
            SeedKeystore {
                name: "payments-client-ks",
                description: "Client certificate the gateway presents to the payments backend",
                environments: &[("production", "PKCS12"), ("test", "PKCS12")],
            },
            SeedKeystore {
                name: "payments-trust-ks",
                description: "CA certificates of the payments backend",
                environments: &[("production", "JKS"), ("test", "JKS")],
            },
        ],
    },
    SeedProject {
        name: "Partners",
        id: "66f1a2b3c4d5e6f708192a3c",
        proxies: &[SeedProxy {
            name: "PartnerOrders",
            description: "Orders placed by partner systems",
            relative_path: "/partner-orders",
            backend: "https://orders.partner.example/v2",
            deployments: &[("production", true)],
        }],
        keystores: &[SeedKeystore {
            name: "partners-client-ks",
            description: "Client certificate for partner backends",
            environments: &[("production", "JKS")],
        }],
    },
];
