//! Builds the chain leaf → root from the certificates of a bundle (RFC 5280 §6.1, RFC 4158 §2–3):
//! issuers are found by name (exact DER, then normalised text) and key identifiers (AKI/SKI).
//! Candidates are looked up in indexes, and signatures are checked only where they decide
//! something: to choose between several candidate issuers, and for the links of the chain itself.
//! A certificate with one candidate issuer gets that issuer whatever its signature says, so its
//! signature is checked only if it ends up in the chain; a bundle of many certificates unrelated
//! to the chain costs no signature checks for them.

use crate::cert::ParsedCert;
use crate::report::{Role, SignatureStatus};
use crate::verify;
use std::collections::{HashMap, HashSet};

/// A bound on issuer candidates per certificate, against bundles crafted to share one name.
const MAX_CANDIDATES: usize = 8;
/// A bound on chain length (RFC 5280 sets none; real chains have fewer than ten).
const MAX_CHAIN: usize = 32;

#[derive(Debug, Clone)]
pub struct LinkResult {
    pub child: usize,
    pub issuer: Option<usize>,
    pub status: SignatureStatus,
}

/// The chain, as indexes into the certificate list.
#[derive(Debug, Clone, Default)]
pub struct ChainResult {
    pub roles: Vec<Role>,
    pub self_signed: Vec<bool>,
    /// For duplicates: the index of the first occurrence.
    pub duplicate_of: Vec<Option<usize>>,
    /// Leaf first.
    pub chain: Vec<usize>,
    /// One per chain certificate (the self-signature for a root).
    pub links: Vec<LinkResult>,
    /// The top of the chain is self-signed.
    pub root_present: bool,
    /// Certificates outside the chain that also verifiably issue a chain certificate (cross-signed
    /// intermediates): (alternative issuer, chain certificate).
    pub alternates: Vec<(usize, usize)>,
    /// The chain came back to a certificate already in it.
    pub cycle: bool,
    /// How many signatures were checked to build it.
    pub checks: usize,
}

fn rank(s: &SignatureStatus) -> u8 {
    match s {
        SignatureStatus::Verified => 2,
        SignatureStatus::NotVerified(_) => 1,
        SignatureStatus::Broken(_) => 0,
    }
}

struct Builder<'a> {
    certs: &'a [ParsedCert],
    cache: HashMap<(usize, usize), SignatureStatus>,
    checks: usize,
}

impl Builder<'_> {
    fn check(&mut self, child: usize, issuer: usize) -> SignatureStatus {
        if let Some(s) = self.cache.get(&(child, issuer)) {
            return s.clone();
        }
        self.checks += 1;
        let status = match (self.certs.get(child), self.certs.get(issuer)) {
            (Some(c), Some(i)) => verify::verify(c, i),
            _ => SignatureStatus::NotVerified("no such certificate".into()),
        };
        self.cache.insert((child, issuer), status.clone());
        status
    }
}

fn ids_agree(child: &ParsedCert, issuer: &ParsedCert) -> bool {
    match (&child.aki, &issuer.ski) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    }
}

