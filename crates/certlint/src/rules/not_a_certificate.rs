//! A recognised object that is not a certificate, uploaded by mistake: ignored.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "not_a_certificate",
    severity: Severity::Warning,
    title: "Not a certificate (CRL, CSR, public key…)",
    citation: "RFC 7468 §5–13 (PEM labels); RFC 5280 §5 (CRL); RFC 2986 (CSR)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| matches!(e, ReadError::NotACertificate { .. }))
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
