//! One extension OID appears twice in a certificate. RFC 5280 §4.2: "A certificate MUST NOT
//! include more than one instance of a particular extension." rustls-webpki refuses such a
//! certificate when it reads it (`Error::ExtensionValueInvalid`), wherever it sits in the bundle.

use crate::model::{Reason, Severity};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "duplicate_extension",
    severity: Severity::Error,
    title: "Extension present more than once",
    citation: "RFC 5280 §4.2 (a certificate MUST NOT include more than one instance of a particular extension)",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    ctx.unique()
        .filter(|(_, c)| !c.duplicate_extensions.is_empty())
        .map(|(_, c)| {
            Draft::on(
                c,
                Reason::DuplicateExtension {
                    certificate: ctx.name(c),
                    oids: c.duplicate_extensions.clone(),
                },
            )
        })
        .collect()
}
