//! The upload holds nothing but whitespace.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "input_empty",
    severity: Severity::Error,
    title: "Empty input",
    citation: "RFC 7468 §2 (textual encodings); RFC 5280 §4.1",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| matches!(e, ReadError::Empty))
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
