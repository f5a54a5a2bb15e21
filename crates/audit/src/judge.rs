//! One store judged: its certificates' bytes go to the engine as one bundle; entries without
//! content are judged from their metadata fields, and the judgement says so.

use certlint::{Report, Severity, Verdict};
use serde::{Deserialize, Serialize};

use crate::odata::{Content, StoreCertificate};
use crate::plan::Subject;

/// A custom domain's certificate expiring within this many days is called out in the summary.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

const SECONDS_PER_DAY: i64 = 86_400;

/// What the engine is given for one subject.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// (entry name, certificate bytes) for the engine, read as one bundle.
    pub inputs: Vec<(String, Vec<u8>)>,
    /// Entries without readable content: judged from `expiryDate`, `signAlgName`, `isValid`.
    pub metadata_only: Vec<StoreCertificate>,
    /// Said in the judgement (unreadable content, a keystore alias not found…).
    pub notes: Vec<String>,
}

/// Picks a subject's entries from its store: the whole store for a truststore; the entry named
/// by the alias for a keystore (every entry, with a note, when none has that name).
pub fn select(subject: &Subject, certificates: &[StoreCertificate]) -> Selection {
    let mut selection = Selection::default();
    let chosen: Vec<&StoreCertificate> = match subject.alias.as_deref() {
        None => certificates.iter().collect(),
        Some(alias) => {
            let named: Vec<&StoreCertificate> = certificates
                .iter()
                .filter(|c| c.name.eq_ignore_ascii_case(alias))
                .collect();
            if named.is_empty() {
                selection.notes.push(format!(
                    "No entry is named {alias:?} in keystore {:?}; all {} entries were judged.",
                    subject.store,
                    certificates.len()
                ));
                certificates.iter().collect()
            } else {
                named
            }
        }
    };
    for certificate in chosen {
        match &certificate.content {
            Content::Bytes(bytes) => selection
                .inputs
                .push((certificate.name.clone(), bytes.clone())),
            Content::Absent => selection.metadata_only.push(certificate.clone()),
            Content::Unreadable(reason) => {
                selection.notes.push(format!(
                    "Entry {:?}: {reason}; judged from its metadata fields only.",
                    certificate.name
                ));
                selection.metadata_only.push(certificate.clone());
            }
        }
    }
    if !selection.metadata_only.is_empty() {
        selection.notes.push(format!(
            "{} of the entries came without content: judged from the metadata fields (expiry, \
             signature algorithm, SAP's validity flag) only; their signatures and chain were not checked.",
            selection.metadata_only.len()
        ));
    }
    selection
}

/// The soonest `notAfter` among a subject's certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expiry {
    /// Subject of the certificate, or the entry name when judged from metadata.
    pub certificate: String,
    /// As the certificate or the entry gives it.
    pub not_after: String,
    /// Whole days from the audit's "now" (negative: expired).
    pub days_left: i64,
}

/// What the audit concluded about one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub verdict: Verdict,
    /// The most severe finding, in words; `None` when nothing is above info.
    pub worst: Option<String>,
    pub soonest_expiry: Option<Expiry>,
    /// Entries judged (with or without content).
    pub certificates: usize,
    pub notes: Vec<String>,
}

