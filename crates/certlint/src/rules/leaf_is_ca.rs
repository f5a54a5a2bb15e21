//! The first certificate of the chain has CA:TRUE: either the client certificate is missing from the bundle or it was issued as a CA.

use crate::report::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "leaf_is_ca",
    severity: Severity::Warning,
    title: "Leaf certificate is a CA",
    citation: "CA/B Forum BR §7.1.2.7 (subscriber certificates: cA FALSE); RFC 5280 §4.2.1.9",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let Some(leaf) = ctx.leaf() else {
        return Vec::new();
    };
    if leaf.view.basic_constraints.is_some_and(|bc| bc.ca) {
        vec![Draft::on(
            leaf,
            format!(
                "the chain starts at {}, which is a CA certificate: the client certificate is missing or was issued as a CA",
                ctx.describe(leaf)
            ),
        )]
    } else {
        Vec::new()
    }
}
