//! Extracts from each certificate, once, everything the chain builder, the verifier and the rules
//! need, as owned data. A certificate that does not parse is a `ReadError`, never a half-built
//! `ParsedCert`; nothing here panics.

use crate::der;
use crate::error::ReadError;
use crate::input::RawCert;
use crate::model::{BasicConstraints, Certificate, Fingerprints, KeyInfo, Purpose, Role};
use crate::oids;
use ::time::format_description::well_known::Rfc3339;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::*;

/// Hash functions named by signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Md2,
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn from_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            oids::MD2 => Hash::Md2,
            oids::MD5 => Hash::Md5,
            oids::SHA1 => Hash::Sha1,
            oids::SHA224 => Hash::Sha224,
            oids::SHA256 => Hash::Sha256,
            oids::SHA384 => Hash::Sha384,
            oids::SHA512 => Hash::Sha512,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Hash::Md2 => "MD2",
            Hash::Md5 => "MD5",
            Hash::Sha1 => "SHA-1",
            Hash::Sha224 => "SHA-224",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    /// Broken for signatures (NIST SP 800-131A Rev. 2 §3; MD2/MD5 long broken).
    pub fn is_weak(self) -> bool {
        matches!(self, Hash::Md2 | Hash::Md5 | Hash::Sha1)
    }
}

/// The signature algorithm of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigAlg {
    RsaPkcs1(Hash),
    RsaPss {
        hash: Hash,
        mgf_hash: Option<Hash>,
        salt: u32,
        trailer: u32,
    },
    /// RSASSA-PSS whose parameters could not be read.
    RsaPssInvalid,
    Ecdsa(Hash),
    Dsa(Hash),
    Ed25519,
    Ed448,
    Unknown(String),
}

impl SigAlg {
    fn from_identifier(alg: &AlgorithmIdentifier<'_>) -> SigAlg {
        let oid = oids::dotted(&alg.algorithm);
        use Hash::*;
        match oid.as_str() {
            "1.2.840.113549.1.1.2" => SigAlg::RsaPkcs1(Md2),
            "1.2.840.113549.1.1.4" => SigAlg::RsaPkcs1(Md5),
            "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => SigAlg::RsaPkcs1(Sha1),
            "1.2.840.113549.1.1.14" => SigAlg::RsaPkcs1(Sha224),
            "1.2.840.113549.1.1.11" => SigAlg::RsaPkcs1(Sha256),
            "1.2.840.113549.1.1.12" => SigAlg::RsaPkcs1(Sha384),
            "1.2.840.113549.1.1.13" => SigAlg::RsaPkcs1(Sha512),
            oids::RSASSA_PSS => pss_params(alg).unwrap_or(SigAlg::RsaPssInvalid),
            "1.2.840.10045.4.1" => SigAlg::Ecdsa(Sha1),
            "1.2.840.10045.4.3.1" => SigAlg::Ecdsa(Sha224),
            "1.2.840.10045.4.3.2" => SigAlg::Ecdsa(Sha256),
            "1.2.840.10045.4.3.3" => SigAlg::Ecdsa(Sha384),
            "1.2.840.10045.4.3.4" => SigAlg::Ecdsa(Sha512),
            "1.2.840.10040.4.3" => SigAlg::Dsa(Sha1),
            "2.16.840.1.101.3.4.3.1" => SigAlg::Dsa(Sha224),
            "2.16.840.1.101.3.4.3.2" => SigAlg::Dsa(Sha256),
            oids::ED25519 => SigAlg::Ed25519,
            oids::ED448 => SigAlg::Ed448,
            _ => SigAlg::Unknown(oid),
        }
    }

    /// The hash the signature is made over, if the algorithm names one.
    pub fn hash(&self) -> Option<Hash> {
        match self {
            SigAlg::RsaPkcs1(h) | SigAlg::Ecdsa(h) | SigAlg::Dsa(h) => Some(*h),
            SigAlg::RsaPss { hash, .. } => Some(*hash),
            _ => None,
        }
    }

