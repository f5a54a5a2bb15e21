//! RSA keys below 2048 bits, with a modulus not a multiple of 8 bits, or a small or even public exponent.

use crate::cert::PubKey;
use crate::model::Severity;
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "weak_rsa_key",
    severity: Severity::Weak,
    title: "Weak RSA key",
    citation: "CA/B Forum BR §6.1.5 (modulus ≥ 2048 bits, divisible by 8); NIST SP 800-131A Rev. 2 §2; NIST SP 800-89 §5.3.3 (odd exponent ≥ 65537)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let mut out = Vec::new();
    for (_, c) in ctx.unique() {
        let PubKey::Rsa { exponent, bits, .. } = &c.key else {
            continue;
        };
        let mut problems = Vec::new();
        if *bits < 2048 {
            problems.push(format!("the modulus is {bits} bits, below 2048"));
        } else if bits % 8 != 0 {
            problems.push(format!("the modulus is {bits} bits, not a multiple of 8"));
        }
        match c.view.key.exponent {
            Some(e) if e % 2 == 0 => problems.push(format!("the public exponent {e} is even")),
            Some(e) if e < 65_537 => {
                problems.push(format!("the public exponent {e} is below 65537"))
            }
            None if exponent.iter().all(|b| *b == 0) => {
                problems.push("the public exponent is missing or zero".into())
            }
            None if exponent.last().is_some_and(|b| b % 2 == 0) => {
                problems.push("the public exponent is even".into())
            }
            _ => {}
        }
        if !problems.is_empty() {
            out.push(Draft::on(
                c,
                format!(
                    "certificate {}: weak RSA key: {}",
                    ctx.describe(c),
                    problems.join("; ")
                ),
            ));
        }
    }
    out
}
