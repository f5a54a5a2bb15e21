//! Why a rule reported, and why a signature is not a pass: typed, with the context a program needs
//! (as rustls-webpki's error enum carries `CertExpired { time, not_after }`). The engine produces
//! these; the words come from their `Display` (crate::prose), at the edge: the report's `message`,
//! the command line, the page.

use crate::error::ReadError;
use crate::model::{PathProblem, Purpose, SearchBudget};
use serde::{Deserialize, Serialize};

/// A certificate as a finding names it: `#2 (CN=Example)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertName {
    /// 1-based position in the input.
    pub position: usize,
    pub subject: String,
}

/// What is wrong with an RSA public key (NIST SP 800-89 §5.3.3, CA/B Forum BR §6.1.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RsaKeyProblem {
    ModulusTooShort { bits: u32 },
    ModulusNotByteMultiple { bits: u32 },
    EvenExponent { exponent: Option<u64> },
    SmallExponent { exponent: u64 },
    MissingExponent,
}

/// Who signed a certificate whose signature is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "certificate", rename_all = "snake_case")]
pub enum Signer {
    /// The certificate itself (a self-signed root).
    Itself,
    Certificate(CertName),
    /// The issuer is not known.
    Unknown,
}

/// Why a path through an alternate issuer was not chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotChosen {
    /// The path through it has these problems.
    PathProblems { problems: Vec<PathProblem> },
    /// It was judged and is no better than the chosen one.
    NoBetter,
    /// It has expired (and was not judged as part of a path).
    Expired,
    /// A valid path was found without it.
    ValidPathWithout,
    /// The chosen path has fewer problems.
    ChosenHasFewerProblems,
}

/// Why name constraints could not be applied (RFC 5280 §4.2.1.10: a validator that cannot
/// process a constraint on a name form present in the certificate must reject it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unapplicable {
    /// Constraints on a name form that is not processed (URI, otherName…), which the certificate has.
    NameForm { form: String },
    /// An iPAddress constraint that is not an address with a contiguous mask.
    InvalidIpConstraint,
    /// More comparisons than the bound allows.
    Budget { comparisons: usize },
}

/// Why a signature is broken, or why it was not checked (never a pass).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignatureProblem {
    // Broken: checked, and it fails.
    /// The signature does not match the issuer's key; `scheme` is RSA, RSA-PSS, ECDSA or Ed25519.
    Mismatch {
        scheme: String,
    },
    /// The ECDSA signature is not a DER SEQUENCE of two INTEGERs (RFC 5480 §2.2).
    MalformedEcdsa,
    /// An Ed25519 signature is 64 bytes (RFC 8032 §5.1.7).
    Ed25519Length,
    /// RFC 8017 §9.1.2 step 3: the salt does not fit the modulus.
    PssSaltTooLong {
        salt: u32,
    },
    PssParametersUnreadable,
    /// The signature algorithm cannot be used with the issuer's kind of key.
    AlgorithmKeyMismatch {
        algorithm: String,
        key: String,
    },
    // Not verified.
    /// MD2, MD5 or another hash whose signatures are not checked.
    HashNotChecked {
        hash: String,
    },
    /// RFC 4055 §3.1 defines trailerField 1 only.
    PssTrailer {
        trailer: u32,
    },
    /// A mask generation other than MGF1 with the message hash.
    PssMaskGeneration,
    RsaKeyUnusable {
        detail: String,
    },
    InvalidEcPoint,
    CurveNotChecked,
    Ed25519KeyLength,
    Ed25519KeyInvalid,
    /// Ed448, DSA: algorithms that are read but whose signatures are not checked.
    AlgorithmNotChecked {
        algorithm: String,
    },
    UnsupportedSignatureAlgorithm {
        oid: String,
    },
    UnsupportedKeyAlgorithm {
        oid: String,
    },
    NoSuchCertificate,
    IssuerNotInBundle,
    /// The path search stopped at a bound before an issuer was found.
    SearchBudgetExhausted,
}