    pub fn name(&self) -> String {
        let rsa = |h: Hash| match h {
            Hash::Md2 => "md2WithRSAEncryption",
            Hash::Md5 => "md5WithRSAEncryption",
            Hash::Sha1 => "sha1WithRSAEncryption",
            Hash::Sha224 => "sha224WithRSAEncryption",
            Hash::Sha256 => "sha256WithRSAEncryption",
            Hash::Sha384 => "sha384WithRSAEncryption",
            Hash::Sha512 => "sha512WithRSAEncryption",
        };
        match self {
            SigAlg::RsaPkcs1(h) => rsa(*h).to_string(),
            SigAlg::RsaPss {
                hash,
                mgf_hash,
                salt,
                ..
            } => format!(
                "RSASSA-PSS({}, MGF1-{}, salt {})",
                hash.name(),
                mgf_hash.map_or("?", |h| h.name()),
                salt
            ),
            SigAlg::RsaPssInvalid => "RSASSA-PSS(invalid parameters)".into(),
            SigAlg::Ecdsa(h) => format!("ecdsa-with-{}", h.name().replace('-', "")),
            SigAlg::Dsa(h) => format!("dsa-with-{}", h.name().replace('-', "")),
            SigAlg::Ed25519 => "Ed25519".into(),
            SigAlg::Ed448 => "Ed448".into(),
            SigAlg::Unknown(oid) => oid.clone(),
        }
    }
}

/// RSASSA-PSS-params (RFC 4055 §3.1): defaults SHA-1, MGF1-SHA-1, salt 20, trailer 1.
fn pss_params(alg: &AlgorithmIdentifier<'_>) -> Option<SigAlg> {
    let any = alg.parameters.as_ref()?;
    let params = x509_parser::signature_algorithm::RsaSsaPssParams::try_from(any).ok()?;
    let hash = Hash::from_oid(&oids::dotted(params.hash_algorithm_oid()))?;
    let mgf = params.mask_gen_algorithm().ok()?;
    let mgf_hash = if oids::dotted(&mgf.mgf) == oids::MGF1 {
        Hash::from_oid(&oids::dotted(&mgf.hash))
    } else {
        None
    };
    Some(SigAlg::RsaPss {
        hash,
        mgf_hash,
        salt: params.salt_length(),
        trailer: params.trailer_field(),
    })
}

/// Named curves the engine knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
    /// Another named curve (OID) or explicit parameters (`None`).
    Other(Option<String>),
}

/// The subject public key, as far as the verifier and the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubKey {
    Rsa {
        modulus: Vec<u8>,
        exponent: Vec<u8>,
        bits: u32,
        /// The key is restricted to RSASSA-PSS (id-RSASSA-PSS SPKI).
        pss_only: bool,
    },
    Ec {
        curve: Curve,
        point: Vec<u8>,
    },
    Ed25519(Vec<u8>),
    Ed448,
    Dsa {
        bits: u32,
    },
    Unknown(String),
}

/// The key purposes of an extendedKeyUsage extension that the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Eku {
    pub client_auth: bool,
    pub server_auth: bool,
    /// anyExtendedKeyUsage (2.5.29.37.0).
    pub any: bool,
}

/// One extension as it appears in the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionRef {
    pub oid: String,
    pub critical: bool,
}

/// One relative distinguished name: its attributes as `oid=value` (value lower-cased with
/// whitespace collapsed, RFC 5280 §7.1 in simplified form), sorted so that the order inside a
/// multi-valued RDN does not matter.
pub type Rdn = Vec<String>;

/// A general name in the forms name constraints know (RFC 5280 §4.2.1.6 and §4.2.1.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameForm {
    Dns(String),
    /// An address (4 or 16 bytes) in a SAN; address and mask (8 or 32 bytes) in a constraint.
    Ip(Vec<u8>),
    Email(String),
    Directory(Vec<Rdn>),
    /// Forms the engine does not process (URI, otherName, registeredID, x400Address,
    /// ediPartyName), by name.
    Other(&'static str),
}

impl NameForm {
    /// The name of the form, as RFC 5280 spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            NameForm::Dns(_) => "dNSName",
            NameForm::Ip(_) => "iPAddress",
            NameForm::Email(_) => "rfc822Name",
            NameForm::Directory(_) => "directoryName",
            NameForm::Other(kind) => kind,
        }
    }
}

