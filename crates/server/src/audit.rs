//! `portal-server audit`: the truststore audit of an SAP API Management tenant from the command
//! line, for a scheduled pipeline. The same reads and the same engine as the portal's Audit page
//! (crate `audit`, certlint natively).
//!
//! Secrets come from files or environment variables only: a command line shows in the process
//! list of the machine (`ps`), a file or the environment does not.

mod tenant;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use audit::{aggregate, odata, plan, Audit, Outcome, RowVerdict, Subject};

use tenant::{ServiceKey, Tenant};

pub const USAGE: &str = "\
Usage: portal-server audit [--service-key FILE] [--admin-service-key FILE] [--json]

Audits the tenant's virtual hosts: which ones with mutual TLS trust a truststore that holds weak,
expired or broken certificates, and which custom-domain certificates expire soon.

  --service-key FILE        the apiportal-apiaccess service key (JSON with url, tokenUrl,
                            clientId, clientSecret); default: the JSON in the environment
                            variable PORTAL_SAP_SERVICE_KEY
  --admin-service-key FILE  a second key, of the APIPortal.Administrator role, used only to read
                            store references and a store's certificates when the first key is
                            refused (403); default: PORTAL_SAP_ADMIN_SERVICE_KEY, if set
  --json                    print the audit as JSON instead of a table
  -h, --help                this text

Secrets are never taken from the command line (it shows in the process list).

Exit status:
  0  every host with mutual TLS trusts chains that are ok or only warned about
  1  at least one host trusts a weak or broken chain (or has no usable truststore)
  2  wrong usage, or a service key that cannot be read
  3  no audit: the tenant did not answer, refused the key, or its host list was unreadable
  4  no weak or broken chain found, but some stores could not be read (the audit is incomplete)";

pub const EXIT_OK: u8 = 0;
pub const EXIT_WEAK_OR_BROKEN: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_NO_AUDIT: u8 = 3;
pub const EXIT_INCOMPLETE: u8 = 4;

/// Environment variables holding the keys' JSON.
pub const SERVICE_KEY_ENV: &str = "PORTAL_SAP_SERVICE_KEY";
pub const ADMIN_SERVICE_KEY_ENV: &str = "PORTAL_SAP_ADMIN_SERVICE_KEY";

/// How many stores are read at the same time.
const PARALLEL_READS: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditArgs {
    pub service_key: Option<PathBuf>,
    pub admin_service_key: Option<PathBuf>,
    pub json: bool,
    pub help: bool,
}

pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<AuditArgs, String> {
    use lexopt::prelude::*;
    let mut parsed = AuditArgs::default();
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("service-key") => {
                parsed.service_key = Some(parser.value().map_err(|e| e.to_string())?.into())
            }
            Long("admin-service-key") => {
                parsed.admin_service_key = Some(parser.value().map_err(|e| e.to_string())?.into())
            }
            Long("json") => parsed.json = true,
            Short('h') | Long("help") => parsed.help = true,
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(parsed)
}

/// A key from its file, else from the environment variable; `None` when neither is given.
fn load_key(file: Option<&PathBuf>, env: &str) -> Result<Option<ServiceKey>, String> {
    let (text, from) = match file {
        Some(path) => (
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the service key {}: {e}", path.display()))?,
            path.display().to_string(),
        ),
        None => match std::env::var(env) {
            Ok(text) if !text.trim().is_empty() => (text, format!("${env}")),
            _ => return Ok(None),
        },
    };
    audit::service_key::parse(&text)
        .map(Some)
        .map_err(|e| format!("{from}: {e}"))
}

/// `portal-server audit …`: the arguments after `audit`.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match parse(args) {
        Ok(args) if args.help => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(args) => args,
        Err(e) => {
            eprintln!("portal-server audit: {e}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let keys = load_key(args.service_key.as_ref(), SERVICE_KEY_ENV).and_then(|key| {
        let admin = load_key(args.admin_service_key.as_ref(), ADMIN_SERVICE_KEY_ENV)?;
        Ok((key, admin))
    });
    let (key, admin) = match keys {
        Ok((Some(key), admin)) => (key, admin),
        Ok((None, _)) => {
            eprintln!(
                "portal-server audit: give --service-key FILE or set {SERVICE_KEY_ENV}\n\n{USAGE}"
            );
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e) => {
            eprintln!("portal-server audit: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("portal-server audit: cannot start the runtime: {e}");
            return ExitCode::from(EXIT_NO_AUDIT);
        }
    };
    let audit = match runtime.block_on(run(key, admin)) {
        Ok(audit) => audit,
        Err(e) => {
            eprintln!("portal-server audit: {e}");
            return ExitCode::from(EXIT_NO_AUDIT);
        }
    };
    let text = if args.json {
        audit.to_json() + "\n"
    } else {
        table(&audit)
    };
    // A closed pipe (`| head`) is not a reason to panic; the exit status still tells.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    ExitCode::from(exit_code(&audit))
}

