//! One bad and one good fixture for every rule (fixtures: tests/fixtures/generate.sh).

use certlint::{analyze, rules, Options, Purpose, Report};

/// 2026-01-01T00:00:00Z: the fixed "now" of the tests. Valid fixtures run 2020..2120.
const NOW: i64 = 1_767_225_600;
/// 2039-12-22T00:00:00Z: ten days before expiring.pem's notAfter (2040-01-01).
const TEN_DAYS_BEFORE_2040: i64 = 2_208_988_800 - 10 * 86_400;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run(name: &str, options: &Options) -> Report {
    analyze(&fixture(name), options)
}

fn rule_ids(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

struct Case {
    rule: &'static str,
    bad: &'static [&'static str],
    good: &'static str,
    options: fn() -> Options,
}

fn at_now() -> Options {
    Options::at(NOW)
}
fn tiny_input_limit() -> Options {
    Options {
        max_input_bytes: 100,
        ..Options::at(NOW)
    }
}
fn two_certificates_max() -> Options {
    Options {
        max_certificates: 2,
        ..Options::at(NOW)
    }
}
fn server_purpose() -> Options {
    Options {
        purpose: Purpose::ServerAuthTruststore,
        ..Options::at(NOW)
    }
}
fn before_2040() -> Options {
    Options::at(TEN_DAYS_BEFORE_2040)
}

const KEYS: &[&str] = &[
    "chain-with-key.pem",
    "throwaway-test-key-pkcs8.pem",
    "throwaway-test-key-rsa.pem",
    "throwaway-test-key-ec.pem",
    "throwaway-test-key-encrypted.pem",
    "throwaway-test-key-dsa.pem",
    "throwaway-test-key-openssh.pem",
    "throwaway-test-key-pkcs8.der",
    "throwaway-test-key-rsa.der",
];

