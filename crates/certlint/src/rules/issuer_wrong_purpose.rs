//! An intermediate of the path whose extendedKeyUsage does not allow the truststore's purpose.
//! RFC 5280 §4.2.1.12 defines the extension for end entities only, but validators apply it to
//! every certificate of the path below the trust anchor: rustls-webpki checks it in
//! `check_issuer_independent_properties` for issuers too, and Go's crypto/x509 requires the
//! purposes to nest. Such a path is refused for that purpose.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "issuer_wrong_purpose",
    severity: Severity::Error,
    title: "Intermediate's extended key usage does not allow the truststore's purpose",
    citation: "RFC 5280 §4.2.1.12; rustls-webpki (EKU checked on every certificate below the anchor); Go crypto/x509 (nested EKUs)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let purpose = ctx.options.purpose;
    ctx.chain_certs()
        .skip(1)
        .filter(|(i, c)| !ctx.is_trust_anchor(*i) && !c.allows(purpose))
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::IssuerWrongPurpose {
                    certificate: ctx.name(c),
                    extended_key_usage: c.view.extended_key_usage.clone(),
                    purpose,
                },
            )
        })
        .collect()
}
