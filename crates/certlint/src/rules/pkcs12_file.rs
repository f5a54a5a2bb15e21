//! A .p12/.pfx file: it bundles a private key and is refused.

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "pkcs12_file",
    severity: Severity::Error,
    title: "PKCS#12 file",
    citation: "RFC 7292 §4 (PFX holds private keys); SAP API Management: upload certificates in PEM or DER",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.read_errors
        .iter()
        .filter(|e| matches!(e, ReadError::Pkcs12))
        .map(|e| Draft::at(
                e.place().map(|p| p.position),
                Reason::Read { error: e.clone() },
            ))
        .collect()
}
