//! Inputs over the size limit are refused before being read, so a huge upload cannot stall the page.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "input_too_large",
    severity: Severity::Error,
    title: "Input over the size limit",
    citation: "Engine limit (Options::max_input_bytes)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| matches!(e, ReadError::TooLarge { .. }))
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
