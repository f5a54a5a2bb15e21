//! Truststore audit of an SAP API Management tenant: which virtual hosts with mutual TLS trust a
//! store holding weak, expired or broken certificates, and which custom-domain certificates
//! expire soon.
//!
//! The crate does no I/O and reads no clock: the page and `portal-server audit` fetch the
//! `Management.svc` answers and pass them in with "now".
//!
//! 1. [`odata`] reads the answers (virtual hosts, store references, a store's certificates).
//! 2. [`plan::plan`] resolves every mTLS host's truststore (`ref://<reference>` → store) and
//!    lists the stores to read, each once.
//! 3. [`judge`] judges one store: its certificates as one bundle with certlint (client purpose
//!    for a truststore, server purpose for a custom domain's keystore certificate).
//! 4. [`report::aggregate`] makes the rows, sorted by severity, and the summary line; the
//!    [`report::Audit`] exports as JSON and Markdown.

pub mod judge;
pub mod odata;
pub mod plan;
pub mod report;
pub mod service_key;

pub use judge::{judge, select, Expiry, Judgement, Selection};
pub use odata::{Content, ReadError, StoreCertificate, StoreReference, VirtualHost};
pub use plan::{plan, Plan, Subject, TrustStore};
pub use report::{aggregate, Audit, Outcome, Row, RowVerdict, Summary};

/// Judges `subject` from its store's entries with the engine in this thread (the command line;
/// the page runs the same engine in its worker and calls [`judge()`] with the report).
pub fn judge_natively(
    subject: &Subject,
    certificates: &[StoreCertificate],
    now_unix: i64,
) -> Judgement {
    let selection = select(subject, certificates);
    let report = analyse(subject, &selection, now_unix);
    judge(report.as_ref(), &selection, now_unix)
}

/// The engine's report on a selection's certificates, `None` when none came with content.
pub fn analyse(
    subject: &Subject,
    selection: &Selection,
    now_unix: i64,
) -> Option<certlint::Report> {
    if selection.inputs.is_empty() {
        return None;
    }
    let inputs: Vec<&[u8]> = selection.inputs.iter().map(|(_, b)| b.as_slice()).collect();
    let options = certlint::Options {
        purpose: subject.purpose(),
        ..certlint::Options::at(now_unix)
    };
    Some(certlint::analyze_many(&inputs, &options))
}
