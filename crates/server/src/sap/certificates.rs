//! What the demo tenant's certificate stores hold: `CertificateStores('<name>')/certificates`,
//! entries of entity type `apiportal.Certificate` (the Management.svc `$metadata`: `name` and
//! `storeName` the key, `content` an `Edm.Binary`, every other field an `Edm.String`).
//!
//! The truststores hold real certificates made by `demo-certificates/generate.sh` and compiled
//! in — a partner's client certificate, its issuing CA and root, as SAP's virtual-host page asks
//! ("all your client, intermediate, and root certificates"); the custom domain's server certificate is made at start (ECDSA P-256 with rcgen),
//! so that it always expires within 30 days of the demo's start. Each entry's metadata fields
//! are read from its certificate, so they never disagree with `content`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use x509_parser::certificate::X509Certificate;
use x509_parser::pem::parse_x509_pem;

use super::odata::{Entity, Prop};
use crate::demo_data as demo;

/// How an entry's `content` carries its certificate. In OData v2 JSON an `Edm.Binary` is base64
/// (RFC 4648 §4); the bytes inside are DER or PEM, and the audit must read both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentForm {
    /// base64 of the DER encoding (RFC 5280 §4.1).
    Der,
    /// base64 of the PEM text (RFC 7468).
    Pem,
    /// `content: null`: the entry is listed by its metadata fields only.
    Absent,
}

impl ContentForm {
    fn format(self) -> Option<&'static str> {
        match self {
            ContentForm::Der => Some("DER"),
            ContentForm::Pem => Some("PEM"),
            ContentForm::Absent => None,
        }
    }
}

/// One `apiportal.Certificate` of a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    /// The entry's name in its store (for a keystore, the key alias).
    pub name: String,
    pub store_name: String,
    /// `TrustStore` or `KeyStore`, as `CertificateStores` spells it.
    pub store_type: String,
    /// The subject's common name.
    pub cert_name: Option<String>,
    /// base64 of the certificate's bytes; `None` for a metadata-only entry.
    pub content: Option<String>,
    pub form: ContentForm,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    /// The signature algorithm as Java names it (`SHA256withRSA`), or its OID when unnamed.
    pub sign_alg_name: String,
    /// The X.509 version, `"3"` for v3 (RFC 5280 §4.1.2.1 counts from 0).
    pub version: Option<String>,
}

/// The certificates compiled in.
const PARTNER_CLIENT: &str = include_str!("../../demo-certificates/partner-client.pem");
const PARTNER_ROOT: &str = include_str!("../../demo-certificates/partner-root.pem");
const PARTNER_ISSUING: &str = include_str!("../../demo-certificates/partner-issuing.pem");
const LEGACY_CLIENT: &str = include_str!("../../demo-certificates/legacy-client.pem");
const LEGACY_ROOT: &str = include_str!("../../demo-certificates/legacy-root.pem");
const LEGACY_ISSUING: &str = include_str!("../../demo-certificates/legacy-issuing.pem");
const LEGACY_ROOT_G0: &str = include_str!("../../demo-certificates/legacy-root-g0.pem");
const RETIRED_CLIENT: &str = include_str!("../../demo-certificates/retired-client.pem");
const RETIRED_ROOT: &str = include_str!("../../demo-certificates/retired-root.pem");
const RETIRED_ISSUING: &str = include_str!("../../demo-certificates/retired-issuing.pem");

/// A chain a demo truststore can hold: `(entry name, PEM, how content carries it)`, each
/// certificate before its issuer (the order a TLS peer sends, RFC 8446 §4.4.2).
pub type Chain = &'static [(&'static str, &'static str, ContentForm)];

/// Healthy: ECDSA P-256 with SHA-256, valid until 2035 (client), 2040 and 2045 (CAs).
pub const HEALTHY_CHAIN: Chain = &[
    ("demo-partner-client", PARTNER_CLIENT, ContentForm::Der),
    ("demo-partner-issuing-ca", PARTNER_ISSUING, ContentForm::Der),
    ("demo-partner-root-ca", PARTNER_ROOT, ContentForm::Der),
];
/// An issuing CA signed with SHA-1 (NIST SP 800-131A Rev. 2 §9: disallowed for signatures), and an
/// older SHA-1 root listed by its metadata only.
pub const SHA1_CHAIN: Chain = &[
    ("legacy-partner-client", LEGACY_CLIENT, ContentForm::Der),
    (
        "legacy-partner-issuing-ca",
        LEGACY_ISSUING,
        ContentForm::Pem,
    ),
    ("legacy-partner-root-ca", LEGACY_ROOT, ContentForm::Der),
    (
        "legacy-partner-root-ca-g0",
        LEGACY_ROOT_G0,
        ContentForm::Absent,
    ),
];
/// A root whose validity ended on 2025-01-01 (RFC 5280 §4.1.2.5), and the issuing CA below it.
pub const EXPIRED_ROOT_CHAIN: Chain = &[
    ("retired-partner-client", RETIRED_CLIENT, ContentForm::Der),
    (
        "retired-partner-issuing-ca",
        RETIRED_ISSUING,
        ContentForm::Der,
    ),
    ("retired-partner-root-ca", RETIRED_ROOT, ContentForm::Der),
];

