//! notAfter is less than 30 days away.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "expiring_soon",
    severity: Severity::Warning,
    title: "Certificate expires within 30 days",
    citation: "RFC 5280 §4.1.2.5 (validity period); SAP API Management: renew truststore certificates before they expire",
};

/// How far ahead expiry is announced.
pub const WINDOW_SECONDS: i64 = 30 * 86_400;

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let now = ctx.options.now_unix;
    ctx.unique()
        .filter(|(_, c)| c.not_after >= now && c.not_after - now < WINDOW_SECONDS)
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::ExpiringSoon {
                    certificate: ctx.name(c),
                    not_after: c.view.not_after.clone(),
                    days_left: c.view.days_left,
                },
            )
        })
        .collect()
}
