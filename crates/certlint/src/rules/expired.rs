//! A certificate of the chosen path whose notAfter is before now. Certificates outside the path
//! are not validated; unrelated_certificate and alternate_issuer say when they have expired.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "expired",
    severity: Severity::Error,
    title: "Certificate expired",
    citation: "RFC 5280 §4.1.2.5 and §6.1.3 (a)(2) (validity period)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let now = ctx.options.now_unix;
    ctx.chain_certs()
        .filter(|(_, c)| c.not_after < now)
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::Expired {
                    certificate: ctx.name(c),
                    not_after: c.view.not_after.clone(),
                    days_ago: c.view.days_left.saturating_neg(),
                },
            )
        })
        .collect()
}
