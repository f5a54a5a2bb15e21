//! Golden tests: the JSON report of each fixture is compared with tests/golden/<fixture>.json.
//! Regenerate after an intended change with `UPDATE_GOLDEN=1 cargo test -p certlint --test golden`
//! and review the diff.

use certlint::{analyze, Options};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

const FIXTURES: &[&str] = &[
    "chain-good.pem",
    "chain-reversed.pem",
    "chain-duplicate.pem",
    "chain-missing-intermediate.pem",
    "chain-cross-signed.pem",
    "chain-with-key.pem",
    "chain-truncated-block.pem",
    "chain.p7b",
    "chain-rsa-pss.pem",
    "chain-v1-root.pem",
    "utf8-many-sans.pem",
    "broken-signature.pem",
    "md5.pem",
    "rsa1024.pem",
    "expired.pem",
    "throwaway-test-key-bundle.p12",
    "crl.pem",
    "garbage.bin",
    "empty.pem",
    // Path validation (generate.sh --validator-only).
    "paths-expired-root.pem",
    "paths-cross-signed.pem",
    "paths-two-roots.pem",
    "paths-mesh-loop.pem",
    "crit-ext-leaf.pem",
    "crit-ext-intermediate.pem",
    "crit-ext-root.pem",
    "crit-ext-unrelated.pem",
    "leaf-keycertsign.pem",
    "root-bc-noncritical.pem",
    "duplicate-extension.pem",
    "v1-intermediate.pem",
    "anyeku.pem",
    "issuer-server-only.pem",
    "nc-dns-ok.pem",
    "nc-dns-out.pem",
    "nc-dns-ex.pem",
    "nc-ip-ok.pem",
    "nc-ip-out.pem",
    "nc-ip-ex.pem",
    "nc-email-ok.pem",
    "nc-email-out.pem",
    "nc-email-ex.pem",
    "nc-dir-ok.pem",
    "nc-dir-out.pem",
    "nc-dir-ex.pem",
    "nc-uri-unsupported.pem",
    "nc-explosion.pem",
];

#[test]
fn reports_match_golden_json() {
    let dir = format!("{}/tests", env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for name in FIXTURES {
        let input = std::fs::read(format!("{dir}/fixtures/{name}")).unwrap();
        let report = analyze(&input, &Options::at(NOW));
        let json = serde_json::to_string_pretty(&report).unwrap() + "\n";
        let path = format!("{dir}/golden/{name}.json");
        if update {
            std::fs::create_dir_all(format!("{dir}/golden")).unwrap();
            std::fs::write(&path, &json).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != json {
            mismatches.push(path);
        }
    }
    assert!(
        mismatches.is_empty(),
        "reports differ from {mismatches:?}; rerun with UPDATE_GOLDEN=1 and review the diff"
    );
}

/// The reasons are the findings' substance: every message is the reason in words, and a report
/// read back from its JSON (as the page receives it from the worker) is the same report.
#[test]
fn messages_are_the_reasons_in_words_and_reports_read_back() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut kinds = std::collections::BTreeSet::new();
    for name in FIXTURES {
        let input = std::fs::read(format!("{dir}/{name}")).unwrap();
        let report = analyze(&input, &Options::at(NOW));
        for finding in &report.findings {
            assert_eq!(finding.message, finding.reason.to_string(), "{name}");
            let value = serde_json::to_value(&finding.reason).unwrap();
            kinds.insert(value["kind"].as_str().unwrap().to_string());
        }
        let json = serde_json::to_string(&report).unwrap();
        let back: certlint::Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report, "{name}");
    }
    // The fixtures exercise most kinds of reason, not one rendering path.
    assert!(kinds.len() >= 20, "{kinds:?}");
}