const CASES: &[Case] = &[
    Case {
        rule: "input_empty",
        bad: &["empty.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "input_too_large",
        bad: &["chain-good.pem"],
        good: "empty.pem",
        options: tiny_input_limit,
    },
    Case {
        rule: "too_many_certificates",
        bad: &["chain-good.pem", "chain.p7b"],
        good: "chain-missing-root.pem",
        options: two_certificates_max,
    },
    Case {
        rule: "unrecognised_input",
        bad: &["garbage.bin", "not-a-cert.txt"],
        good: "leaf.b64",
        options: at_now,
    },
    Case {
        rule: "unreadable_block",
        bad: &["chain-truncated-block.pem", "chain-bad-base64.pem"],
        good: "chain-odd-lines.pem",
        options: at_now,
    },
    Case {
        rule: "private_key_in_upload",
        bad: KEYS,
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "pkcs12_file",
        bad: &["throwaway-test-key-bundle.p12"],
        good: "chain.p7b",
        options: at_now,
    },
    Case {
        rule: "not_a_certificate",
        bad: &[
            "chain-with-crl.pem",
            "crl.pem",
            "crl.der",
            "csr.pem",
            "public-key.pem",
        ],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "trailing_data",
        bad: &["leaf-trailing.der"],
        good: "leaf.der",
        options: at_now,
    },
    Case {
        rule: "no_certificate",
        bad: &[
            "crl.pem",
            "csr.pem",
            "public-key.pem",
            "throwaway-test-key-pkcs8.pem",
        ],
        good: "chain-with-crl.pem",
        options: at_now,
    },
    Case {
        rule: "weak_rsa_key",
        bad: &["rsa1024.pem", "rsa2044.pem", "rsae3.pem"],
        good: "rsa2048.pem",
        options: at_now,
    },
    Case {
        rule: "dsa_key",
        bad: &["dsa.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "weak_ec_curve",
        bad: &["k1.pem", "p224.pem"],
        good: "chain-p521.pem",
        options: at_now,
    },
    Case {
        rule: "unknown_key_algorithm",
        bad: &["x25519-key.pem"],
        good: "chain-ed25519.pem",
        options: at_now,
    },
    Case {
        rule: "weak_signature_algorithm",
        bad: &["sha1.pem", "md5.pem"],
        good: "chain-rsa-pss.pem",
        options: at_now,
    },
    Case {
        rule: "old_certificate_version",
        bad: &["chain-v1-root.pem"],
        good: "v1-intermediate.pem",
        options: at_now,
    },
    Case {
        rule: "old_version_in_path",
        bad: &["v1-intermediate.pem", "v1leaf.pem"],
        good: "chain-v1-root.pem",
        options: at_now,
    },
    Case {
        rule: "duplicate_extension",
        bad: &["duplicate-extension.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "unknown_critical_extension",
        bad: &[
            "crit-ext-leaf.pem",
            "crit-ext-intermediate.pem",
            "crit-ext-root.pem",
        ],
        good: "crit-ext-unrelated.pem",
        options: at_now,
    },
    Case {
        rule: "ca_basic_constraints_not_critical",
        bad: &["root-bc-noncritical.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "expired",
        bad: &["expired.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "not_yet_valid",
        bad: &["notyet.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "expiring_soon",
        bad: &["expiring.pem"],
        good: "chain-good.pem",
        options: before_2040,
    },
    Case {
        rule: "issuer_not_ca",
        bad: &["issuer-not-ca.pem"],
        good: "chain-v1-root.pem",
        options: at_now,
    },
    Case {
        rule: "issuer_missing_key_cert_sign",
        bad: &["issuer-no-keycertsign.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "path_length_exceeded",
        bad: &["path-length-exceeded.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "leaf_is_ca",
        bad: &["leafca.pem", "chain-cycle.pem", "leaf-keycertsign.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "leaf_wrong_purpose",
        bad: &["serverauth.pem", "anyeku.pem"],
        good: "utf8-many-sans.pem",
        options: at_now,
    },
    Case {
        rule: "leaf_wrong_purpose",
        bad: &["chain-good.pem", "anyeku.pem"],
        good: "serverauth.pem",
        options: server_purpose,
    },
    Case {
        rule: "issuer_wrong_purpose",
        bad: &["issuer-server-only.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        // The same path is fine for a server truststore.
        rule: "issuer_wrong_purpose",
        bad: &[],
        good: "issuer-server-only.pem",
        options: server_purpose,
    },
    Case {
        // No extendedKeyUsage extension allows every purpose (RFC 5280 §4.2.1.12).
        rule: "leaf_wrong_purpose",
        bad: &["serverauth.pem"],
        good: "noeku.pem",
        options: at_now,
    },
    Case {
        rule: "leaf_wrong_purpose",
        bad: &["chain-good.pem"],
        good: "noeku.pem",
        options: server_purpose,
    },
    Case {
        rule: "wrong_order",
        bad: &["chain-reversed.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "duplicate_certificate",
        bad: &["chain-duplicate.pem", "chain-bag-attributes.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "missing_issuer",
        bad: &[
            "chain-missing-intermediate.pem",
            "chain-truncated-block.pem",
        ],
        good: "chain-missing-root.pem",
        options: at_now,
    },
    Case {
        rule: "missing_root",
        bad: &["chain-missing-root.pem", "leaf-only.pem", "leaf.der"],
        good: "chain-missing-intermediate.pem",
        options: at_now,
    },
    Case {
        rule: "unrelated_certificate",
        bad: &["chain-unrelated.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "alternate_issuer",
        bad: &["chain-cross-signed.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "broken_signature",
        bad: &["broken-signature.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "signature_not_verified",
        bad: &["md5.pem"],
        good: "chain-p384.pem",
        options: at_now,
    },
    Case {
        rule: "chain_cycle",
        bad: &["chain-cycle.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
    Case {
        rule: "name_constraints_violated",
        bad: &["nc-dns-out.pem", "nc-dns-ex.pem"],
        good: "nc-dns-ok.pem",
        options: at_now,
    },
    Case {
        rule: "name_constraints_violated",
        bad: &["nc-ip-out.pem", "nc-ip-ex.pem"],
        good: "nc-ip-ok.pem",
        options: at_now,
    },
    Case {
        rule: "name_constraints_violated",
        bad: &["nc-email-out.pem", "nc-email-ex.pem"],
        good: "nc-email-ok.pem",
        options: at_now,
    },
    Case {
        rule: "name_constraints_violated",
        bad: &["nc-dir-out.pem", "nc-dir-ex.pem"],
        good: "nc-dir-ok.pem",
        options: at_now,
    },
    Case {
        rule: "name_constraints_unprocessable",
        bad: &["nc-uri-unsupported.pem", "nc-explosion.pem"],
        good: "nc-dns-ok.pem",
        options: at_now,
    },
    Case {
        rule: "self_signed_end_entity",
        bad: &["self-signed-leaf.pem"],
        good: "chain-good.pem",
        options: at_now,
    },
];

/// Rules without a fixture: `invalid_extension` needs an extension value that does not decode,
/// which OpenSSL refuses to make; `rule_failed` is emitted only when a rule panics.
/// `path_search_budget_exhausted` needs bundles of hundreds of certificates, generated by
/// benches/bundle.rs and tested in tests/paths.rs.
const WITHOUT_FIXTURE: &[&str] = &[
    "invalid_extension",
    "rule_failed",
    "path_search_budget_exhausted",
];

#[test]
fn every_rule_has_a_case() {
    for r in rules::all() {
        assert!(
            CASES.iter().any(|c| c.rule == r.id) || WITHOUT_FIXTURE.contains(&r.id),
            "rule {} has no test case",
            r.id
        );
    }
    for c in CASES {
        assert!(rules::info(c.rule).is_some(), "unknown rule {}", c.rule);
    }
}

#[test]
fn bad_fixtures_trigger_their_rule() {
    for case in CASES {
        for bad in case.bad {
            let report = run(bad, &(case.options)());
            let ids = rule_ids(&report);
            assert!(
                ids.contains(&case.rule),
                "{}: expected {} in {:?}",
                bad,
                case.rule,
                ids
            );
            let info = rules::info(case.rule).unwrap();
            let f = report
                .findings
                .iter()
                .find(|f| f.rule == case.rule)
                .unwrap();
            assert_eq!(f.severity, info.severity);
            assert_eq!(f.citation, info.citation);
        }
    }
}

#[test]
fn good_fixtures_do_not_trigger_their_rule() {
    for case in CASES {
        let report = run(case.good, &(case.options)());
        let ids = rule_ids(&report);
        assert!(
            !ids.contains(&case.rule),
            "{}: unexpected {} in {:?}",
            case.good,
            case.rule,
            ids
        );
    }
}

#[test]
fn good_chains_have_no_findings() {
    for name in [
        "chain-good.pem",
        "chain-crlf-bom-text.pem",
        "chain-odd-lines.pem",
        "chain-trusted-root.pem",
        "chain.p7b",
        "chain.p7b.pem",
        "chain-p384.pem",
        "chain-p521.pem",
        "chain-ed25519.pem",
        "chain-rsa.pem",
        "chain-rsa-pss.pem",
        "utf8-many-sans.pem",
        "serial-zero.pem",
        "rsa2048.pem",
        "nc-dns-ok.pem",
        "nc-ip-ok.pem",
        "nc-email-ok.pem",
        "nc-dir-ok.pem",
    ] {
        let r = run(name, &Options::at(NOW));
        assert!(r.findings.is_empty(), "{name}: {:?}", rule_ids(&r));
        assert_eq!(r.verdict, certlint::Verdict::Ok, "{name}");
        assert!(r.root_present, "{name}");
        assert!(
            r.links
                .iter()
                .all(|l| l.signature == certlint::SignatureStatus::Verified),
            "{name}: {:?}",
            r.links
        );
    }
}
