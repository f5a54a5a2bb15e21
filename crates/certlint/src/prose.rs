//! The engine's typed reasons in words (English), for the report's `message`, the command line
//! and the page. Nothing here decides anything: it only renders crate::model's reasons.

use crate::model::{
    CertName, NotChosen, PathProblem, Purpose, Reason, RsaKeyProblem, SearchBudget,
    SignatureProblem, Signer, Unapplicable,
};
use std::fmt::{self, Display, Formatter};

impl Display for CertName {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "#{} ({})", self.position, self.subject)
    }
}

/// `a, b, c` from anything displayable.
fn joined<T: Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// `#1 → #3 → #2`, `#2, #4`.
fn positions(list: &[usize], separator: &str) -> String {
    list.iter()
        .map(|p| format!("#{p}"))
        .collect::<Vec<_>>()
        .join(separator)
}

impl Display for RsaKeyProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            RsaKeyProblem::ModulusTooShort { bits } => {
                write!(f, "the modulus is {bits} bits, below 2048")
            }
            RsaKeyProblem::ModulusNotByteMultiple { bits } => {
                write!(f, "the modulus is {bits} bits, not a multiple of 8")
            }
            RsaKeyProblem::EvenExponent { exponent: Some(e) } => {
                write!(f, "the public exponent {e} is even")
            }
            RsaKeyProblem::EvenExponent { exponent: None } => {
                f.write_str("the public exponent is even")
            }
            RsaKeyProblem::SmallExponent { exponent } => {
                write!(f, "the public exponent {exponent} is below 65537")
            }
            RsaKeyProblem::MissingExponent => f.write_str("the public exponent is missing or zero"),
        }
    }
}

impl Display for SignatureProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            SignatureProblem::Mismatch { scheme } => {
                write!(f, "the {scheme} signature does not match the issuer's key")
            }
            SignatureProblem::MalformedEcdsa => {
                f.write_str("the ECDSA signature is not a valid DER (r, s) pair")
            }
            SignatureProblem::Ed25519Length => f.write_str("the Ed25519 signature is not 64 bytes"),
            SignatureProblem::PssSaltTooLong { salt } => write!(
                f,
                "the RSASSA-PSS salt length {salt} is longer than the issuer's modulus allows \
                 (RFC 8017 §9.1.2 step 3)"
            ),
            SignatureProblem::PssParametersUnreadable => {
                f.write_str("the RSASSA-PSS parameters cannot be read")
            }
            SignatureProblem::AlgorithmKeyMismatch { algorithm, key } => write!(
                f,
                "a {algorithm} signature cannot be made by the issuer's {key} key"
            ),
            SignatureProblem::HashNotChecked { hash } => {
                write!(f, "{hash} signatures are not checked")
            }
            SignatureProblem::PssTrailer { trailer } => write!(
                f,
                "RSASSA-PSS with trailer field {trailer} is not checked (RFC 4055 §3.1 defines only 1)"
            ),
            SignatureProblem::PssMaskGeneration => f.write_str(
                "RSASSA-PSS with a mask generation other than MGF1 with the message hash is not checked",
            ),
            SignatureProblem::RsaKeyUnusable { detail } => {
                write!(f, "the issuer's RSA key cannot be used ({detail})")
            }
            SignatureProblem::InvalidEcPoint => {
                f.write_str("the issuer's EC public key is not a valid curve point")
            }
            SignatureProblem::CurveNotChecked => {
                f.write_str("signatures on this curve are not checked")
            }
            SignatureProblem::Ed25519KeyLength => {
                f.write_str("the issuer's Ed25519 key is not 32 bytes")
            }
            SignatureProblem::Ed25519KeyInvalid => {
                f.write_str("the issuer's Ed25519 key is not a valid point")
            }
            SignatureProblem::AlgorithmNotChecked { algorithm } => {
                write!(f, "{algorithm} signatures are not checked")
            }
            SignatureProblem::UnsupportedSignatureAlgorithm { oid } => {
                write!(f, "signature algorithm {oid} is not supported")
            }
            SignatureProblem::UnsupportedKeyAlgorithm { oid } => {
                write!(f, "issuer key algorithm {oid} is not supported")
            }
            SignatureProblem::NoSuchCertificate => f.write_str("no such certificate"),
            SignatureProblem::IssuerNotInBundle => f.write_str("the issuer is not in the bundle"),
            SignatureProblem::SearchBudgetExhausted => {
                f.write_str("no issuer was found within the search budget")
            }
        }
    }
}

