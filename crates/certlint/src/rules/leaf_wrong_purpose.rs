//! The client certificate must be usable for TLS client authentication. Not applied when the leaf is a CA (leaf_is_ca says so).

use crate::report::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "leaf_missing_client_auth",
    severity: Severity::Error,
    title: "Client certificate without clientAuth extended key usage",
    citation: "RFC 5280 §4.2.1.12 (id-kp-clientAuth); SAP API Management: client certificates need Extended Key Usage TLS Web Client Authentication",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let Some(leaf) = ctx.leaf() else {
        return Vec::new();
    };
    if leaf.view.basic_constraints.is_some_and(|bc| bc.ca) {
        return Vec::new();
    }
    let message = match leaf.eku_client_auth {
        Some(true) => return Vec::new(),
        Some(false) if leaf.eku_any => return Vec::new(),
        Some(false) => format!(
            "client certificate {} has extended key usage {} but not clientAuth",
            ctx.describe(leaf),
            leaf.view.extended_key_usage.join(", ")
        ),
        None => format!(
            "client certificate {} has no extended key usage extension; clientAuth is required",
            ctx.describe(leaf)
        ),
    };
    vec![Draft::on(leaf, message)]
}
