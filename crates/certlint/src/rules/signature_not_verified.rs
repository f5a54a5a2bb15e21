//! A chain link whose issuer is in the bundle but whose signature could not be checked (unsupported algorithm or key). It is not a pass.

use crate::model::{Reason, Severity};
use crate::model::SignatureStatus;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "signature_not_verified",
    severity: Severity::Warning,
    title: "Signature not verified",
    citation: "RFC 5280 §6.1.3 (a)(1); CA/B Forum BR §7.1.3.2 (supported algorithms)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain
        .links
        .iter()
        .filter(|l| l.issuer.is_some())
        .filter_map(|l| {
            let SignatureStatus::NotVerified(problem) = &l.status else {
                return None;
            };
            let c = ctx.cert(l.child)?;
            Some(Draft::on(
                c,
                Reason::SignatureNotVerified {
                    certificate: ctx.name(c),
                    problem: problem.clone(),
                },
            ))
        })
        .collect()
}
