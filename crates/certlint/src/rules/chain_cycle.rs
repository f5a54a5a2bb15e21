//! Following issuers leads back to a certificate already in the chain, so no root is reached.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "chain_cycle",
    severity: Severity::Error,
    title: "Issuers form a loop",
    citation: "RFC 4158 §5.2 (loop detection in path building)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    if !ctx.chain.cycle {
        return Vec::new();
    }
    let top = ctx.chain.chain.last().and_then(|&i| ctx.cert(i));
    vec![Draft::at(
        top.map(|c| c.view.position),
        Reason::ChainCycle,
    )]
}
