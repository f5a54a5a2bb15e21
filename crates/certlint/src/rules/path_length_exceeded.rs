//! More intermediate certificates below a CA than its pathLenConstraint allows (self-issued ones not counted).

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "path_length_exceeded",
    severity: Severity::Error,
    title: "Path length constraint exceeded",
    citation: "RFC 5280 §4.2.1.9 (pathLenConstraint) and §6.1.4 (l), (m)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let chain: Vec<_> = ctx.chain_certs().collect();
    let mut out = Vec::new();
    for (k, (_, c)) in chain.iter().enumerate() {
        let Some(limit) = c.view.basic_constraints.and_then(|bc| bc.path_len) else {
            continue;
        };
        // Intermediates strictly between the leaf (index 0) and this CA, not self-issued.
        let below = chain
            .get(1..k)
            .unwrap_or_default()
            .iter()
            .filter(|(_, x)| x.subject_raw != x.issuer_raw)
            .count();
        if below > limit as usize {
            out.push(Draft::on(
                c,
                Reason::PathLengthExceeded {
                    certificate: ctx.name(c),
                    limit,
                    intermediates: below,
                },
            ));
        }
    }
    out
}
