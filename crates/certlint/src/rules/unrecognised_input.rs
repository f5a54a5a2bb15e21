//! Neither PEM, DER, PKCS#7 nor base64: random bytes or unrelated text.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "unrecognised_input",
    severity: Severity::Error,
    title: "Not a certificate file",
    citation: "RFC 7468 §5 (PEM certificates); RFC 5280 §4.1 (DER); RFC 2315 §9 (PKCS#7)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| matches!(e, ReadError::Unrecognised { .. }))
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