/// A nameConstraints extension (RFC 5280 §4.2.1.10).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameConstraints {
    pub critical: bool,
    pub permitted: Vec<NameForm>,
    pub excluded: Vec<NameForm>,
}

/// A certificate with everything extracted.
#[derive(Debug, Clone)]
pub struct ParsedCert {
    /// The public view; `role` and `self_signed` are set after chain building.
    pub view: Certificate,
    pub der: Vec<u8>,
    pub tbs: Vec<u8>,
    pub sig: SigAlg,
    pub sig_value: Vec<u8>,
    pub key: PubKey,
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    /// Lower-cased subject/issuer strings, to match names encoded differently.
    pub subject_norm: String,
    pub issuer_norm: String,
    pub ski: Option<Vec<u8>>,
    pub aki: Option<Vec<u8>>,
    pub not_before: i64,
    pub not_after: i64,
    /// `None` when there is no keyUsage extension.
    pub key_cert_sign: Option<bool>,
    /// `None` when there is no extendedKeyUsage extension.
    pub eku: Option<Eku>,
    /// Every extension in certificate order: dotted OID and criticality.
    pub extensions: Vec<ExtensionRef>,
    /// OIDs that appear more than once among the extensions (each listed once).
    pub duplicate_extensions: Vec<String>,
    /// Whether basicConstraints is marked critical; `None` when the extension is absent.
    pub basic_constraints_critical: Option<bool>,
    /// The names of the subject alternative name extension, typed for name constraints.
    pub san_names: Vec<NameForm>,
    /// The subject distinguished name as normalised RDNs, for directoryName constraints.
    pub subject_rdns: Vec<Rdn>,
    /// emailAddress attributes of the subject DN (RFC 5280 §4.2.1.10 applies rfc822Name
    /// constraints to them when there is no subjectAltName).
    pub subject_emails: Vec<String>,
    /// `None` when there is no nameConstraints extension.
    pub name_constraints: Option<NameConstraints>,
    /// Problems with extensions (undecodable values), for the rules.
    pub extension_problems: Vec<String>,
}

impl ParsedCert {
    /// Critical extensions the engine does not process (RFC 5280 §4.2), by dotted OID.
    pub fn unknown_critical_extensions(&self) -> impl Iterator<Item = &str> {
        self.extensions
            .iter()
            .filter(|e| e.critical && !oids::PROCESSED_EXTENSIONS.contains(&e.oid.as_str()))
            .map(|e| e.oid.as_str())
    }

    pub fn is_ca(&self) -> bool {
        self.view.basic_constraints.is_some_and(|bc| bc.ca)
    }

    /// Whether the extendedKeyUsage allows `purpose`: no extension allows every purpose, and
    /// anyExtendedKeyUsage does not stand for a specific one (as rustls-webpki; RFC 5280 §4.2.1.12).
    pub fn allows(&self, purpose: Purpose) -> bool {
        self.eku.is_none_or(|eku| match purpose {
            Purpose::ClientAuthTruststore => eku.client_auth,
            Purpose::ServerAuthTruststore => eku.server_auth,
        })
    }
}

/// Upper-case hex with colons between bytes.
pub fn hex_colons(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        push_hex(&mut s, *b);
    }
    s
}

fn push_hex(s: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    s.push(HEX[(b >> 4) as usize] as char);
    s.push(HEX[(b & 0xf) as usize] as char);
}

fn hex_plain(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        push_hex(&mut s, *b);
    }
    s
}

