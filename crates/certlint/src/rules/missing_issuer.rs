//! The chain stops at a certificate whose issuer is absent while other CA certificates are present: an intermediate is missing between them.

use crate::chain::Budget;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "missing_issuer",
    severity: Severity::Error,
    title: "Issuer missing in the middle of the chain",
    citation: "RFC 5280 §6.1 (every certificate of the path is needed); SAP API Management: client, intermediate and root certificates",
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
    if ctx.chain.root_present || ctx.chain.cycle {
        return Vec::new();
    }
    let stranded: Vec<usize> = ctx
        .stranded_cas()
        .iter()
        .map(|c| c.view.position)
        .collect();
    if stranded.is_empty() {
        return Vec::new();
    }
    vec![Draft::on(
        top,
        Reason::MissingIssuer {
            certificate: ctx.name(top),
            issuer: top.view.issuer.clone(),
            stranded,
        },
    )]
}
