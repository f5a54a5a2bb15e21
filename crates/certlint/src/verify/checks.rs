//! Signature checks as data: every certificate of a bundle paired with the certificates its
//! issuer name points to, as a path search would try them (or @peculiar/x509's `verify` checks
//! them), each verifiable by the engine's own verifier or, for ECDSA, handed over whole to another
//! (WebCrypto's `crypto.subtle.verify`, which takes the signature as IEEE P1363 `r ‖ s`).
//!
//! The certificate worker hands these to WebCrypto before an analysis ([`super::host`]); the
//! browser benchmark (`bench/browser`) uses them to compare verifiers like for like: the same
//! certificates' signatures, checked by each means.

use super::verify;
use crate::cert::{Curve, Hash, ParsedCert, PubKey, SigAlg};
use crate::model::SignatureStatus;
use std::collections::HashMap;

/// Certificates of a bundle, each paired with every certificate whose subject is its issuer name
/// (itself when it is self-issued); certificates whose issuer is not in the bundle have no check.
pub struct SignatureChecks<'a> {
    certs: &'a [ParsedCert],
    /// (child, issuer) indexes into `certs`.
    pairs: Vec<(usize, usize)>,
}

/// One check of [`SignatureChecks`].
pub struct SignatureCheck<'a> {
    child: &'a ParsedCert,
    issuer: &'a ParsedCert,
}

/// An ECDSA check in the terms of WebCrypto (W3C Web Cryptography API §23, ECDSA).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcdsaCheck<'a> {
    /// `namedCurve`: "P-256", "P-384" or "P-521".
    pub curve: &'static str,
    /// The hash: "SHA-1", "SHA-256", "SHA-384" or "SHA-512".
    pub hash: &'static str,
    /// The issuer's public key, an uncompressed or compressed SEC 1 point (`importKey("raw")`).
    pub public_key: &'a [u8],
    /// The signed bytes: the child's TBSCertificate.
    pub message: &'a [u8],
    /// `r ‖ s`, each left-padded to the curve's size.
    pub signature: Vec<u8>,
}

impl<'a> SignatureChecks<'a> {
    /// Pairs the certificates by name; `None` when there would be more than `limit` checks
    /// (a bundle of many certificates under one issuer name pairs every one with every other).
    pub(crate) fn new(certs: &'a [ParsedCert], limit: usize) -> Option<Self> {
        let mut by_subject: HashMap<&[u8], Vec<usize>> = HashMap::new();
        for (i, c) in certs.iter().enumerate() {
            by_subject
                .entry(c.subject_raw.as_slice())
                .or_default()
                .push(i);
        }
        let mut pairs = Vec::new();
        for (i, c) in certs.iter().enumerate() {
            let issuers = by_subject.get(c.issuer_raw.as_slice()).map(Vec::as_slice);
            for &j in issuers.unwrap_or_default() {
                if pairs.len() >= limit {
                    return None;
                }
                pairs.push((i, j));
            }
        }
        Some(SignatureChecks { certs, pairs })
    }

    /// How many certificates were read.
    pub fn certificates(&self) -> usize {
        self.certs.len()
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = SignatureCheck<'a>> + '_ {
        self.pairs.iter().filter_map(|&(c, i)| {
            Some(SignatureCheck {
                child: self.certs.get(c)?,
                issuer: self.certs.get(i)?,
            })
        })
    }
}

impl<'a> SignatureCheck<'a> {
    /// The engine's verdict (pure Rust, as in an analysis).
    pub fn verify(&self) -> SignatureStatus {
        verify(self.child, self.issuer)
    }

    /// The check as WebCrypto takes it, when it is an ECDSA signature in strict DER on a curve
    /// WebCrypto knows; `None` otherwise.
    pub fn ecdsa(&self) -> Option<EcdsaCheck<'a>> {
        ecdsa_check(self.child, self.issuer)
    }
}

