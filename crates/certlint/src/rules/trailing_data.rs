//! Bytes after the last DER object that are not a certificate: ignored.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "trailing_data",
    severity: Severity::Info,
    title: "Trailing bytes after the certificate",
    citation: "X.690 §8.1 (one encoding per object); RFC 5280 §4.1",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| matches!(e, ReadError::TrailingData { .. }))
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
