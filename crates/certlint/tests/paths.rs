//! Path search: a valid path is found where the bundle offers one, whatever the order of the
//! certificates; the report says which path was chosen and why others were not; adversarial
//! bundles end at the search budget with a finding (the timing is measured by the bench).

#[path = "../benches/bundle.rs"]
mod bundle;

use certlint::{analyze, Options, PathProblem, Report, SearchBudget, Verdict};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn run(name: &str) -> Report {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let input = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    analyze(&input, &Options::at(NOW))
}

#[test]
fn a_valid_path_is_chosen_over_the_first_one() {
    // (fixture, chosen chain) — each fixture lists the failing alternative first.
    for (name, chain) in [
        // Root re-issued with the same name and key; the expired one comes first.
        ("paths-expired-root.pem", vec![1, 2, 4]),
        // Intermediate cross-signed by an expired root A (first) and a valid root B.
        ("paths-cross-signed.pem", vec![1, 4, 5]),
        // Two roots of one name; the intermediate's signer is the second.
        ("paths-two-roots.pem", vec![1, 2, 4]),
        // CA 1 and CA 2 cross-signed both ways (the loop first) and CA 2 under a root.
        ("paths-mesh-loop.pem", vec![1, 2, 4, 5]),
    ] {
        let r = run(name);
        assert_eq!(r.verdict, Verdict::Ok, "{name}: {:?}", r.findings);
        assert_eq!(r.chain, chain, "{name}");
        assert!(r.path_search.valid, "{name}");
        assert!(r.path_search.problems.is_empty(), "{name}");
        assert!(r.root_present, "{name}");
        // The certificates left out are explained as alternatives, not as unrelated.
        assert!(
            r.findings.iter().all(|f| f.rule == "alternate_issuer"),
            "{name}: {:?}",
            r.findings
        );
    }
}

#[test]
fn rejected_paths_carry_their_reasons() {
    let r = run("paths-cross-signed.pem");
    let through_a = r
        .path_search
        .rejected
        .iter()
        .find(|p| p.chain == [1, 2, 3])
        .expect("the path through the expired root was tried first");
    assert_eq!(
        through_a.problems,
        [PathProblem::Expired { certificate: 3 }]
    );
    assert_eq!(r.path_search.paths_considered, 2);
    let alt = r
        .findings
        .iter()
        .find(|f| f.certificate == Some(2))
        .expect("the other issuing CA is reported");
    assert!(alt.message.contains("#3 has expired"), "{}", alt.message);

    let r = run("paths-mesh-loop.pem");
    assert!(r
        .path_search
        .rejected
        .iter()
        .any(|p| p.problems.contains(&PathProblem::Loop { certificate: 3 })));
}

#[test]
fn without_a_valid_path_the_best_one_is_reported() {
    let r = run("crit-ext-intermediate.pem");
    assert_eq!(r.chain, [1, 2, 3]);
    assert!(!r.path_search.valid);
    assert_eq!(
        r.path_search.problems,
        [PathProblem::UnknownCriticalExtension { certificate: 2 }]
    );
    // The old wrong "loop" verdict stays where there is nothing else.
    let r = run("chain-cycle.pem");
    assert!(r.findings.iter().any(|f| f.rule == "chain_cycle"));
}

#[test]
fn adversarial_bundles_end_at_the_budget() {
    for (name, input) in [
        ("one name, 1000 keys", bundle::one_name_many_keys()),
        ("mesh 12", bundle::cross_signed_mesh(12)),
    ] {
        let r = analyze(&input, &Options::at(NOW));
        assert_eq!(r.verdict, Verdict::Error, "{name}");
        assert!(
            r.findings
                .iter()
                .any(|f| f.rule == "path_search_budget_exhausted"),
            "{name}: {:?}",
            r.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
        );
        assert!(r.path_search.budget_exhausted.is_some(), "{name}");
        assert!(r.path_search.signature_checks <= 100 + 32 + 8, "{name}");
    }
    let r = analyze(&bundle::one_name_many_keys(), &Options::at(NOW));
    assert_eq!(
        r.path_search.budget_exhausted,
        Some(SearchBudget::SignatureChecks)
    );
}

#[test]
fn name_constraint_explosion_is_refused_within_the_budget() {
    let r = run("nc-explosion.pem");
    assert_eq!(r.verdict, Verdict::Error);
    assert_eq!(
        r.path_search.budget_exhausted,
        Some(SearchBudget::NameComparisons)
    );
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule == "name_constraints_unprocessable" && f.message.contains("250000")));
}

#[test]
fn the_purpose_applies_to_the_whole_path() {
    // An intermediate limited to serverAuth above a leaf that allows both purposes.
    let path = format!(
        "{}/tests/fixtures/issuer-server-only.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let input = std::fs::read(&path).unwrap();
    let client = analyze(&input, &Options::at(NOW));
    assert_eq!(client.verdict, Verdict::Error);
    assert_eq!(
        client.path_search.problems,
        [PathProblem::WrongPurpose { certificate: 2 }]
    );
    let server = analyze(
        &input,
        &Options {
            purpose: certlint::Purpose::ServerAuthTruststore,
            ..Options::at(NOW)
        },
    );
    assert_eq!(server.verdict, Verdict::Ok, "{:?}", server.findings);
    assert_eq!(server.purpose, certlint::Purpose::ServerAuthTruststore);
}
