//! A certificate of version 1 or 2 in the path other than the self-signed trust anchor. It cannot
//! carry the extensions the path needs (basicConstraints for a CA, RFC 5280 §6.1.4 (k)); validators
//! refuse it (rustls-webpki `UnsupportedCertVersion`).

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "old_version_in_path",
    severity: Severity::Error,
    title: "Version 1 or 2 certificate in the path",
    citation: "RFC 5280 §4.1.2.1 (v3 when extensions are used) and §6.1.4 (k); rustls-webpki UnsupportedCertVersion",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain_certs()
        .filter(|(i, c)| c.view.version < 3 && !ctx.is_trust_anchor(*i))
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::OldVersionInPath {
                    certificate: ctx.name(c),
                    version: c.view.version,
                },
            )
        })
        .collect()
}
