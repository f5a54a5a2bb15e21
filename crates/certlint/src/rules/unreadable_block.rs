//! A block that cannot be decoded: missing END line, bad base64, or not a valid certificate. The other blocks are still analysed.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "unreadable_block",
    severity: Severity::Error,
    title: "Corrupt or truncated block",
    citation: "RFC 7468 §2–3 (PEM framing and base64); RFC 5280 §4.1 (certificate structure)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| {
            matches!(
                e,
                ReadError::Truncated { .. }
                    | ReadError::BadBase64 { .. }
                    | ReadError::BadCertificate { .. }
                    | ReadError::BadPkcs7 { .. }
            )
        })
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
