//! The chain does not end at a self-signed root.

use crate::chain::Budget;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "missing_root",
    severity: Severity::Warning,
    title: "Root certificate missing",
    citation: "SAP API Management: the truststore needs the client, intermediate and root certificates; RFC 5280 §6.1.1 (d) (trust anchor)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let Some(top) = ctx.chain.chain.last().and_then(|&i| ctx.cert(i)) else {
        return Vec::new();
    };
    // A search that gave up says so itself (path_search_budget_exhausted).
    if matches!(
        ctx.chain.search.budget_exhausted,
        Some(Budget::SignatureChecks | Budget::BuildSteps)
    ) {
        return Vec::new();
    }
    if ctx.chain.root_present || ctx.chain.cycle || !ctx.stranded_cas().is_empty() {
        // A gap in the middle is reported by missing_issuer.
        return Vec::new();
    }
    vec![Draft::on(
        top,
        Reason::MissingRoot {
            certificate: ctx.name(top),
            issuer: top.view.issuer.clone(),
        },
    )]
}
