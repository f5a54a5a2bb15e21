//! Stores as the tenant returns them, with real certificates, judged by the engine.

use audit::{judge_natively, odata, Subject};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use certlint::Verdict;

/// 2026-12-01T00:00:00Z.
const NOW: i64 = 1_795_996_800;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../certlint/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// PEM blocks of a fixture, each as one entry (the tenant keeps one certificate per entry).
fn blocks(pem: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pem);
    text.split_inclusive("-----END CERTIFICATE-----")
        .filter_map(|b| {
            b.find("-----BEGIN CERTIFICATE-----")
                .map(|at| b[at..].to_string())
        })
        .collect()
}

fn der_of(pem_block: &str) -> Vec<u8> {
    let body: String = pem_block
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    STANDARD.decode(body).expect("fixture base64")
}

fn store_answer(entries: &[serde_json::Value]) -> String {
    serde_json::json!({"d": {"results": entries}}).to_string()
}

#[test]
fn a_healthy_chain_as_base64_der_and_as_base64_pem_reads_the_same() {
    let chain = blocks(&fixture("chain-good.pem"));
    assert!(chain.len() >= 2, "fixture holds a chain");
    let as_der: Vec<_> = chain
        .iter()
        .enumerate()
        .map(|(i, b)| serde_json::json!({"name": format!("c{i}"), "storeName": "S", "content": STANDARD.encode(der_of(b)), "format": "DER"}))
        .collect();
    let as_pem: Vec<_> = chain
        .iter()
        .enumerate()
        .map(|(i, b)| serde_json::json!({"name": format!("c{i}"), "content": STANDARD.encode(b), "surprise": true}))
        .collect();
    let subject = Subject::truststore("S");
    let mut judgements = Vec::new();
    for answer in [store_answer(&as_der), store_answer(&as_pem)] {
        let read = odata::parse_certificates(&answer).expect("store answer");
        judgements.push(judge_natively(&subject, &read.rows, NOW));
    }
    assert_eq!(judgements[0].verdict, Verdict::Ok, "{:?}", judgements[0]);
    assert_eq!(judgements[0].certificates, chain.len());
    assert_eq!(judgements[0].verdict, judgements[1].verdict);
    assert_eq!(judgements[0].soonest_expiry, judgements[1].soonest_expiry);
    assert!(judgements[0]
        .soonest_expiry
        .as_ref()
        .is_some_and(|e| e.days_left > 30));
}

#[test]
fn sha1_and_expired_stores_are_weak_or_broken() {
    for (fixture_name, at_least) in [("sha1.pem", Verdict::Weak), ("expired.pem", Verdict::Error)] {
        let entries: Vec<_> = blocks(&fixture(fixture_name))
            .iter()
            .enumerate()
            .map(|(i, b)| serde_json::json!({"name": format!("c{i}"), "content": STANDARD.encode(der_of(b))}))
            .collect();
        let read = odata::parse_certificates(&store_answer(&entries)).expect("answer");
        let judgement = judge_natively(&Subject::truststore("S"), &read.rows, NOW);
        assert!(
            judgement.verdict >= at_least,
            "{fixture_name}: {judgement:?}"
        );
        assert!(judgement.worst.is_some(), "{fixture_name}");
    }
}

#[test]
fn content_that_is_not_a_certificate_is_a_finding_not_a_panic() {
    let answer = store_answer(&[
        serde_json::json!({"name": "junk", "content": STANDARD.encode(b"\x30\x82\xff\xff garbage")}),
        serde_json::json!({"name": "text", "content": STANDARD.encode("hello")}),
    ]);
    let read = odata::parse_certificates(&answer).expect("answer");
    let judgement = judge_natively(&Subject::truststore("S"), &read.rows, NOW);
    assert_eq!(judgement.verdict, Verdict::Error, "{judgement:?}");
}
