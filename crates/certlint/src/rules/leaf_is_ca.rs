//! The first certificate of the chain is a CA (basicConstraints CA:TRUE) or asserts keyCertSign:
//! either the end-entity certificate is missing from the bundle or it was issued as a CA. A
//! validator rejects a CA presented as the end entity (rustls-webpki `CaUsedAsEndEntity`) and a
//! non-CA asserting keyCertSign (RFC 5280 §4.2.1.3; OpenSSL -x509_strict,
//! X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA). A lone self-signed root is a trust anchor,
//! not a leaf, and not judged here.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "leaf_is_ca",
    severity: Severity::Error,
    title: "Leaf certificate is a CA or asserts keyCertSign",
    citation: "RFC 5280 §4.2.1.9 (cA) and §4.2.1.3 (keyCertSign only with cA); rustls-webpki CaUsedAsEndEntity; CA/B Forum BR §7.1.2.7",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let Some(&leaf_index) = ctx.chain.chain.first() else {
        return Vec::new();
    };
    let Some(leaf) = ctx.cert(leaf_index) else {
        return Vec::new();
    };
    if ctx.chain.chain.len() == 1 && ctx.is_trust_anchor(leaf_index) && leaf.is_ca() {
        return Vec::new();
    }
    let certificate = ctx.name(leaf);
    let reason = if leaf.is_ca() {
        Reason::LeafIsCa { certificate }
    } else if leaf.key_cert_sign == Some(true) {
        Reason::LeafAssertsKeyCertSign { certificate }
    } else {
        return Vec::new();
    };
    vec![Draft::on(leaf, reason)]
}
