//! Name constraints (RFC 5280 §4.2.1.10, applied as in §6.1.3 (b), (c) and §6.1.4 (g)): the
//! permitted and excluded subtrees of each CA of a path limit the subject and subject alternative
//! names of every certificate below it. dNSName, iPAddress (address and mask), rfc822Name and
//! directoryName are processed. A name of another form below a CA that constrains that form
//! cannot be checked, so the path is refused, as rustls-webpki does (and RFC 5280 §4.2.1.10 allows
//! for critical constraints: "process the constraint or reject the certificate").
//!
//! The subject's commonName is not read as a dNSName (as Go since 1.15 and rustls-webpki); an
//! emailAddress attribute of the subject counts as an rfc822Name when there are no SANs.
//!
//! The work is bounded: at most [`MAX_COMPARISONS`] name × subtree comparisons a path (Go's
//! crypto/x509 default, taken over by rustls-webpki's `Budget::name_constraint_comparisons`); a path
//! over it is refused, not accepted.

use crate::cert::{NameConstraints, NameForm, ParsedCert};

/// Name × subtree comparisons a path may take.
pub const MAX_COMPARISONS: usize = 250_000;

/// Why a certificate's names fail the constraints of a CA above it. `cert` and `by` are indexes
/// into the path (leaf first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameCheck {
    /// The name is outside the permitted subtrees or inside an excluded one.
    NotPermitted {
        cert: usize,
        by: usize,
        name: String,
        excluded: bool,
    },
    /// The constraints cannot be applied: a name form the engine does not process, an invalid
    /// iPAddress constraint, or the comparison budget.
    Unprocessable {
        cert: usize,
        by: usize,
        reason: Unprocessable,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unprocessable {
    /// A name of this form meets a constraint on the same form.
    NameForm(&'static str),
    /// An iPAddress constraint that is not an address and a contiguous mask of the same family.
    InvalidIpConstraint,
    /// More than [`MAX_COMPARISONS`] comparisons.
    Budget,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub violations: Vec<NameCheck>,
    pub comparisons: usize,
    pub budget_exhausted: bool,
}

/// Checks the names of every certificate of `path` (leaf first) against the constraints of the
/// CAs above it.
pub fn check_path(path: &[&ParsedCert]) -> Outcome {
    let mut out = Outcome::default();
    if path.iter().all(|c| c.name_constraints.is_none()) {
        return out;
    }
    for (by, ca) in path.iter().enumerate() {
        let Some(nc) = &ca.name_constraints else {
            continue;
        };
        if by == 0 {
            continue;
        }
        for (k, cert) in path.iter().enumerate().take(by) {
            // §6.1.3 (b): a self-issued intermediate is exempt; the leaf never is.
            if k > 0 && cert.subject_raw == cert.issuer_raw {
                continue;
            }
            for name in names_of(cert) {
                if let Err(reason) = check_name(&name, nc, &mut out.comparisons) {
                    let budget = reason == Outcome::budget_marker();
                    out.violations.push(match reason {
                        Failure::Excluded => NameCheck::NotPermitted {
                            cert: k,
                            by,
                            name: describe(&name),
                            excluded: true,
                        },
                        Failure::NotPermitted => NameCheck::NotPermitted {
                            cert: k,
                            by,
                            name: describe(&name),
                            excluded: false,
                        },
                        Failure::Unprocessable(reason) => NameCheck::Unprocessable {
                            cert: k,
                            by,
                            reason,
                        },
                    });
                    if budget {
                        out.budget_exhausted = true;
                        return out;
                    }
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    NotPermitted,
    Excluded,
    Unprocessable(Unprocessable),
}

impl Outcome {
    fn budget_marker() -> Failure {
        Failure::Unprocessable(Unprocessable::Budget)
    }
}

/// The names a certificate presents: its subject (when not empty) and its SANs; without SANs,
/// the emailAddress attributes of the subject count as rfc822Names (RFC 5280 §4.2.1.10).
fn names_of(cert: &ParsedCert) -> Vec<NameForm> {
    let mut names = Vec::with_capacity(cert.san_names.len() + 1);
    if !cert.subject_rdns.is_empty() {
        names.push(NameForm::Directory(cert.subject_rdns.clone()));
    }
    names.extend(cert.san_names.iter().cloned());
    if cert.san_names.is_empty() {
        names.extend(cert.subject_emails.iter().cloned().map(NameForm::Email));
    }
    names
}

fn describe(name: &NameForm) -> String {
    match name {
        NameForm::Dns(s) => format!("DNS:{s}"),
        NameForm::Email(s) => format!("email:{s}"),
        NameForm::Ip(b) => match <[u8; 4]>::try_from(b.as_slice()) {
            Ok(a) => format!("IP:{}", std::net::Ipv4Addr::from(a)),
            Err(_) => match <[u8; 16]>::try_from(b.as_slice()) {
                Ok(a) => format!("IP:{}", std::net::Ipv6Addr::from(a)),
                Err(_) => "IP:(invalid)".into(),
            },
        },
        NameForm::Directory(rdns) => format!(
            "dirName:{}",
            rdns.iter()
                .map(|rdn| rdn.join("+"))
                .collect::<Vec<_>>()
                .join(",")
        ),
        NameForm::Other(kind) => (*kind).to_string(),
    }
}

fn same_form(a: &NameForm, b: &NameForm) -> bool {
    a.kind() == b.kind()
}

/// One name against one CA's constraints (RFC 5280 §4.2.1.10).
fn check_name(
    name: &NameForm,
    nc: &NameConstraints,
    comparisons: &mut usize,
) -> Result<(), Failure> {
    let mut spend = |n: usize| -> Result<(), Failure> {
        *comparisons = comparisons.saturating_add(n);
        if *comparisons > MAX_COMPARISONS {
            Err(Failure::Unprocessable(Unprocessable::Budget))
        } else {
            Ok(())
        }
    };
    // Every subtree is looked at once per name, as rustls-webpki counts.
    spend(nc.permitted.len().saturating_add(nc.excluded.len()))?;
    if let NameForm::Other(kind) = name {
        let constrained = nc
            .permitted
            .iter()
            .chain(&nc.excluded)
            .any(|base| same_form(base, name));
        return if constrained {
            Err(Failure::Unprocessable(Unprocessable::NameForm(kind)))
        } else {
            Ok(())
        };
    }
    for base in nc.excluded.iter().filter(|b| same_form(b, name)) {
        if matches(name, base)? {
            return Err(Failure::Excluded);
        }
    }
    let mut permitted = nc
        .permitted
        .iter()
        .filter(|b| same_form(b, name))
        .peekable();
    if permitted.peek().is_none() {
        return Ok(());
    }
    for base in permitted {
        if matches(name, base)? {
            return Ok(());
        }
    }
    Err(Failure::NotPermitted)
}

fn matches(name: &NameForm, base: &NameForm) -> Result<bool, Failure> {
    Ok(match (name, base) {
        (NameForm::Dns(n), NameForm::Dns(b)) => dns_matches(n, b),
        (NameForm::Email(n), NameForm::Email(b)) => email_matches(n, b),
        (NameForm::Ip(n), NameForm::Ip(b)) => ip_matches(n, b)?,
        (NameForm::Directory(n), NameForm::Directory(b)) => n.starts_with(b),
        _ => false,
    })
}

/// "Any DNS name that can be constructed by simply adding zero or more labels to the left-hand
/// side of the name satisfies the name constraint"; a leading dot (as Go and webpki read it)
/// admits subdomains only.
fn dns_matches(name: &str, base: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let base = base.trim_end_matches('.').to_ascii_lowercase();
    if base.is_empty() {
        return true;
    }
    if base.starts_with('.') {
        return name.ends_with(&base);
    }
    name == base
        || name
            .strip_suffix(&base)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// A mailbox (`a@host`) exactly; a host (`host`): every mailbox at it; a domain (`.domain`):
/// every mailbox at a host in it. Host parts compare case-insensitively.
fn email_matches(name: &str, base: &str) -> bool {
    let Some((local, host)) = name.rsplit_once('@') else {
        return false;
    };
    match base.rsplit_once('@') {
        Some((base_local, base_host)) => {
            local == base_local && host.eq_ignore_ascii_case(base_host)
        }
        None if base.starts_with('.') => host
            .to_ascii_lowercase()
            .ends_with(&base.to_ascii_lowercase()),
        None => host.eq_ignore_ascii_case(base),
    }
}

/// An iPAddress constraint is the address followed by a mask of the same length (RFC 5280
/// §4.2.1.10: 8 octets for IPv4, 32 for IPv6); the mask must be contiguous (rustls-webpki).
fn ip_matches(name: &[u8], base: &[u8]) -> Result<bool, Failure> {
    let invalid = Failure::Unprocessable(Unprocessable::InvalidIpConstraint);
    if base.len() != 8 && base.len() != 32 {
        return Err(invalid);
    }
    let (addr, mask) = base.split_at(base.len() / 2);
    let bits: Vec<bool> = mask
        .iter()
        .flat_map(|b| (0..8).rev().map(move |k| b & (1 << k) != 0))
        .collect();
    if bits.windows(2).any(|w| matches!(w, [false, true])) {
        return Err(invalid);
    }
    if name.len() != addr.len() {
        return Ok(false);
    }
    Ok(name
        .iter()
        .zip(addr)
        .zip(mask)
        .all(|((n, a), m)| n & m == a & m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_constraints_add_labels_on_the_left_only() {
        assert!(dns_matches("ok.test", "ok.test"));
        assert!(dns_matches("www.OK.test.", "ok.test"));
        assert!(!dns_matches("notok.test", "ok.test"));
        assert!(!dns_matches("ok.test", ".ok.test"));
        assert!(dns_matches("a.ok.test", ".ok.test"));
        assert!(dns_matches("anything", ""));
    }

    #[test]
    fn email_constraints_by_mailbox_host_and_domain() {
        assert!(email_matches("boss@ok.test", "boss@OK.test"));
        assert!(!email_matches("Boss@ok.test", "boss@ok.test"));
        assert!(email_matches("a@ok.test", "ok.test"));
        assert!(!email_matches("a@sub.ok.test", "ok.test"));
        assert!(email_matches("a@sub.ok.test", ".ok.test"));
        assert!(!email_matches("a@ok.test", ".ok.test"));
        assert!(!email_matches("no-at-sign", "ok.test"));
    }

    #[test]
    fn ip_constraints_need_an_address_and_a_contiguous_mask() {
        let net = [192, 0, 2, 0, 255, 255, 255, 0];
        assert_eq!(ip_matches(&[192, 0, 2, 77], &net), Ok(true));
        assert_eq!(ip_matches(&[192, 0, 3, 77], &net), Ok(false));
        assert_eq!(ip_matches(&[0; 16], &net), Ok(false));
        assert!(ip_matches(&[192, 0, 2, 1], &[192, 0, 2, 0, 255, 0, 255, 0]).is_err());
        assert!(ip_matches(&[192, 0, 2, 1], &[192, 0, 2, 0]).is_err());
    }

    #[test]
    fn the_budget_refuses_instead_of_accepting() {
        let nc = NameConstraints {
            critical: true,
            permitted: (0..1000)
                .map(|i| NameForm::Dns(format!("c{i}.test")))
                .collect(),
            excluded: Vec::new(),
        };
        let mut comparisons = MAX_COMPARISONS - 10;
        assert_eq!(
            check_name(&NameForm::Dns("c999.test".into()), &nc, &mut comparisons),
            Err(Failure::Unprocessable(Unprocessable::Budget))
        );
        let mut comparisons = 0;
        assert_eq!(
            check_name(&NameForm::Dns("x.c999.test".into()), &nc, &mut comparisons),
            Ok(())
        );
        assert_eq!(comparisons, 1000);
    }
}
