//! A certificate outside the chain that also validly issues a certificate of a considered path
//! (a cross-signed intermediate, a re-issued root), with why the chain does not go through it; or
//! one that bears the name of a chain certificate's issuer but did not sign it.

use crate::model::{NotChosen, Reason, Severity};
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
            Reason::FalseIssuer {
                certificate: ctx.name(o),
                child: ctx.name(c),
            },
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
                Reason::AlternateIssuer {
                    certificate: ctx.name(a),
                    child: ctx.name(c),
                    not_chosen: why_not(ctx, alt),
                },
            ))
        })
        .chain(false_issuers)
        .collect()
}

/// Why the path through `alt` was not chosen, from the search's rejected paths.
fn why_not(ctx: &Context<'_>, alt: usize) -> NotChosen {
    let rejected = ctx
        .chain
        .search
        .rejected
        .iter()
        .find(|r| r.chain.contains(&alt));
    let pos = |i: usize| ctx.cert(i).map(|c| c.view.position);
    match rejected {
        Some(r) => {
            let problems: Vec<_> = r.problems.iter().filter_map(|p| p.to_model(&pos)).collect();
            if problems.is_empty() {
                NotChosen::NoBetter
            } else {
                NotChosen::PathProblems { problems }
            }
        }
        None if ctx
            .cert(alt)
            .is_some_and(|a| a.not_after < ctx.options.now_unix) =>
        {
            NotChosen::Expired
        }
        None if ctx.chain.search.valid => NotChosen::ValidPathWithout,
        None => NotChosen::ChosenHasFewerProblems,
    }
}
