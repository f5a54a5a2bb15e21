//! The path search stopped at its bound (signature checks or search steps, the bounds of
//! rustls-webpki's `Budget`) before it found a path that validates. A validator gives up the same
//! way (`MaximumSignatureChecksExceeded`, `MaximumPathBuildCallsExceeded`), so the bundle is
//! refused: typically many certificates sharing one issuer name, or a mesh of cross-signatures.

use crate::chain::{Budget, MAX_BUILD_STEPS, MAX_SIGNATURE_CHECKS};
use crate::model::{Reason, SearchBudget, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "path_search_budget_exhausted",
    severity: Severity::Error,
    title: "Path search gave up",
    citation: "RFC 4158 §5 (bounded path building); rustls-webpki Budget (100 signature checks, 200 000 build calls)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let (budget, limit) = match ctx.chain.search.budget_exhausted {
        Some(Budget::SignatureChecks) => (SearchBudget::SignatureChecks, MAX_SIGNATURE_CHECKS),
        Some(Budget::BuildSteps) => (SearchBudget::BuildSteps, MAX_BUILD_STEPS),
        Some(Budget::NameComparisons) | None => return Vec::new(),
    };
    let leaf = ctx.leaf().map(|c| c.view.position);
    vec![Draft::at(
        leaf,
        Reason::PathSearchBudgetExhausted {
            budget,
            limit,
            paths_considered: ctx.chain.search.paths_considered,
        },
    )]
}
