//! The verdict of the chain checked last in this browser, so the truststore forms can warn before
//! a weak or broken chain is configured. Kept in local storage because the forms link to the
//! Certificates page in a new tab (the form keeps what was typed); the `storage` event brings a
//! check made in that tab into this one at once. Only the verdict and the leaf's subject are kept.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::storage::{self, Area};
use super::Deferred;

const STORAGE_KEY: &str = "mtls-portal.last-chain-check";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastCheck {
    /// "ok", "warning", "weak" or "error".
    pub verdict: String,
    /// When it was checked, as the browser gives it (ISO 8601).
    #[serde(default)]
    pub checked_at: String,
    /// Subject of the chain's leaf, if there was one.
    pub leaf: Option<String>,
    /// How many findings of severity error or weak.
    pub serious_findings: usize,
}

impl LastCheck {
    /// Weak or broken: the forms show a notice.
    pub fn needs_attention(&self) -> bool {
        matches!(self.verdict.as_str(), "weak" | "error")
    }
}

#[derive(Clone, Copy, Debug)]
pub struct ChainCheck(RwSignal<Option<LastCheck>>);

impl ChainCheck {
    fn load() -> Self {
        Self(RwSignal::new(Self::stored()))
    }

    /// The stored check, kept up to date with checks made in other tabs of this browser.
    fn start() -> Self {
        let check = Self::load();
        #[cfg(target_arch = "wasm32")]
        {
            let handle = window_event_listener(leptos::ev::storage, move |event| {
                if event.key().as_deref() == Some(STORAGE_KEY) {
                    check.0.set(ChainCheck::stored());
                }
            });
            on_cleanup(move || handle.remove());
        }
        check
    }

    fn stored() -> Option<LastCheck> {
        storage::read(Area::Local, STORAGE_KEY).and_then(|text| serde_json::from_str(&text).ok())
    }

    pub fn last(&self) -> Signal<Option<LastCheck>> {
        self.0.into()
    }

    pub fn remember(&self, check: LastCheck) {
        if let Ok(text) = serde_json::to_string(&check) {
            storage::write(Area::Local, STORAGE_KEY, &text);
        }
        self.0.set(Some(check));
    }
}

impl LastCheck {
    pub fn from_report(report: &certlint::Report, checked_at: String) -> Self {
        let leaf = report
            .chain
            .first()
            .and_then(|p| report.certificates.iter().find(|c| c.position == *p))
            .map(|c| c.subject.clone());
        let serious_findings = report
            .findings
            .iter()
            .filter(|f| {
                matches!(
                    f.severity,
                    certlint::Severity::Error | certlint::Severity::Weak
                )
            })
            .count();
        Self {
            verdict: report.verdict.as_str().to_string(),
            checked_at,
            leaf,
            serious_findings,
        }
    }
}

/// The shared check, read from storage on first use (see [`Deferred`]). Panics when nothing
/// provided it (`provide_state`), as every shared state does: a page mounted without it would
/// silently keep a check of its own.
pub fn use_chain_check() -> ChainCheck {
    expect_context::<Deferred<ChainCheck>>().get_or_init(ChainCheck::start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_weak_and_broken_chains_need_attention() {
        for (verdict, attention) in [
            ("ok", false),
            ("warning", false),
            ("weak", true),
            ("error", true),
        ] {
            let check = LastCheck {
                verdict: verdict.into(),
                checked_at: String::new(),
                leaf: None,
                serious_findings: 0,
            };
            assert_eq!(check.needs_attention(), attention, "{verdict}");
        }
    }
}
