//! The same certificate appears more than once.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "duplicate_certificate",
    severity: Severity::Warning,
    title: "Duplicate certificate",
    citation: "RFC 8446 §4.4.2 (each certificate once in a chain)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain
        .duplicate_of
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let first = ctx.cert((*d)?)?;
            let c = ctx.cert(i)?;
            Some(Draft::on(
                c,
                Reason::DuplicateCertificate {
                    certificate: ctx.name(c),
                    first: first.view.position,
                },
            ))
        })
        .collect()
}