pub fn build(certs: &[ParsedCert]) -> ChainResult {
    let n = certs.len();
    let mut result = ChainResult {
        roles: vec![Role::Unrelated; n],
        self_signed: vec![false; n],
        duplicate_of: vec![None; n],
        ..ChainResult::default()
    };
    if n == 0 {
        return result;
    }
    let mut b = Builder {
        certs,
        cache: HashMap::new(),
        checks: 0,
    };

    // Duplicates: the same DER seen before.
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    for (i, c) in certs.iter().enumerate() {
        if let Some(&first) = seen.get(c.der.as_slice()) {
            result.duplicate_of[i] = Some(first);
            result.roles[i] = Role::Duplicate;
        } else {
            seen.insert(c.der.as_slice(), i);
        }
    }
    let unique: Vec<usize> = (0..n)
        .filter(|&i| result.duplicate_of[i].is_none())
        .collect();

    // RFC 5280 §3.2: self-issued = same subject and issuer; self-signed also needs the same key,
    // which the key identifiers tell when present.
    for &i in &unique {
        let c = &certs[i];
        let self_issued = c.subject_raw == c.issuer_raw || c.subject_norm == c.issuer_norm;
        let ids_match = match (&c.aki, &c.ski) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        };
        result.self_signed[i] = self_issued && ids_match;
    }

    let mut by_raw: HashMap<&[u8], Vec<usize>> = HashMap::new();
    let mut by_norm: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_ski: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for &i in &unique {
        let c = &certs[i];
        by_raw.entry(c.subject_raw.as_slice()).or_default().push(i);
        by_norm.entry(c.subject_norm.as_str()).or_default().push(i);
        if let Some(ski) = &c.ski {
            by_ski.entry(ski.as_slice()).or_default().push(i);
        }
    }

    // The chosen issuer of each certificate (with its signature status once checked), and every
    // issuer that verified.
    let mut issuer_of: Vec<Option<(usize, Option<SignatureStatus>)>> = vec![None; n];
    let mut verified_issuers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &i in &unique {
        let c = &certs[i];
        if result.self_signed[i] {
            continue;
        }
        let mut candidates: Vec<usize> = Vec::new();
        let named = by_raw
            .get(c.issuer_raw.as_slice())
            .into_iter()
            .chain(by_norm.get(c.issuer_norm.as_str()))
            .flatten();
        for &j in named {
            if j != i && !candidates.contains(&j) && ids_agree(c, &certs[j]) {
                candidates.push(j);
            }
        }
        if candidates.is_empty() {
            // Names may be encoded differently in a broken CA: fall back to the key identifier.
            if let Some(aki) = &c.aki {
                for &j in by_ski.get(aki.as_slice()).into_iter().flatten() {
                    if j != i && !candidates.contains(&j) {
                        candidates.push(j);
                    }
                }
            }
        }
        candidates.truncate(MAX_CANDIDATES);
        if let [only] = candidates[..] {
            issuer_of[i] = Some((only, None));
            continue;
        }
        let mut best: Option<(usize, SignatureStatus)> = None;
        for j in candidates {
            let status = b.check(i, j);
            if status == SignatureStatus::Verified {
                verified_issuers[i].push(j);
            }
            let better = match &best {
                None => true,
                Some((bj, bs)) => {
                    (rank(&status), result.self_signed[j]) > (rank(bs), result.self_signed[*bj])
                }
            };
            if better {
                best = Some((j, status));
            }
        }
        issuer_of[i] = best.map(|(j, status)| (j, Some(status)));
    }

    // The leaf issues nothing in the bundle. Prefer an end-entity certificate, then the longest
    // chain, then the first in the input.
    let mut issues_something = vec![false; n];
    for &i in &unique {
        if let Some((j, _)) = &issuer_of[i] {
            if let Some(flag) = issues_something.get_mut(*j) {
                *flag = true;
            }
        }
    }
    let chain_from = |start: usize| -> (Vec<usize>, bool) {
        let mut chain = vec![start];
        let mut visited: HashSet<usize> = HashSet::from([start]);
        let mut cur = start;
        while let Some((next, _)) = issuer_of.get(cur).and_then(|o| o.as_ref()) {
            if chain.len() >= MAX_CHAIN {
                break;
            }
            if !visited.insert(*next) {
                return (chain, true);
            }
            chain.push(*next);
            cur = *next;
        }
        (chain, false)
    };
    let is_ca = |i: usize| {
        certs
            .get(i)
            .and_then(|c| c.view.basic_constraints)
            .is_some_and(|bc| bc.ca)
    };
    let mut leaf_candidates: Vec<usize> = unique
        .iter()
        .copied()
        .filter(|&i| !issues_something[i])
        .collect();
    if leaf_candidates.is_empty() {
        leaf_candidates = unique.clone();
    }
    let Some(leaf) = leaf_candidates.iter().copied().max_by_key(|&i| {
        let len = chain_from(i).0.len();
        (!is_ca(i), len, std::cmp::Reverse(i))
    }) else {
        return result;
    };
    let (chain, cycle) = chain_from(leaf);
    result.cycle = cycle;

    for &i in &chain {
        let link = if result.self_signed[i] {
            LinkResult {
                child: i,
                issuer: Some(i),
                status: b.check(i, i),
            }
        } else {
            match &issuer_of[i] {
                Some((j, status)) => LinkResult {
                    child: i,
                    issuer: Some(*j),
                    status: match status {
                        Some(status) => status.clone(),
                        None => b.check(i, *j),
                    },
                },
                None => LinkResult {
                    child: i,
                    issuer: None,
                    status: SignatureStatus::NotVerified("the issuer is not in the bundle".into()),
                },
            }
        };
        result.links.push(link);
    }
    let top = chain.last().copied().unwrap_or(leaf);
    result.root_present = result.self_signed[top];
    for (k, &i) in chain.iter().enumerate() {
        result.roles[i] = if k == 0 {
            if chain.len() == 1 && result.self_signed[i] && is_ca(i) {
                Role::Root
            } else {
                Role::Leaf
            }
        } else if k + 1 == chain.len() && result.root_present {
            Role::Root
        } else {
            Role::Intermediate
        };
    }
    let in_chain: HashSet<usize> = chain.iter().copied().collect();
    for &i in &chain {
        for &alt in &verified_issuers[i] {
            if !in_chain.contains(&alt) {
                result.alternates.push((alt, i));
            }
        }
    }
    result.chain = chain;
    result.checks = b.checks;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cert, input, Options};

    fn parsed(files: &[&str]) -> Vec<ParsedCert> {
        let mut bundle = Vec::new();
        for name in files {
            let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
            bundle.extend(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
        }
        let options = Options::at(1_767_225_600);
        cert::parse_all(&input::read(&bundle, &options).objects, options.now_unix)
    }

    #[test]
    fn only_the_chain_links_are_checked() {
        // The good chain, then three more leaves of the same issuing CA (each file carries its CA
        // and root again, as duplicates): only the three links of the chain get checked.
        let certs = parsed(&["chain-good.pem", "expired.pem", "noeku.pem", "notyet.pem"]);
        assert_eq!(certs.len(), 12);
        let chain = build(&certs);
        assert_eq!(chain.chain, vec![0, 1, 2]);
        assert!(chain
            .links
            .iter()
            .all(|l| l.status == SignatureStatus::Verified));
        assert_eq!(chain.checks, 3);
        let unrelated = chain
            .roles
            .iter()
            .filter(|r| **r == Role::Unrelated)
            .count();
        assert_eq!(unrelated, 3);
    }

    #[test]
    fn several_candidate_issuers_are_told_apart_by_their_signatures() {
        // Two CAs with the issuer's name: the one that signed the leaf is chosen, whichever
        // comes first in the bundle.
        let certs = parsed(&["chain-cross-signed.pem"]);
        let chain = build(&certs);
        assert!(chain
            .links
            .iter()
            .all(|l| l.status == SignatureStatus::Verified));
        assert!(chain.checks > chain.links.len());
    }
}
