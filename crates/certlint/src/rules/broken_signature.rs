//! A chain link (or a root's self-signature) whose signature does not verify with the issuer's key.

use crate::model::Severity;
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
            let SignatureStatus::Broken(reason) = &l.status else {
                return None;
            };
            let c = ctx.cert(l.child)?;
            let by = match l.issuer.and_then(|i| ctx.cert(i)) {
                Some(i) if i.view.position == c.view.position => "itself".to_string(),
                Some(i) => ctx.describe(i),
                None => "its issuer".to_string(),
            };
            Some(Draft::on(
                c,
                format!(
                    "the signature of {} by {by} is broken: {reason}",
                    ctx.describe(c)
                ),
            ))
        })
        .collect()
}
