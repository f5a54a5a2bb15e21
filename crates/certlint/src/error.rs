//! Problems met while reading the input. Each carries where it happened, so the other blocks can
//! still be analysed and the administrator can find the faulty one.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an object sits in the input: its 1-based position among the objects read and, for PEM,
/// the 1-based line of its `-----BEGIN` marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub position: usize,
    pub line: Option<usize>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "block #{} (line {})", self.position, line),
            None => write!(f, "object #{}", self.position),
        }
    }
}

/// Why (part of) an input could not be read as certificates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReadError {
    /// Nothing but whitespace was given.
    #[error("the input is empty")]
    Empty,
    /// The input is over [`crate::Options::max_input_bytes`]; it was not read.
    #[error("the input is {size} bytes, over the limit of {limit} bytes; it was not read")]
    TooLarge { size: usize, limit: usize },
    /// The input holds more certificates than [`crate::Options::max_certificates`].
    #[error("the input holds more than {limit} certificates; it was not analysed")]
    TooManyCertificates { limit: usize },
    /// The input holds more objects (blocks) than can be reported.
    #[error("the input holds more than {limit} blocks; the rest was not read")]
    TooManyObjects { limit: usize },
    /// Neither PEM, DER, PKCS#7, PKCS#12 nor base64: `looks_like` says what it seems to be.
    #[error("no certificate found: the input is {looks_like}, not PEM, DER or PKCS#7")]
    Unrecognised { looks_like: String },
    /// A PEM block without its END line, or with an END line of another label.
    #[error("{place}: the {label} block is truncated or not closed ({detail})")]
    Truncated {
        place: Place,
        label: String,
        detail: String,
    },
    /// A PEM block whose body is not valid base64.
    #[error("{place}: the {label} block is not valid base64")]
    BadBase64 { place: Place, label: String },
    /// An object that should be a certificate but does not parse as X.509.
    #[error("{place}: not a valid X.509 certificate ({detail})")]
    BadCertificate { place: Place, detail: String },
    /// A PKCS#7 bundle whose structure could not be walked.
    #[error("{place}: the PKCS#7 bundle is malformed ({detail})")]
    BadPkcs7 { place: Place, detail: String },
    /// A private key: refused, its content is neither read nor kept.
    #[error("{place}: a private key ({kind}) must never be uploaded to a truststore; it was ignored and not stored")]
    PrivateKey { place: Place, kind: String },
    /// A PKCS#12 (.p12/.pfx) file: it holds a private key and is refused.
    #[error("this is a PKCS#12 (.p12/.pfx) file, which holds a private key; export the certificates only (PEM or DER)")]
    Pkcs12,
    /// A recognised object that is not a certificate (CRL, CSR, public key…): ignored.
    #[error("{place}: this is {what}, not a certificate; it was ignored")]
    NotACertificate { place: Place, what: String },
    /// Bytes after the last DER object that are not a certificate.
    #[error("{place}: {bytes} trailing bytes after the certificate were ignored")]
    TrailingData { place: Place, bytes: usize },
}

impl ReadError {
    /// The place of the object concerned, when the problem is about one object.
    pub fn place(&self) -> Option<Place> {
        match self {
            ReadError::Truncated { place, .. }
            | ReadError::BadBase64 { place, .. }
            | ReadError::BadCertificate { place, .. }
            | ReadError::BadPkcs7 { place, .. }
            | ReadError::PrivateKey { place, .. }
            | ReadError::NotACertificate { place, .. }
            | ReadError::TrailingData { place, .. } => Some(*place),
            ReadError::Empty
            | ReadError::TooLarge { .. }
            | ReadError::TooManyCertificates { .. }
            | ReadError::TooManyObjects { .. }
            | ReadError::Unrecognised { .. }
            | ReadError::Pkcs12 => None,
        }
    }
}
