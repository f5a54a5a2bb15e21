//! Extensions whose value cannot be decoded; gateways may refuse the certificate (duplicates: duplicate_extension).

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "invalid_extension",
    severity: Severity::Warning,
    title: "Undecodable extension",
    citation: "RFC 5280 §4.2 (DER-encoded extension values)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.unique()
        .filter(|(_, c)| !c.extension_problems.is_empty())
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::InvalidExtension {
                    certificate: ctx.name(c),
                    problems: c.extension_problems.clone(),
                },
            )
        })
        .collect()
}
