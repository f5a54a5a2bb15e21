//! The path search stopped at its bound (signature checks or search steps, the bounds of
//! rustls-webpki's `Budget`) before it found a path that validates. A validator gives up the same
//! way (`MaximumSignatureChecksExceeded`, `MaximumPathBuildCallsExceeded`), so the bundle is
//! refused: typically many certificates sharing one issuer name, or a mesh of cross-signatures.

use crate::chain::{Budget, MAX_BUILD_STEPS, MAX_SIGNATURE_CHECKS};
use crate::model::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "path_search_budget_exhausted",
    severity: Severity::Error,
    title: "Path search gave up",
    citation: "RFC 4158 §5 (bounded path building); rustls-webpki Budget (100 signature checks, 200 000 build calls)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let what = match ctx.chain.search.budget_exhausted {
        Some(Budget::SignatureChecks) => format!("{MAX_SIGNATURE_CHECKS} signature checks"),
        Some(Budget::BuildSteps) => format!("{MAX_BUILD_STEPS} search steps"),
        Some(Budget::NameComparisons) | None => return Vec::new(),
    };
    let leaf = ctx.leaf().map(|c| c.view.position);
    vec![Draft::at(
        leaf,
        format!(
            "the search for a valid path stopped after {what} ({} paths judged) without finding one; the bundle offers too many candidate issuers, and a validator gives up the same way",
            ctx.chain.search.paths_considered
        ),
    )]
}
