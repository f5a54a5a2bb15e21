//! Builds the chain leaf → root from the certificates of a bundle as a path validator does
//! (RFC 5280 §6.1, RFC 4158): issuers are found by name (exact DER, then normalised text) and key
//! identifiers (AKI/SKI), tried in order of promise (RFC 4158 §3.5: matching key identifiers, in
//! their validity period, self-signed, CA), depth first with backtracking. The first path that
//! validates (signatures, validity, CA constraints, critical extensions, name constraints) ends
//! the search; when none does, the path with the fewest problems is chosen and the others are
//! kept with their reasons for the report.
//!
//! The work is bounded like rustls-webpki's `build_chain_inner` (`Budget` in its
//! `src/verify_cert.rs`): at most [`MAX_SIGNATURE_CHECKS`] signature checks and
//! [`MAX_BUILD_STEPS`] search steps, paths of at most [`MAX_CHAIN`] certificates, no certificate
//! (nor the same name and key, RFC 4158 §5.2) twice in a path. The leaf is chosen without
//! signature checks, so a bundle of many certificates unrelated to the chain costs none for them.

use crate::cert::ParsedCert;
use crate::model::{PathProblem, Purpose, Role, SignatureProblem, SignatureStatus};
use crate::names::{self, NameCheck};
use crate::verify::{self, host::HostVerdicts};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::rc::Rc;

/// Signature checks one search may make: rustls-webpki's `Budget::signatures`.
pub const MAX_SIGNATURE_CHECKS: usize = 100;
/// Search steps (a certificate added to a path): rustls-webpki's `build_chain_calls`, from
/// mozilla::pkix.
pub const MAX_BUILD_STEPS: usize = 200_000;
/// A bound on chain length (RFC 5280 sets none; real chains have fewer than ten).
pub const MAX_CHAIN: usize = 32;
/// Rejected paths kept for the report.
const MAX_REJECTED: usize = 16;
/// Candidate issuers outside the path whose signature is checked afterwards, to tell an
/// alternative issuer from an unrelated certificate.
const MAX_ALTERNATE_CHECKS: usize = 8;

#[derive(Debug, Clone)]
pub struct LinkResult {
    pub child: usize,
    pub issuer: Option<usize>,
    pub status: SignatureStatus,
}

/// Why a path does not validate, with certificates as indexes into the certificate list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    BrokenSignature {
        child: usize,
        issuer: usize,
    },
    SignatureNotVerified {
        child: usize,
        issuer: usize,
    },
    Expired(usize),
    NotYetValid(usize),
    IssuerNotCa(usize),
    IssuerWithoutKeyCertSign(usize),
    PathLengthExceeded(usize),
    UnknownCriticalExtension(usize),
    OldVersion(usize),
    /// The extendedKeyUsage does not allow the purpose.
    WrongPurpose(usize),
    NameNotPermitted {
        cert: usize,
        by: usize,
    },
    NameConstraintsUnprocessable {
        cert: usize,
        by: usize,
    },
    /// The top's issuers are all in the path already.
    Loop(usize),
    /// The top is not self-signed and its issuer is not in the bundle.
    NoRoot(usize),
    TooLong,
}

impl Problem {
    /// The problem in report form, certificates by position (`pos` maps an index to it).
    pub fn to_model(&self, pos: &impl Fn(usize) -> Option<usize>) -> Option<PathProblem> {
        Some(match self {
            Problem::BrokenSignature { child, issuer } => PathProblem::BrokenSignature {
                child: pos(*child)?,
                issuer: pos(*issuer)?,
            },
            Problem::SignatureNotVerified { child, issuer } => PathProblem::SignatureNotVerified {
                child: pos(*child)?,
                issuer: pos(*issuer)?,
            },
            Problem::Expired(i) => PathProblem::Expired {
                certificate: pos(*i)?,
            },
            Problem::NotYetValid(i) => PathProblem::NotYetValid {
                certificate: pos(*i)?,
            },
            Problem::IssuerNotCa(i) => PathProblem::IssuerNotCa {
                certificate: pos(*i)?,
            },
            Problem::IssuerWithoutKeyCertSign(i) => PathProblem::IssuerWithoutKeyCertSign {
                certificate: pos(*i)?,
            },
            Problem::PathLengthExceeded(i) => PathProblem::PathLengthExceeded {
                certificate: pos(*i)?,
            },
            Problem::UnknownCriticalExtension(i) => PathProblem::UnknownCriticalExtension {
                certificate: pos(*i)?,
            },
            Problem::OldVersion(i) => PathProblem::OldVersion {
                certificate: pos(*i)?,
            },
            Problem::WrongPurpose(i) => PathProblem::WrongPurpose {
                certificate: pos(*i)?,
            },
            Problem::NameNotPermitted { cert, by } => PathProblem::NameNotPermitted {
                certificate: pos(*cert)?,
                constrained_by: pos(*by)?,
            },
            Problem::NameConstraintsUnprocessable { cert, by } => {
                PathProblem::NameConstraintsUnprocessable {
                    certificate: pos(*cert)?,
                    constrained_by: pos(*by)?,
                }
            }
            Problem::Loop(i) => PathProblem::Loop {
                certificate: pos(*i)?,
            },
            Problem::NoRoot(i) => PathProblem::NoRoot {
                certificate: pos(*i)?,
            },
            Problem::TooLong => PathProblem::TooLong,
        })
    }

