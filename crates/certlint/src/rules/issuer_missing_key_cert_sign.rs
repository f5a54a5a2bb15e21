//! An issuer whose keyUsage extension is present must assert keyCertSign.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "issuer_missing_key_cert_sign",
    severity: Severity::Error,
    title: "Issuer key usage lacks keyCertSign",
    citation: "RFC 5280 §4.2.1.3 (keyCertSign) and §6.1.4 (n)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.chain_certs()
        .skip(1)
        .filter(|(_, c)| c.key_cert_sign == Some(false))
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::IssuerWithoutKeyCertSign {
                    certificate: ctx.name(c),
                    key_usage: c.view.key_usage.clone(),
                },
            )
        })
        .collect()
}