/// Judges a subject from the engine's report on its `selection.inputs` (`None` when there were
/// none) and the metadata-only entries, as of `now_unix`.
pub fn judge(report: Option<&Report>, selection: &Selection, now_unix: i64) -> Judgement {
    let mut worst: Option<(Severity, String)> = None;
    let mut consider = |severity: Severity, words: String| {
        if severity > Severity::Info && worst.as_ref().is_none_or(|(s, _)| severity > *s) {
            worst = Some((severity, words));
        }
    };
    let mut soonest: Option<Expiry> = None;
    let mut keep_soonest = |expiry: Expiry| {
        if soonest
            .as_ref()
            .is_none_or(|s| expiry.days_left < s.days_left)
        {
            soonest = Some(expiry);
        }
    };
    if let Some(report) = report {
        // Findings come sorted, most severe first.
        if let Some(finding) = report.findings.first() {
            consider(finding.severity, finding.message.clone());
        }
        for certificate in &report.certificates {
            keep_soonest(Expiry {
                certificate: certificate.subject.clone(),
                not_after: certificate.not_after.clone(),
                days_left: certificate.days_left,
            });
        }
    }
    for entry in &selection.metadata_only {
        for (severity, words) in metadata_findings(entry, now_unix) {
            consider(severity, words);
        }
        if let Some((not_after, days_left)) = entry
            .expiry_date
            .as_deref()
            .and_then(|d| parse_date(d).map(|at| (d, at)))
            .and_then(|(d, at)| Some((d.to_string(), days_between(now_unix, at)?)))
        {
            keep_soonest(Expiry {
                certificate: entry.name.clone(),
                not_after,
                days_left,
            });
        }
    }
    let judged = selection
        .inputs
        .len()
        .saturating_add(selection.metadata_only.len());
    if judged == 0 {
        consider(
            Severity::Error,
            "The store holds no certificates: no client can be verified against it.".into(),
        );
    } else if report.is_none() {
        consider(
            Severity::Warning,
            "Judged from metadata only: no entry came with its certificate.".into(),
        );
    }
    let verdict = match worst.as_ref().map(|(s, _)| *s) {
        Some(Severity::Error) => Verdict::Error,
        Some(Severity::Weak) => Verdict::Weak,
        Some(Severity::Warning) => Verdict::Warning,
        Some(Severity::Info) | None => Verdict::Ok,
    };
    Judgement {
        verdict,
        worst: worst.map(|(_, words)| words),
        soonest_expiry: soonest,
        certificates: judged,
        notes: selection.notes.clone(),
    }
}

/// What an entry's metadata fields say: expired or expiring, a deprecated signature algorithm
/// (SHA-1 and MD5: NIST SP 800-131A Rev. 2 §9 disallows them for signature generation), or
/// SAP's own validity flag.
fn metadata_findings(entry: &StoreCertificate, now_unix: i64) -> Vec<(Severity, String)> {
    let mut findings = Vec::new();
    let name = &entry.name;
    match entry.expiry_date.as_deref() {
        Some(text) => match parse_date(text).and_then(|at| days_between(now_unix, at)) {
            Some(days) if days < 0 => {
                findings.push((Severity::Error, format!("{name} expired ({text}).")))
            }
            Some(days) if days <= EXPIRY_WARNING_DAYS => findings.push((
                Severity::Warning,
                format!("{name} expires in {days} days ({text})."),
            )),
            Some(_) => {}
            None => findings.push((
                Severity::Warning,
                format!("{name}: the expiry date {text:?} could not be read."),
            )),
        },
        None => findings.push((Severity::Warning, format!("{name}: no expiry date given."))),
    }
    if let Some(algorithm) = &entry.sign_alg_name {
        let folded: String = algorithm
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if folded.contains("sha1") || folded.contains("md5") || folded.contains("md2") {
            findings.push((
                Severity::Weak,
                format!("{name} is signed with {algorithm}, a deprecated algorithm."),
            ));
        }
    }
    if entry.is_valid == Some(false) {
        findings.push((
            Severity::Error,
            format!("SAP marks {name} as not valid (isValid false)."),
        ));
    }
    findings
}

/// Whole days from `now` to `at` (Unix seconds), rounded towards the past.
fn days_between(now: i64, at: i64) -> Option<i64> {
    Some(at.checked_sub(now)?.div_euclid(SECONDS_PER_DAY))
}

