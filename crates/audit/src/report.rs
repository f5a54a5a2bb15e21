//! The audit per virtual host: rows with a verdict, the worst finding and the soonest expiry,
//! a summary line, and the exports (JSON, Markdown).

use std::collections::BTreeMap;

use certlint::Verdict;
use serde::{Deserialize, Serialize};

use crate::judge::{Expiry, Judgement, EXPIRY_WARNING_DAYS};
use crate::plan::{Plan, Subject, TrustStore};

/// A subject's result: judged, or why its store could not be read or judged.
pub type Outcome = Result<Judgement, String>;

/// A row's verdict, ordered by how urgently it needs a look: a store that could not be read
/// ranks above a mere warning, below a chain known to be weak or broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowVerdict {
    Ok,
    Warning,
    /// The store could not be read or judged.
    Failed,
    Weak,
    Error,
}

impl RowVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            RowVerdict::Ok => "ok",
            RowVerdict::Warning => "warning",
            RowVerdict::Failed => "failed",
            RowVerdict::Weak => "weak",
            RowVerdict::Error => "error",
        }
    }

    /// Weak or broken: what the audit exists to find.
    pub fn is_weak_or_broken(self) -> bool {
        matches!(self, RowVerdict::Weak | RowVerdict::Error)
    }
}

impl From<Verdict> for RowVerdict {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Ok => RowVerdict::Ok,
            Verdict::Warning => RowVerdict::Warning,
            Verdict::Weak => RowVerdict::Weak,
            Verdict::Error => RowVerdict::Error,
        }
    }
}

/// One part of a row: the truststore, or the custom domain's keystore certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub verdict: RowVerdict,
    pub words: String,
    pub soonest_expiry: Option<Expiry>,
    pub notes: Vec<String>,
}

/// One virtual host in the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub id: String,
    pub alias: String,
    pub host: String,
    /// Mutual TLS on, or `None` for a custom-domain host without it.
    pub truststore: Option<TrustStore>,
    /// The `trustStore` value as configured.
    pub configured: Option<String>,
    /// The keystore certificate of a custom domain.
    pub keystore: Option<Subject>,
    pub trust: Option<Part>,
    pub keystore_part: Option<Part>,
    /// The worse of the two parts.
    pub verdict: RowVerdict,
    /// The worst finding, in words.
    pub worst: String,
    pub soonest_expiry: Option<Expiry>,
}

impl Row {
    /// The store whose full report the row links to (the truststore, else the keystore).
    pub fn report_subject(&self) -> Option<Subject> {
        self.truststore
            .as_ref()
            .and_then(TrustStore::store)
            .map(Subject::truststore)
            .or_else(|| self.keystore.clone())
    }

    /// "ClientCAs", or "ref://clients → ClientCAs".
    pub fn truststore_words(&self) -> String {
        match &self.truststore {
            None => "—".into(),
            Some(TrustStore::Missing) => "none".into(),
            Some(TrustStore::Direct { store }) => store.clone(),
            Some(TrustStore::Reference { reference, store }) => {
                format!("ref://{reference} → {store}")
            }
            Some(TrustStore::Unresolved { reference }) => format!("ref://{reference} → ?"),
        }
    }
}

/// A custom domain's certificate near or past its expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringDomain {
    pub host: String,
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Hosts with mutual TLS.
    pub mtls_hosts: usize,
    /// Of those, hosts whose truststore is weak or broken.
    pub weak_or_broken: usize,
    /// Rows with a store that could not be read.
    pub failed: usize,
    /// Hosts with neither mutual TLS nor a custom-domain keystore (not audited).
    pub other_hosts: usize,
    pub expiring_domains: Vec<ExpiringDomain>,
    /// The line shown on top.
    pub text: String,
}

/// The whole audit, as shown and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// When it ran (ISO 8601, as the caller's clock gives it).
    pub generated_at: String,
    pub summary: Summary,
    /// Sorted: most severe first, then by alias.
    pub rows: Vec<Row>,
}

