//! A certificate of the chosen path whose notBefore is after now (certificates outside the path
//! are not validated).

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "not_yet_valid",
    severity: Severity::Error,
    title: "Certificate not yet valid",
    citation: "RFC 5280 §4.1.2.5 and §6.1.3 (a)(2) (validity period)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let now = ctx.options.now_unix;
    ctx.chain_certs()
        .filter(|(_, c)| c.not_before > now)
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::NotYetValid {
                    certificate: ctx.name(c),
                    not_before: c.view.not_before.clone(),
                },
            )
        })
        .collect()
}
