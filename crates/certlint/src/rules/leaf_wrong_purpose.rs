//! The leaf must be usable for the purpose of the truststore: TLS client authentication for a
//! client-certificate truststore, TLS server authentication for a backend-server truststore.
//!
//! RFC 5280 §4.2.1.12: "If the extension is present, then the certificate MUST only be used for
//! one of the purposes indicated." No extendedKeyUsage extension therefore allows every purpose.
//! anyExtendedKeyUsage does NOT satisfy the purpose: the engine follows rustls-webpki
//! (`ExtendedKeyUsage::check` in `src/verify_cert.rs` accepts only the required OID itself), as
//! the gateways built on it would refuse such a leaf. RFC 5280 §4.2.1.12 lets applications that
//! require a specific purpose refuse anyExtendedKeyUsage.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};
use crate::Purpose;

pub const INFO: RuleInfo = RuleInfo {
    id: "leaf_wrong_purpose",
    severity: Severity::Error,
    title: "Leaf certificate's extended key usage does not allow the truststore's purpose",
    citation: "RFC 5280 §4.2.1.12 (id-kp-clientAuth, id-kp-serverAuth; anyExtendedKeyUsage not accepted, as rustls-webpki); SAP API Management: client certificates need Extended Key Usage TLS Web Client Authentication",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let Some(leaf) = ctx.leaf() else {
        return Vec::new();
    };
    let Some(eku) = leaf.eku else {
        return Vec::new();
    };
    let purpose = ctx.options.purpose;
    let allowed = match purpose {
        Purpose::ClientAuthTruststore => eku.client_auth,
        Purpose::ServerAuthTruststore => eku.server_auth,
    };
    if allowed {
        return Vec::new();
    }
    vec![Draft::on(
        leaf,
        Reason::LeafWrongPurpose {
            certificate: ctx.name(leaf),
            extended_key_usage: leaf.view.extended_key_usage.clone(),
            purpose,
            any_present: eku.any,
        },
    )]
}