fn part(outcome: Option<&Outcome>) -> Part {
    match outcome {
        Some(Ok(judgement)) => Part {
            verdict: judgement.verdict.into(),
            words: judgement
                .worst
                .clone()
                .unwrap_or_else(|| "No findings.".into()),
            soonest_expiry: judgement.soonest_expiry.clone(),
            notes: judgement.notes.clone(),
        },
        Some(Err(reason)) => Part {
            verdict: RowVerdict::Failed,
            words: reason.clone(),
            soonest_expiry: None,
            notes: Vec::new(),
        },
        None => Part {
            verdict: RowVerdict::Failed,
            words: "The store was not read.".into(),
            soonest_expiry: None,
            notes: Vec::new(),
        },
    }
}

fn trust_part(trust: &TrustStore, outcomes: &BTreeMap<Subject, Outcome>) -> Part {
    let broken = |words: String| Part {
        verdict: RowVerdict::Error,
        words,
        soonest_expiry: None,
        notes: Vec::new(),
    };
    match trust {
        TrustStore::Missing => broken(
            "Mutual TLS is on but no truststore is set: no client certificate can be verified."
                .into(),
        ),
        TrustStore::Unresolved { reference } => broken(format!(
            "The truststore reference {reference:?} names no certificate store on the tenant."
        )),
        TrustStore::Direct { store } | TrustStore::Reference { store, .. } => {
            part(outcomes.get(&Subject::truststore(store)))
        }
    }
}

/// The audit of `plan` from the subjects' outcomes, at `generated_at`.
pub fn aggregate(plan: &Plan, outcomes: &BTreeMap<Subject, Outcome>, generated_at: &str) -> Audit {
    let mut rows: Vec<Row> = plan
        .hosts
        .iter()
        .map(|planned| {
            let trust = planned.trust.as_ref().map(|t| trust_part(t, outcomes));
            let keystore_part = planned.keystore.as_ref().map(|s| part(outcomes.get(s)));
            let parts = [trust.as_ref(), keystore_part.as_ref()];
            let worst_part = parts.iter().flatten().max_by_key(|p| p.verdict);
            let soonest_expiry = parts
                .iter()
                .flatten()
                .filter_map(|p| p.soonest_expiry.clone())
                .min_by_key(|e| e.days_left);
            Row {
                id: planned.host.id.clone(),
                alias: planned.host.alias(),
                host: planned.host.host.clone(),
                truststore: planned.trust.clone(),
                configured: planned.host.trust_store.clone(),
                keystore: planned.keystore.clone(),
                verdict: worst_part.map_or(RowVerdict::Ok, |p| p.verdict),
                worst: worst_part.map_or_else(String::new, |p| p.words.clone()),
                soonest_expiry,
                trust,
                keystore_part,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.verdict
            .cmp(&a.verdict)
            .then_with(|| a.alias.cmp(&b.alias))
    });
    let summary = summarise(&rows, plan.other_hosts);
    Audit {
        generated_at: generated_at.to_string(),
        summary,
        rows,
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn summarise(rows: &[Row], other_hosts: usize) -> Summary {
    let mtls: Vec<&Row> = rows.iter().filter(|r| r.trust.is_some()).collect();
    let weak_or_broken = mtls
        .iter()
        .filter(|r| {
            r.trust
                .as_ref()
                .is_some_and(|t| t.verdict.is_weak_or_broken())
        })
        .count();
    let failed = rows
        .iter()
        .filter(|r| {
            [r.trust.as_ref(), r.keystore_part.as_ref()]
                .into_iter()
                .flatten()
                .any(|p| p.verdict == RowVerdict::Failed)
        })
        .count();
    let mut expiring_domains: Vec<ExpiringDomain> = rows
        .iter()
        .filter_map(|r| {
            let days = r.keystore_part.as_ref()?.soonest_expiry.as_ref()?.days_left;
            (days <= EXPIRY_WARNING_DAYS).then(|| ExpiringDomain {
                host: r.host.clone(),
                days_left: days,
            })
        })
        .collect();
    expiring_domains.sort_by_key(|d| d.days_left);

    let mut parts = vec![format!(
        "{weak_or_broken} of {} with mutual TLS {} weak or broken chains",
        plural(mtls.len(), "host", "hosts"),
        if mtls.len() == 1 { "trusts" } else { "trust" }
    )];
    for domain in &expiring_domains {
        parts.push(match domain.days_left {
            d if d < 0 => format!(
                "the custom-domain certificate of {} expired {} ago",
                domain.host,
                plural(d.unsigned_abs() as usize, "day", "days")
            ),
            0 => format!(
                "the custom-domain certificate of {} expires today",
                domain.host
            ),
            d => format!(
                "the custom-domain certificate of {} expires in {}",
                domain.host,
                plural(d as usize, "day", "days")
            ),
        });
    }
    if failed > 0 {
        parts.push(format!(
            "{} could not be audited",
            plural(failed, "host", "hosts")
        ));
    }
    Summary {
        mtls_hosts: mtls.len(),
        weak_or_broken,
        failed,
        other_hosts,
        expiring_domains,
        text: parts.join("; "),
    }
}

impl Audit {
    /// The audit as pretty JSON (the same shape the command line prints with `--json`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The audit as a Markdown document: the summary and one table row per host.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        out.push_str("# Truststore audit\n\n");
        out.push_str(&format!("Generated {}.\n\n", cell(&self.generated_at)));
        out.push_str(&format!("{}.\n\n", cell(&self.summary.text)));
        out.push_str("| Verdict | Alias | Host | Truststore | Worst finding | Soonest expiry |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for row in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                row.verdict.as_str(),
                cell(&row.alias),
                cell(&row.host),
                cell(&row.truststore_words()),
                cell(&row.worst),
                row.soonest_expiry
                    .as_ref()
                    .map(expiry_words)
                    .map_or_else(|| "—".into(), |w| cell(&w)),
            ));
        }
        out
    }

    /// Whether any host trusts a weak or broken chain.
    pub fn any_weak_or_broken(&self) -> bool {
        self.summary.weak_or_broken > 0
    }
}