fn bit_len(magnitude: &[u8]) -> u32 {
    let trimmed: &[u8] = match magnitude.iter().position(|&b| b != 0) {
        Some(i) => magnitude.get(i..).unwrap_or_default(),
        None => &[],
    };
    match trimmed.first() {
        Some(first) => (trimmed.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
        None => 0,
    }
}

fn rfc3339(t: i64) -> String {
    ::time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{t}"))
}

fn name_string(name: &X509Name<'_>) -> String {
    let s = name.to_string();
    if s.is_empty() && !name.as_raw().is_empty() && name.iter_rdn().next().is_some() {
        format!("(undecodable name {})", hex_plain(name.as_raw()))
    } else {
        s
    }
}

fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn public_key(spki: &SubjectPublicKeyInfo<'_>) -> (PubKey, KeyInfo) {
    let alg = oids::dotted(&spki.algorithm.algorithm);
    let data: &[u8] = &spki.subject_public_key.data;
    match alg.as_str() {
        oids::RSA_ENCRYPTION | oids::RSASSA_PSS => {
            let parsed = x509_parser::public_key::RSAPublicKey::from_der(data).ok();
            let (modulus, exponent) = parsed
                .map(|(_, k)| (k.modulus.to_vec(), k.exponent.to_vec()))
                .unwrap_or_default();
            let bits = bit_len(&modulus);
            let exp_value = if exponent.len() <= 8 && !exponent.is_empty() {
                Some(exponent.iter().fold(0u64, |a, b| (a << 8) | *b as u64))
            } else {
                None
            };
            let pss_only = alg == oids::RSASSA_PSS;
            (
                PubKey::Rsa {
                    modulus,
                    exponent,
                    bits,
                    pss_only,
                },
                KeyInfo {
                    algorithm: if pss_only { "RSA-PSS" } else { "RSA" }.into(),
                    bits: Some(bits),
                    curve: None,
                    exponent: exp_value,
                },
            )
        }
        oids::EC_PUBLIC_KEY => {
            let curve_oid = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| oids::dotted(&o));
            let curve = match curve_oid.as_deref() {
                Some(oids::P256) => Curve::P256,
                Some(oids::P384) => Curve::P384,
                Some(oids::P521) => Curve::P521,
                other => Curve::Other(other.map(str::to_string)),
            };
            let (bits, curve_name) = match &curve {
                Curve::P256 => (Some(256), "P-256".to_string()),
                Curve::P384 => (Some(384), "P-384".to_string()),
                Curve::P521 => (Some(521), "P-521".to_string()),
                Curve::Other(Some(oid)) => (
                    None,
                    oids::curve_name(oid).map_or_else(|| oid.clone(), str::to_string),
                ),
                Curve::Other(None) => (None, "explicit parameters".to_string()),
            };
            (
                PubKey::Ec {
                    curve,
                    point: data.to_vec(),
                },
                KeyInfo {
                    algorithm: "EC".into(),
                    bits,
                    curve: Some(curve_name),
                    exponent: None,
                },
            )
        }
        oids::ED25519 => (
            PubKey::Ed25519(data.to_vec()),
            KeyInfo {
                algorithm: "Ed25519".into(),
                bits: Some(256),
                ..KeyInfo::default()
            },
        ),
        oids::ED448 => (
            PubKey::Ed448,
            KeyInfo {
                algorithm: "Ed448".into(),
                bits: Some(456),
                ..KeyInfo::default()
            },
        ),
        oids::DSA => {
            // Dss-Parms ::= SEQUENCE { p, q, g }: the size of p is the key size.
            let p_bits = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| der::children(p.data, 1))
                .and_then(|c| c.first().map(|p| bit_len(p.content)))
                .unwrap_or_else(|| der::read(data).map_or(0, |(y, _)| bit_len(y.content)));
            (
                PubKey::Dsa { bits: p_bits },
                KeyInfo {
                    algorithm: "DSA".into(),
                    bits: Some(p_bits),
                    ..KeyInfo::default()
                },
            )
        }
        other => (
            PubKey::Unknown(other.to_string()),
            KeyInfo {
                algorithm: other.to_string(),
                ..KeyInfo::default()
            },
        ),
    }
}

