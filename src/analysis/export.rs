//! The report as files an administrator can keep or attach to a ticket: JSON and Markdown.

use certlint::{InputForm, Report, Role, Severity, SignatureStatus, Verdict};

/// The report as pretty JSON, the same fields as `certlint --json`.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string())
}

/// One way the fixed chain (`Report::fixed_pem`) differs from the bundle as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixChange {
    /// The chain's certificates were not leaf first, each followed by its issuer (RFC 8446
    /// §4.4.2 and RFC 5246 §7.4.2 ask senders for that order).
    Reordered,
    /// Copies of a certificate that appears earlier in the input.
    DroppedDuplicates(usize),
    /// Certificates that are not on the chosen path.
    DroppedUnrelated(usize),
    /// Private keys: a truststore holds certificates only.
    DroppedPrivateKeys(usize),
    /// Several files, or another encoding, written as one PEM file.
    WrittenAsOnePem,
}

impl FixChange {
    /// The change in words, for the sentence beside the download.
    pub fn describe(self) -> String {
        match self {
            FixChange::Reordered => "reordered leaf → root".to_string(),
            FixChange::DroppedDuplicates(n) => format!("dropped {}", counted(n, "duplicate")),
            FixChange::DroppedUnrelated(n) => format!(
                "dropped {} not part of the chain",
                counted(n, "unrelated certificate")
            ),
            FixChange::DroppedPrivateKeys(n) => format!("left out {}", counted(n, "private key")),
            FixChange::WrittenAsOnePem => "written as one PEM file".to_string(),
        }
    }
}

fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How the fixed chain differs from the input; empty when downloading it would give back the
/// same bundle. `files` is the number of inputs read together.
pub fn fix_changes(report: &Report, files: usize) -> Vec<FixChange> {
    if report.fixed_pem.is_none() {
        return Vec::new();
    }
    let mut changes = Vec::new();
    // Positions count up in input order: the chain is in order when its positions ascend.
    if report.chain.windows(2).any(|pair| match pair {
        [a, b] => a > b,
        _ => false,
    }) {
        changes.push(FixChange::Reordered);
    }
    let with_role = |role: Role| {
        report
            .certificates
            .iter()
            .filter(|c| c.role == role && !report.chain.contains(&c.position))
            .count()
    };
    let duplicates = with_role(Role::Duplicate);
    if duplicates > 0 {
        changes.push(FixChange::DroppedDuplicates(duplicates));
    }
    let unrelated = with_role(Role::Unrelated);
    if unrelated > 0 {
        changes.push(FixChange::DroppedUnrelated(unrelated));
    }
    if !report.private_keys.is_empty() {
        changes.push(FixChange::DroppedPrivateKeys(report.private_keys.len()));
    }
    if files > 1 || report.input_form != InputForm::Pem {
        changes.push(FixChange::WrittenAsOnePem);
    }
    changes
}

/// Why the fixed chain is not a fix, for a chain whose problems order cannot solve.
pub fn fix_limit(report: &Report) -> Option<&'static str> {
    match report.verdict {
        Verdict::Error => Some(
            "Reordering does not fix this chain: the errors below remain in the fixed chain too.",
        ),
        Verdict::Weak => Some(
            "Reordering does not fix this chain: its weak cryptography remains in the fixed chain too; the certificates must be reissued.",
        ),
        Verdict::Ok | Verdict::Warning => None,
    }
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

    fn changes_of(pem: &[u8]) -> (Vec<FixChange>, Report) {
        let report = certlint::analyze(pem, &certlint::Options::at(1_795_392_000));
        (fix_changes(&report, 1), report)
    }

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../crates/certlint/tests/fixtures/", $name))
        };
    }

    #[test]
    fn an_ordered_chain_needs_no_fix() {
        let (changes, report) = changes_of(CHAIN);
        assert!(report.fixed_pem.is_some());
        assert_eq!(changes, []);
        assert_eq!(fix_limit(&report), None);
    }

    #[test]
    fn each_change_is_named() {
        for (name, pem, expected) in [
            (
                "reversed",
                &fixture!("chain-reversed.pem")[..],
                FixChange::Reordered,
            ),
            (
                "duplicate",
                &fixture!("chain-duplicate.pem")[..],
                FixChange::DroppedDuplicates(1),
            ),
            (
                "unrelated",
                &fixture!("chain-unrelated.pem")[..],
                FixChange::DroppedUnrelated(1),
            ),
            (
                "key",
                &fixture!("chain-with-key.pem")[..],
                FixChange::DroppedPrivateKeys(1),
            ),
            (
                "pkcs7",
                &fixture!("chain.p7b")[..],
                FixChange::WrittenAsOnePem,
            ),
        ] {
            let (changes, _) = changes_of(pem);
            assert_eq!(changes, [expected], "{name}");
        }
    }

    #[test]
    fn several_files_become_one() {
        let report = report();
        assert_eq!(fix_changes(&report, 2), [FixChange::WrittenAsOnePem]);
    }

    #[test]
    fn a_broken_or_weak_chain_is_not_fixed_by_order() {
        for (name, pem) in [
            ("broken", &fixture!("broken-signature.pem")[..]),
            ("weak", &fixture!("sha1.pem")[..]),
        ] {
            let (_, report) = changes_of(pem);
            let limit = fix_limit(&report).unwrap_or_default();
            assert!(
                limit.starts_with("Reordering does not fix this chain"),
                "{name}: {:?}",
                report.verdict
            );
        }
    }

    #[test]
    fn counts_read_in_words() {
        assert_eq!(
            FixChange::DroppedDuplicates(2).describe(),
            "dropped 2 duplicates"
        );
        assert_eq!(
            FixChange::DroppedUnrelated(1).describe(),
            "dropped 1 unrelated certificate not part of the chain"
        );
    }

    #[test]
    fn table_cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(escape("CN=*.example.com"), "CN=\\*.example.com");
    }
}