impl Display for PathProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            PathProblem::BrokenSignature { child, issuer } if child == issuer => {
                write!(f, "the self-signature of #{child} is broken")
            }
            PathProblem::BrokenSignature { child, issuer } => {
                write!(f, "#{issuer}'s signature on #{child} is broken")
            }
            PathProblem::SignatureNotVerified { child, issuer } => {
                write!(f, "#{issuer}'s signature on #{child} cannot be checked")
            }
            PathProblem::Expired { certificate } => write!(f, "#{certificate} has expired"),
            PathProblem::NotYetValid { certificate } => {
                write!(f, "#{certificate} is not yet valid")
            }
            PathProblem::IssuerNotCa { certificate } => write!(f, "#{certificate} is not a CA"),
            PathProblem::IssuerWithoutKeyCertSign { certificate } => {
                write!(f, "#{certificate}'s key usage lacks keyCertSign")
            }
            PathProblem::PathLengthExceeded { certificate } => {
                write!(f, "#{certificate}'s path length constraint is exceeded")
            }
            PathProblem::UnknownCriticalExtension { certificate } => {
                write!(f, "#{certificate} has an unknown critical extension")
            }
            PathProblem::OldVersion { certificate } => {
                write!(f, "#{certificate} is not version 3")
            }
            PathProblem::WrongPurpose { certificate } => {
                write!(
                    f,
                    "#{certificate}'s extended key usage does not allow the purpose"
                )
            }
            PathProblem::NameNotPermitted {
                certificate,
                constrained_by,
            } => write!(
                f,
                "a name of #{certificate} violates #{constrained_by}'s name constraints"
            ),
            PathProblem::NameConstraintsUnprocessable {
                certificate,
                constrained_by,
            } => write!(
                f,
                "#{constrained_by}'s name constraints cannot be applied to #{certificate}"
            ),
            PathProblem::Loop { certificate } => {
                write!(f, "the issuers of #{certificate} lead back into the path")
            }
            PathProblem::NoRoot { certificate } => {
                write!(f, "the issuer of #{certificate} is not in the bundle")
            }
            PathProblem::TooLong => f.write_str("the path is too long"),
        }
    }
}

impl Display for NotChosen {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            NotChosen::PathProblems { problems } if !problems.is_empty() => {
                write!(f, "on the path through it, {}", joined(problems, "; "))
            }
            NotChosen::PathProblems { .. } | NotChosen::NoBetter => {
                f.write_str("the path through it is no better")
            }
            NotChosen::Expired => f.write_str("it has expired"),
            NotChosen::ValidPathWithout => f.write_str("a valid path was found without it"),
            NotChosen::ChosenHasFewerProblems => f.write_str("the chosen path has fewer problems"),
        }
    }
}

/// The key purpose a truststore needs of the leaf, and what it is for.
fn wanted(purpose: Purpose) -> (&'static str, &'static str) {
    match purpose {
        Purpose::ClientAuthTruststore => ("clientAuth", "TLS client authentication"),
        Purpose::ServerAuthTruststore => ("serverAuth", "TLS server authentication"),
    }
}

