//! Input forms, limits, and what the report must never contain.

use certlint::{analyze, parse_only, InputForm, Options, Role, SignatureStatus, Verdict};

const NOW: i64 = 1_767_225_600;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_input_form_gives_the_same_chain() {
    for (name, form) in [
        ("chain-good.pem", InputForm::Pem),
        ("chain-crlf-bom-text.pem", InputForm::Pem),
        ("chain-bag-attributes.pem", InputForm::Pem),
        ("chain.p7b.pem", InputForm::Pkcs7Pem),
        ("chain.p7b", InputForm::Pkcs7Der),
    ] {
        let r = analyze(&fixture(name), &Options::at(NOW));
        assert_eq!(r.input_form, form, "{name}");
        assert_eq!(r.chain.len(), 3, "{name}");
        let subjects: Vec<&str> = r
            .chain
            .iter()
            .filter_map(|p| r.certificates.iter().find(|c| c.position == *p))
            .map(|c| c.subject.as_str())
            .collect();
        assert_eq!(
            subjects,
            [
                "C=DE, O=Example Test, CN=client.example.test",
                "C=DE, O=Example Test, CN=Example Test Issuing CA",
                "C=DE, O=Example Test, CN=Example Test Root CA"
            ],
            "{name}"
        );
    }
    for (name, form) in [
        ("leaf.der", InputForm::Der),
        ("leaf.b64", InputForm::Base64),
    ] {
        let r = analyze(&fixture(name), &Options::at(NOW));
        assert_eq!(r.input_form, form, "{name}");
        assert_eq!(r.certificates.len(), 1, "{name}");
    }
}

#[test]
fn private_key_material_never_reaches_the_report() {
    for name in [
        "chain-with-key.pem",
        "throwaway-test-key-pkcs8.pem",
        "throwaway-test-key-rsa.pem",
        "throwaway-test-key-ec.pem",
        "throwaway-test-key-encrypted.pem",
        "throwaway-test-key-dsa.pem",
        "throwaway-test-key-openssh.pem",
    ] {
        let input = fixture(name);
        let r = analyze(&input, &Options::at(NOW));
        assert!(r.private_key_found, "{name}");
        assert_eq!(r.verdict, Verdict::Error, "{name}");
        let json = serde_json::to_string(&r).unwrap();
        let text = String::from_utf8_lossy(&input);
        // No line of the key's base64 body appears anywhere in the report.
        let key_lines = text
            .split("PRIVATE KEY-----")
            .nth(1)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.len() >= 16 && !l.contains(':'));
        for line in key_lines {
            assert!(
                !json.contains(line.trim()),
                "{name}: key material in the report"
            );
        }
    }
    let r = analyze(&fixture("chain-with-key.pem"), &Options::at(NOW));
    let fixed = r.fixed_pem.unwrap();
    assert!(!fixed.contains("PRIVATE KEY"));
    assert_eq!(fixed.matches("BEGIN CERTIFICATE").count(), 3);
}

#[test]
fn corrupt_block_is_reported_by_position_and_others_analysed() {
    let r = analyze(&fixture("chain-truncated-block.pem"), &Options::at(NOW));
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].position, Some(2));
    assert_eq!(r.errors[0].line, Some(15));
    assert_eq!(r.certificates.len(), 2);
    assert_eq!(r.certificates[1].position, 3);
}

#[test]
fn fixed_pem_orders_and_deduplicates() {
    let good = analyze(&fixture("chain-good.pem"), &Options::at(NOW));
    for name in [
        "chain-reversed.pem",
        "chain-duplicate.pem",
        "chain-unrelated.pem",
    ] {
        let r = analyze(&fixture(name), &Options::at(NOW));
        assert_eq!(r.fixed_pem, good.fixed_pem, "{name}");
        let again = analyze(
            r.fixed_pem.as_deref().unwrap().as_bytes(),
            &Options::at(NOW),
        );
        assert!(again.findings.is_empty(), "{name}: {:?}", again.findings);
    }
    let r = analyze(&fixture("chain-duplicate.pem"), &Options::at(NOW));
    assert_eq!(r.certificates[2].role, Role::Duplicate);
}

#[test]
fn cross_signed_intermediate_prefers_the_root_in_the_bundle() {
    let r = analyze(&fixture("chain-cross-signed.pem"), &Options::at(NOW));
    assert_eq!(r.chain, vec![1, 2, 4]);
    assert!(r.root_present);
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule == "alternate_issuer" && f.certificate == Some(3)));
}

#[test]
fn broken_signature_is_never_verified() {
    let r = analyze(&fixture("broken-signature.pem"), &Options::at(NOW));
    assert!(matches!(r.links[0].signature, SignatureStatus::Broken(_)));
    let md5 = analyze(&fixture("md5.pem"), &Options::at(NOW));
    assert!(matches!(
        md5.links[0].signature,
        SignatureStatus::NotVerified(_)
    ));
}

