//! A name (subject or subject alternative name) of a certificate in the path lies outside the
//! permitted subtrees, or inside an excluded subtree, of a CA above it (RFC 5280 §4.2.1.10,
//! §6.1.3 (b), (c)). Processed forms: dNSName, iPAddress, rfc822Name, directoryName.

use crate::model::{Reason, Severity};
use crate::names::NameCheck;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "name_constraints_violated",
    severity: Severity::Error,
    title: "Name outside the issuer's name constraints",
    citation: "RFC 5280 §4.2.1.10 (name constraints) and §6.1.3 (b), (c)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let path: Vec<_> = ctx.chain_certs().map(|(_, c)| c).collect();
    ctx.chain
        .search
        .names
        .violations
        .iter()
        .filter_map(|v| {
            let NameCheck::NotPermitted {
                cert,
                by,
                name,
                excluded,
            } = v
            else {
                return None;
            };
            let (c, ca) = (path.get(*cert)?, path.get(*by)?);
            Some(Draft::on(
                c,
                Reason::NameNotPermitted {
                    certificate: ctx.name(c),
                    name: name.to_string(),
                    excluded: *excluded,
                    constrained_by: ctx.name(ca),
                },
            ))
        })
        .collect()
}