    /// Problems that make a validator refuse the path; the others leave it usable.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            Problem::SignatureNotVerified { .. } | Problem::NoRoot(_)
        )
    }
}

/// Which bound stopped the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    SignatureChecks,
    BuildSteps,
    NameComparisons,
}

/// A complete path the search considered and did not choose.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub chain: Vec<usize>,
    pub problems: Vec<Problem>,
}

/// How the chain was found.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The chosen path validates.
    pub valid: bool,
    pub paths_considered: usize,
    pub budget_exhausted: Option<Budget>,
    /// The problems of the chosen path.
    pub problems: Vec<Problem>,
    /// Other complete paths, best first (at most [`MAX_REJECTED`]).
    pub rejected: Vec<Rejected>,
    /// The name-constraint check of the chosen path (indexes into the path, leaf first), made
    /// once here for the rules that report it.
    pub names: names::Outcome,
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
    /// intermediates, re-issued roots): (alternative issuer, chain certificate).
    pub alternates: Vec<(usize, usize)>,
    /// Certificates outside the chain with the name of a chain certificate's issuer whose
    /// signature does not verify: (candidate, chain certificate).
    pub false_issuers: Vec<(usize, usize)>,
    /// The chain came back to a certificate already in it.
    pub cycle: bool,
    /// How many signatures were checked to build it.
    pub checks: usize,
    pub search: Search,
}

struct Index<'a> {
    by_raw: HashMap<&'a [u8], Vec<usize>>,
    by_norm: HashMap<&'a str, Vec<usize>>,
    by_ski: HashMap<&'a [u8], Vec<usize>>,
}

fn ids_agree(child: &ParsedCert, issuer: &ParsedCert) -> bool {
    match (&child.aki, &issuer.ski) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    }
}

/// How good a complete path is, lower is better: errors, not anchored, warnings, length.
type Score = (usize, bool, usize, usize);

struct Searcher<'a> {
    certs: &'a [ParsedCert],
    /// Signatures the host verified before the analysis (`verify/host.rs`).
    host: &'a HostVerdicts,
    now: i64,
    purpose: Purpose,
    self_signed: &'a [bool],
    index: Index<'a>,
    candidates: HashMap<usize, Rc<[usize]>>,
    cache: HashMap<(usize, usize), SignatureStatus>,
    checks: usize,
    steps: usize,
    best: Option<(Vec<usize>, Vec<Problem>, Score)>,
    rejected: Vec<Rejected>,
    paths_considered: usize,
    exhausted: Option<Budget>,
    found_valid: bool,
    /// The certificate the path looped back to, per complete path top (for the link).
    loops: HashMap<usize, usize>,
}