fn general_name(n: &GeneralName<'_>) -> String {
    match n {
        GeneralName::DNSName(s) => format!("DNS:{s}"),
        GeneralName::RFC822Name(s) => format!("email:{s}"),
        GeneralName::URI(s) => format!("URI:{s}"),
        GeneralName::IPAddress(b) => match b.len() {
            4 => {
                let mut a = [0u8; 4];
                a.copy_from_slice(b);
                format!("IP:{}", std::net::Ipv4Addr::from(a))
            }
            16 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(b);
                format!("IP:{}", std::net::Ipv6Addr::from(a))
            }
            _ => format!("IP:{}", hex_plain(b)),
        },
        GeneralName::DirectoryName(name) => format!("dirName:{}", name_string(name)),
        GeneralName::OtherName(oid, _) => format!("otherName:{}", oids::dotted(oid)),
        GeneralName::RegisteredID(oid) => format!("RID:{}", oids::dotted(oid)),
        GeneralName::X400Address(_) => "x400Address".into(),
        GeneralName::EDIPartyName(_) => "ediPartyName".into(),
        GeneralName::Invalid(_, _) => "(invalid name)".into(),
    }
}

/// The normalised RDNs of a name (see [`Rdn`]).
fn rdns(name: &X509Name<'_>) -> Vec<Rdn> {
    name.iter()
        .map(|rdn| {
            let mut atvs: Vec<String> = rdn
                .iter()
                .map(|atv| {
                    let value = match atv.as_str() {
                        Ok(text) => normalise(text),
                        Err(_) => hex_plain(atv.attr_value().data),
                    };
                    format!("{}={value}", oids::dotted(atv.attr_type()))
                })
                .collect();
            atvs.sort();
            atvs
        })
        .collect()
}

fn name_form(n: &GeneralName<'_>) -> NameForm {
    match n {
        GeneralName::DNSName(s) => NameForm::Dns((*s).to_string()),
        GeneralName::RFC822Name(s) => NameForm::Email((*s).to_string()),
        GeneralName::IPAddress(b) => NameForm::Ip(b.to_vec()),
        GeneralName::DirectoryName(name) => NameForm::Directory(rdns(name)),
        GeneralName::URI(_) => NameForm::Other("uniformResourceIdentifier"),
        GeneralName::OtherName(_, _) => NameForm::Other("otherName"),
        GeneralName::RegisteredID(_) => NameForm::Other("registeredID"),
        GeneralName::X400Address(_) => NameForm::Other("x400Address"),
        GeneralName::EDIPartyName(_) => NameForm::Other("ediPartyName"),
        GeneralName::Invalid(_, _) => NameForm::Other("invalid name"),
    }
}

fn eku_names(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let flags = [
        (eku.any, "anyExtendedKeyUsage"),
        (eku.server_auth, "serverAuth"),
        (eku.client_auth, "clientAuth"),
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "OCSPSigning"),
    ];
    for (set, name) in flags {
        if set {
            out.push(name.to_string());
        }
    }
    out.extend(eku.other.iter().map(oids::dotted));
    out
}

fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
    let flags = [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ];
    flags
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// Parses one certificate.
pub fn parse(raw: &RawCert, now: i64) -> Result<ParsedCert, ReadError> {
    let cert = match X509Certificate::from_der(&raw.der) {
        Ok((_, c)) => c,
        Err(e) => {
            return Err(ReadError::BadCertificate {
                place: raw.place,
                detail: e.to_string(),
            })
        }
    };
    let mut out = ParsedCert {
        view: Certificate {
            position: raw.place.position,
            line: raw.place.line,
            role: Role::Unrelated,
            ..Certificate::default()
        },
        der: Vec::new(),
        tbs: Vec::new(),
        sig: SigAlg::Unknown(String::new()),
        sig_value: Vec::new(),
        key: PubKey::Unknown(String::new()),
        subject_raw: Vec::new(),
        issuer_raw: Vec::new(),
        subject_norm: String::new(),
        issuer_norm: String::new(),
        ski: None,
        aki: None,
        not_before: 0,
        not_after: 0,
        key_cert_sign: None,
        eku: None,
        extensions: Vec::new(),
        duplicate_extensions: Vec::new(),
        basic_constraints_critical: None,
        san_names: Vec::new(),
        subject_rdns: Vec::new(),
        subject_emails: Vec::new(),
        name_constraints: None,
        extension_problems: Vec::new(),
    };
    // Keep only the certificate itself (a TRUSTED CERTIFICATE carries trust settings after it).
    out.der = cert.as_raw().to_vec();
    out.tbs = cert.tbs_certificate.as_ref().to_vec();
    out.sig = SigAlg::from_identifier(&cert.signature_algorithm);
    out.sig_value = cert.signature_value.data.to_vec();
    let (key, key_info) = public_key(cert.public_key());
    out.key = key;
    out.subject_raw = cert.subject().as_raw().to_vec();
    out.issuer_raw = cert.issuer().as_raw().to_vec();
    let subject = name_string(cert.subject());
    let issuer = name_string(cert.issuer());
    out.subject_norm = normalise(&subject);
    out.issuer_norm = normalise(&issuer);
    out.not_before = cert.validity().not_before.timestamp();
    out.not_after = cert.validity().not_after.timestamp();

    let v = &mut out.view;
    v.subject = subject;
    v.issuer = issuer;
    v.serial = hex_plain(cert.raw_serial());
    v.not_before = rfc3339(out.not_before);
    v.not_after = rfc3339(out.not_after);
    v.days_left = out.not_after.saturating_sub(now).div_euclid(86_400);
    v.key = key_info;
    v.signature_algorithm = out.sig.name();
    v.fingerprints = Fingerprints {
        sha256: hex_colons(&Sha256::digest(&out.der)),
        sha1: hex_colons(&Sha1::digest(&out.der)),
    };
    v.version = cert.version().0.saturating_add(1);

    for ext in cert.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(id) => out.ski = Some(id.0.to_vec()),
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                out.aki = aki.key_identifier.as_ref().map(|id| id.0.to_vec())
            }
            ParsedExtension::BasicConstraints(bc) => {
                out.basic_constraints_critical = Some(ext.critical);
                v.basic_constraints = Some(BasicConstraints {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                })
            }
            ParsedExtension::KeyUsage(ku) => {
                out.key_cert_sign = Some(ku.key_cert_sign());
                v.key_usage = key_usage_names(ku);
            }
            ParsedExtension::ExtendedKeyUsage(eku) => {
                out.eku = Some(Eku {
                    client_auth: eku.client_auth,
                    server_auth: eku.server_auth,
                    any: eku.any,
                });
                v.extended_key_usage = eku_names(eku);
            }
            ParsedExtension::SubjectAlternativeName(san) => {
                v.sans.extend(san.general_names.iter().map(general_name));
                out.san_names
                    .extend(san.general_names.iter().map(name_form));
            }
            ParsedExtension::NameConstraints(nc) => {
                let subtrees = |list: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
                    list.iter()
                        .flatten()
                        .map(|t| name_form(&t.base))
                        .collect::<Vec<_>>()
                };
                out.name_constraints = Some(NameConstraints {
                    critical: ext.critical,
                    permitted: subtrees(&nc.permitted_subtrees),
                    excluded: subtrees(&nc.excluded_subtrees),
                });
            }
            ParsedExtension::ParseError { error } => out.extension_problems.push(format!(
                "extension {} cannot be decoded ({error})",
                oids::dotted(&ext.oid)
            )),
            _ => {}
        }
    }
    // RFC 5280 §4.2: an extension appears at most once.
    out.extensions = cert
        .extensions()
        .iter()
        .map(|ext| ExtensionRef {
            oid: oids::dotted(&ext.oid),
            critical: ext.critical,
        })
        .collect();
    for (i, ext) in out.extensions.iter().enumerate() {
        let again = out.extensions.iter().skip(i + 1).any(|o| o.oid == ext.oid);
        if again && !out.duplicate_extensions.contains(&ext.oid) {
            out.duplicate_extensions.push(ext.oid.clone());
        }
    }
    out.subject_rdns = rdns(cert.subject());
    out.subject_emails = cert
        .subject()
        .iter_email()
        .filter_map(|a| a.as_str().ok().map(str::to_string))
        .collect();
    v.subject_key_id = out.ski.as_deref().map(hex_colons);
    v.authority_key_id = out.aki.as_deref().map(hex_colons);
    Ok(out)
}

/// Parses every certificate encoding read from the input.
pub fn parse_all(objects: &[RawCert], now: i64) -> Vec<Result<ParsedCert, ReadError>> {
    objects.iter().map(|o| parse(o, now)).collect()
}
