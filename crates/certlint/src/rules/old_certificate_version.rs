//! X.509 v1 and v2 certificates carry no extensions, so nothing says whether they may act as a CA.

use crate::report::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "old_certificate_version",
    severity: Severity::Warning,
    title: "Certificate version 1 or 2",
    citation: "RFC 5280 §4.1.2.1 (v3 when extensions are used); CA/B Forum BR §7.1.1 (v3 only)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.unique()
        .filter(|(_, c)| c.view.version < 3)
        .map(|(_, c)| {
            Draft::on(
                c,
                format!("certificate {} is X.509 version {}; version 3 is expected", ctx.describe(c), c.view.version),
            )
        })
        .collect()
}
