//! `certlint [--json] [--now RFC3339] [--purpose client|server] FILE...`: checks certificate
//! bundles for a truststore that validates TLS clients (the default) or a backend server. Exit status: 0 when every verdict is ok or warning, 1 when any is weak or error,
//! 2 when a file cannot be read or the arguments are wrong.

use certlint::{analyze, Options, Purpose, Report, Verdict};
use serde::Serialize;
use std::io::{Read, Write};
use std::process::ExitCode;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const HELP: &str = "\
certlint - check certificate bundles for a TLS truststore

USAGE:
    certlint [--json] [--now RFC3339] [--purpose client|server] FILE...

    FILE        a PEM, DER or PKCS#7 file; - reads standard input

OPTIONS:
    --json      print one JSON object per file (an array when several files)
    --now T     judge validity at time T (RFC 3339, e.g. 2030-01-01T00:00:00Z)
                instead of the system clock
    --purpose P what the truststore validates: client (TLS client certificates,
                the leaf must allow clientAuth; the default) or server (a
                backend server, the leaf must allow serverAuth)
    -h, --help  print this help

EXIT STATUS:
    0  every verdict is ok or warning
    1  some verdict is weak or error
    2  a file cannot be read, or the arguments are wrong
";

struct Args {
    json: bool,
    now: Option<i64>,
    purpose: Purpose,
    files: Vec<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut args = Args {
        json: false,
        now: None,
        purpose: Purpose::default(),
        files: Vec::new(),
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("json") => args.json = true,
            Long("now") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let text = value.string().map_err(|e| e.to_string())?;
                let t = OffsetDateTime::parse(&text, &Rfc3339)
                    .map_err(|e| format!("--now {text}: not an RFC 3339 time ({e})"))?;
                args.now = Some(t.unix_timestamp());
            }
            Long("purpose") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let text = value.string().map_err(|e| e.to_string())?;
                args.purpose = text.parse().map_err(|e| format!("--purpose: {e}"))?;
            }
            Short('h') | Long("help") => return Ok(None),
            Value(v) => args.files.push(v.string().map_err(|e| e.to_string())?),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if args.files.is_empty() {
        return Err("no FILE given".into());
    }
    Ok(Some(args))
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

fn read_file(name: &str, limit: usize) -> std::io::Result<Vec<u8>> {
    // Read one byte past the limit so that the engine can say the input is too large without
    // this program holding an arbitrarily large file.
    let cap = (limit as u64).saturating_add(1);
    let mut buf = Vec::new();
    if name == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut buf)?;
    } else {
        std::fs::File::open(name)?.take(cap).read_to_end(&mut buf)?;
    }
    Ok(buf)
}

fn print_text(out: &mut impl Write, file: &str, r: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{file}: {} ({} input, {} certificate(s))",
        r.verdict.as_str().to_uppercase(),
        r.input_form.as_str(),
        r.certificates.len()
    )?;
    for c in &r.certificates {
        writeln!(out, "  #{} {}: {}", c.position, c.role.as_str(), c.subject)?;
        writeln!(out, "      issuer   {}", c.issuer)?;
        writeln!(
            out,
            "      valid    {} .. {} ({} days left)",
            c.not_before, c.not_after, c.days_left
        )?;
        let size = match (&c.key.curve, c.key.bits) {
            (Some(curve), _) => curve.clone(),
            (None, Some(bits)) => format!("{bits} bits"),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "      key      {} {size}; signed with {}",
            c.key.algorithm, c.signature_algorithm
        )?;
        writeln!(out, "      sha256   {}", c.fingerprints.sha256)?;
    }
    if !r.chain.is_empty() {
        let chain: Vec<String> = r.chain.iter().map(|p| format!("#{p}")).collect();
        writeln!(
            out,
            "  chain: {}{}",
            chain.join(" -> "),
            if r.root_present {
                " (root present)"
            } else {
                ""
            }
        )?;
    }
    // Why the other paths the bundle offers were not taken (RFC 4158 path search).
    for p in r.path_search.rejected.iter().take(5) {
        let chain: Vec<String> = p.chain.iter().map(|q| format!("#{q}")).collect();
        let why: Vec<String> = p.problems.iter().map(|x| x.describe()).collect();
        writeln!(
            out,
            "  path not taken: {} ({})",
            chain.join(" -> "),
            why.join("; ")
        )?;
    }
    for f in &r.findings {
        let at = f.certificate.map(|p| format!(" #{p}")).unwrap_or_default();
        writeln!(
            out,
            "  {:<7} {}{at}: {}",
            f.severity.as_str(),
            f.rule,
            f.message
        )?;
        writeln!(out, "          see {}", f.citation)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("certlint: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let now = args
        .now
        .unwrap_or_else(|| OffsetDateTime::now_utc().unix_timestamp());
    let options = Options {
        purpose: args.purpose,
        ..Options::at(now)
    };
    let mut unreadable = false;
    let mut failed = false;
    let mut reports: Vec<(String, Report)> = Vec::new();
    for file in &args.files {
        match read_file(file, options.max_input_bytes) {
            Ok(bytes) => {
                let report = analyze(&bytes, &options);
                failed |= matches!(report.verdict, Verdict::Weak | Verdict::Error);
                reports.push((file.clone(), report));
            }
            Err(e) => {
                eprintln!("certlint: {file}: {e}");
                unreadable = true;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if args.json {
        let items: Vec<FileReport<'_>> = reports
            .iter()
            .map(|(file, report)| FileReport { file, report })
            .collect();
        let json = if args.files.len() == 1 {
            items.first().map(serde_json::to_string_pretty)
        } else {
            Some(serde_json::to_string_pretty(&items))
        };
        match json {
            Some(Ok(text)) => writeln!(out, "{text}"),
            Some(Err(e)) => writeln!(out, "{{\"error\": \"{e}\"}}"),
            None => Ok(()),
        }
    } else {
        reports
            .iter()
            .try_for_each(|(file, report)| print_text(&mut out, file, report))
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
