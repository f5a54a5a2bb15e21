//! Turns the uploaded bytes into a list of certificate encodings, recognising every other kind of
//! object (keys, PKCS#12, CRLs, CSRs, public keys) and reporting it by its place.

use crate::der::{self, Kind};
use crate::error::{Place, ReadError};
use crate::model::{InputForm, PrivateKeyBlock};
use crate::pem;
use crate::Options;

/// A certificate encoding found in the input.
#[derive(Debug, Clone)]
pub struct RawCert {
    pub place: Place,
    pub der: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct ReadResult {
    pub form: InputForm,
    pub objects: Vec<RawCert>,
    pub errors: Vec<ReadError>,
    pub private_keys: Vec<PrivateKeyBlock>,
}

/// More objects than certificates are allowed, so that a few keys or CRLs do not hit the limit,
/// but a flood of junk blocks cannot make the report huge.
const EXTRA_OBJECTS: usize = 100;

struct Reader<'o> {
    options: &'o Options,
    out: ReadResult,
    position: usize,
    stopped: bool,
}

impl Reader<'_> {
    fn next_place(&mut self, line: Option<usize>) -> Option<Place> {
        if self.stopped {
            return None;
        }
        if self.position >= self.options.max_certificates.saturating_add(EXTRA_OBJECTS) {
            self.out.errors.push(ReadError::TooManyObjects {
                limit: self.position,
            });
            self.stopped = true;
            return None;
        }
        self.position += 1;
        Some(Place {
            position: self.position,
            line,
        })
    }

    fn push_cert(&mut self, place: Place, der: Vec<u8>) {
        if self.out.objects.len() >= self.options.max_certificates {
            self.out.errors.push(ReadError::TooManyCertificates {
                limit: self.options.max_certificates,
            });
            self.out.objects.clear();
            self.stopped = true;
            return;
        }
        self.out.objects.push(RawCert { place, der });
    }

    fn private_key(&mut self, place: Place, kind: &str) {
        self.out.private_keys.push(PrivateKeyBlock {
            position: place.position,
            line: place.line,
            kind: kind.to_string(),
        });
        self.out.errors.push(ReadError::PrivateKey {
            place,
            kind: kind.to_string(),
        });
    }

    fn not_a_certificate(&mut self, place: Place, what: &str) {
        self.out.errors.push(ReadError::NotACertificate {
            place,
            what: what.to_string(),
        });
    }

    /// Handles one DER object (a whole file, or the body of a PEM block). Returns the bytes that
    /// follow it.
    fn der_object<'a>(&mut self, input: &'a [u8], line: Option<usize>) -> &'a [u8] {
        let Some((tlv, rest)) = der::read(input) else {
            if let Some(place) = self.next_place(line) {
                self.out.errors.push(ReadError::BadCertificate {
                    place,
                    detail: "not a complete DER object".into(),
                });
            }
            return &[];
        };
        match der::classify(&tlv) {
            Kind::SignedObject => {
                if let Some(place) = self.next_place(line) {
                    match signed_object_kind(tlv.raw) {
                        SignedKind::Certificate => self.push_cert(place, tlv.raw.to_vec()),
                        SignedKind::Crl => {
                            self.not_a_certificate(place, "a certificate revocation list (CRL)")
                        }
                        SignedKind::Csr => {
                            self.not_a_certificate(place, "a certificate signing request (CSR)")
                        }
                    }
                }
            }
            Kind::Pkcs7SignedData => match der::pkcs7_certificates(&tlv) {
                Ok(certs) => {
                    for c in certs {
                        if let Some(place) = self.next_place(line) {
                            self.push_cert(place, c.to_vec());
                        }
                    }
                }
                Err(detail) => {
                    if let Some(place) = self.next_place(line) {
                        self.out.errors.push(ReadError::BadPkcs7 {
                            place,
                            detail: detail.into(),
                        });
                    }
                }
            },
            Kind::Pkcs12 => {
                self.next_place(line);
                self.out.errors.push(ReadError::Pkcs12);
            }
            Kind::PrivateKeyPkcs8 => self.key_object(line, "PKCS#8 private key"),
            Kind::EncryptedPrivateKey => self.key_object(line, "encrypted PKCS#8 private key"),
            Kind::RsaPrivateKey => self.key_object(line, "RSA private key"),
            Kind::EcPrivateKey => self.key_object(line, "EC private key"),
            Kind::DsaPrivateKey => self.key_object(line, "DSA private key"),
            Kind::PublicKey => {
                if let Some(place) = self.next_place(line) {
                    self.not_a_certificate(place, "a public key");
                }
            }
            Kind::Unknown => {
                if let Some(place) = self.next_place(line) {
                    self.out.errors.push(ReadError::BadCertificate {
                        place,
                        detail: "the DER structure is not a certificate".into(),
                    });
                }
            }
        }
        rest
    }

    fn key_object(&mut self, line: Option<usize>, kind: &str) {
        if let Some(place) = self.next_place(line) {
            self.private_key(place, kind);
        }
    }

    fn pem_block(&mut self, block: &pem::Block<'_>) {
        let label = block.label.to_ascii_uppercase();
        let line = Some(block.line);
        if label.contains("PRIVATE KEY") {
            // Refused whatever its state; its body is never decoded.
            if let Some(place) = self.next_place(line) {
                self.private_key(place, &block.label);
            }
            return;
        }
        let Some(body) = block.body else {
            if let Some(place) = self.next_place(line) {
                self.out.errors.push(ReadError::Truncated {
                    place,
                    label: block.label.clone(),
                    detail: block.problem.clone().unwrap_or_default(),
                });
            }
            return;
        };
        let what = match label.as_str() {
            "CERTIFICATE"
            | "X509 CERTIFICATE"
            | "TRUSTED CERTIFICATE"
            | "PKCS7"
            | "PKCS #7 SIGNED DATA"
            | "CMS" => None,
            "X509 CRL" => Some("a certificate revocation list (CRL)"),
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
                Some("a certificate signing request (CSR)")
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Some("a public key"),
            "PKCS12" => {
                self.next_place(line);
                self.out.errors.push(ReadError::Pkcs12);
                return;
            }
            _ => Some("an unknown kind of PEM block"),
        };
        if let Some(what) = what {
            if let Some(place) = self.next_place(line) {
                let what = if what.starts_with("an unknown") {
                    format!("a PEM block labelled {}", block.label)
                } else {
                    what.to_string()
                };
                self.not_a_certificate(place, &what);
            }
            return;
        }
        let Some(der) = pem::decode_body(body) else {
            if let Some(place) = self.next_place(line) {
                self.out.errors.push(ReadError::BadBase64 {
                    place,
                    label: block.label.clone(),
                });
            }
            return;
        };
        // A TRUSTED CERTIFICATE carries OpenSSL trust settings after the certificate: ignored.
        let _aux = self.der_object(&der, line);
    }
}