/// An entry's date as Unix seconds: OData v2's `/Date(<ms>)/`, bare milliseconds, RFC 3339, or
/// a calendar date `YYYY-MM-DD`. The metadata types it `Edm.String` without a format.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let millis = |digits: &str| -> Option<i64> {
        let (negative, digits) = match digits.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, digits),
        };
        if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let ms: i64 = digits.parse().ok()?;
        let ms = if negative { ms.checked_neg()? } else { ms };
        Some(ms.div_euclid(1000))
    };
    if let Some(inner) = text
        .trim_matches(|c| c == '/' || c == '\\')
        .strip_prefix("Date(")
        .and_then(|t| t.strip_suffix(')'))
    {
        // An offset (`+0000`) may follow; the milliseconds are UTC either way.
        let digits = match inner.get(1..).and_then(|rest| rest.find(['+', '-'])) {
            Some(at) => inner.get(..at.checked_add(1)?)?,
            None => inner,
        };
        return millis(digits);
    }
    if let Some(seconds) = millis(text) {
        return Some(seconds);
    }
    use time::format_description::well_known::Rfc3339;
    if let Ok(at) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Some(at.unix_timestamp());
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &date_format)
        .ok()
        .map(|d| d.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000; // 2027-01-15

    fn entry(name: &str, expiry: Option<&str>, alg: Option<&str>) -> StoreCertificate {
        StoreCertificate {
            name: name.into(),
            store_name: None,
            content: Content::Absent,
            format: None,
            valid_from: None,
            expiry_date: expiry.map(String::from),
            sign_alg_name: alg.map(String::from),
            is_valid: None,
        }
    }

    #[test]
    fn dates_in_the_forms_a_tenant_may_use() {
        assert_eq!(parse_date("/Date(1800000000000)/"), Some(NOW));
        assert_eq!(parse_date("\\/Date(1800000000000+0000)\\/"), Some(NOW));
        assert_eq!(parse_date("1800000000000"), Some(NOW));
        assert_eq!(parse_date("2027-01-15T08:00:00Z"), Some(NOW));
        assert_eq!(parse_date("2027-01-15"), Some(NOW - 8 * 3600));
        for bad in [
            "",
            "Date()",
            "/Date(x)/",
            "tomorrow",
            "99999999999999999999999",
            "2027-13-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn metadata_only_entries_are_judged_and_said_so() {
        let expired = entry("old", Some("2020-01-01"), Some("SHA256withRSA"));
        let sha1 = entry("legacy", Some("2030-01-01"), Some("SHA1withRSA"));
        let soon = entry("soon", Some("/Date(1801000000000)/"), Some("SHA256withRSA"));
        let store = [sha1.clone(), soon.clone()];
        let selection = select(&Subject::truststore("S"), &store);
        assert!(selection.inputs.is_empty());
        assert_eq!(selection.metadata_only.len(), 2);
        let judgement = judge(None, &selection, NOW);
        assert_eq!(judgement.verdict, Verdict::Weak);
        assert!(judgement
            .worst
            .as_deref()
            .is_some_and(|w| w.contains("SHA1withRSA")));
        assert_eq!(
            judgement
                .soonest_expiry
                .as_ref()
                .map(|e| (e.certificate.as_str(), e.days_left)),
            Some(("soon", 11))
        );
        assert!(judgement.notes.iter().any(|n| n.contains("metadata")));

        let broken = judge(None, &select(&Subject::truststore("S"), &[expired]), NOW);
        assert_eq!(broken.verdict, Verdict::Error);

        let mut flagged = entry("flagged", Some("2030-01-01"), None);
        flagged.is_valid = Some(false);
        assert_eq!(
            judge(None, &select(&Subject::truststore("S"), &[flagged]), NOW).verdict,
            Verdict::Error
        );
        // Nothing wrong in the metadata is still not "ok": nothing was verified.
        let fine = entry("fine", Some("2030-01-01"), Some("SHA256withECDSA"));
        assert_eq!(
            judge(None, &select(&Subject::truststore("S"), &[fine]), NOW).verdict,
            Verdict::Warning
        );
    }

    #[test]
    fn an_empty_store_is_broken() {
        let judgement = judge(None, &Selection::default(), NOW);
        assert_eq!(judgement.verdict, Verdict::Error);
        assert_eq!(judgement.certificates, 0);
    }

    #[test]
    fn a_keystore_alias_picks_its_entry() {
        let mut a = entry("api", None, None);
        a.content = Content::Bytes(vec![1]);
        let mut b = entry("other", None, None);
        b.content = Content::Bytes(vec![2]);
        let subject = Subject {
            store: "KS".into(),
            alias: Some("API".into()),
        };
        let picked = select(&subject, &[a.clone(), b.clone()]);
        assert_eq!(picked.inputs, vec![("api".to_string(), vec![1])]);
        assert!(picked.notes.is_empty());
        let missing = Subject {
            store: "KS".into(),
            alias: Some("gone".into()),
        };
        let all = select(&missing, &[a, b]);
        assert_eq!(all.inputs.len(), 2);
        assert!(all.notes.iter().any(|n| n.contains("\"gone\"")));
    }
}
