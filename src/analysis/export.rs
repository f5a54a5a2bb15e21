//! The report as files an administrator can keep or attach to a ticket: JSON and Markdown.

use certlint::{Report, Severity, SignatureStatus};

/// The report as pretty JSON, the same fields as `certlint --json`.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string())
}

/// Severities from the most to the least severe, as the page groups findings.
pub const SEVERITY_ORDER: [Severity; 4] = [
    Severity::Error,
    Severity::Weak,
    Severity::Warning,
    Severity::Info,
];

/// A readable summary: verdict, chain, findings by severity, one section a certificate.
pub fn to_markdown(report: &Report, sources: &[String], checked_at: &str) -> String {
    let mut md = String::new();
    md.push_str("# Certificate chain report\n\n");
    md.push_str(&format!(
        "- Verdict: **{}**\n",
        report.verdict.as_str().to_uppercase()
    ));
    if !sources.is_empty() {
        md.push_str(&format!("- Input: {}\n", escape(&sources.join(", "))));
    }
    md.push_str(&format!("- Read as: {}\n", report.input_form.as_str()));
    md.push_str(&format!("- Checked: {checked_at}\n"));
    md.push_str(&format!(
        "- Certificates: {}; root present: {}\n",
        report.certificates.len(),
        if report.root_present { "yes" } else { "no" }
    ));
    if report.private_key_found {
        md.push_str("- **A private key was found in the input and was not kept.**\n");
    }

    md.push_str("\n## Chain (leaf → root)\n\n");
    if report.chain.is_empty() {
        md.push_str("No chain could be built.\n");
    }
    for (i, position) in report.chain.iter().enumerate() {
        let subject = report
            .certificates
            .iter()
            .find(|c| c.position == *position)
            .map(|c| c.subject.as_str())
            .unwrap_or("?");
        let link = report
            .links
            .iter()
            .find(|l| l.child == *position)
            .map(|l| link_words(&l.signature))
            .unwrap_or("no link");
        md.push_str(&format!(
            "{}. #{position} {} — signature {link}\n",
            i + 1,
            escape(subject)
        ));
    }

    md.push_str("\n## Findings\n");
    if report.findings.is_empty() {
        md.push_str("\nNone.\n");
    }
    for severity in SEVERITY_ORDER {
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if findings.is_empty() {
            continue;
        }
        md.push_str(&format!("\n### {}\n\n", severity_heading(severity)));
        md.push_str("| Rule | Certificate | Finding | Reference |\n| --- | --- | --- | --- |\n");
        for f in findings {
            md.push_str(&format!(
                "| {} | {} | **{}**: {} | {} |\n",
                f.rule,
                f.certificate
                    .map(|p| format!("#{p}"))
                    .unwrap_or_else(|| "—".into()),
                cell(&f.title),
                cell(&f.message),
                cell(&f.citation)
            ));
        }
    }

    md.push_str("\n## Certificates\n");
    for c in &report.certificates {
        md.push_str(&format!(
            "\n### #{} {} ({})\n\n",
            c.position,
            escape(&c.subject),
            c.role.as_str()
        ));
        let key = match (c.key.bits, &c.key.curve) {
            (_, Some(curve)) => format!("{} {curve}", c.key.algorithm),
            (Some(bits), None) => format!("{} {bits} bits", c.key.algorithm),
            (None, None) => c.key.algorithm.clone(),
        };
        let rows = [
            ("Issuer", escape(&c.issuer)),
            ("Serial", c.serial.clone()),
            (
                "Valid",
                format!(
                    "{} to {} ({} days left)",
                    c.not_before, c.not_after, c.days_left
                ),
            ),
            ("Key", key),
            ("Signature", c.signature_algorithm.clone()),
            ("SANs", escape(&c.sans.join(", "))),
            ("SHA-256", c.fingerprints.sha256.clone()),
            ("SHA-1", c.fingerprints.sha1.clone()),
            ("Key usage", c.key_usage.join(", ")),
            ("Extended key usage", c.extended_key_usage.join(", ")),
        ];
        for (name, value) in rows {
            if !value.is_empty() {
                md.push_str(&format!("- {name}: {value}\n"));
            }
        }
    }
    md
}

pub fn severity_heading(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Weak => "Weak cryptography",
        Severity::Warning => "Warnings",
        Severity::Info => "Information",
    }
}

pub fn link_words(status: &SignatureStatus) -> &'static str {
    match status {
        SignatureStatus::Verified => "verified",
        SignatureStatus::Broken(_) => "BROKEN",
        SignatureStatus::NotVerified(_) => "not verified",
    }
}

/// Markdown-escapes characters that would change the meaning of inline text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        if ch == '\n' || ch == '\r' {
            out.push(' ');
        } else {
            out.push(ch);
        }
    }
    out
}

fn cell(text: &str) -> String {
    escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAIN: &[u8] = include_bytes!("../../crates/certlint/tests/fixtures/chain-good.pem");

    fn report() -> Report {
        // 2026-11-23T00:00:00Z
        certlint::analyze(CHAIN, &certlint::Options::at(1_795_392_000))
    }

    #[test]
    fn json_export_is_the_report() {
        let report = report();
        let back: Report = serde_json::from_str(&to_json(&report)).expect("valid JSON");
        assert_eq!(back, report);
    }

    #[test]
    fn markdown_has_verdict_chain_findings_and_every_certificate() {
        let report = report();
        let md = to_markdown(&report, &["chain.pem".into()], "2026-11-23T00:00:00Z");
        assert!(md.starts_with("# Certificate chain report\n"));
        assert!(md.contains(&format!(
            "Verdict: **{}**",
            report.verdict.as_str().to_uppercase()
        )));
        assert!(md.contains("## Chain (leaf → root)"));
        for c in &report.certificates {
            assert!(
                md.contains(&format!("### #{} ", c.position)),
                "certificate {}",
                c.position
            );
            assert!(md.contains(&c.fingerprints.sha256));
        }
        for f in &report.findings {
            assert!(md.contains(&f.rule), "finding {}", f.rule);
        }
    }

    #[test]
    fn table_cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(escape("CN=*.example.com"), "CN=\\*.example.com");
    }
}
