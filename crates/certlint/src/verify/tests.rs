//! RSA verification against crafted encodings: PKCS#1 v1.5 encoded messages built by hand and
//! signed with the raw RSA operation (m^d mod n) of a throwaway key, and RSASSA-PSS parameters
//! that the rsa crate must never see unchecked.

use super::*;
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::traits::PrivateKeyParts;
use rsa::RsaPrivateKey;
use std::sync::OnceLock;

/// Deterministic bytes (SHA-512 in counter mode): the tests need keys nobody else holds, not
/// randomness, and a failure must reproduce.
pub(super) struct CounterRng {
    label: &'static str,
    counter: u64,
    pending: Vec<u8>,
}

impl CounterRng {
    pub(super) fn new(label: &'static str) -> Self {
        Self {
            label,
            counter: 0,
            pending: Vec::new(),
        }
    }
}

impl RngCore for CounterRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for byte in dest.iter_mut() {
            if self.pending.is_empty() {
                let mut h = Sha512::new();
                h.update(self.label.as_bytes());
                h.update(self.counter.to_be_bytes());
                self.pending = h.finalize().to_vec();
                self.counter += 1;
            }
            *byte = self.pending.pop().expect("refilled above");
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for CounterRng {}

/// A throwaway 1024-bit key with e = 65537, generated once for all tests (1024 bits keeps the
/// unoptimised test build quick; the encodings do not depend on the size).
fn key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut rng = CounterRng::new("certlint verify tests");
        RsaPrivateKey::new(&mut rng, 1024).expect("key generation")
    })
}

