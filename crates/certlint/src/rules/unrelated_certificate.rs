//! A certificate that neither is the leaf nor issues any certificate of the chain.

use crate::model::Role;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "unrelated_certificate",
    severity: Severity::Warning,
    title: "Certificate not part of the chain",
    citation: "RFC 8446 §4.4.2 (certificates not in the path should not be sent); SAP API Management truststore",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let alternates: Vec<usize> = ctx
        .chain
        .alternates
        .iter()
        .chain(&ctx.chain.false_issuers)
        .map(|(a, _)| *a)
        .collect();
    ctx.unique()
        .filter(|(i, c)| c.view.role == Role::Unrelated && !alternates.contains(i))
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::UnrelatedCertificate {
                    certificate: ctx.name(c),
                    expired: c.not_after < ctx.options.now_unix,
                },
            )
        })
        .collect()
}
