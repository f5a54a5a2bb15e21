//! Something was read but no certificate among it (only a key, a CRL, unreadable blocks…).

use crate::error::ReadError;
use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "no_certificate",
    severity: Severity::Error,
    title: "No certificate in the upload",
    citation:
        "SAP API Management: the truststore needs the client, intermediate and root certificates",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let refused_whole = ctx.read_errors.iter().any(|e| {
        matches!(
            e,
            ReadError::Empty
                | ReadError::TooLarge { .. }
                | ReadError::TooManyCertificates { .. }
                | ReadError::Unrecognised { .. }
                | ReadError::Pkcs12
        )
    });
    if ctx.certs.is_empty() && !refused_whole {
        vec![Draft::at(None, Reason::NoCertificate)]
    } else {
        Vec::new()
    }
}
