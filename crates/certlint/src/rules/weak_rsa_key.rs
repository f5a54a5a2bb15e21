//! RSA keys below 2048 bits, with a modulus not a multiple of 8 bits, or a small or even public exponent.

use crate::cert::PubKey;
use crate::model::{Reason, RsaKeyProblem, Severity};
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
            problems.push(RsaKeyProblem::ModulusTooShort { bits: *bits });
        } else if bits % 8 != 0 {
            problems.push(RsaKeyProblem::ModulusNotByteMultiple { bits: *bits });
        }
        match c.view.key.exponent {
            Some(e) if e % 2 == 0 => {
                problems.push(RsaKeyProblem::EvenExponent { exponent: Some(e) })
            }
            Some(e) if e < 65_537 => problems.push(RsaKeyProblem::SmallExponent { exponent: e }),
            None if exponent.iter().all(|b| *b == 0) => {
                problems.push(RsaKeyProblem::MissingExponent)
            }
            None if exponent.last().is_some_and(|b| b % 2 == 0) => {
                problems.push(RsaKeyProblem::EvenExponent { exponent: None })
            }
            _ => {}
        }
        if !problems.is_empty() {
            out.push(Draft::on(
                c,
                Reason::WeakRsaKey {
                    certificate: ctx.name(c),
                    problems,
                },
            ));
        }
    }
    out
}
