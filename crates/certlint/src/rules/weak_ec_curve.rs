//! EC keys on other curves (P-192, P-224, secp256k1, brainpool…) or with explicit parameters.

use crate::cert::{Curve, PubKey};
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "weak_ec_curve",
    severity: Severity::Weak,
    title: "EC key on a curve other than P-256, P-384 or P-521",
    citation: "CA/B Forum BR §6.1.5 and §7.1.3.1.2 (NIST P-256, P-384, P-521 only)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.unique()
        .filter_map(|(_, c)| match &c.key {
            PubKey::Ec {
                curve: Curve::Other(_),
                ..
            } => Some(Draft::on(
                c,
                Reason::WeakEcCurve {
                    certificate: ctx.name(c),
                    curve: c.view.key.curve.clone(),
                },
            )),
            _ => None,
        })
        .collect()
}
