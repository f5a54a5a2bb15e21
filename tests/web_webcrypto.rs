//! The certificate worker's analysis with WebCrypto (src/analysis/webcrypto.rs), run in
//! Chromium's own `crypto.subtle`: the report must be the engine's alone, on good chains, on
//! broken ones and on chains WebCrypto cannot check, while WebCrypto did the ECDSA work.
#![cfg(target_arch = "wasm32")]

use certlint::{Options, Purpose, SignatureStatus};
use mtls_portal::analysis::webcrypto::{self, MAX_HANDED_OVER};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-01-01, within the fixtures' validity.
const NOW: i64 = 1_767_225_600;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../crates/certlint/tests/fixtures/", $name)).as_slice()
    };
}

#[wasm_bindgen_test]
async fn webcrypto_verifies_the_ecdsa_links_and_the_report_is_the_engines_own() {
    for (name, bytes, curve_checks) in [
        ("chain-good.pem", fixture!("chain-good.pem"), 3),
        ("chain-p384.pem", fixture!("chain-p384.pem"), 3),
        ("chain-p521.pem", fixture!("chain-p521.pem"), 3),
        (
            "paths-cross-signed.pem",
            fixture!("paths-cross-signed.pem"),
            0,
        ),
    ] {
        let options = Options::at(NOW);
        let alone = certlint::analyze_many(&[bytes], &options);
        let (report, handed) = webcrypto::analyze(&[bytes], &options).await;
        assert_eq!(report, alone, "{name}");
        assert!(handed.checks > 0, "{name}: nothing handed over");
        assert_eq!(handed.verified, handed.checks, "{name}: {handed:?}");
        if curve_checks > 0 {
            assert_eq!(handed.checks, curve_checks, "{name}");
        }
        assert!(
            report
                .links
                .iter()
                .all(|l| l.signature == SignatureStatus::Verified),
            "{name}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_broken_signature_stays_broken_and_is_judged_by_the_engine() {
    let bytes = fixture!("broken-signature.pem");
    let options = Options::at(NOW);
    let alone = certlint::analyze_many(&[bytes], &options);
    let (report, handed) = webcrypto::analyze(&[bytes], &options).await;
    assert_eq!(report, alone);
    assert!(handed.verified < handed.checks, "{handed:?}");
    assert!(report
        .links
        .iter()
        .any(|l| matches!(l.signature, SignatureStatus::Broken(_))));
}

#[wasm_bindgen_test]
async fn rsa_and_ed25519_chains_and_large_bundles_are_left_to_the_engine() {
    let mut many = Vec::new();
    for _ in 0..=MAX_HANDED_OVER / 3 {
        many.extend_from_slice(fixture!("chain-good.pem"));
        many.extend_from_slice(b"\n");
    }
    for (name, bytes) in [
        ("chain-rsa.pem", fixture!("chain-rsa.pem")),
        ("chain-ed25519.pem", fixture!("chain-ed25519.pem")),
        ("not-a-cert.txt", fixture!("not-a-cert.txt")),
        ("many copies of a chain", many.as_slice()),
    ] {
        let options = Options {
            purpose: Purpose::ServerAuthTruststore,
            ..Options::at(NOW)
        };
        let alone = certlint::analyze_many(&[bytes], &options);
        let (report, handed) = webcrypto::analyze(&[bytes], &options).await;
        assert_eq!(report, alone, "{name}");
        assert_eq!(handed.checks, 0, "{name}: {handed:?}");
    }
}
