//! The report handed to the web app and printed by the CLI, as plain data: no engine logic, no
//! dependency on the engine's other modules (but the reading errors it carries). Serialises to
//! JSON with the field names below. It never holds private key material: keys are reported by
//! position and kind only.

use crate::error::ReadError;
use serde::{Deserialize, Serialize};

mod reason;
pub use reason::{
    CertName, NotChosen, Reason, RsaKeyProblem, SignatureProblem, Signer, Unapplicable,
};

/// What the bundle is meant for; it decides which key purpose the leaf must allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Purpose {
    /// A truststore that validates TLS client certificates (SAP API Management mTLS): the leaf
    /// must allow id-kp-clientAuth.
    #[default]
    ClientAuthTruststore,
    /// A truststore that validates a backend server's certificate (the Apinizer `trustStoreId`):
    /// the leaf must allow id-kp-serverAuth.
    ServerAuthTruststore,
}

impl Purpose {
    /// The short form used by the command line and the page's deep link: `client` or `server`.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ClientAuthTruststore => "client",
            Purpose::ServerAuthTruststore => "server",
        }
    }
}

impl std::str::FromStr for Purpose {
    type Err = String;

    /// Accepts the short forms (`client`, `server`) and the serde names.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "client" | "client_auth_truststore" => Ok(Purpose::ClientAuthTruststore),
            "server" | "server_auth_truststore" => Ok(Purpose::ServerAuthTruststore),
            other => Err(format!(
                "unknown purpose {other:?}; expected client or server"
            )),
        }
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Weak < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Usable, should be fixed.
    Warning,
    /// Deprecated cryptography: gateways refuse or will refuse it.
    Weak,
    /// Broken or unusable as given.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Weak => "weak",
            Severity::Error => "error",
        }
    }
}

/// The most severe finding: `ok` when nothing is above info.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Warning,
    Weak,
    Error,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warning => "warning",
            Verdict::Weak => "weak",
            Verdict::Error => "error",
        }
    }

    pub fn from_findings(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => Verdict::Error,
            Some(Severity::Weak) => Verdict::Weak,
            Some(Severity::Warning) => Verdict::Warning,
            Some(Severity::Info) | None => Verdict::Ok,
        }
    }
}

/// How the input was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputForm {
    #[default]
    Unknown,
    Empty,
    Pem,
    Der,
    Pkcs7Pem,
    Pkcs7Der,
    Pkcs12,
    /// Base64 of a DER object without PEM armour.
    Base64,
    /// Several inputs (files) of different forms, read together.
    Mixed,
}

impl InputForm {
    pub fn as_str(self) -> &'static str {
        match self {
            InputForm::Unknown => "unknown",
            InputForm::Empty => "empty",
            InputForm::Pem => "pem",
            InputForm::Der => "der",
            InputForm::Pkcs7Pem => "pkcs7_pem",
            InputForm::Pkcs7Der => "pkcs7_der",
            InputForm::Pkcs12 => "pkcs12",
            InputForm::Base64 => "base64",
            InputForm::Mixed => "mixed",
        }
    }
}

/// The part a certificate plays in the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Leaf,
    Intermediate,
    Root,
    /// Not part of the chain of the leaf.
    #[default]
    Unrelated,
    /// The same certificate appears earlier in the input.
    Duplicate,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Leaf => "leaf",
            Role::Intermediate => "intermediate",
            Role::Root => "root",
            Role::Unrelated => "unrelated",
            Role::Duplicate => "duplicate",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeyInfo {
    /// `RSA`, `RSA-PSS`, `EC`, `Ed25519`, `Ed448`, `DSA` or the OID of another algorithm.
    pub algorithm: String,
    /// Key size in bits (RSA modulus, DSA p, EC field size).
    pub bits: Option<u32>,
    /// Named curve (`P-256`…) or the curve OID; for EC keys only.
    pub curve: Option<String>,
    /// RSA public exponent (decimal), when it fits in 64 bits.
    pub exponent: Option<u64>,
}

/// Colon-separated upper-case hex, like `openssl x509 -fingerprint`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Fingerprints {
    pub sha256: String,
    pub sha1: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BasicConstraints {
    pub ca: bool,
    pub path_len: Option<u32>,
}

/// One certificate as read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Certificate {
    /// 1-based position of the object in the input.
    pub position: usize,
    /// 1-based line of the PEM BEGIN marker, for PEM input.
    pub line: Option<usize>,
    pub role: Role,
    /// RFC 4514-like, e.g. `CN=Client, O=Example`; multi-valued RDNs joined with ` + `.
    pub subject: String,
    pub issuer: String,
    /// Serial number: the DER integer's bytes in upper-case hex (two's complement as encoded).
    pub serial: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    /// Whole days from `now` to notAfter (negative when expired).
    pub days_left: i64,
    /// `DNS:…`, `IP:…`, `email:…`, `URI:…`, `dirName:…`, `otherName:OID`, `RID:…`.
    pub sans: Vec<String>,
    pub key: KeyInfo,
    /// E.g. `sha256WithRSAEncryption`, `RSASSA-PSS(SHA-256, MGF1-SHA-256, salt 32)`, `ecdsa-with-SHA384`.
    pub signature_algorithm: String,
    pub fingerprints: Fingerprints,
    /// Colon-separated upper-case hex.
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    /// `None` when the extension is absent.
    pub basic_constraints: Option<BasicConstraints>,
    /// E.g. `digitalSignature`, `keyCertSign`. Empty when the extension is absent.
    pub key_usage: Vec<String>,
    /// E.g. `clientAuth`, `serverAuth`, or an OID. Empty when the extension is absent.
    pub extended_key_usage: Vec<String>,
    /// 1, 2 or 3.
    pub version: u32,
    /// Subject equals issuer and the key identifiers (if any) agree.
    pub self_signed: bool,
}