enum SignedKind {
    Certificate,
    Crl,
    Csr,
}

/// Tells a certificate from a CRL or a CSR by the shape of the signed part (RFC 5280 §4.1, §5.1;
/// RFC 2986 §4): a certificate's fifth field (validity) is a SEQUENCE, a CRL's fourth is a time;
/// a CSR's first fields are version, Name, SubjectPublicKeyInfo, [0] attributes.
fn signed_object_kind(raw: &[u8]) -> SignedKind {
    let tbs_fields = der::read(raw)
        .and_then(|(outer, _)| der::children(outer.content, 1))
        .and_then(|c| c.first().copied())
        .and_then(|tbs| der::children(tbs.content, 8));
    let Some(fields) = tbs_fields else {
        return SignedKind::Certificate;
    };
    let tags: Vec<u8> = fields.iter().map(|f| f.tag).collect();
    let is_time = |t: Option<&u8>| matches!(t, Some(0x17) | Some(0x18));
    match tags.as_slice() {
        [der::INTEGER, der::SEQUENCE, der::SEQUENCE, der::CONTEXT_0] => SignedKind::Csr,
        [der::INTEGER, der::SEQUENCE, der::SEQUENCE, t, ..] if is_time(Some(t)) => SignedKind::Crl,
        [der::SEQUENCE, der::SEQUENCE, t, ..] if is_time(Some(t)) => SignedKind::Crl,
        _ => SignedKind::Certificate,
    }
}