#[test]
fn certificate_details() {
    let r = analyze(&fixture("utf8-many-sans.pem"), &Options::at(NOW));
    let c = &r.certificates[0];
    assert!(c.subject.contains("Zürich") && c.subject.contains("OU=IT + OU=Sécurité"));
    assert!(c.sans.contains(&"IP:2001:db8::1".to_string()));
    assert!(c
        .sans
        .contains(&"URI:spiffe://example.test/ns/prod/sa/api".to_string()));
    assert!(c.sans.contains(&"email:ops@example.test".to_string()));
    assert_eq!(c.sans.len(), 9);
    assert_eq!(c.extended_key_usage, ["serverAuth", "clientAuth"]);
    assert_eq!(c.key.curve.as_deref(), Some("P-256"));
    assert_eq!(c.fingerprints.sha256.len(), 32 * 3 - 1);
    let zero = analyze(&fixture("serial-zero.pem"), &Options::at(NOW));
    assert_eq!(zero.certificates[0].serial, "00");
    let pss = analyze(&fixture("chain-rsa-pss.pem"), &Options::at(NOW));
    assert_eq!(
        pss.certificates[0].signature_algorithm,
        "RSASSA-PSS(SHA-512, MGF1-SHA-512, salt 64)"
    );
    let v1 = analyze(&fixture("chain-v1-root.pem"), &Options::at(NOW));
    assert_eq!(v1.certificates[2].version, 1);
}

#[test]
fn large_garbage_is_refused_quickly() {
    // 4 MB of pseudo-random bytes, and 4 MB of text with many unclosed BEGIN lines.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let garbage: Vec<u8> = (0..4_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let begins = b"-----BEGIN CERTIFICATE-----\nAAAA\n".repeat(4_000_000 / 33);
    let zeros = vec![0x30u8; 4_000_000];
    // How fast they are refused is measured by the benchmarks (timed tests fail under load).
    for input in [&garbage, &begins, &zeros] {
        let r = analyze(input, &Options::at(NOW));
        assert_eq!(r.verdict, Verdict::Error);
        assert!(r.findings.len() < 2000);
    }
    let big = vec![b'A'; Options::DEFAULT_MAX_INPUT_BYTES + 1];
    let r = analyze(&big, &Options::at(NOW));
    assert_eq!(r.findings[0].rule, "input_too_large");
}

#[test]
fn parse_only_reads_every_form() {
    let p = parse_only(&fixture("chain.p7b"), &Options::at(NOW));
    assert_eq!(p.certificates.len(), 3);
    assert_eq!(p.input_form, InputForm::Pkcs7Der);
}

#[test]
fn report_round_trips_through_json() {
    let r = analyze(&fixture("chain-with-key.pem"), &Options::at(NOW));
    let json = serde_json::to_string(&r).unwrap();
    let back: certlint::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

/// Flips one bit in the signature of the first certificate of a PEM bundle.
fn corrupt_first_signature(pem: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let text = String::from_utf8_lossy(pem);
    let first = text.split("-----END CERTIFICATE-----").next().unwrap();
    let body: String = first
        .split("-----BEGIN CERTIFICATE-----")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .collect();
    let engine = base64::engine::general_purpose::STANDARD;
    let mut der = engine.decode(body).unwrap();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let rest = text.split_once("-----END CERTIFICATE-----\n").unwrap().1;
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n{rest}",
        engine.encode(der)
    )
    .into_bytes()
}

#[test]
fn tampered_signatures_are_broken_for_every_algorithm() {
    for name in [
        "chain-rsa.pem",
        "chain-rsa-pss.pem",
        "chain-p384.pem",
        "chain-p521.pem",
        "chain-ed25519.pem",
        "chain-good.pem",
    ] {
        let good = analyze(&fixture(name), &Options::at(NOW));
        assert_eq!(good.links[0].signature, SignatureStatus::Verified, "{name}");
        let bad = analyze(&corrupt_first_signature(&fixture(name)), &Options::at(NOW));
        assert!(
            matches!(bad.links[0].signature, SignatureStatus::Broken(_)),
            "{name}: {:?}",
            bad.links[0]
        );
        assert_eq!(bad.verdict, Verdict::Error, "{name}");
    }
}

#[test]
fn files_dropped_together_make_one_chain() {
    // Leaf as DER, the two CA certificates as PEM in a second file: one chain, mixed forms.
    let pem = String::from_utf8(fixture("chain-good.pem")).expect("PEM");
    let cas: String = pem
        .split_inclusive("-----END CERTIFICATE-----\n")
        .skip(1)
        .collect();
    let r = certlint::analyze_many(&[&fixture("leaf.der"), cas.as_bytes()], &Options::at(NOW));
    assert_eq!(r.input_form, InputForm::Mixed);
    assert_eq!(r.chain.len(), 3);
    assert_eq!(r.verdict, Verdict::Ok, "{:?}", r.findings);
    let positions: Vec<usize> = r.certificates.iter().map(|c| c.position).collect();
    assert_eq!(positions, [1, 2, 3], "positions run on across inputs");

    // The size limit applies to the sum of the inputs.
    let limits = Options {
        max_input_bytes: pem.len(),
        ..Options::at(NOW)
    };
    let r = certlint::analyze_many(&[pem.as_bytes(), b"\n"], &limits);
    assert_eq!(r.verdict, Verdict::Error);
    assert!(r.findings.iter().any(|f| f.rule == "input_too_large"));
}
