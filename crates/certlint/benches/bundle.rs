//! Deterministic benchmark inputs, shared by the criterion bench (`mod bundle;`) and the
//! `bench_inputs` example (which writes them to files for the browser benchmark):
//! a bundle of 900 distinct certificates (a P-256 root and 899 client certificates it signs) and a
//! 10-certificate chain (root, 8 intermediates, clientAuth leaf), all P-256 and valid 2020–2120,
//! encoded with a small DER writer; and adversarial bundles for the path search (one issuer name
//! with many keys, a cross-signed mesh). Each user (bench, example, test) takes what it needs.
#![allow(dead_code)]

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};

#[path = "../tests/support/der.rs"]
mod der;
use der::{seq, tlv};

const OID_ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

fn name(cn: &str) -> Vec<u8> {
    let atv = seq(&[tlv(0x06, &[0x55, 0x04, 0x03]), tlv(0x0c, cn.as_bytes())]);
    seq(&[tlv(0x31, &atv)])
}

fn extension(oid: &[u8], critical: bool, value: Vec<u8>) -> Vec<u8> {
    let mut parts = vec![tlv(0x06, oid)];
    if critical {
        parts.push(tlv(0x01, &[0xff]));
    }
    parts.push(tlv(0x04, &value));
    seq(&parts)
}

fn certificate(
    serial: u32,
    subject: &str,
    issuer: &str,
    key: &SigningKey,
    by: &SigningKey,
    ca: bool,
) -> Vec<u8> {
    let alg = seq(&[tlv(0x06, OID_ECDSA_SHA256)]);
    let point = key.verifying_key().to_encoded_point(false);
    let mut bits = vec![0u8];
    bits.extend_from_slice(point.as_bytes());
    let spki = seq(&[
        seq(&[tlv(0x06, OID_EC_PUBLIC_KEY), tlv(0x06, OID_P256)]),
        tlv(0x03, &bits),
    ]);
    let validity = seq(&[tlv(0x17, b"200101000000Z"), tlv(0x18, b"21200101000000Z")]);
    let exts = if ca {
        vec![
            extension(&[0x55, 0x1d, 0x13], true, seq(&[tlv(0x01, &[0xff])])),
            extension(&[0x55, 0x1d, 0x0f], true, tlv(0x03, &[0x01, 0x06])),
        ]
    } else {
        let client_auth = tlv(0x06, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]);
        vec![
            extension(&[0x55, 0x1d, 0x13], true, seq(&[])),
            extension(&[0x55, 0x1d, 0x25], false, seq(&[client_auth])),
        ]
    };
    let mut serial_bytes = vec![0x01];
    serial_bytes.extend(serial.to_be_bytes());
    let tbs = seq(&[
        tlv(0xa0, &tlv(0x02, &[0x02])),
        tlv(0x02, &serial_bytes),
        alg.clone(),
        name(issuer),
        validity,
        name(subject),
        spki,
        tlv(0xa3, &seq(&exts)),
    ]);
    let sig: Signature = by.sign(&tbs);
    let mut sig_bits = vec![0u8];
    sig_bits.extend_from_slice(sig.to_der().as_bytes());
    seq(&[tbs, alg, tlv(0x03, &sig_bits)])
}

fn pem(der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// A P-256 root and 899 client certificates it signs, as PEM.
pub fn bundle_of_900() -> Vec<u8> {
    let root_key = SigningKey::from_slice(&[0x11; 32]).unwrap();
    let leaf_key = SigningKey::from_slice(&[0x22; 32]).unwrap();
    let mut out = pem(&certificate(
        1,
        "Bench Root",
        "Bench Root",
        &root_key,
        &root_key,
        true,
    ));
    for i in 0..899 {
        let cn = format!("client-{i:04}.bench.test");
        out.push_str(&pem(&certificate(
            1000 + i,
            &cn,
            "Bench Root",
            &leaf_key,
            &root_key,
            false,
        )));
    }
    out.into_bytes()
}

/// A chain of 10 certificates as PEM, leaf first: a clientAuth leaf, 8 intermediates, the root.
pub fn chain_of_10() -> Vec<u8> {
    let keys: Vec<SigningKey> = (0..10u8)
        .map(|i| SigningKey::from_slice(&[0x30 + i; 32]).unwrap())
        .collect();
    let names: Vec<String> = (0..10)
        .map(|i| match i {
            0 => "Chain10 Root".to_string(),
            9 => "leaf.chain10.bench.test".to_string(),
            _ => format!("Chain10 Intermediate {i}"),
        })
        .collect();
    // Certificate i is signed by certificate i - 1 (the root, 0, by itself).
    let certs: Vec<String> = (0..10usize)
        .map(|i| {
            let by = i.saturating_sub(1);
            pem(&certificate(
                100 + i as u32,
                &names[i],
                &names[by],
                &keys[i],
                &keys[by],
                i < 9,
            ))
        })
        .collect();
    certs.into_iter().rev().collect::<String>().into_bytes()
}

/// A P-256 key made from a number (distinct numbers, distinct keys).
fn numbered_key(tag: u8, i: u32) -> SigningKey {
    let mut bytes = [tag; 32];
    bytes[28..].copy_from_slice(&i.to_be_bytes());
    SigningKey::from_slice(&bytes).unwrap()
}

/// 1 000 certificates sharing one issuer name, each with its own key: a leaf issued by
/// "Adversary CA" and 999 CA certificates named "Adversary CA" (issued by that name too), none of
/// which signed the leaf. A validator must give up within its budget, not try every combination.
pub fn one_name_many_keys() -> Vec<u8> {
    let signer = numbered_key(0x51, 0);
    let leaf_key = numbered_key(0x52, 0);
    let mut out = pem(&certificate(
        1,
        "leaf.adversary.test",
        "Adversary CA",
        &leaf_key,
        &signer,
        false,
    ));
    for i in 1..1000u32 {
        let key = numbered_key(0x53, i);
        out.push_str(&pem(&certificate(
            1 + i,
            "Adversary CA",
            "Adversary CA",
            &key,
            &numbered_key(0x54, i),
            true,
        )));
    }
    out.into_bytes()
}

/// `n` CAs ("Mesh i"), each cross-signed by every other one (n × (n − 1) certificates), and a
/// leaf under "Mesh 0"; no root, so no path validates and every path through the mesh is a
/// candidate.
pub fn cross_signed_mesh(n: u32) -> Vec<u8> {
    let keys: Vec<SigningKey> = (0..n).map(|i| numbered_key(0x61, i)).collect();
    let leaf_key = numbered_key(0x62, 0);
    let mut out = pem(&certificate(
        1,
        "leaf.mesh.test",
        "Mesh 0",
        &leaf_key,
        &keys[0],
        false,
    ));
    let mut serial = 2;
    for i in 0..n as usize {
        for j in 0..n as usize {
            if i != j {
                out.push_str(&pem(&certificate(
                    serial,
                    &format!("Mesh {i}"),
                    &format!("Mesh {j}"),
                    &keys[i],
                    &keys[j],
                    true,
                )));
                serial += 1;
            }
        }
    }
    out.into_bytes()
}