/// DER DigestInfo prefixes (RFC 8017 §9.2 note 1) of the hashes the crafted encodings use.
const SHA256_PREFIX: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA1_PREFIX: &[u8] = &[
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

/// The raw RSA signature primitive (RSASP1, RFC 8017 §5.2.1) of an arbitrary encoded message,
/// as k octets.
fn raw_sign(key: &RsaPrivateKey, em: &[u8]) -> Vec<u8> {
    let m = BigUint::from_bytes_be(em);
    assert!(&m < key.n(), "the crafted message must be below n");
    let s = m.modpow(key.d(), key.n()).to_bytes_be();
    let mut out = vec![0u8; key.size() - s.len()];
    out.extend_from_slice(&s);
    out
}

fn public(key: &RsaPrivateKey) -> RsaPublicKey {
    key.to_public_key()
}

const TBS: &[u8] = b"to be signed: a certificate's TBSCertificate";

/// Hand-made encodings of SHA-256(TBS) for a modulus of k octets: the canonical one first, then
/// non-canonical and malformed variants, each of which a verifier must refuse.
fn encodings(k: usize) -> Vec<(&'static str, Vec<u8>)> {
    let hashed = Sha256::digest(TBS).to_vec();
    let prefix = SHA256_PREFIX;
    let t: Vec<u8> = [prefix, &hashed].concat();
    let ps = k - t.len() - 3;
    let build = |head: &[u8], ps_len: usize, ps_byte: u8, sep: u8, tail: &[u8]| {
        let mut em = head.to_vec();
        em.resize(head.len() + ps_len, ps_byte);
        em.push(sep);
        em.extend_from_slice(tail);
        assert_eq!(em.len(), k, "crafted encodings are k octets");
        em
    };
    // DigestInfo without the NULL parameters of the AlgorithmIdentifier (RFC 8017 §9.2 note 1
    // calls the NULL form the one to generate; the crate and we verify only that form).
    let no_null: Vec<u8> = [
        &[0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09][..],
        &prefix[6..15],
        &[0x04, 0x20],
        &hashed,
    ]
    .concat();
    let wrong_oid: Vec<u8> = [SHA1_PREFIX, &hashed[..20]].concat();
    let mut t_with_trailer = t.clone();
    t_with_trailer.push(0x00);
    let mut flipped_hash = t.clone();
    if let Some(last) = flipped_hash.last_mut() {
        *last ^= 1;
    }
    vec![
        ("canonical", build(&[0x00, 0x01], ps, 0xff, 0x00, &t)),
        // The block type octet zeroed: 00 00 ff…
        ("00 00 ff…", build(&[0x00, 0x00], ps, 0xff, 0x00, &t)),
        // One more leading zero octet, one padding octet less: 00 00 00 ff…
        (
            "00 00 00 ff…",
            build(&[0x00, 0x00, 0x00], ps - 1, 0xff, 0x00, &t),
        ),
        // The canonical encoding shifted right by one octet: 00 00 01 ff…
        (
            "00 00 01 ff…",
            build(&[0x00, 0x00, 0x01], ps - 1, 0xff, 0x00, &t),
        ),
        ("block type 2", build(&[0x00, 0x02], ps, 0xff, 0x00, &t)),
        ("block type 0", build(&[0x00, 0x00], ps, 0x00, 0x00, &t)),
        ("padding not all ff", {
            let mut em = build(&[0x00, 0x01], ps, 0xff, 0x00, &t);
            em[5] = 0xfe;
            em
        }),
        (
            "separator not zero",
            build(&[0x00, 0x01], ps, 0xff, 0x01, &t),
        ),
        ("trailing octet after the digest", {
            build(&[0x00, 0x01], ps - 1, 0xff, 0x00, &t_with_trailer)
        }),
        (
            "DigestInfo without NULL",
            build(&[0x00, 0x01], ps + 2, 0xff, 0x00, &no_null),
        ),
        (
            "SHA-1 DigestInfo",
            build(
                &[0x00, 0x01],
                k - wrong_oid.len() - 3,
                0xff,
                0x00,
                &wrong_oid,
            ),
        ),
        (
            "digest off by one bit",
            build(&[0x00, 0x01], ps, 0xff, 0x00, &flipped_hash),
        ),
        // Short padding: PS of seven octets, the room taken by garbage before the DigestInfo
        // (the shape of Bleichenbacher's 2006 forgery, RFC 8017 §8.2.2 / §9.2 step 3).
        ("garbage after a short padding", {
            let mut em = vec![0x00, 0x01];
            em.extend_from_slice(&[0xff; 7]);
            em.push(0x00);
            em.extend_from_slice(&t);
            em.resize(k, 0xab);
            em
        }),
    ]
}

#[test]
fn pkcs1_v15_only_the_canonical_encoding_verifies() {
    let key = key();
    for (name, em) in encodings(key.size()) {
        let sig = raw_sign(key, &em);
        let status = rsa_pkcs1(&public(key), Hash::Sha256, TBS, &sig);
        if name == "canonical" {
            assert_eq!(status, SignatureStatus::Verified, "{name}");
        } else {
            assert!(
                matches!(status, SignatureStatus::Broken(_)),
                "{name} gives {status:?}"
            );
        }
    }
}

#[test]
fn pkcs1_v15_signature_length_and_range() {
    let key = key();
    let em = encodings(key.size()).swap_remove(0).1;
    let sig = raw_sign(key, &em);
    let check = |sig: &[u8]| rsa_pkcs1(&public(key), Hash::Sha256, TBS, sig);
    assert_eq!(check(&sig), SignatureStatus::Verified);
    // A leading zero octet more or less: RFC 8017 §8.2.2 step 1 wants exactly k octets.
    let longer = [&[0u8][..], &sig].concat();
    let shorter = sig.get(1..).expect("k octets").to_vec();
    // s ≥ n (§5.2.2 step 1): n itself, and s + n when it still fits in k octets.
    let n = key.n().to_bytes_be();
    let s_plus_n = (BigUint::from_bytes_be(&sig) + key.n()).to_bytes_be();
    for bad in [longer, shorter, n, s_plus_n, Vec::new()] {
        let status = check(&bad);
        assert!(matches!(status, SignatureStatus::Broken(_)), "{status:?}");
    }
    // A 512-bit key is too short for SHA-512's DigestInfo plus eleven octets (§9.2 step 3).
    let mut rng = CounterRng::new("small key");
    let small = RsaPrivateKey::new(&mut rng, 512).expect("key generation");
    let sig = raw_sign(&small, &[0x00, 0x01, 0xff]);
    let status = rsa_pkcs1(&public(&small), Hash::Sha512, TBS, &sig);
    assert!(matches!(status, SignatureStatus::Broken(_)), "{status:?}");
}

/// A PSS signature of TBS by `key` with this hash and salt length, made by the rsa crate.
fn pss_sign(key: &RsaPrivateKey, salt: usize) -> Vec<u8> {
    let mut rng = CounterRng::new("pss salt");
    key.sign_with_rng(
        &mut rng,
        Pss::new_with_salt::<Sha256>(salt),
        &Sha256::digest(TBS),
    )
    .expect("PSS signing")
}

fn pss(salt: u32) -> PssParams {
    PssParams {
        hash: Hash::Sha256,
        mgf_hash: Some(Hash::Sha256),
        salt,
        trailer: 1,
    }
}

#[test]
fn pss_signatures_verify_with_their_salt_length_only() {
    let key = key();
    for salt in [0u32, 20, 32] {
        let sig = pss_sign(key, salt as usize);
        assert_eq!(
            rsa_pss(&public(key), pss(salt), TBS, &sig),
            SignatureStatus::Verified,
            "salt {salt}"
        );
        let other = if salt == 32 { 20 } else { 32 };
        assert!(matches!(
            rsa_pss(&public(key), pss(other), TBS, &sig),
            SignatureStatus::Broken(_)
        ));
        let mut tampered = sig.clone();
        if let Some(b) = tampered.get_mut(10) {
            *b ^= 0x40;
        }
        assert!(matches!(
            rsa_pss(&public(key), pss(salt), TBS, &tampered),
            SignatureStatus::Broken(_)
        ));
    }
}

/// RFC 8017 §9.1.2 step 3 bounds the salt by emLen − hLen − 2: 128 − 32 − 2 = 94 octets for a
/// 1024-bit key and SHA-256. The longest salt verifies; anything longer, up to u32::MAX (which
/// wraps the rsa crate's arithmetic on 32-bit targets), is a broken signature, never a panic.
#[test]
fn pss_salt_length_is_bounded_by_the_modulus() {
    let key = key();
    let longest = key.size() - 32 - 2;
    let sig = pss_sign(key, longest);
    let max = u32::try_from(longest).expect("small");
    assert_eq!(
        rsa_pss(&public(key), pss(max), TBS, &sig),
        SignatureStatus::Verified
    );
    let too_long = [
        max + 1,
        max + 2,
        1 << 16,
        u32::MAX - 34,
        u32::MAX - 33,
        u32::MAX - 32,
        u32::MAX - 2,
        u32::MAX - 1,
        u32::MAX,
    ];
    for salt in too_long {
        match rsa_pss(&public(key), pss(salt), TBS, &sig) {
            SignatureStatus::Broken(problem) => {
                assert_eq!(problem, SignatureProblem::PssSaltTooLong { salt }, "{salt}")
            }
            other => panic!("salt {salt}: {other:?}"),
        }
    }
}

/// A modulus of 8·j + 1 bits has emLen = k − 1 (RFC 8017 §8.1.2 step 2c): the bound is one
/// octet lower than for a 2048-bit one.
#[test]
fn pss_salt_bound_uses_em_len_not_k() {
    // 2049-bit modulus: k = 257, emLen = 256.
    let n = (BigUint::from(1u8) << 2048usize) + BigUint::from(0x1234_5679u32);
    let key = RsaPublicKey::new(n, BigUint::from(65_537u32)).expect("public key");
    let sig = vec![0x01; key.size()];
    let status = rsa_pss(&key, pss(256 - 32 - 1), TBS, &sig);
    assert!(
        matches!(
            &status,
            SignatureStatus::Broken(SignatureProblem::PssSaltTooLong { .. })
        ),
        "{status:?}"
    );
    // One less is within the bound and reaches the signature check itself.
    let status = rsa_pss(&key, pss(256 - 32 - 2), TBS, &sig);
    assert!(
        matches!(
            &status,
            SignatureStatus::Broken(SignatureProblem::Mismatch { .. })
        ),
        "{status:?}"
    );
}

#[test]
fn pss_parameters_outside_rfc_4055_are_not_checked() {
    let key = key();
    let sig = pss_sign(key, 32);
    let cases = [
        PssParams {
            trailer: 2,
            ..pss(32)
        },
        PssParams {
            trailer: u32::MAX,
            ..pss(32)
        },
        PssParams {
            mgf_hash: Some(Hash::Sha1),
            ..pss(32)
        },
        PssParams {
            mgf_hash: None,
            ..pss(32)
        },
        PssParams {
            hash: Hash::Md5,
            mgf_hash: Some(Hash::Md5),
            ..pss(32)
        },
        // Unsupported and an impossible salt at once: still unsupported, no panic.
        PssParams {
            mgf_hash: Some(Hash::Sha512),
            ..pss(u32::MAX)
        },
    ];
    for params in cases {
        let status = rsa_pss(&public(key), params, TBS, &sig);
        assert!(
            matches!(status, SignatureStatus::NotVerified(_)),
            "{params:?}: {status:?}"
        );
    }
    assert_eq!(
        rsa_pss(&public(key), pss(32), TBS, &sig),
        SignatureStatus::Verified
    );
}
