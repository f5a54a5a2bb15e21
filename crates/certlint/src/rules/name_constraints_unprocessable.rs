//! The name constraints of a CA of the path cannot be applied to a certificate below it: a name
//! of a form the engine does not process (URI, otherName…) meets constraints on that form, an
//! iPAddress constraint is not an address with a contiguous mask, or checking would take more than
//! 250 000 comparisons. RFC 5280 §4.2.1.10 requires the validator to "either process the
//! constraint or reject the certificate"; rustls-webpki rejects (`NameConstraintViolation`,
//! `InvalidNetworkMaskConstraint`, `MaximumNameConstraintComparisonsExceeded`), so does the engine.

use crate::model::{Reason, Severity, Unapplicable};
use crate::names::{NameCheck, Unprocessable, MAX_COMPARISONS};
use crate::rules::{Context, Draft, RuleInfo};

pub const INFO: RuleInfo = RuleInfo {
    id: "name_constraints_unprocessable",
    severity: Severity::Error,
    title: "Name constraints that cannot be applied",
    citation: "RFC 5280 §4.2.1.10 (process the constraint or reject the certificate); Go crypto/x509 and rustls-webpki: at most 250 000 comparisons",
};

pub fn check(ctx: &Context<'_>) -> Vec<Draft> {
    let path: Vec<_> = ctx.chain_certs().map(|(_, c)| c).collect();
    ctx.chain
        .search
        .names
        .violations
        .iter()
        .filter_map(|v| {
            let NameCheck::Unprocessable { cert, by, reason } = v else {
                return None;
            };
            let (c, ca) = (path.get(*cert)?, path.get(*by)?);
            let why = match reason {
                Unprocessable::NameForm(kind) => Unapplicable::NameForm {
                    form: kind.to_string(),
                },
                Unprocessable::InvalidIpConstraint => Unapplicable::InvalidIpConstraint,
                Unprocessable::Budget => Unapplicable::Budget {
                    comparisons: MAX_COMPARISONS,
                },
            };
            Some(Draft::on(
                c,
                Reason::NameConstraintsUnapplicable {
                    certificate: ctx.name(c),
                    constrained_by: ctx.name(ca),
                    why,
                },
            ))
        })
        .collect()
}
