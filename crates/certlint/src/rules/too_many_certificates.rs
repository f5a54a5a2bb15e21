//! Inputs with more certificates (or blocks) than the limit are refused.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "too_many_certificates",
    severity: Severity::Error,
    title: "Too many certificates or blocks",
    citation: "Engine limit (Options::max_certificates)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| {
            matches!(
                e,
                ReadError::TooManyCertificates { .. } | ReadError::TooManyObjects { .. }
            )
        })
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
