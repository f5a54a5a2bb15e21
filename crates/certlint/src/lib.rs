//! Certificate chain engine for TLS truststores (of client certificates, or of a backend server).
//!
//! [`analyze`] takes the bytes of an uploaded bundle (PEM, DER, PKCS#7, or something that is not a
//! certificate at all), reads every certificate, builds the chain leaf → root, verifies each link's
//! signature in pure Rust and runs the rules of [`rules::all`]. It never panics and never fails: every
//! problem with the input becomes a finding in the [`Report`].
//!
//! The engine never reads the clock: the current time is [`Options::now_unix`].
//!
//! Positions: every object read from the input (certificate, key, CRL, unreadable block…) gets a
//! 1-based `position` in reading order; each certificate inside a PKCS#7 bundle counts as one object.

mod cert;
mod chain;
mod der;
mod error;
#[cfg(test)]
mod fixtures;
mod input;
pub mod model;
mod names;
mod oids;
mod pem;
mod prose;
mod report;
pub mod rules;
mod verify;

pub use error::{Place, ReadError};
pub use model::{
    BasicConstraints, CertName, Certificate, Finding, Fingerprints, InputError, InputForm, KeyInfo,
    Link, PathProblem, PathSearch, PrivateKeyBlock, Purpose, Reason, RejectedPath, Report, Role,
    SearchBudget, Severity, SignatureProblem, SignatureStatus, Verdict,
};
pub use rules::RuleInfo;
pub use verify::checks::{EcdsaCheck, SignatureCheck, SignatureChecks};
pub use verify::host::HostVerdicts;

/// Inputs of an analysis besides the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The current time, in seconds since the Unix epoch (UTC). Validity is judged against it.
    pub now_unix: i64,
    pub purpose: Purpose,
    /// Inputs larger than this are refused without being read.
    pub max_input_bytes: usize,
    /// Inputs holding more certificates than this are refused.
    pub max_certificates: usize,
}

impl Options {
    /// Default limit on the input size: 4 MiB.
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
    /// Default limit on the number of certificates.
    pub const DEFAULT_MAX_CERTIFICATES: usize = 1000;

    /// Options for the given current time (Unix seconds), with default purpose and limits.
    pub fn at(now_unix: i64) -> Self {
        Options {
            now_unix,
            purpose: Purpose::default(),
            max_input_bytes: Self::DEFAULT_MAX_INPUT_BYTES,
            max_certificates: Self::DEFAULT_MAX_CERTIFICATES,
        }
    }
}

/// The certificates read from an input, without chain building, signature checks or rules.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Parsed {
    pub input_form: InputForm,
    /// One entry per certificate read (role is `unrelated` until a chain is built).
    pub certificates: Vec<Certificate>,
    pub errors: Vec<InputError>,
}

/// Reads and parses the certificates of `input` (the work measured by the parse-only benchmark).
pub fn parse_only(input: &[u8], options: &Options) -> Parsed {
    let read = input::read(input, options);
    let mut errors: Vec<InputError> = read.errors.iter().map(InputError::from).collect();
    let mut certificates = Vec::new();
    for parsed in cert::parse_all(&read.objects, options.now_unix) {
        match parsed {
            Ok(c) => certificates.push(c.view),
            Err(e) => errors.push(InputError::from(&e)),
        }
    }
    Parsed {
        input_form: read.form,
        certificates,
        errors,
    }
}

/// Analyses an uploaded bundle. Never panics; problems with the input are reported as findings.
pub fn analyze(input: &[u8], options: &Options) -> Report {
    analyze_many(&[input], options)
}

/// Analyses several inputs (files dropped or picked together) as one bundle: the chain may run
/// across them, and positions count on from one input to the next. Never panics.
pub fn analyze_many(inputs: &[&[u8]], options: &Options) -> Report {
    Bundle::read(inputs, options).analyze(&HostVerdicts::default())
}

/// An input read and parsed, not yet analysed: an analysis in two steps, so that a host can
/// verify signatures in between ([`verify::host`] says how the two meet).
pub struct Bundle {
    options: Options,
    form: InputForm,
    certs: Vec<cert::ParsedCert>,
    errors: Vec<ReadError>,
    private_keys: Vec<PrivateKeyBlock>,
    input_len: usize,
}

impl Bundle {
    /// Reads and parses `inputs` as one bundle (the first half of [`analyze_many`]).
    pub fn read(inputs: &[&[u8]], options: &Options) -> Bundle {
        let read = input::read_many(inputs, options);
        let mut errors = read.errors;
        let mut certs = Vec::new();
        for parsed in cert::parse_all(&read.objects, options.now_unix) {
            match parsed {
                Ok(c) => certs.push(c),
                Err(e) => errors.push(e),
            }
        }
        errors.sort_by_key(|e| e.place().map(|p| p.position).unwrap_or(0));
        Bundle {
            options: options.clone(),
            form: read.form,
            certs,
            errors,
            private_keys: read.private_keys,
            input_len: inputs.iter().map(|input| input.len()).sum(),
        }
    }

    /// The signature checks a path search is likely to make: each certificate with every
    /// certificate its issuer name points to. `None` when there are more than `limit`.
    pub fn signature_checks(&self, limit: usize) -> Option<SignatureChecks<'_>> {
        SignatureChecks::new(&self.certs, limit)
    }

    /// Builds the chain, checks its signatures (taking `host`'s verdicts where it verified
    /// exactly that check), runs the rules and assembles the report.
    pub fn analyze(mut self, host: &HostVerdicts) -> Report {
        let options = &self.options;
        let chain = chain::build(&self.certs, options.now_unix, options.purpose, host);
        for (i, c) in self.certs.iter_mut().enumerate() {
            if let (Some(role), Some(ss)) = (chain.roles.get(i), chain.self_signed.get(i)) {
                c.view.role = *role;
                c.view.self_signed = *ss;
            }
        }
        let ctx = rules::Context {
            options,
            certs: &self.certs,
            chain: &chain,
            read_errors: &self.errors,
            input_form: self.form,
            input_len: self.input_len,
        };
        let findings = rules::run(&ctx);
        report::assemble(
            options.purpose,
            self.form,
            &self.certs,
            &chain,
            findings,
            &self.errors,
            self.private_keys,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purpose_crosses_to_the_worker_in_snake_case() {
        for (purpose, json, short) in [
            (
                Purpose::ClientAuthTruststore,
                "\"client_auth_truststore\"",
                "client",
            ),
            (
                Purpose::ServerAuthTruststore,
                "\"server_auth_truststore\"",
                "server",
            ),
        ] {
            assert_eq!(serde_json::to_string(&purpose).ok().as_deref(), Some(json));
            assert_eq!(serde_json::from_str::<Purpose>(json).ok(), Some(purpose));
            assert_eq!(short.parse::<Purpose>(), Ok(purpose));
            assert_eq!(purpose.as_str(), short);
        }
        assert!("both".parse::<Purpose>().is_err());
        assert_eq!(Purpose::default(), Purpose::ClientAuthTruststore);
    }
}
