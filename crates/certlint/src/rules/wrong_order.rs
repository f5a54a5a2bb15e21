//! The chain's certificates do not appear leaf first, each followed by its issuer. `fixed_pem` has them in order.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "wrong_order",
    severity: Severity::Warning,
    title: "Certificates in the wrong order",
    citation: "RFC 8446 §4.4.2 and RFC 5246 §7.4.2 (each certificate followed by its issuer); SAP API Management: client, intermediate, root",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let positions: Vec<usize> = ctx.chain_certs().map(|(_, c)| c.view.position).collect();
    if positions.windows(2).all(|w| matches!(w, [a, b] if a < b)) {
        return Vec::new();
    }
    vec![Draft::at(None, Reason::WrongOrder { order: positions })]
}
