//! A self-signed trust anchor of X.509 version 1 or 2: it is accepted as an anchor (RFC 5280
//! §6.1.1 (d) takes only its name and key), but carries no extensions, so nothing limits it;
//! such roots are deprecated (CA/B Forum BR §7.1.1: v3 only).

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "old_certificate_version",
    severity: Severity::Weak,
    title: "Trust anchor of version 1 or 2",
    citation: "RFC 5280 §4.1.2.1 (v3 when extensions are used) and §6.1.1 (d); CA/B Forum BR §7.1.1 (v3 only)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain_certs()
        .filter(|(i, c)| c.view.version < 3 && ctx.is_trust_anchor(*i))
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::OldTrustAnchorVersion {
                    certificate: ctx.name(c),
                    version: c.view.version,
                },
            )
        })
        .collect()
}
