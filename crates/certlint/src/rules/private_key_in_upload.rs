//! A private key of any kind. Its content is never decoded, kept or echoed: only its position and label are reported.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "private_key_in_upload",
    severity: Severity::Error,
    title: "Private key in a truststore upload",
    citation: "NIST SP 800-57 Part 1 Rev. 5 §6.1.1 (private keys need confidentiality); SAP API Management: a truststore holds certificates only",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| matches!(e, ReadError::PrivateKey { .. }))
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
