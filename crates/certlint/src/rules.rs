//! The rules, one file each under `rules/`, listed once in [`rule_list!`] below. A rule is a pure
//! function over the already-read certificates and chain; a rule that panics is reported as a
//! `rule_failed` finding instead of taking the run down (where the platform can unwind).

use crate::cert::ParsedCert;
use crate::chain::ChainResult;
use crate::error::ReadError;
use crate::model::{CertName, Finding, InputForm, Reason, Severity};
use crate::Options;
use serde::Serialize;

/// What a rule is: its id (unique), severity, title and the document it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub citation: &'static str,
}

/// Everything a rule may look at.
pub struct Context<'a> {
    pub options: &'a Options,
    /// Certificates that parsed, in input order.
    pub certs: &'a [ParsedCert],
    pub chain: &'a ChainResult,
    pub read_errors: &'a [ReadError],
    pub input_form: InputForm,
    pub input_len: usize,
}

impl Context<'_> {
    /// Certificates that are not duplicates of an earlier one, with their index.
    pub fn unique(&self) -> impl Iterator<Item = (usize, &ParsedCert)> {
        self.certs
            .iter()
            .enumerate()
            .filter(|(i, _)| self.chain.duplicate_of.get(*i).is_none_or(|d| d.is_none()))
    }

    /// The chain's certificates, leaf first, with their index in `certs`.
    pub fn chain_certs(&self) -> impl Iterator<Item = (usize, &ParsedCert)> {
        self.chain
            .chain
            .iter()
            .filter_map(|&i| self.certs.get(i).map(|c| (i, c)))
    }

    pub fn leaf(&self) -> Option<&ParsedCert> {
        self.chain.chain.first().and_then(|&i| self.certs.get(i))
    }

    pub fn cert(&self, i: usize) -> Option<&ParsedCert> {
        self.certs.get(i)
    }

    pub fn self_signed(&self, i: usize) -> bool {
        self.chain.self_signed.get(i).copied().unwrap_or(false)
    }

    /// The certificate is the self-signed top of the chain: the trust anchor (RFC 5280 §6.1.1 (d)).
    pub fn is_trust_anchor(&self, i: usize) -> bool {
        self.chain.root_present && self.chain.chain.last() == Some(&i) && self.self_signed(i)
    }

    /// CA certificates outside the chain, when the chain stops short of a root: evidence that an
    /// intermediate is missing between them and the chain.
    pub fn stranded_cas(&self) -> Vec<&ParsedCert> {
        if self.chain.root_present || self.chain.cycle {
            return Vec::new();
        }
        self.unique()
            .filter(|(i, c)| {
                !self.chain.chain.contains(i) && c.view.basic_constraints.is_some_and(|bc| bc.ca)
            })
            .map(|(_, c)| c)
            .collect()
    }

    /// How findings name a certificate: `#2 (CN=Example)` in words.
    pub fn name(&self, c: &ParsedCert) -> CertName {
        CertName {
            position: c.view.position,
            subject: c.view.subject.clone(),
        }
    }
}

/// What a rule reports; the runner adds the rule's id, severity, title and citation, and renders
/// the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Position of the certificate or object, or `None` for the whole bundle.
    pub certificate: Option<usize>,
    pub reason: Reason,
}

impl Draft {
    pub fn on(c: &ParsedCert, reason: Reason) -> Draft {
        Draft {
            certificate: Some(c.view.position),
            reason,
        }
    }

    pub fn at(position: Option<usize>, reason: Reason) -> Draft {
        Draft {
            certificate: position,
            reason,
        }
    }
}

pub type Check = fn(&Context<'_>) -> Vec<Draft>;

macro_rules! rule_list {
    ($($name:ident),* $(,)?) => {
        $(pub mod $name;)*
        static INFOS: &[RuleInfo] = &[$($name::INFO),*];
        static CHECKS: &[Check] = &[$($name::check),*];
    };
}

rule_list! {
    // Reading the input
    input_empty,
    input_too_large,
    too_many_certificates,
    unrecognised_input,
    unreadable_block,
    private_key_in_upload,
    pkcs12_file,
    not_a_certificate,
    trailing_data,
    no_certificate,
    // Keys and algorithms
    weak_rsa_key,
    dsa_key,
    weak_ec_curve,
    unknown_key_algorithm,
    weak_signature_algorithm,
    old_certificate_version,
    old_version_in_path,
    invalid_extension,
    duplicate_extension,
    unknown_critical_extension,
    // Validity
    expired,
    not_yet_valid,
    expiring_soon,
    // Chain
    issuer_not_ca,
    issuer_missing_key_cert_sign,
    path_length_exceeded,
    leaf_is_ca,
    ca_basic_constraints_not_critical,
    leaf_wrong_purpose,
    issuer_wrong_purpose,
    wrong_order,
    duplicate_certificate,
    missing_issuer,
    missing_root,
    unrelated_certificate,
    alternate_issuer,
    broken_signature,
    signature_not_verified,
    chain_cycle,
    path_search_budget_exhausted,
    name_constraints_violated,
    name_constraints_unprocessable,
    self_signed_end_entity,
    rule_failed,
}

/// Every rule, in report order.
pub fn all() -> &'static [RuleInfo] {
    INFOS
}

/// Looks a rule up by id.
pub fn info(id: &str) -> Option<&'static RuleInfo> {
    INFOS.iter().find(|r| r.id == id)
}

fn finding(info: &RuleInfo, draft: Draft) -> Finding {
    Finding {
        rule: info.id.to_string(),
        severity: info.severity,
        certificate: draft.certificate,
        message: draft.reason.to_string(),
        reason: draft.reason,
        title: info.title.to_string(),
        citation: info.citation.to_string(),
    }
}

/// Runs every rule. A panicking rule becomes a `rule_failed` finding.
pub fn run(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (info, check) in INFOS.iter().zip(CHECKS) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(ctx))) {
            Ok(drafts) => out.extend(drafts.into_iter().map(|d| finding(info, d))),
            Err(_) => out.push(finding(
                &rule_failed::INFO,
                Draft::at(
                    None,
                    Reason::RuleFailed {
                        rule: info.id.to_string(),
                    },
                ),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_described() {
        let mut ids = HashSet::new();
        for r in all() {
            assert!(ids.insert(r.id), "duplicate rule id {}", r.id);
            assert!(!r.title.is_empty() && !r.citation.is_empty(), "{}", r.id);
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
                "{}",
                r.id
            );
        }
        assert_eq!(all().len(), CHECKS.len());
    }

    #[test]
    fn rule_files_match_their_ids() {
        // Each rule lives in src/rules/<id>.rs.
        for r in all() {
            let path = format!("{}/src/rules/{}.rs", env!("CARGO_MANIFEST_DIR"), r.id);
            assert!(std::path::Path::new(&path).exists(), "{path}");
        }
    }
}
