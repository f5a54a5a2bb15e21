//! A certificate outside the chain that also validly issues a certificate of a considered path
//! (a cross-signed intermediate, a re-issued root), with why the chain does not go through it; or
//! one that bears the name of a chain certificate's issuer but did not sign it.

use crate::model::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "alternate_issuer",
    severity: Severity::Info,
    title: "Alternative (cross-signed) issuer",
    citation: "RFC 4158 §2.3 (cross-certificates); RFC 5280 §6.1",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let false_issuers = ctx.chain.false_issuers.iter().filter_map(|&(other, child)| {
        let o = ctx.cert(other)?;
        let c = ctx.cert(child)?;
        Some(Draft::on(
            o,
            format!(
                "certificate {} bears the name of the issuer of {} but did not sign it (its key identifier or signature does not match); the chain does not go through it",
                ctx.describe(o),
                ctx.describe(c)
            ),
        ))
    });
    ctx.chain
        .alternates
        .iter()
        .filter_map(|&(alt, child)| {
            let a = ctx.cert(alt)?;
            let c = ctx.cert(child)?;
            Some(Draft::on(
                a,
                format!(
                    "certificate {} also issues {} (cross-signed or re-issued); the chain does not go through it: {}",
                    ctx.describe(a),
                    ctx.describe(c),
                    why_not(ctx, alt)
                ),
            ))
        })
        .chain(false_issuers)
        .collect()
}

/// Why the path through `alt` was not chosen, from the search's rejected paths.
fn why_not(ctx: &Context<'_>, alt: usize) -> String {
    let rejected = ctx
        .chain
        .search
        .rejected
        .iter()
        .find(|r| r.chain.contains(&alt));
    let pos = |i: usize| ctx.cert(i).map(|c| c.view.position);
    match rejected {
        Some(r) => {
            let reasons: Vec<String> = r
                .problems
                .iter()
                .filter_map(|p| p.to_model(&pos))
                .map(|p| p.describe())
                .collect();
            if reasons.is_empty() {
                "the path through it is no better".to_string()
            } else {
                format!("on the path through it, {}", reasons.join("; "))
            }
        }
        None if ctx
            .cert(alt)
            .is_some_and(|a| a.not_after < ctx.options.now_unix) =>
        {
            "it has expired".to_string()
        }
        None if ctx.chain.search.valid => "a valid path was found without it".to_string(),
        None => "the chosen path has fewer problems".to_string(),
    }
}