impl<'a> Searcher<'a> {
    fn cert(&self, i: usize) -> Option<&'a ParsedCert> {
        self.certs.get(i)
    }

    fn is_self_signed(&self, i: usize) -> bool {
        self.self_signed.get(i).copied().unwrap_or(false)
    }

    fn in_validity(&self, i: usize) -> bool {
        self.cert(i)
            .is_some_and(|c| c.not_before <= self.now && self.now <= c.not_after)
    }

    /// Certificates that may have issued `i`, by name (or, failing that, key identifier).
    fn named_issuers(&self, i: usize) -> Vec<usize> {
        let mut list: Vec<usize> = Vec::new();
        let Some(c) = self.cert(i) else {
            return list;
        };
        let named = self
            .index
            .by_raw
            .get(c.issuer_raw.as_slice())
            .into_iter()
            .chain(self.index.by_norm.get(c.issuer_norm.as_str()))
            .flatten();
        let mut seen = HashSet::new();
        for &j in named {
            if j != i && seen.insert(j) && self.cert(j).is_some_and(|x| ids_agree(c, x)) {
                list.push(j);
            }
        }
        if list.is_empty() {
            // Names may be encoded differently in a broken CA: fall back to the key identifier.
            if let Some(aki) = &c.aki {
                for &j in self.index.by_ski.get(aki.as_slice()).into_iter().flatten() {
                    if j != i && seen.insert(j) {
                        list.push(j);
                    }
                }
            }
        }
        list
    }

    /// Candidate issuers of `i`, most promising first (RFC 4158 §3.5), computed once.
    fn candidates_of(&mut self, i: usize) -> Rc<[usize]> {
        if let Some(list) = self.candidates.get(&i) {
            return Rc::clone(list);
        }
        let mut list = self.named_issuers(i);
        let aki = self.cert(i).and_then(|c| c.aki.as_ref());
        list.sort_by_cached_key(|&j| {
            let x = self.cert(j);
            let ids_match =
                matches!((aki, x.and_then(|x| x.ski.as_ref())), (Some(a), Some(s)) if a == s);
            (
                !ids_match,
                !self.in_validity(j),
                !self.is_self_signed(j),
                !x.is_some_and(ParsedCert::is_ca),
                j,
            )
        });
        let list: Rc<[usize]> = list.into();
        self.candidates.insert(i, Rc::clone(&list));
        list
    }

    /// The signature of `child` by `issuer`, checked once; `None` when the budget is spent.
    fn check(&mut self, child: usize, issuer: usize) -> Option<SignatureStatus> {
        if let Some(s) = self.cache.get(&(child, issuer)) {
            return Some(s.clone());
        }
        if self.checks >= MAX_SIGNATURE_CHECKS {
            self.exhausted = Some(Budget::SignatureChecks);
            return None;
        }
        Some(self.check_always(child, issuer))
    }

    /// A check outside the search's budget (the links of the chosen path, a few alternatives).
    fn check_always(&mut self, child: usize, issuer: usize) -> SignatureStatus {
        if let Some(s) = self.cache.get(&(child, issuer)) {
            return s.clone();
        }
        self.checks += 1;
        let status = match (self.cert(child), self.cert(issuer)) {
            (Some(c), Some(i)) => verify::verify_with(c, i, self.host),
            _ => SignatureStatus::NotVerified(SignatureProblem::NoSuchCertificate),
        };
        self.cache.insert((child, issuer), status.clone());
        status
    }

    /// The same name and key as a certificate already in the path (RFC 4158 §5.2).
    fn repeats(&self, path: &[usize], j: usize) -> bool {
        let Some(c) = self.cert(j) else {
            return true;
        };
        path.iter().any(|&p| {
            p == j
                || self
                    .cert(p)
                    .is_some_and(|x| x.subject_raw == c.subject_raw && x.key == c.key)
        })
    }

    fn dfs(&mut self, path: &mut Vec<usize>) -> ControlFlow<()> {
        self.steps += 1;
        if self.steps > MAX_BUILD_STEPS {
            self.exhausted = Some(Budget::BuildSteps);
            return ControlFlow::Break(());
        }
        let Some(&cur) = path.last() else {
            return ControlFlow::Continue(());
        };
        if self.is_self_signed(cur) {
            return self.complete(path, Ending::Anchor);
        }
        if path.len() >= MAX_CHAIN {
            return self.complete(path, Ending::TooLong);
        }
        let mut extended = false;
        let mut looped_to = None;
        let mut deferred = Vec::new();
        // Issuers whose signature verifies first; the others only when those lead nowhere valid.
        for &j in self.candidates_of(cur).iter() {
            if self.repeats(path, j) {
                looped_to.get_or_insert(j);
                continue;
            }
            let Some(status) = self.check(cur, j) else {
                return ControlFlow::Break(());
            };
            if status != SignatureStatus::Verified {
                deferred.push(j);
                continue;
            }
            extended = true;
            path.push(j);
            let flow = self.dfs(path);
            path.pop();
            flow?;
        }
        for j in deferred {
            extended = true;
            path.push(j);
            let flow = self.dfs(path);
            path.pop();
            flow?;
        }
        if extended {
            return ControlFlow::Continue(());
        }
        match looped_to {
            Some(j) => {
                self.loops.insert(cur, j);
                self.complete(path, Ending::Loop)
            }
            None => self.complete(path, Ending::NoIssuer),
        }
    }

    /// Judges a complete path; ends the search when it validates.
    fn complete(&mut self, path: &[usize], ending: Ending) -> ControlFlow<()> {
        self.paths_considered += 1;
        let problems = self.problems(path, ending);
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let warnings = problems.len() - errors;
        let anchored = ending == Ending::Anchor;
        let score = (errors, !anchored, warnings, path.len());
        let candidate = (path.to_vec(), problems, score);
        let better = self.best.as_ref().is_none_or(|(_, _, s)| score < *s);
        let displaced = if better {
            self.best.replace(candidate)
        } else {
            Some(candidate)
        };
        if let Some((chain, problems, _)) = displaced {
            self.rejected.push(Rejected { chain, problems });
        }
        if errors == 0 && anchored {
            self.found_valid = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    fn problems(&mut self, path: &[usize], ending: Ending) -> Vec<Problem> {
        let mut out = Vec::new();
        let top = path.len().saturating_sub(1);
        for (k, &i) in path.iter().enumerate() {
            let Some(c) = self.cert(i) else { continue };
            if let Some(&issuer) = path.get(k + 1) {
                match self.cache.get(&(i, issuer)) {
                    Some(SignatureStatus::Verified) => {}
                    Some(SignatureStatus::Broken(_)) => {
                        out.push(Problem::BrokenSignature { child: i, issuer })
                    }
                    _ => out.push(Problem::SignatureNotVerified { child: i, issuer }),
                }
            }
            if c.not_after < self.now {
                out.push(Problem::Expired(i));
            } else if c.not_before > self.now {
                out.push(Problem::NotYetValid(i));
            }
            if c.unknown_critical_extensions().next().is_some() {
                out.push(Problem::UnknownCriticalExtension(i));
            }
            let anchor = k == top && ending == Ending::Anchor;
            if c.view.version < 3 && !anchor {
                out.push(Problem::OldVersion(i));
            }
            // rustls-webpki checks the purpose on every certificate but the trust anchor.
            if !anchor && !c.allows(self.purpose) {
                out.push(Problem::WrongPurpose(i));
            }
            if k > 0 && !(anchor && c.view.version < 3) {
                if !c.is_ca() {
                    out.push(Problem::IssuerNotCa(i));
                }
                if c.key_cert_sign == Some(false) {
                    out.push(Problem::IssuerWithoutKeyCertSign(i));
                }
                if let Some(limit) = c.view.basic_constraints.and_then(|bc| bc.path_len) {
                    // RFC 5280 §6.1.4 (l): self-issued intermediates do not count.
                    let below = path
                        .get(1..k)
                        .unwrap_or_default()
                        .iter()
                        .filter(|&&x| self.cert(x).is_some_and(|x| x.subject_raw != x.issuer_raw))
                        .count();
                    if below > limit as usize {
                        out.push(Problem::PathLengthExceeded(i));
                    }
                }
            }
        }
        match ending {
            Ending::Anchor => {
                // A broken self-signature is reported, though a validator trusts the anchor's key.
                if let Some(&root) = path.last() {
                    if let SignatureStatus::Broken(_) = self.check_always(root, root) {
                        out.push(Problem::BrokenSignature {
                            child: root,
                            issuer: root,
                        });
                    }
                }
            }
            Ending::Loop => out.push(Problem::Loop(path.last().copied().unwrap_or(0))),
            Ending::NoIssuer => out.push(Problem::NoRoot(path.last().copied().unwrap_or(0))),
            Ending::TooLong => out.push(Problem::TooLong),
        }
        let certs: Vec<&ParsedCert> = path.iter().filter_map(|&i| self.cert(i)).collect();
        for v in names::check_path(&certs).violations {
            let (NameCheck::NotPermitted { cert, by, .. }
            | NameCheck::Unprocessable { cert, by, .. }) = v;
            let (Some(&cert), Some(&by)) = (path.get(cert), path.get(by)) else {
                continue;
            };
            out.push(match v {
                NameCheck::NotPermitted { .. } => Problem::NameNotPermitted { cert, by },
                NameCheck::Unprocessable { .. } => {
                    Problem::NameConstraintsUnprocessable { cert, by }
                }
            });
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Anchor,
    Loop,
    NoIssuer,
    TooLong,
}

pub fn build(certs: &[ParsedCert], now: i64, purpose: Purpose, host: &HostVerdicts) -> ChainResult {
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

    let mut index = Index {
        by_raw: HashMap::new(),
        by_norm: HashMap::new(),
        by_ski: HashMap::new(),
    };
    for &i in &unique {
        let c = &certs[i];
        index
            .by_raw
            .entry(c.subject_raw.as_slice())
            .or_default()
            .push(i);
        index
            .by_norm
            .entry(c.subject_norm.as_str())
            .or_default()
            .push(i);
        if let Some(ski) = &c.ski {
            index.by_ski.entry(ski.as_slice()).or_default().push(i);
        }
    }
    let self_signed = result.self_signed.clone();
    let mut s = Searcher {
        certs,
        host,
        now,
        purpose,
        self_signed: &self_signed,
        index,
        candidates: HashMap::new(),
        cache: HashMap::new(),
        checks: 0,
        steps: 0,
        best: None,
        rejected: Vec::new(),
        paths_considered: 0,
        exhausted: None,
        found_valid: false,
        loops: HashMap::new(),
    };

    // The leaf issues nothing in the bundle (by name, no signature checked). Prefer an end-entity
    // certificate, then the longest chain by first candidates, then the first in the input.
    let mut issues_something = vec![false; n];
    for &i in &unique {
        if self_signed[i] {
            continue;
        }
        for j in s.named_issuers(i) {
            if let Some(flag) = issues_something.get_mut(j) {
                *flag = true;
            }
        }
    }
    let chain_len = |s: &mut Searcher<'_>, start: usize| -> usize {
        let mut visited = vec![start];
        let mut cur = start;
        while !s.is_self_signed(cur) && visited.len() < MAX_CHAIN {
            let candidates = s.candidates_of(cur);
            let Some(&next) = candidates.iter().find(|j| !visited.contains(j)) else {
                break;
            };
            visited.push(next);
            cur = next;
        }
        visited.len()
    };
    let mut leaf_candidates: Vec<usize> = unique
        .iter()
        .copied()
        .filter(|&i| !issues_something[i])
        .collect();
    if leaf_candidates.is_empty() {
        leaf_candidates = unique.clone();
    }
    let mut leaf = None;
    let mut leaf_key = None;
    for i in leaf_candidates {
        let key = (
            !certs[i].is_ca(),
            chain_len(&mut s, i),
            std::cmp::Reverse(i),
        );
        if leaf_key.as_ref().is_none_or(|k| key > *k) {
            leaf_key = Some(key);
            leaf = Some(i);
        }
    }
    let Some(leaf) = leaf else {
        return result;
    };

    let mut path = vec![leaf];
    let _ = s.dfs(&mut path);
    if s.best.is_none() {
        // The budget ran out before any path was complete: judge the path in progress.
        let ending = if path.len() >= MAX_CHAIN {
            Ending::TooLong
        } else {
            Ending::NoIssuer
        };
        let _ = s.complete(&path, ending);
    }
    let Some((chain, problems, _)) = s.best.take() else {
        return result;
    };
    let top = chain.last().copied().unwrap_or(leaf);
    let anchored = self_signed.get(top).copied().unwrap_or(false);
    result.cycle = problems.iter().any(|p| matches!(p, Problem::Loop(_)));

    for (k, &i) in chain.iter().enumerate() {
        let link = if let Some(&issuer) = chain.get(k + 1) {
            LinkResult {
                child: i,
                issuer: Some(issuer),
                status: s.check_always(i, issuer),
            }
        } else if anchored {
            LinkResult {
                child: i,
                issuer: Some(i),
                status: s.check_always(i, i),
            }
        } else if let Some(&j) = s.loops.get(&i).filter(|_| result.cycle) {
            LinkResult {
                child: i,
                issuer: Some(j),
                status: s.check_always(i, j),
            }
        } else {
            let reason = if s.exhausted.is_some() && !s.found_valid {
                SignatureProblem::SearchBudgetExhausted
            } else {
                SignatureProblem::IssuerNotInBundle
            };
            LinkResult {
                child: i,
                issuer: None,
                status: SignatureStatus::NotVerified(reason),
            }
        };
        result.links.push(link);
    }
    result.root_present = anchored;
    for (k, &i) in chain.iter().enumerate() {
        result.roles[i] = if k == 0 {
            if chain.len() == 1 && anchored && certs[i].is_ca() {
                Role::Root
            } else {
                Role::Leaf
            }
        } else if k + 1 == chain.len() && anchored {
            Role::Root
        } else {
            Role::Intermediate
        };
    }

    // Other issuers of chain certificates: alternatives when their signature verifies, rejected
    // candidates when it does not; and the issuers along the rejected paths.
    let in_chain: HashSet<usize> = chain.iter().copied().collect();
    let mut extra = 0;
    for &i in &chain {
        if self_signed[i] {
            continue;
        }
        for &j in s.candidates_of(i).iter() {
            if in_chain.contains(&j) {
                continue;
            }
            let status = match s.cache.get(&(i, j)) {
                Some(status) => status.clone(),
                None if extra < MAX_ALTERNATE_CHECKS => {
                    extra += 1;
                    s.check_always(i, j)
                }
                None => continue,
            };
            let list = if status == SignatureStatus::Verified {
                &mut result.alternates
            } else {
                &mut result.false_issuers
            };
            if !list.contains(&(j, i)) {
                list.push((j, i));
            }
        }
    }
    // Certificates with the issuer's name whose key identifier says they did not sign (those
    // left unchecked by an exhausted search stay unrelated: nothing is known of them).
    for &i in &chain {
        let Some(c) = certs.get(i) else { continue };
        if self_signed.get(i).copied().unwrap_or(false) {
            continue;
        }
        let candidates = s.candidates_of(i);
        let named = s
            .index
            .by_raw
            .get(c.issuer_raw.as_slice())
            .into_iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>();
        for j in named {
            if j != i
                && !in_chain.contains(&j)
                && !candidates.contains(&j)
                && !result.alternates.contains(&(j, i))
                && !result.false_issuers.contains(&(j, i))
            {
                result.false_issuers.push((j, i));
            }
        }
    }
    for r in &s.rejected {
        for pair in r.chain.windows(2) {
            if let [child, issuer] = *pair {
                let verified = s.cache.get(&(child, issuer)) == Some(&SignatureStatus::Verified);
                if verified
                    && !in_chain.contains(&issuer)
                    && !result.alternates.contains(&(issuer, child))
                {
                    result.alternates.push((issuer, child));
                }
            }
        }
    }

    let mut rejected = std::mem::take(&mut s.rejected);
    rejected.sort_by_key(|r| {
        let errors = r.problems.iter().filter(|p| p.is_error()).count();
        (errors, r.problems.len(), r.chain.len())
    });
    rejected.truncate(MAX_REJECTED);
    let path_certs: Vec<&ParsedCert> = chain.iter().filter_map(|&i| certs.get(i)).collect();
    let names = names::check_path(&path_certs);
    result.search = Search {
        valid: s.found_valid,
        paths_considered: s.paths_considered,
        budget_exhausted: if names.budget_exhausted {
            Some(Budget::NameComparisons)
        } else if s.found_valid {
            None
        } else {
            s.exhausted
        },
        problems,
        rejected,
        names,
    };
    result.chain = chain;
    result.checks = s.checks;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{fixture, NOW};
    use crate::{cert, input, Options};

    fn parsed(files: &[&str]) -> Vec<ParsedCert> {
        let bundle: Vec<u8> = files.iter().flat_map(|name| fixture(name)).collect();
        let options = Options::at(NOW);
        cert::parse_all(&input::read(&bundle, &options).objects, options.now_unix)
            .into_iter()
            .filter_map(Result::ok)
            .collect()
    }

    #[test]
    fn only_the_chain_links_are_checked() {
        // The good chain, then three more leaves of the same issuing CA (each file carries its CA
        // and root again, as duplicates): only the three links of the chain get checked.
        let certs = parsed(&["chain-good.pem", "expired.pem", "noeku.pem", "notyet.pem"]);
        assert_eq!(certs.len(), 12);
        let chain = build(&certs, NOW, Purpose::default(), &HostVerdicts::default());
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
        let chain = build(&certs, NOW, Purpose::default(), &HostVerdicts::default());
        assert!(chain
            .links
            .iter()
            .all(|l| l.status == SignatureStatus::Verified));
        assert!(chain.checks > chain.links.len());
    }
}
