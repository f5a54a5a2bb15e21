//! A certificate outside the chain that also validly issues a chain certificate: typically a cross-signed intermediate. The chain uses the path that reaches a root in the bundle.

use crate::report::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "alternate_issuer",
    severity: Severity::Info,
    title: "Alternative (cross-signed) issuer",
    citation: "RFC 4158 §2.3 (cross-certificates); RFC 5280 §6.1",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain
        .alternates
        .iter()
        .filter_map(|&(alt, child)| {
            let a = ctx.cert(alt)?;
            let c = ctx.cert(child)?;
            Some(Draft::on(
                a,
                format!(
                    "certificate {} also issues {} (cross-signed); the chain goes through the issuer that reaches a root in the bundle",
                    ctx.describe(a),
                    ctx.describe(c)
                ),
            ))
        })
        .collect()
}
