//! A certificate that issues another in the chain must carry basicConstraints with CA:TRUE. A v1 self-signed root is a trust anchor and exempt (RFC 5280 §6.1.1 (d)).

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "issuer_not_ca",
    severity: Severity::Error,
    title: "Issuer is not a CA",
    citation: "RFC 5280 §4.2.1.9 (basicConstraints cA) and §6.1.4 (k)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let mut out = Vec::new();
    for (k, (i, c)) in ctx.chain_certs().enumerate() {
        if k == 0 {
            continue;
        }
        if c.view.version < 3 && ctx.self_signed(i) {
            continue;
        }
        match c.view.basic_constraints {
            Some(bc) if bc.ca => {}
            Some(_) => out.push(Draft::on(
                c,
                Reason::IssuerCaFalse {
                    certificate: ctx.name(c),
                },
            )),
            None => out.push(Draft::on(
                c,
                Reason::IssuerWithoutBasicConstraints {
                    certificate: ctx.name(c),
                },
            )),
        }
    }
    out
}
