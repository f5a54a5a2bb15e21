//! Signatures over MD2, MD5 or SHA-1. A self-signed root's own signature is exempt: a root is trusted by its key, not by its signature.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "weak_signature_algorithm",
    severity: Severity::Weak,
    title: "Weak signature algorithm (MD2, MD5, SHA-1)",
    citation: "CA/B Forum BR §7.1.3.2 (SHA-256/384/512 only); NIST SP 800-131A Rev. 2 §3 (SHA-1 disallowed for signatures)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.unique()
        .filter(|(i, _)| !ctx.self_signed(*i))
        .filter_map(|(_, c)| {
            let hash = c.sig.hash()?;
            hash.is_weak().then(|| {
                Draft::on(
                    c,
                    Reason::WeakSignatureAlgorithm {
                        certificate: ctx.name(c),
                        algorithm: c.view.signature_algorithm.clone(),
                        hash: hash.name().to_string(),
                    },
                )
            })
        })
        .collect()
}