/// The exit status for a finished audit (see [`USAGE`]).
pub fn exit_code(audit: &Audit) -> u8 {
    if audit.any_weak_or_broken() {
        EXIT_WEAK_OR_BROKEN
    } else if audit.summary.failed > 0 {
        EXIT_INCOMPLETE
    } else {
        EXIT_OK
    }
}

/// Reads the tenant and audits it. An error means no audit at all.
pub async fn run(key: ServiceKey, admin: Option<ServiceKey>) -> Result<Audit, String> {
    let tenant = Tenant::connect(key, admin).await?;
    let hosts_body = tenant.read_list(odata::VIRTUAL_HOSTS_PATH, false).await?;
    let hosts = odata::parse_virtual_hosts(&hosts_body)
        .map_err(|e| format!("the list of virtual hosts could not be read: {e}"))?
        .rows;
    let needs_references = hosts.iter().any(|h| {
        h.client_auth
            && h.trust_store
                .as_deref()
                .is_some_and(|t| t.trim().starts_with(audit::plan::REFERENCE_PREFIX))
    });
    let references = if needs_references {
        let body = tenant.read_list(odata::REFERENCES_PATH, true).await?;
        odata::parse_references(&body)
            .map_err(|e| format!("the certificate store references could not be read: {e}"))?
            .rows
    } else {
        Vec::new()
    };
    let plan = plan(&hosts, &references);
    let now = time::OffsetDateTime::now_utc();
    let now_unix = now.unix_timestamp();

    let tenant = std::sync::Arc::new(tenant);
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(PARALLEL_READS));
    let mut reads = tokio::task::JoinSet::new();
    for store in plan.stores.clone() {
        let tenant = tenant.clone();
        let permits = permits.clone();
        reads.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let read = tenant.read_store(&store).await;
            (store, read)
        });
    }
    let mut stores = BTreeMap::new();
    while let Some(done) = reads.join_next().await {
        if let Ok((store, read)) = done {
            stores.insert(store, read);
        }
    }
    let outcomes: BTreeMap<Subject, Outcome> = plan
        .subjects
        .iter()
        .map(|subject| {
            let outcome = match stores.get(&subject.store) {
                Some(Ok(certificates)) => {
                    Ok(audit::judge_natively(subject, certificates, now_unix))
                }
                Some(Err(reason)) => Err(reason.clone()),
                None => Err("The store's read did not finish.".to_string()),
            };
            (subject.clone(), outcome)
        })
        .collect();
    let generated_at = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    Ok(aggregate(&plan, &outcomes, &generated_at))
}

/// Text from the tenant for a terminal: no control characters (an escape sequence in a store
/// name must not drive the terminal).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The audit as a plain-text table under its summary line.
pub fn table(audit: &Audit) -> String {
    let header = [
        "VERDICT",
        "ALIAS",
        "TRUSTSTORE",
        "SOONEST EXPIRY",
        "WORST FINDING",
    ];
    let rows: Vec<[String; 5]> = audit
        .rows
        .iter()
        .map(|row| {
            [
                row.verdict.as_str().to_uppercase(),
                printable(&row.alias),
                printable(&row.truststore_words()),
                row.soonest_expiry.as_ref().map_or_else(
                    || "—".into(),
                    |e| printable(&audit::report::expiry_words(e)),
                ),
                printable(&row.worst),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  "));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = format!("{}.\n\n", printable(&audit.summary.text));
    out.push_str(&line(header));
    for row in &rows {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
    }
    if audit.rows.iter().any(|r| r.verdict == RowVerdict::Failed) {
        out.push_str("\nStores marked FAILED could not be read; the line says why.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_take_files_never_secrets() {
        let args = parse(["--service-key", "k.json", "--json"].map(OsString::from)).expect("args");
        assert_eq!(args.service_key, Some(PathBuf::from("k.json")));
        assert!(args.json && args.admin_service_key.is_none());
        assert!(parse(["--client-secret", "x"].map(OsString::from)).is_err());
        assert!(parse(["positional"].map(OsString::from)).is_err());
        assert!(parse(["--help"].map(OsString::from)).expect("help").help);
    }

    #[test]
    fn terminal_text_loses_control_characters() {
        assert_eq!(printable("a\u{1b}[31mb\nc"), "a [31mb c");
    }
}
