//! Signature verdicts from the engine's host, and how the two meet.
//!
//! The engine is synchronous and host-agnostic: it verifies every signature itself, in pure Rust,
//! and the command-line tool never does otherwise. A host with a faster verifier of its own (the
//! browser's certificate worker: WebCrypto's `crypto.subtle.verify`, native code) may verify some
//! ECDSA signatures before the analysis:
//!
//! 1. [`crate::Bundle::read`] reads and parses the input once;
//! 2. [`crate::Bundle::signature_checks`] lists the checks a path search is likely to make (each
//!    certificate with the certificates its issuer name points to), [`super::checks::EcdsaCheck`]
//!    giving each ECDSA one in WebCrypto's terms;
//! 3. the host verifies them and records the ones that verified in [`HostVerdicts`];
//! 4. [`crate::Bundle::analyze`] runs the analysis with those verdicts.
//!
//! During path building (`chain.rs`) each ECDSA check is looked up by its exact bytes: the curve,
//! the hash, the issuer's key, the signed TBSCertificate (by its SHA-256) and `r ‖ s`. Only an
//! exact match counts as verified. A check the host did not verify — no verdict, "invalid", an
//! error, a key WebCrypto would not import — is verified by the engine's own verifier, so a host
//! can make an analysis faster and can never make a valid signature broken. Its "verified" is
//! believed for exactly the bytes it was asked about and no others: the host is trusted that far
//! (in the worker it is the browser's own WebCrypto). Signatures the engine's DER decoder refuses
//! never get a WebCrypto form ([`super::checks`]), so a more lenient decoder is never asked.

use super::checks::EcdsaCheck;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The exact bytes of one ECDSA check; the signed bytes by their SHA-256. A TBSCertificate may be
/// megabytes long and paired with many issuers, so it is not copied; two messages with one
/// SHA-256 would also defeat the signature itself, which signs a hash of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    curve: &'static str,
    hash: &'static str,
    public_key: Vec<u8>,
    message_sha256: [u8; 32],
    signature: Vec<u8>,
}

impl Key {
    fn of(check: &EcdsaCheck<'_>) -> Self {
        Key {
            curve: check.curve,
            hash: check.hash,
            public_key: check.public_key.to_vec(),
            message_sha256: Sha256::digest(check.message).into(),
            signature: check.signature.clone(),
        }
    }
}

/// ECDSA checks the host verified, by their exact bytes. Empty by default: the engine then
/// verifies everything itself.
#[derive(Debug, Clone, Default)]
pub struct HostVerdicts {
    verified: HashSet<Key>,
}

impl HostVerdicts {
    /// Records the host's verdict on `check`. Only "verified" is kept: anything else leaves the
    /// check to the engine's own verifier.
    pub fn record(&mut self, check: &EcdsaCheck<'_>, verified: bool) {
        if verified {
            self.verified.insert(Key::of(check));
        }
    }

    /// How many checks the host verified.
    pub fn len(&self) -> usize {
        self.verified.len()
    }

    pub fn is_empty(&self) -> bool {
        self.verified.is_empty()
    }

    /// Whether the host verified exactly this check.
    pub(crate) fn verified(&self, check: &EcdsaCheck<'_>) -> bool {
        // Made only when the host gave verdicts: the key and signature copied (a few hundred
        // bytes), the message hashed.
        !self.verified.is_empty() && self.verified.contains(&Key::of(check))
    }
}

#[cfg(test)]
mod tests {
    use super::HostVerdicts;
    use crate::fixtures::{fixture, NOW};
    use crate::{Bundle, EcdsaCheck, Options, Report, SignatureStatus};
    use p256::ecdsa::signature::Verifier;

    fn statuses(report: &Report) -> Vec<SignatureStatus> {
        report.links.iter().map(|l| l.signature.clone()).collect()
    }

    /// What WebCrypto does with an [`EcdsaCheck`], here by RustCrypto: import the raw key, verify
    /// `r ‖ s` over the message hashed with SHA-256 (the fixtures are P-256 with SHA-256).
    fn honest_host(check: &EcdsaCheck<'_>) -> bool {
        assert_eq!((check.curve, check.hash), ("P-256", "SHA-256"));
        let Ok(key) = p256::ecdsa::VerifyingKey::from_sec1_bytes(check.public_key) else {
            return false;
        };
        let Ok(sig) = p256::ecdsa::Signature::from_slice(&check.signature) else {
            return false;
        };
        key.verify(check.message, &sig).is_ok()
    }