/// The chain each seeded truststore holds.
pub fn seeded_chain(store: &str) -> Option<Chain> {
    match store {
        "partner-truststore" => Some(HEALTHY_CHAIN),
        "legacy-truststore" => Some(SHA1_CHAIN),
        "retired-ca-truststore" => Some(EXPIRED_ROOT_CHAIN),
        _ => None,
    }
}

/// The entries of `chain` in `store` (a `TrustStore`). A PEM that does not parse is left out
/// (they are compiled in and tested, so this does not happen).
pub fn truststore_entries(store: &str, chain: Chain) -> Vec<StoredCertificate> {
    chain
        .iter()
        .filter_map(|(name, pem, form)| {
            StoredCertificate::from_pem(name, store, "TrustStore", pem.as_bytes(), *form)
        })
        .collect()
}

/// Java's names of the signature algorithms the demo uses (`Signature` algorithm names of the
/// Java Security Standard Algorithm Names), by OID (RFC 4055 §5, RFC 5758 §3.2, RFC 3279 §2.2).
fn java_signature_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.1.5" => "SHA1withRSA",
        "1.2.840.113549.1.1.11" => "SHA256withRSA",
        "1.2.840.113549.1.1.12" => "SHA384withRSA",
        "1.2.840.113549.1.1.13" => "SHA512withRSA",
        "1.2.840.10045.4.1" => "SHA1withECDSA",
        "1.2.840.10045.4.3.2" => "SHA256withECDSA",
        "1.2.840.10045.4.3.3" => "SHA384withECDSA",
        "1.2.840.10045.4.3.4" => "SHA512withECDSA",
        _ => return None,
    })
}

/// `2045-01-01T00:00:00Z`. The tenant's format for these `Edm.String` dates is not recorded;
/// RFC 3339 is what the audit reads besides `/Date(ms)/`.
fn rfc3339(unix: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()?
        .format(&Rfc3339)
        .ok()
}

impl StoredCertificate {
    /// An entry for the first certificate of `pem` (which may hold more: a keystore entry carries
    /// its chain); `content` is that whole PEM, or the first certificate's DER, as `form` says.
    pub fn from_pem(
        name: &str,
        store_name: &str,
        store_type: &str,
        pem: &[u8],
        form: ContentForm,
    ) -> Option<StoredCertificate> {
        let (_, block) = parse_x509_pem(pem).ok()?;
        let certificate = block.parse_x509().ok()?;
        let content = match form {
            ContentForm::Der => Some(STANDARD.encode(&block.contents)),
            ContentForm::Pem => Some(STANDARD.encode(pem)),
            ContentForm::Absent => None,
        };
        Some(Self::describe(
            name,
            store_name,
            store_type,
            &certificate,
            content,
            form,
        ))
    }

    fn describe(
        name: &str,
        store_name: &str,
        store_type: &str,
        certificate: &X509Certificate<'_>,
        content: Option<String>,
        form: ContentForm,
    ) -> StoredCertificate {
        let oid = certificate.signature_algorithm.algorithm.to_id_string();
        StoredCertificate {
            name: name.to_owned(),
            store_name: store_name.to_owned(),
            store_type: store_type.to_owned(),
            cert_name: certificate
                .subject()
                .iter_common_name()
                .next()
                .and_then(|cn| cn.as_str().ok())
                .map(str::to_owned),
            content,
            form,
            not_before: certificate.validity().not_before.timestamp(),
            not_after: certificate.validity().not_after.timestamp(),
            sign_alg_name: java_signature_name(&oid).map(str::to_owned).unwrap_or(oid),
            version: certificate
                .version()
                .0
                .checked_add(1)
                .map(|v| v.to_string()),
        }
    }

    /// The entity, with `isValid` judged at `now` (Unix seconds).
    pub fn entity(&self, service_root: &str, now: i64) -> Entity {
        let valid = self.not_before <= now && now <= self.not_after;
        let seeded = (demo::SEED_CREATED_MS, demo::SEED_CREATED_BY);
        Entity {
            service_root: service_root.to_owned(),
            set: "Certificates",
            type_name: "apiportal.Certificate",
            key: format!(
                "name={},storeName={}",
                super::odata::string_literal(&self.name),
                super::odata::string_literal(&self.store_name)
            ),
            // Every property of the `$metadata` excerpt, in its order; the demo has no value for
            // a key's password or e-mail addresses.
            props: vec![
                ("certName", Prop::opt(self.cert_name.as_deref())),
                ("content", Prop::opt(self.content.as_deref())),
                ("csKey", Prop::Str(None)),
                ("description", Prop::Str(None)),
                ("expiryDate", Prop::Str(rfc3339(self.not_after))),
                ("format", Prop::opt(self.form.format())),
                ("isValid", Prop::str(if valid { "true" } else { "false" })),
                ("issuerEmail", Prop::Str(None)),
                (
                    "life_cycle",
                    super::model::life_cycle("apiportal.History", seeded, seeded),
                ),
                ("name", Prop::str(&self.name)),
                ("password", Prop::Str(None)),
                ("signAlgName", Prop::str(&self.sign_alg_name)),
                ("storeName", Prop::str(&self.store_name)),
                ("storeType", Prop::str(&self.store_type)),
                ("subjectEmail", Prop::Str(None)),
                ("validFrom", Prop::Str(rfc3339(self.not_before))),
                ("version", Prop::Str(self.version.clone())),
            ],
        }
    }
}

