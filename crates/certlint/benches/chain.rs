//! Benchmarks: a 3-certificate chain and a bundle of 900 distinct certificates, parse only and
//! full analysis (chain building, signature checks, rules).
//! Run: `cargo bench -p certlint --bench chain`.
//!
//! The 900-certificate bundle is made here, deterministically: a P-256 root and 899 client
//! certificates it signs, encoded with a small DER writer (no fixture of half a megabyte).

use certlint::{analyze, parse_only, Options};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use std::hint::black_box;

const NOW: i64 = 1_767_225_600;

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

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

fn bundle_of_900() -> Vec<u8> {
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

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn benches(c: &mut Criterion) {
    let options = Options::at(NOW);
    let bundle = bundle_of_900();
    let parsed = parse_only(&bundle, &options);
    assert_eq!(parsed.certificates.len(), 900);
    assert!(parsed.errors.is_empty());
    let report = analyze(&bundle, &options);
    assert_eq!(report.chain.len(), 2, "{:?}", report.findings.first());

    let mut g = c.benchmark_group("chain3");
    for name in ["chain-good.pem", "chain-rsa.pem"] {
        let input = fixture(name);
        let r = analyze(&input, &options);
        assert!(r.findings.is_empty(), "{name}");
        g.throughput(Throughput::Elements(3));
        g.bench_function(format!("parse_only/{name}"), |b| {
            b.iter(|| parse_only(black_box(&input), &options))
        });
        g.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| analyze(black_box(&input), &options))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("bundle900");
    g.throughput(Throughput::Elements(900));
    g.sample_size(20);
    g.bench_function("parse_only", |b| {
        b.iter(|| parse_only(black_box(&bundle), &options))
    });
    g.bench_function("analyze", |b| {
        b.iter(|| analyze(black_box(&bundle), &options))
    });
    g.finish();
}

criterion_group!(chain, benches);
criterion_main!(chain);