/// "2027-02-01T00:00:00Z (in 12 days)".
pub fn expiry_words(expiry: &Expiry) -> String {
    let when = match expiry.days_left {
        d if d < 0 => format!(
            "expired {} ago",
            plural(d.unsigned_abs() as usize, "day", "days")
        ),
        0 => "today".into(),
        d => format!("in {}", plural(d as usize, "day", "days")),
    };
    format!("{} ({when})", expiry.not_after)
}

/// Text from the tenant made safe for a Markdown table cell: no pipe, no line break, no HTML.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odata::{StoreReference, VirtualHost};
    use crate::plan::plan;

    fn judged(verdict: Verdict, worst: &str, days: i64) -> Outcome {
        Ok(Judgement {
            verdict,
            worst: (!worst.is_empty()).then(|| worst.to_string()),
            soonest_expiry: Some(Expiry {
                certificate: "CN=x".into(),
                not_after: "2027-01-01T00:00:00Z".into(),
                days_left: days,
            }),
            certificates: 2,
            notes: Vec::new(),
        })
    }

    fn host(id: &str, trust: Option<&str>) -> VirtualHost {
        VirtualHost {
            id: id.into(),
            host: format!("{id}.apimanagement.eu10.hana.ondemand.com"),
            client_auth: true,
            trust_store: trust.map(String::from),
            ..VirtualHost::default()
        }
    }

    fn demo() -> (Plan, BTreeMap<Subject, Outcome>) {
        let mut domain = VirtualHost {
            id: "cd".into(),
            host: "api.example.com".into(),
            custom_domain: true,
            key_store_name: Some("KS".into()),
            key_store_alias: Some("api".into()),
            ..VirtualHost::default()
        };
        domain.client_auth = false;
        let hosts = vec![
            host("good", Some("Healthy")),
            host("sha1", Some("Sha1Chain")),
            host("viaref", Some("ref://old")),
            host("down", Some("Unreadable")),
            host("dangling", Some("ref://gone")),
            domain,
            VirtualHost {
                id: "plain".into(),
                host: "plain.example.com".into(),
                ..VirtualHost::default()
            },
        ];
        let refs = vec![StoreReference {
            name: "old".into(),
            certificate_store_name: Some("ExpiredRoot".into()),
        }];
        let plan = plan(&hosts, &refs);
        let mut outcomes = BTreeMap::new();
        outcomes.insert(Subject::truststore("Healthy"), judged(Verdict::Ok, "", 400));
        outcomes.insert(
            Subject::truststore("Sha1Chain"),
            judged(Verdict::Weak, "The intermediate is signed with SHA-1.", 300),
        );
        outcomes.insert(
            Subject::truststore("ExpiredRoot"),
            judged(Verdict::Error, "The root expired.", -3),
        );
        outcomes.insert(
            Subject::truststore("Unreadable"),
            Err("HTTP 503 from the tenant".into()),
        );
        outcomes.insert(
            Subject {
                store: "KS".into(),
                alias: Some("api".into()),
            },
            judged(Verdict::Warning, "Expires soon.", 12),
        );
        (plan, outcomes)
    }

    #[test]
    fn rows_sorted_by_severity_with_the_summary_on_top() {
        let (plan, outcomes) = demo();
        let audit = aggregate(&plan, &outcomes, "2026-12-01T00:00:00Z");
        let order: Vec<(&str, RowVerdict)> = audit
            .rows
            .iter()
            .map(|r| (r.alias.as_str(), r.verdict))
            .collect();
        assert_eq!(
            order,
            [
                ("dangling", RowVerdict::Error),
                ("viaref", RowVerdict::Error),
                ("sha1", RowVerdict::Weak),
                ("down", RowVerdict::Failed),
                ("api.example.com", RowVerdict::Warning),
                ("good", RowVerdict::Ok),
            ]
        );
        assert_eq!(
            audit.summary.text,
            "3 of 5 hosts with mutual TLS trust weak or broken chains; the custom-domain \
             certificate of api.example.com expires in 12 days; 1 host could not be audited"
        );
        assert_eq!(audit.summary.other_hosts, 1);
        assert!(audit.any_weak_or_broken());
        let viaref = audit
            .rows
            .iter()
            .find(|r| r.alias == "viaref")
            .expect("row");
        assert_eq!(viaref.truststore_words(), "ref://old → ExpiredRoot");
        assert_eq!(viaref.worst, "The root expired.");
        assert_eq!(
            viaref.soonest_expiry.as_ref().map(|e| e.days_left),
            Some(-3)
        );
        assert_eq!(
            viaref.report_subject(),
            Some(Subject::truststore("ExpiredRoot"))
        );
        let down = audit.rows.iter().find(|r| r.alias == "down").expect("row");
        assert_eq!(down.worst, "HTTP 503 from the tenant");
        let domain = audit
            .rows
            .iter()
            .find(|r| r.alias == "api.example.com")
            .expect("row");
        assert_eq!(
            domain.report_subject().and_then(|s| s.alias),
            Some("api".into())
        );
        assert!(domain.trust.is_none());
    }

    #[test]
    fn a_healthy_tenant_says_none() {
        let hosts = [host("only", Some("Healthy"))];
        let plan = plan(&hosts, &[]);
        let mut outcomes = BTreeMap::new();
        outcomes.insert(Subject::truststore("Healthy"), judged(Verdict::Ok, "", 400));
        let audit = aggregate(&plan, &outcomes, "now");
        assert_eq!(
            audit.summary.text,
            "0 of 1 host with mutual TLS trusts weak or broken chains"
        );
        assert!(!audit.any_weak_or_broken());
        assert_eq!(audit.rows[0].worst, "No findings.");
    }

    #[test]
    fn exports_carry_every_row_and_survive_hostile_text() {
        let (plan, mut outcomes) = demo();
        outcomes.insert(
            Subject::truststore("Healthy"),
            judged(Verdict::Warning, "evil | <script>\nnext line", 40),
        );
        let audit = aggregate(&plan, &outcomes, "2026-12-01T00:00:00Z");
        let markdown = audit.to_markdown();
        assert_eq!(
            markdown.lines().filter(|l| l.starts_with("| ")).count(),
            2 + audit.rows.len()
        );
        assert!(markdown.contains("evil \\| &lt;script&gt; next line"));
        assert!(markdown.contains("in 40 days"));
        assert!(markdown.contains("expired 3 days ago"));
        let back: Audit = serde_json::from_str(&audit.to_json()).expect("JSON round trip");
        assert_eq!(back, audit);
    }
}
