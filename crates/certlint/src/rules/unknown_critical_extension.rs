//! A certificate of the chosen path carries a critical extension the engine does not process.
//! RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a
//! critical extension it does not recognize or a critical extension that contains information
//! that it cannot process." The processed set is [`crate::oids::PROCESSED_EXTENSIONS`] (that of
//! rustls-webpki). Certificates outside the path are not validated, so not judged here.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "unknown_critical_extension",
    severity: Severity::Error,
    title: "Unknown critical extension",
    citation: "RFC 5280 §4.2 (reject a certificate with an unrecognised critical extension) and §6.1.4 (o)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain_certs()
        .filter_map(|(_, c)| {
            let oids: Vec<&str> = c.unknown_critical_extensions().collect();
            (!oids.is_empty()).then(|| {
                Draft::on(
                    c,
                    Reason::UnknownCriticalExtension {
                        certificate: ctx.name(c),
                        oids: oids.into_iter().map(str::to_string).collect(),
                    },
                )
            })
        })
        .collect()
}