/// Why the custom domain's certificate could not be made.
#[derive(Debug, thiserror::Error)]
pub enum MakeError {
    #[error("the demo custom domain's certificate could not be made: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("the demo custom domain's certificate does not parse")]
    Parse,
}

/// The custom domain's keystore entry: a server certificate for [`demo::SAP_CUSTOM_DOMAIN`]
/// (serverAuth, RFC 5280 §4.2.1.12) valid from a day before `now` to
/// [`demo::SAP_CUSTOM_DOMAIN_CERT_DAYS`] days after it, issued by a CA made with it. `content` is
/// base64 of the PEM of both, leaf first: a keystore's key entry holds its certificate chain.
pub fn custom_domain_entry(now: OffsetDateTime) -> Result<StoredCertificate, MakeError> {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    let not_before = now - Duration::days(1);
    let not_after = now + Duration::days(demo::SAP_CUSTOM_DOMAIN_CERT_DAYS);

    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params
        .distinguished_name
        .push(DnType::OrganizationName, "Demo Partner");
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "Demo Custom Domain CA");
    ca_params.not_before = not_before;
    ca_params.not_after = now + Duration::days(3650);
    let ca = ca_params.self_signed(&ca_key)?;

    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(vec![demo::SAP_CUSTOM_DOMAIN.to_owned()])?;
    params
        .distinguished_name
        .push(DnType::OrganizationName, "Demo Partner");
    params
        .distinguished_name
        .push(DnType::CommonName, demo::SAP_CUSTOM_DOMAIN);
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.not_before = not_before;
    params.not_after = not_after;
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let leaf = params.signed_by(&key, &issuer)?;

    let pem = format!("{}{}", leaf.pem(), ca.pem());
    let (_, parsed) =
        x509_parser::parse_x509_certificate(leaf.der()).map_err(|_| MakeError::Parse)?;
    Ok(StoredCertificate::describe(
        demo::SAP_CUSTOM_DOMAIN_KEY_ALIAS,
        demo::SAP_CUSTOM_DOMAIN_KEY_STORE,
        "KeyStore",
        &parsed,
        Some(STANDARD.encode(pem.as_bytes())),
        ContentForm::Pem,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_compiled_in_certificate_parses_with_its_metadata() {
        for chain in [HEALTHY_CHAIN, SHA1_CHAIN, EXPIRED_ROOT_CHAIN] {
            let entries = truststore_entries("s", chain);
            assert_eq!(entries.len(), chain.len());
            for entry in &entries {
                assert!(entry.cert_name.is_some(), "{}", entry.name);
                assert!(entry.not_before < entry.not_after, "{}", entry.name);
            }
        }
        let sha1 = truststore_entries("s", SHA1_CHAIN);
        let names: Vec<&str> = sha1.iter().map(|e| e.sign_alg_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "SHA256withRSA",
                "SHA1withRSA",
                "SHA256withRSA",
                "SHA1withRSA"
            ]
        );
        assert_eq!(sha1.get(3).and_then(|e| e.content.clone()), None);
        let expired = truststore_entries("s", EXPIRED_ROOT_CHAIN);
        // 2025-01-01T00:00:00Z
        let root = expired.iter().find(|e| e.name == "retired-partner-root-ca");
        assert_eq!(root.map(|e| e.not_after), Some(1_735_689_600));
    }

    #[test]
    fn der_content_is_base64_of_the_certificate_and_pem_content_of_the_text() {
        let [der, pem] = [ContentForm::Der, ContentForm::Pem].map(|form| {
            StoredCertificate::from_pem("x", "s", "TrustStore", PARTNER_ROOT.as_bytes(), form)
                .and_then(|e| e.content)
                .map(|b64| STANDARD.decode(b64).expect("base64"))
                .expect("content")
        });
        assert_eq!(der.first(), Some(&0x30), "a DER SEQUENCE");
        assert_eq!(pem, PARTNER_ROOT.as_bytes());
    }

    #[test]
    fn the_custom_domain_certificate_expires_within_30_days_of_now() {
        let now = OffsetDateTime::now_utc();
        let entry = custom_domain_entry(now).expect("made");
        let days = (entry.not_after - now.unix_timestamp()) / 86_400;
        assert!((1..30).contains(&days), "{days} days");
        assert_eq!(entry.sign_alg_name, "SHA256withECDSA");
        assert_eq!(entry.cert_name.as_deref(), Some(demo::SAP_CUSTOM_DOMAIN));
        let pem = STANDARD
            .decode(entry.content.expect("content"))
            .expect("base64");
        let text = String::from_utf8(pem).expect("PEM text");
        assert_eq!(text.matches("-----BEGIN CERTIFICATE-----").count(), 2);
    }
}
