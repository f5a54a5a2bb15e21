//! A CA certificate of the path (root or intermediate) whose basicConstraints extension is present
//! but not marked critical. RFC 5280 §4.2.1.9: "Conforming CAs MUST include this extension in all
//! CA certificates that contain public keys used to validate digital signatures on certificates
//! and MUST mark the extension as critical in such certificates." OpenSSL's strict verification
//! (`-x509_strict`, X509_V_ERR_CA_BCONS_NOT_CRITICAL) rejects it; rustls-webpki and Go do not look
//! at the flag. The engine sides with the RFC's MUST: an error.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "ca_basic_constraints_not_critical",
    severity: Severity::Error,
    title: "CA certificate's basicConstraints not critical",
    citation: "RFC 5280 §4.2.1.9 (MUST mark the extension as critical in CA certificates); OpenSSL -x509_strict",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let len = ctx.chain.chain.len();
    ctx.chain_certs()
        .enumerate()
        // Issuers of the path, and a lone root.
        .filter(|(k, (i, _))| *k > 0 || (len == 1 && ctx.is_trust_anchor(*i)))
        .filter(|(_, (_, c))| c.is_ca() && c.basic_constraints_critical == Some(false))
        .map(|(_, (_, c))| {
            Draft::on(
                c,
                Reason::CaBasicConstraintsNotCritical {
                    certificate: ctx.name(c),
                },
            )
        })
        .collect()
}