impl Display for Reason {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Read { error } => write!(f, "{error}"),
            Reason::NoCertificate => f.write_str("the upload holds no readable certificate"),
            Reason::WeakRsaKey {
                certificate,
                problems,
            } => write!(
                f,
                "certificate {certificate}: weak RSA key: {}",
                joined(problems, "; ")
            ),
            Reason::DsaKey { certificate, bits } => write!(
                f,
                "certificate {certificate} has a {bits}-bit DSA key; DSA is no longer allowed"
            ),
            Reason::WeakEcCurve { certificate, curve } => write!(
                f,
                "certificate {certificate} has an EC key on {}; only P-256, P-384 and P-521 are allowed",
                curve.as_deref().unwrap_or("an unknown curve")
            ),
            Reason::UnknownKeyAlgorithm { certificate, oid } => write!(
                f,
                "certificate {certificate} has a key of unrecognised algorithm {oid}"
            ),
            Reason::WeakSignatureAlgorithm {
                certificate,
                algorithm,
                hash,
            } => write!(
                f,
                "certificate {certificate} is signed with {algorithm} ({hash}), which is no longer secure"
            ),
            Reason::OldTrustAnchorVersion {
                certificate,
                version,
            } => write!(
                f,
                "root {certificate} is X.509 version {version}: accepted as a trust anchor, but deprecated; version 3 is expected"
            ),
            Reason::OldVersionInPath {
                certificate,
                version,
            } => write!(
                f,
                "certificate {certificate} is X.509 version {version}; only a self-signed root may be, every other certificate of the path must be version 3"
            ),
            Reason::InvalidExtension {
                certificate,
                problems,
            } => write!(f, "certificate {certificate}: {}", problems.join("; ")),
            Reason::DuplicateExtension { certificate, oids } => write!(
                f,
                "certificate {certificate} has extension(s) {} more than once; validators reject it",
                oids.join(", ")
            ),
            Reason::UnknownCriticalExtension { certificate, oids } => write!(
                f,
                "certificate {certificate} has critical extension(s) {} that a validator does not process; it must reject the certificate",
                oids.join(", ")
            ),
            Reason::Expired {
                certificate,
                not_after,
                days_ago,
            } => write!(
                f,
                "certificate {certificate} expired on {not_after} ({days_ago} days ago)"
            ),
            Reason::NotYetValid {
                certificate,
                not_before,
            } => write!(f, "certificate {certificate} is not valid before {not_before}"),
            Reason::ExpiringSoon {
                certificate,
                not_after,
                days_left,
            } => write!(
                f,
                "certificate {certificate} expires on {not_after} ({days_left} days left)"
            ),
            Reason::IssuerCaFalse { certificate } => write!(
                f,
                "certificate {certificate} issues another certificate of the chain but has basicConstraints CA:FALSE"
            ),
            Reason::IssuerWithoutBasicConstraints { certificate } => write!(
                f,
                "certificate {certificate} issues another certificate of the chain but has no basicConstraints CA:TRUE"
            ),
            Reason::IssuerWithoutKeyCertSign {
                certificate,
                key_usage,
            } => write!(
                f,
                "certificate {certificate} issues another certificate of the chain but its key usage ({}) lacks keyCertSign",
                key_usage.join(", ")
            ),
            Reason::PathLengthExceeded {
                certificate,
                limit,
                intermediates,
            } => write!(
                f,
                "certificate {certificate} allows {limit} intermediate certificate(s) below it (pathlen:{limit}) but the chain has {intermediates}"
            ),
            Reason::LeafIsCa { certificate } => write!(
                f,
                "the chain starts at {certificate}, which is a CA certificate: the end-entity certificate is missing or was issued as a CA, and a validator rejects a CA as the end entity"
            ),
            Reason::LeafAssertsKeyCertSign { certificate } => write!(
                f,
                "leaf certificate {certificate} asserts keyCertSign but is not a CA (basicConstraints cA is not TRUE)"
            ),
            Reason::CaBasicConstraintsNotCritical { certificate } => write!(
                f,
                "CA certificate {certificate} has basicConstraints CA:TRUE but not marked critical"
            ),
            Reason::LeafWrongPurpose {
                certificate,
                extended_key_usage,
                purpose,
                any_present,
            } => {
                let (eku, what) = wanted(*purpose);
                let any = if *any_present {
                    " (anyExtendedKeyUsage is not accepted in its place)"
                } else {
                    ""
                };
                write!(
                    f,
                    "leaf certificate {certificate} has extended key usage {} but not {eku}{any}; it cannot be used for {what}, the purpose of this truststore",
                    extended_key_usage.join(", ")
                )
            }
            Reason::IssuerWrongPurpose {
                certificate,
                extended_key_usage,
                purpose,
            } => write!(
                f,
                "intermediate {certificate} limits the certificates below it to extended key usage {}, without {}; validators refuse the path for this truststore's purpose",
                extended_key_usage.join(", "),
                wanted(*purpose).0
            ),
            Reason::WrongOrder { order } => write!(
                f,
                "the certificates are not in leaf → root order; the right order is {}",
                positions(order, " → ")
            ),
            Reason::DuplicateCertificate { certificate, first } => write!(
                f,
                "certificate #{} is a duplicate of #{first} ({})",
                certificate.position, certificate.subject
            ),
            Reason::MissingIssuer {
                certificate,
                issuer,
                stranded,
            } => write!(
                f,
                "the issuer of {certificate} ({issuer}) is not in the bundle, so the chain does not reach the other CA certificates ({}); an intermediate certificate is probably missing",
                positions(stranded, ", ")
            ),
            Reason::MissingRoot {
                certificate,
                issuer,
            } => write!(
                f,
                "the chain ends at {certificate}, whose issuer ({issuer}) is not in the bundle; add the root certificate"
            ),
            Reason::UnrelatedCertificate {
                certificate,
                expired,
            } => write!(
                f,
                "certificate {certificate}{} is not part of the chain of the leaf; it is left out of the fixed bundle",
                if *expired { " (it has expired)" } else { "" }
            ),
            Reason::FalseIssuer { certificate, child } => write!(
                f,
                "certificate {certificate} bears the name of the issuer of {child} but did not sign it (its key identifier or signature does not match); the chain does not go through it"
            ),
            Reason::AlternateIssuer {
                certificate,
                child,
                not_chosen,
            } => write!(
                f,
                "certificate {certificate} also issues {child} (cross-signed or re-issued); the chain does not go through it: {not_chosen}"
            ),
            Reason::BrokenSignature {
                certificate,
                by,
                problem,
            } => {
                let by = match by {
                    Signer::Itself => "itself".to_string(),
                    Signer::Certificate(c) => c.to_string(),
                    Signer::Unknown => "its issuer".to_string(),
                };
                write!(
                    f,
                    "the signature of {certificate} by {by} is broken: {problem}"
                )
            }
            Reason::SignatureNotVerified {
                certificate,
                problem,
            } => write!(
                f,
                "the signature of {certificate} could not be checked: {problem}"
            ),
            Reason::ChainCycle => {
                f.write_str("the issuers of the chain form a loop; no root is reached")
            }
            Reason::PathSearchBudgetExhausted {
                budget,
                limit,
                paths_considered,
            } => {
                let what = match budget {
                    SearchBudget::SignatureChecks => "signature checks",
                    SearchBudget::BuildSteps => "search steps",
                    SearchBudget::NameComparisons => "name comparisons",
                };
                write!(
                    f,
                    "the search for a valid path stopped after {limit} {what} ({paths_considered} paths judged) without finding one; the bundle offers too many candidate issuers, and a validator gives up the same way"
                )
            }
            Reason::NameNotPermitted {
                certificate,
                name,
                excluded,
                constrained_by,
            } => write!(
                f,
                "certificate {certificate} has the name {name}, {} in the name constraints of {constrained_by}",
                if *excluded {
                    "inside a subtree it excludes"
                } else {
                    "outside the subtrees it permits"
                }
            ),
            Reason::NameConstraintsUnapplicable {
                certificate,
                constrained_by,
                why,
            } => {
                match why {
                    Unapplicable::NameForm { form } => write!(
                        f,
                        "{constrained_by} constrains {form} names, a form that is not processed, and {certificate} has one"
                    ),
                    Unapplicable::InvalidIpConstraint => write!(
                        f,
                        "{constrained_by} has an iPAddress constraint that is not an address with a contiguous mask"
                    ),
                    Unapplicable::Budget { comparisons } => write!(
                        f,
                        "checking the names of {certificate} against the name constraints of {constrained_by} takes more than {comparisons} comparisons"
                    ),
                }?;
                f.write_str("; the path is refused")
            }
            Reason::SelfSignedEndEntity { certificate } => write!(
                f,
                "client certificate {certificate} is self-signed: no CA vouches for it; prefer a certificate issued by a CA with its chain"
            ),
            Reason::RuleFailed { rule } => {
                write!(f, "rule {rule} failed on this input; its result is unknown")
            }
        }
    }
}