/// `child`'s signature by `issuer` as WebCrypto takes it, when it is an ECDSA signature on a curve
/// WebCrypto knows whose DER the engine accepts. A signature the engine's decoder refuses (not
/// strict DER, r or s outside [1, n − 1]: RFC 5480 §2.2, SEC 1 §4.1.4 step 1) has no P1363 form,
/// so it is never handed to another verifier that might be more lenient.
pub(crate) fn ecdsa_check<'a>(
    child: &'a ParsedCert,
    issuer: &'a ParsedCert,
) -> Option<EcdsaCheck<'a>> {
    let SigAlg::Ecdsa(hash) = child.sig else {
        return None;
    };
    let PubKey::Ec { curve, point } = &issuer.key else {
        return None;
    };
    let hash = match hash {
        Hash::Sha1 => "SHA-1",
        Hash::Sha256 => "SHA-256",
        Hash::Sha384 => "SHA-384",
        Hash::Sha512 => "SHA-512",
        Hash::Md2 | Hash::Md5 | Hash::Sha224 => return None,
    };
    let der = child.sig_value.as_slice();
    let (curve, signature) = match curve {
        Curve::P256 => (
            "P-256",
            p256::ecdsa::Signature::from_der(der)
                .ok()?
                .to_bytes()
                .to_vec(),
        ),
        Curve::P384 => (
            "P-384",
            p384::ecdsa::Signature::from_der(der)
                .ok()?
                .to_bytes()
                .to_vec(),
        ),
        Curve::P521 => (
            "P-521",
            p521::ecdsa::Signature::from_der(der)
                .ok()?
                .to_bytes()
                .to_vec(),
        ),
        Curve::Other(_) => return None,
    };
    Some(EcdsaCheck {
        curve,
        hash,
        public_key: point,
        message: &child.tbs,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use crate::fixtures::{fixture, NOW};
    use crate::{Bundle, Options, SignatureStatus};

    #[test]
    fn a_good_chain_gives_one_verified_check_per_certificate() {
        let input = fixture("chain-good.pem");
        let bundle = Bundle::read(&[&input], &Options::at(NOW));
        let checks = bundle
            .signature_checks(usize::MAX)
            .expect("within the limit");
        assert_eq!(checks.certificates(), 3);
        let all: Vec<_> = checks.iter().collect();
        assert_eq!(all.len(), 3);
        for check in &all {
            assert_eq!(check.verify(), SignatureStatus::Verified);
            let ecdsa = check.ecdsa().expect("a P-256 chain");
            assert_eq!((ecdsa.curve, ecdsa.hash), ("P-256", "SHA-256"));
            assert_eq!(ecdsa.signature.len(), 64);
        }
    }

    #[test]
    fn every_certificate_of_an_issuer_name_is_a_candidate_and_the_limit_holds() {
        // Two roots for one intermediate: the intermediate is checked against both.
        let input = fixture("paths-two-roots.pem");
        let bundle = Bundle::read(&[&input], &Options::at(NOW));
        let all = bundle
            .signature_checks(usize::MAX)
            .expect("within the limit");
        let names = bundle.certs.len();
        assert!(
            all.len() > names,
            "{} checks for {names} certificates",
            all.len()
        );
        assert!(bundle.signature_checks(all.len()).is_some());
        assert!(bundle.signature_checks(all.len() - 1).is_none());
    }

    #[test]
    fn a_signature_that_is_not_strict_der_has_no_p1363_form() {
        let input = fixture("chain-good.pem");
        let mut bundle = Bundle::read(&[&input], &Options::at(NOW));
        let Some(first) = bundle.certs.first_mut() else {
            panic!("no certificate");
        };
        // A long-form length where the short form fits: BER, not DER (X.690 §10.1).
        let der = first.sig_value.clone();
        let body = der.get(2..).expect("a SEQUENCE").to_vec();
        let mut ber = vec![0x30, 0x81, u8::try_from(body.len()).expect("short")];
        ber.extend_from_slice(&body);
        first.sig_value = ber;
        let checks = bundle
            .signature_checks(usize::MAX)
            .expect("within the limit");
        let check = checks.iter().next().expect("a check");
        assert!(check.ecdsa().is_none());
        assert!(matches!(check.verify(), SignatureStatus::Broken(_)));
    }
}