/// One rule's verdict on the input or on one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    /// Position of the certificate or object concerned; `None` for the bundle as a whole.
    pub certificate: Option<usize>,
    /// Why, typed: what a program reads.
    pub reason: Reason,
    /// The reason in words, rendered from `reason` when the report is assembled.
    pub message: String,
    pub title: String,
    pub citation: String,
}

/// Result of checking one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum SignatureStatus {
    /// The signature was checked cryptographically and is valid.
    Verified,
    /// The signature was checked and is invalid (or cannot be made by this issuer's key).
    Broken(SignatureProblem),
    /// The signature could not be checked (unsupported algorithm, no issuer…): never a pass.
    NotVerified(SignatureProblem),
}

/// One link of the chain: `child` signed by `issuer` (the same position for a self-signed root).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub child: usize,
    /// `None` when the issuer is not in the bundle.
    pub issuer: Option<usize>,
    pub signature: SignatureStatus,
}

/// A private key found in the input: where and what kind, never its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateKeyBlock {
    pub position: usize,
    pub line: Option<usize>,
    /// PEM label or DER structure, e.g. `RSA PRIVATE KEY`, `PKCS#8 private key`.
    pub kind: String,
}

/// A problem met while reading, with its structured form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    pub position: Option<usize>,
    pub line: Option<usize>,
    pub message: String,
    pub error: ReadError,
}

impl From<&ReadError> for InputError {
    fn from(e: &ReadError) -> Self {
        let place = e.place();
        InputError {
            position: place.map(|p| p.position),
            line: place.and_then(|p| p.line),
            message: e.to_string(),
            error: e.clone(),
        }
    }
}

/// Why a path does not validate; certificates by position. In words through its `Display`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PathProblem {
    BrokenSignature {
        child: usize,
        issuer: usize,
    },
    SignatureNotVerified {
        child: usize,
        issuer: usize,
    },
    Expired {
        certificate: usize,
    },
    NotYetValid {
        certificate: usize,
    },
    IssuerNotCa {
        certificate: usize,
    },
    IssuerWithoutKeyCertSign {
        certificate: usize,
    },
    PathLengthExceeded {
        certificate: usize,
    },
    UnknownCriticalExtension {
        certificate: usize,
    },
    OldVersion {
        certificate: usize,
    },
    /// The certificate's extendedKeyUsage does not allow the purpose.
    WrongPurpose {
        certificate: usize,
    },
    NameNotPermitted {
        certificate: usize,
        constrained_by: usize,
    },
    NameConstraintsUnprocessable {
        certificate: usize,
        constrained_by: usize,
    },
    Loop {
        certificate: usize,
    },
    NoRoot {
        certificate: usize,
    },
    TooLong,
}

impl PathProblem {
    /// The problem in words (its `Display`, crate::prose), for findings and the CLI.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

/// Which bound stopped the path search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchBudget {
    SignatureChecks,
    BuildSteps,
    NameComparisons,
}

/// A complete path the search considered and did not choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedPath {
    /// Positions, leaf first.
    pub chain: Vec<usize>,
    pub problems: Vec<PathProblem>,
}

/// How the chain was chosen among the paths the bundle offers (RFC 5280 §6.1, RFC 4158).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PathSearch {
    /// The chosen path validates; otherwise it is the one with the fewest problems.
    pub valid: bool,
    /// Complete paths judged.
    pub paths_considered: usize,
    pub signature_checks: usize,
    /// Set when the search stopped at a bound before finding a valid path.
    pub budget_exhausted: Option<SearchBudget>,
    /// The problems of the chosen path.
    pub problems: Vec<PathProblem>,
    /// Other paths, most promising first, with why they were not chosen.
    pub rejected: Vec<RejectedPath>,
}

/// Everything the engine found out about one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub verdict: Verdict,
    pub input_form: InputForm,
    /// Every certificate read, in input order.
    pub certificates: Vec<Certificate>,
    /// Most severe first; then by position.
    pub findings: Vec<Finding>,
    /// Positions of the chain, leaf first.
    pub chain: Vec<usize>,
    /// The top of the chain is a self-signed root.
    pub root_present: bool,
    /// One entry per chain certificate: the signature check of that certificate by its issuer.
    pub links: Vec<Link>,
    pub private_key_found: bool,
    pub private_keys: Vec<PrivateKeyBlock>,
    /// The chain as PEM, leaf → root, without duplicates, unrelated certificates or keys.
    pub fixed_pem: Option<String>,
    /// Problems met while reading, by position.
    pub errors: Vec<InputError>,
    /// How the chain was chosen (added with path search; absent from older reports).
    #[serde(default)]
    pub path_search: PathSearch,
    /// The purpose the bundle was judged for (absent from older reports: client).
    #[serde(default)]
    pub purpose: Purpose,
}
