//! The client certificate signs itself and is not a CA: every client certificate must then be trusted one by one.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "self_signed_end_entity",
    severity: Severity::Warning,
    title: "Lone self-signed end-entity certificate",
    citation: "RFC 5280 §3.2 and §6.1 (a self-signed end entity is its own trust anchor); SAP API Management: client certificates issued by a CA",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let Some(&leaf_index) = ctx.chain.chain.first() else {
        return Vec::new();
    };
    let Some(leaf) = ctx.cert(leaf_index) else {
        return Vec::new();
    };
    if ctx.self_signed(leaf_index) && !leaf.view.basic_constraints.is_some_and(|bc| bc.ca) {
        vec![Draft::on(
            leaf,
            Reason::SelfSignedEndEntity {
                certificate: ctx.name(leaf),
            },
        )]
    } else {
        Vec::new()
    }
}