    fn with_honest_host(bundle: Bundle) -> (Report, usize) {
        let mut host = HostVerdicts::default();
        if let Some(checks) = bundle.signature_checks(64) {
            for check in checks.iter().filter_map(|c| c.ecdsa()) {
                host.record(&check, honest_host(&check));
            }
        }
        let verified = host.len();
        (bundle.analyze(&host), verified)
    }

    #[test]
    fn an_honest_host_changes_nothing_in_the_report_of_good_and_broken_chains() {
        for name in [
            "chain-good.pem",
            "broken-signature.pem",
            "paths-cross-signed.pem",
            "chain-unrelated.pem",
        ] {
            let input = fixture(name);
            let options = Options::at(NOW);
            let alone = crate::analyze(&input, &options);
            let (hosted, verified) = with_honest_host(Bundle::read(&[&input], &options));
            assert!(verified > 0, "{name}: the host verified nothing");
            assert_eq!(hosted, alone, "{name}");
        }
    }

    #[test]
    fn a_host_verdict_counts_only_for_the_exact_bytes_it_was_given() {
        let input = fixture("chain-good.pem");
        let options = Options::at(NOW);
        // The leaf's signed bytes altered after signing: its signature no longer matches.
        let tampered = || {
            let mut bundle = Bundle::read(&[&input], &options);
            let leaf = bundle.certs.first_mut().expect("a leaf");
            let last = leaf.tbs.last_mut().expect("signed bytes");
            *last ^= 1;
            bundle
        };
        let alone = tampered().analyze(&HostVerdicts::default());
        assert!(matches!(
            statuses(&alone).first(),
            Some(SignatureStatus::Broken(_))
        ));

        // A host that calls the tampered check valid is taken at its word for those bytes…
        let bundle = tampered();
        let (curve, hash, key, message, signature) = bundle
            .signature_checks(64)
            .and_then(|checks| checks.iter().next().and_then(|c| c.ecdsa()))
            .map(|c| {
                (
                    c.curve,
                    c.hash,
                    c.public_key.to_vec(),
                    c.message.to_vec(),
                    c.signature,
                )
            })
            .expect("the leaf's check");
        let check = EcdsaCheck {
            curve,
            hash,
            public_key: &key,
            message: &message,
            signature,
        };
        let mut lying = HostVerdicts::default();
        lying.record(&check, true);
        let mut other_signature = check.clone();
        if let Some(byte) = other_signature.signature.last_mut() {
            *byte ^= 1;
        }
        let mut longer = message.clone();
        longer.push(0);
        let other_message = EcdsaCheck {
            message: &longer,
            ..check.clone()
        };
        let other_hash = EcdsaCheck {
            hash: "SHA-384",
            ..check.clone()
        };
        assert_eq!(
            statuses(&bundle.analyze(&lying)).first(),
            Some(&SignatureStatus::Verified)
        );

        // …and for no other: the same check with one byte of the signature or message changed,
        // or another hash, is verified by the engine, and found broken.
        for near in [other_signature, other_message, other_hash] {
            let mut host = HostVerdicts::default();
            host.record(&near, true);
            let report = tampered().analyze(&host);
            assert_eq!(statuses(&report), statuses(&alone));
        }
    }

    #[test]
    fn a_host_that_says_invalid_or_nothing_leaves_the_check_to_the_engine() {
        let input = fixture("chain-good.pem");
        let options = Options::at(NOW);
        let bundle = Bundle::read(&[&input], &options);
        let mut host = HostVerdicts::default();
        for check in bundle
            .signature_checks(64)
            .expect("small")
            .iter()
            .filter_map(|c| c.ecdsa())
        {
            host.record(&check, false);
        }
        assert!(host.is_empty());
        let report = bundle.analyze(&host);
        assert_eq!(report, crate::analyze(&input, &options));
        assert!(statuses(&report)
            .iter()
            .all(|s| *s == SignatureStatus::Verified));
    }
}
