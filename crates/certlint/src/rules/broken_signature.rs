//! A chain link (or a root's self-signature) whose signature does not verify with the issuer's key.

use crate::model::{Reason, Severity, Signer};
use crate::model::SignatureStatus;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "broken_signature",
    severity: Severity::Error,
    title: "Broken signature",
    citation: "RFC 5280 §6.1.3 (a)(1) (signature verification)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain
        .links
        .iter()
        .filter_map(|l| {
            let SignatureStatus::Broken(problem) = &l.status else {
                return None;
            };
            let c = ctx.cert(l.child)?;
            let by = match l.issuer.and_then(|i| ctx.cert(i)) {
                Some(i) if i.view.position == c.view.position => Signer::Itself,
                Some(i) => Signer::Certificate(ctx.name(i)),
                None => Signer::Unknown,
            };
            Some(Draft::on(
                c,
                Reason::BrokenSignature {
                    certificate: ctx.name(c),
                    by,
                    problem: problem.clone(),
                },
            ))
        })
        .collect()
}
