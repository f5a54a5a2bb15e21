//! The last requests made from this browser: time, method, path, status and bodies — never a
//! token, a secret or a password.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::storage::{self, Area};

pub const HISTORY_LIMIT: usize = 50;
const STORAGE_KEY: &str = "mtls-portal.history";
/// Longer bodies are cut: the history is for recognising a request, not archiving answers.
const BODY_LIMIT: usize = 4_000;
/// JSON fields whose values never enter the history.
const SECRET_FIELDS: [&str; 6] = [
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "clientSecret",
    "password",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When it was sent, ISO 8601 as the browser gives it.
    pub at: String,
    /// "SAP API Management" or "Apinizer".
    pub product: String,
    pub method: String,
    pub path: String,
    /// `None` when no answer came (unreachable, timeout).
    pub status: Option<u16>,
    pub request_body: Option<String>,
    pub response_body: Option<String>,
}

/// The history, newest first, mirrored to local storage.
#[derive(Clone, Copy, Debug)]
pub struct History {
    entries: RwSignal<Vec<HistoryEntry>>,
}

impl History {
    fn load() -> Self {
        let entries = storage::read(Area::Local, STORAGE_KEY)
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Self {
            entries: RwSignal::new(entries),
        }
    }

    pub fn entries(&self) -> Signal<Vec<HistoryEntry>> {
        self.entries.into()
    }

    pub fn record(&self, entry: HistoryEntry) {
        self.entries.update(|entries| push(entries, entry));
        self.save();
    }

    pub fn clear(&self) {
        self.entries.set(Vec::new());
        storage::remove(Area::Local, STORAGE_KEY);
    }

    fn save(&self) {
        if let Ok(text) = serde_json::to_string(&self.entries.get_untracked()) {
            storage::write(Area::Local, STORAGE_KEY, &text);
        }
    }
}

/// Adds `entry` in front, with its bodies scrubbed, keeping at most [`HISTORY_LIMIT`].
fn push(entries: &mut Vec<HistoryEntry>, mut entry: HistoryEntry) {
    entry.request_body = entry.request_body.as_deref().map(scrub);
    entry.response_body = entry.response_body.as_deref().map(scrub);
    entries.insert(0, entry);
    entries.truncate(HISTORY_LIMIT);
}

/// A body fit for the history: secret JSON fields blanked, form bodies with secrets dropped,
/// and cut to a readable length.
pub fn scrub(body: &str) -> String {
    let scrubbed = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(mut value) => {
            blank_secrets(&mut value);
            value.to_string()
        }
        Err(_) if SECRET_FIELDS.iter().any(|f| body.contains(f)) => {
            "[body not kept: it holds a credential]".to_string()
        }
        Err(_) => body.to_string(),
    };
    match scrubbed.char_indices().nth(BODY_LIMIT) {
        Some((cut, _)) => format!("{}…", &scrubbed[..cut]),
        None => scrubbed,
    }
}

fn blank_secrets(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                if SECRET_FIELDS.contains(&key.as_str()) {
                    *inner = serde_json::Value::String("[removed]".into());
                } else {
                    blank_secrets(inner);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(blank_secrets),
        _ => {}
    }
}

pub fn provide_history() {
    provide_context(History::load());
}

pub fn use_history() -> History {
    use_context::<History>().unwrap_or_else(History::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, body: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            at: "2026-11-23T10:00:00.000Z".into(),
            product: "Apinizer".into(),
            method: "POST".into(),
            path: path.into(),
            status: Some(200),
            request_body: body.map(String::from),
            response_body: None,
        }
    }

    #[test]
    fn keeps_the_newest_fifty() {
        let mut entries = Vec::new();
        for i in 0..60 {
            push(&mut entries, entry(&format!("/p/{i}"), None));
        }
        assert_eq!(entries.len(), HISTORY_LIMIT);
        assert_eq!(entries[0].path, "/p/59");
        assert_eq!(entries[49].path, "/p/10");
    }

    #[test]
    fn never_keeps_tokens_or_secrets() {
        let token =
            r#"{"access_token":"eyJ.secret.x","token_type":"bearer","nested":{"password":"pw"}}"#;
        let kept = scrub(token);
        assert!(
            !kept.contains("eyJ.secret.x") && !kept.contains("\"pw\""),
            "{kept}"
        );
        assert!(kept.contains("bearer"));
        let form = "grant_type=client_credentials&client_id=me&client_secret=s3cret";
        assert!(!scrub(form).contains("s3cret"));
        assert_eq!(scrub("plain answer"), "plain answer");
    }

    #[test]
    fn cuts_long_bodies_on_a_character_boundary() {
        let long = "é".repeat(BODY_LIMIT + 10);
        let kept = scrub(&long);
        assert_eq!(kept.chars().count(), BODY_LIMIT + 1);
        assert!(kept.ends_with('…'));
    }
}
