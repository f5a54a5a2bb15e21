//! Certificates whose RSASSA-PSS parameters (RFC 4055 §3.1) are out of range: a salt length near
//! u32::MAX (on 32-bit targets it wrapped the rsa crate's length arithmetic and aborted the
//! worker), a salt one octet longer than the modulus allows (RFC 8017 §9.1.2 step 3), a trailer
//! field other than 1 and a mask hash other than the message hash. The engine reads each,
//! never panics and never reports the signature as verified. Run it for a 32-bit target too:
//! `make test-native-32`.

use certlint::{analyze, Options, SignatureProblem, SignatureStatus};
use sha2::{Digest, Sha256};

#[path = "support/der.rs"]
mod der;
use der::{seq, tlv};

const NOW: i64 = 1_767_225_600;

/// INTEGER of a non-negative value given as big-endian magnitude bytes.
fn uint(magnitude: &[u8]) -> Vec<u8> {
    let mut m: Vec<u8> = magnitude.iter().copied().skip_while(|b| *b == 0).collect();
    if m.first().is_none_or(|b| *b >= 0x80) {
        m.insert(0, 0);
    }
    tlv(0x02, &m)
}

fn oid(encoded: &[u8]) -> Vec<u8> {
    tlv(0x06, encoded)
}

const NULL: [u8; 2] = [0x05, 0x00];
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
const SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

/// RSASSA-PSS AlgorithmIdentifier (RFC 4055 §3.1): SHA-256, MGF1 with `mgf_hash`, the salt
/// length and, unless it is the default 1, the trailer field.
fn pss_algorithm(mgf_hash: &[u8], salt: u32, trailer: u32) -> Vec<u8> {
    let hash = seq(&[oid(SHA256), NULL.to_vec()]);
    let mgf = seq(&[oid(MGF1), seq(&[oid(mgf_hash), NULL.to_vec()])]);
    let mut params = vec![
        tlv(0xa0, &hash),
        tlv(0xa1, &mgf),
        tlv(0xa2, &uint(&salt.to_be_bytes())),
    ];
    if trailer != 1 {
        params.push(tlv(0xa3, &uint(&trailer.to_be_bytes())));
    }
    seq(&[oid(RSASSA_PSS), seq(&params)])
}

fn name(cn: &str) -> Vec<u8> {
    let attribute = seq(&[oid(&[0x55, 0x04, 0x03]), tlv(0x0c, cn.as_bytes())]);
    seq(&[tlv(0x31, &attribute)])
}

/// A 2048-bit odd modulus (no one's key; the signature cannot verify whatever it is).
fn modulus() -> Vec<u8> {
    let mut n = Vec::new();
    for i in 0u8..8 {
        n.extend_from_slice(&Sha256::digest([b'n', i]));
    }
    if let Some(first) = n.first_mut() {
        *first |= 0x80;
    }
    if let Some(last) = n.last_mut() {
        *last |= 0x01;
    }
    n
}

/// A self-signed certificate (RFC 5280 §4.1) signed with these PSS parameters, in both of its
/// AlgorithmIdentifier fields.
fn certificate(algorithm: &[u8]) -> Vec<u8> {
    let validity = seq(&[tlv(0x17, b"250101000000Z"), tlv(0x17, b"350101000000Z")]);
    let rsa_key = seq(&[uint(&modulus()), uint(&[0x01, 0x00, 0x01])]);
    let spki = seq(&[
        seq(&[oid(RSA_ENCRYPTION), NULL.to_vec()]),
        tlv(0x03, &[&[0u8][..], &rsa_key].concat()),
    ]);
    let tbs = seq(&[
        tlv(0xa0, &uint(&[2])),
        uint(&[0x01, 0x23]),
        algorithm.to_vec(),
        name("PSS parameters test"),
        validity,
        name("PSS parameters test"),
        spki,
    ]);
    let signature = vec![0x5a; 256];
    seq(&[
        tbs,
        algorithm.to_vec(),
        tlv(0x03, &[&[0u8][..], &signature].concat()),
    ])
}

/// The status of the certificate's own signature check in the engine's report.
fn self_signature(der: &[u8]) -> (String, SignatureStatus) {
    let report = analyze(der, &Options::at(NOW));
    let algorithm = report
        .certificates
        .first()
        .map(|c| c.signature_algorithm.clone())
        .expect("the certificate is read");
    let link = report
        .links
        .first()
        .expect("the self-signed certificate is checked against its own key");
    (algorithm, link.signature.clone())
}

#[test]
fn salt_longer_than_the_modulus_allows_is_a_broken_signature() {
    // 2048-bit modulus, SHA-256: emLen − hLen − 2 = 256 − 32 − 2 = 222.
    for salt in [223, 224, 1 << 20, u32::MAX - 33, u32::MAX - 1, u32::MAX] {
        let der = certificate(&pss_algorithm(SHA256, salt, 1));
        let (algorithm, status) = self_signature(&der);
        assert!(
            algorithm.contains(&format!("salt {salt}")),
            "the parameters reach the verifier: {algorithm}"
        );
        match status {
            SignatureStatus::Broken(problem) => {
                assert_eq!(
                    problem,
                    SignatureProblem::PssSaltTooLong { salt },
                    "salt {salt}"
                )
            }
            other => panic!("salt {salt}: {other:?}"),
        }
    }
}

#[test]
fn salt_within_the_bound_reaches_the_signature_check() {
    let der = certificate(&pss_algorithm(SHA256, 222, 1));
    let (_, status) = self_signature(&der);
    match status {
        SignatureStatus::Broken(problem) => assert_eq!(
            problem,
            SignatureProblem::Mismatch {
                scheme: "RSA-PSS".to_string()
            }
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn other_trailer_fields_and_mask_hashes_are_not_checked() {
    for (mgf_hash, trailer) in [(SHA256, 2), (SHA256, u32::MAX), (SHA1, 1)] {
        let der = certificate(&pss_algorithm(mgf_hash, u32::MAX, trailer));
        let (algorithm, status) = self_signature(&der);
        assert!(
            matches!(status, SignatureStatus::NotVerified(_)),
            "{algorithm}, trailer {trailer}: {status:?}"
        );
    }
}