/// Why a rule reported a finding. One variant per kind of finding; a rule may report several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// A problem met while reading the input.
    Read {
        error: ReadError,
    },
    NoCertificate,
    WeakRsaKey {
        certificate: CertName,
        problems: Vec<RsaKeyProblem>,
    },
    DsaKey {
        certificate: CertName,
        bits: u32,
    },
    WeakEcCurve {
        certificate: CertName,
        curve: Option<String>,
    },
    UnknownKeyAlgorithm {
        certificate: CertName,
        oid: String,
    },
    WeakSignatureAlgorithm {
        certificate: CertName,
        algorithm: String,
        hash: String,
    },
    /// A self-signed trust anchor of version 1 or 2.
    OldTrustAnchorVersion {
        certificate: CertName,
        version: u32,
    },
    /// A version 1 or 2 certificate in the path that is not the trust anchor.
    OldVersionInPath {
        certificate: CertName,
        version: u32,
    },
    /// Extensions that do not parse; `problems` as the parser words them.
    InvalidExtension {
        certificate: CertName,
        problems: Vec<String>,
    },
    DuplicateExtension {
        certificate: CertName,
        oids: Vec<String>,
    },
    UnknownCriticalExtension {
        certificate: CertName,
        oids: Vec<String>,
    },
    Expired {
        certificate: CertName,
        not_after: String,
        days_ago: i64,
    },
    NotYetValid {
        certificate: CertName,
        not_before: String,
    },
    ExpiringSoon {
        certificate: CertName,
        not_after: String,
        days_left: i64,
    },
    /// An issuer of the chain with basicConstraints CA:FALSE.
    IssuerCaFalse {
        certificate: CertName,
    },
    /// An issuer of the chain without basicConstraints.
    IssuerWithoutBasicConstraints {
        certificate: CertName,
    },
    IssuerWithoutKeyCertSign {
        certificate: CertName,
        key_usage: Vec<String>,
    },
    PathLengthExceeded {
        certificate: CertName,
        limit: u32,
        intermediates: usize,
    },
    LeafIsCa {
        certificate: CertName,
    },
    LeafAssertsKeyCertSign {
        certificate: CertName,
    },
    CaBasicConstraintsNotCritical {
        certificate: CertName,
    },
    LeafWrongPurpose {
        certificate: CertName,
        extended_key_usage: Vec<String>,
        purpose: Purpose,
        /// anyExtendedKeyUsage is present; it does not count (as in rustls-webpki).
        any_present: bool,
    },
    IssuerWrongPurpose {
        certificate: CertName,
        extended_key_usage: Vec<String>,
        purpose: Purpose,
    },
    /// The right order, by position, leaf first.
    WrongOrder {
        order: Vec<usize>,
    },
    DuplicateCertificate {
        certificate: CertName,
        first: usize,
    },
    /// The chain stops short of CA certificates that are in the bundle.
    MissingIssuer {
        certificate: CertName,
        issuer: String,
        stranded: Vec<usize>,
    },
    MissingRoot {
        certificate: CertName,
        issuer: String,
    },
    UnrelatedCertificate {
        certificate: CertName,
        expired: bool,
    },
    /// A certificate with the issuer's name that did not sign `child`.
    FalseIssuer {
        certificate: CertName,
        child: CertName,
    },
    /// A certificate that also issues `child` (cross-signed, re-issued) and was not chosen.
    AlternateIssuer {
        certificate: CertName,
        child: CertName,
        not_chosen: NotChosen,
    },
    BrokenSignature {
        certificate: CertName,
        by: Signer,
        problem: SignatureProblem,
    },
    SignatureNotVerified {
        certificate: CertName,
        problem: SignatureProblem,
    },
    ChainCycle,
    PathSearchBudgetExhausted {
        budget: SearchBudget,
        limit: usize,
        paths_considered: usize,
    },
    NameNotPermitted {
        certificate: CertName,
        name: String,
        /// Inside an excluded subtree (else outside the permitted ones).
        excluded: bool,
        constrained_by: CertName,
    },
    NameConstraintsUnapplicable {
        certificate: CertName,
        constrained_by: CertName,
        why: Unapplicable,
    },
    SelfSignedEndEntity {
        certificate: CertName,
    },
    RuleFailed {
        rule: String,
    },
}
