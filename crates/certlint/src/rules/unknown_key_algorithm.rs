//! A key algorithm the engine does not know (GOST, SM2…): gateways usually refuse it.

use crate::cert::PubKey;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "unknown_key_algorithm",
    severity: Severity::Warning,
    title: "Unrecognised public key algorithm",
    citation: "CA/B Forum BR §6.1.5 (RSA, ECDSA, EdDSA)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.unique()
        .filter_map(|(_, c)| match &c.key {
            PubKey::Unknown(oid) => Some(Draft::on(
                c,
                Reason::UnknownKeyAlgorithm {
                    certificate: ctx.name(c),
                    oid: oid.to_string(),
                },
            )),
            _ => None,
        })
        .collect()
}
