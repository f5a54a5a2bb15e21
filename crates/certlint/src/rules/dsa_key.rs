//! Any DSA key.

use crate::cert::PubKey;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "dsa_key",
    severity: Severity::Weak,
    title: "DSA key",
    citation:
        "CA/B Forum BR §6.1.5 (DSA not allowed); FIPS 186-5 (DSA no longer approved for signing)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.unique()
        .filter_map(|(_, c)| match c.key {
            PubKey::Dsa { bits } => Some(Draft::on(
                c,
                Reason::DsaKey {
                    certificate: ctx.name(c),
                    bits,
                },
            )),
            _ => None,
        })
        .collect()
}
