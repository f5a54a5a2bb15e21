//! Report assembly: the engine's results (certificates, chain, findings) turned into the plain
//! [`crate::model`] types, certificate indexes into input positions.

use crate::cert::ParsedCert;
use crate::chain::{Budget, ChainResult, Problem};
use crate::error::ReadError;
use crate::model::{
    Finding, InputError, InputForm, Link, PathSearch, PrivateKeyBlock, Purpose, RejectedPath,
    Report, SearchBudget, Verdict,
};
use crate::pem;

/// The path search in report form (positions instead of indexes).
pub(crate) fn path_search(certs: &[ParsedCert], chain: &ChainResult) -> PathSearch {
    let pos = |i: usize| certs.get(i).map(|c| c.view.position);
    let problems = |list: &[Problem]| list.iter().filter_map(|p| p.to_model(&pos)).collect();
    PathSearch {
        valid: chain.search.valid,
        paths_considered: chain.search.paths_considered,
        signature_checks: chain.checks,
        budget_exhausted: chain.search.budget_exhausted.map(|b| match b {
            Budget::SignatureChecks => SearchBudget::SignatureChecks,
            Budget::BuildSteps => SearchBudget::BuildSteps,
            Budget::NameComparisons => SearchBudget::NameComparisons,
        }),
        problems: problems(&chain.search.problems),
        rejected: chain
            .search
            .rejected
            .iter()
            .map(|r| RejectedPath {
                chain: r.chain.iter().filter_map(|&i| pos(i)).collect(),
                problems: problems(&r.problems),
            })
            .collect(),
    }
}

pub(crate) fn assemble(
    purpose: Purpose,
    form: InputForm,
    certs: &[ParsedCert],
    chain: &ChainResult,
    mut findings: Vec<Finding>,
    errors: &[ReadError],
    private_keys: Vec<PrivateKeyBlock>,
) -> Report {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.certificate.cmp(&b.certificate))
            .then(a.rule.cmp(&b.rule))
    });
    let pos = |i: usize| certs.get(i).map(|c| c.view.position);
    let chain_positions: Vec<usize> = chain.chain.iter().filter_map(|&i| pos(i)).collect();
    let links = chain
        .links
        .iter()
        .filter_map(|l| {
            Some(Link {
                child: pos(l.child)?,
                issuer: l.issuer.and_then(pos),
                signature: l.status.clone(),
            })
        })
        .collect();
    let fixed_pem = if chain.chain.is_empty() {
        None
    } else {
        Some(
            chain
                .chain
                .iter()
                .filter_map(|&i| certs.get(i))
                .map(|c| pem::encode("CERTIFICATE", &c.der))
                .collect(),
        )
    };
    Report {
        verdict: Verdict::from_findings(&findings),
        input_form: form,
        certificates: certs.iter().map(|c| c.view.clone()).collect(),
        findings,
        chain: chain_positions,
        root_present: chain.root_present,
        links,
        private_key_found: !private_keys.is_empty(),
        private_keys,
        fixed_pem,
        errors: errors.iter().map(InputError::from).collect(),
        path_search: path_search(certs, chain),
        purpose,
    }
}