fn is_blank(input: &[u8]) -> bool {
    input.iter().all(|b| b.is_ascii_whitespace() || *b == 0)
}

fn strip_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input)
}

fn describe(input: &[u8]) -> String {
    let sample = input.get(..512).unwrap_or(input);
    let printable = sample
        .iter()
        .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
        .count();
    if printable * 10 >= sample.len() * 9 {
        "text without any -----BEGIN CERTIFICATE----- block".into()
    } else {
        "binary data that is not a DER certificate".into()
    }
}

/// Reads the input. Fast on garbage: a size check, one linear PEM scan, and DER classification of
/// the outer structure only.
pub fn read(input: &[u8], options: &Options) -> ReadResult {
    read_many(&[input], options)
}

/// Reads several inputs (files dropped together) as one: positions run on across them, and the
/// size limit applies to their sum.
pub fn read_many(inputs: &[&[u8]], options: &Options) -> ReadResult {
    let mut r = Reader {
        options,
        out: ReadResult::default(),
        position: 0,
        stopped: false,
    };
    let size = inputs.iter().map(|input| input.len()).sum::<usize>();
    if size > options.max_input_bytes {
        r.out.form = InputForm::Unknown;
        r.out.errors.push(ReadError::TooLarge {
            size,
            limit: options.max_input_bytes,
        });
        return r.out;
    }
    let mut forms = Vec::with_capacity(inputs.len());
    for input in inputs {
        if r.stopped {
            break;
        }
        forms.push(r.read_one(input));
    }
    r.out.form = match forms.split_first() {
        None => {
            r.out.errors.push(ReadError::Empty);
            InputForm::Empty
        }
        Some((first, rest)) if rest.iter().all(|form| form == first) => *first,
        Some(_) => InputForm::Mixed,
    };
    r.out
}

impl Reader<'_> {
    /// Reads one input into the reader's result and says what form it had.
    fn read_one(&mut self, input: &[u8]) -> InputForm {
        let r = self;
        let input = strip_bom(input);
        if is_blank(input) {
            r.out.errors.push(ReadError::Empty);
            return InputForm::Empty;
        }
        if pem::looks_like_pem(input) {
            let blocks = pem::blocks(input);
            let pkcs7 = blocks.iter().any(|b| b.label.contains("PKCS7"));
            for block in &blocks {
                r.pem_block(block);
                if r.stopped {
                    break;
                }
            }
            return if pkcs7 {
                InputForm::Pkcs7Pem
            } else {
                InputForm::Pem
            };
        }
        if input.first() == Some(&der::SEQUENCE) {
            let kind = der::read(input).map(|(t, _)| der::classify(&t));
            let form = match kind {
                Some(Kind::Pkcs7SignedData) => InputForm::Pkcs7Der,
                Some(Kind::Pkcs12) => InputForm::Pkcs12,
                _ => InputForm::Der,
            };
            let mut rest = input;
            let mut first = true;
            while !rest.is_empty() && !r.stopped {
                // Several DER certificates may be concatenated; anything else after the first object
                // is reported as trailing data.
                let next_is_object = der::read(rest)
                    .map(|(t, _)| der::classify(&t) != Kind::Unknown)
                    .unwrap_or(false);
                if !first && (!next_is_object || is_blank(rest)) {
                    if !is_blank(rest) {
                        let place = Place {
                            position: r.position,
                            line: None,
                        };
                        r.out.errors.push(ReadError::TrailingData {
                            place,
                            bytes: rest.len(),
                        });
                    }
                    break;
                }
                first = false;
                rest = r.der_object(rest, None);
            }
            return form;
        }
        // Bare base64 of a DER object, as pasted from a web page.
        let compact: Vec<u8> = input
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        if compact.first() == Some(&b'M') {
            if let Ok(der) = pem::LENIENT.decode(&compact) {
                if der::read(&der).is_some_and(|(t, _)| der::classify(&t) != Kind::Unknown) {
                    r.der_object(&der, Some(1));
                    return InputForm::Base64;
                }
            }
        }
        r.out.errors.push(ReadError::Unrecognised {
            looks_like: describe(input),
        });
        InputForm::Unknown
    }
}

use base64::Engine as _;
