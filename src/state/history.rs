//! The last requests made from this browser: time, method, path, status and bodies — never a
//! token, a secret or a password.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::connections::use_connections;
use super::storage::{self, Area};
use super::Deferred;

pub const HISTORY_LIMIT: usize = 50;
pub const STORAGE_KEY: &str = "mtls-portal.history";
/// Longer bodies are cut: the history is for recognising a request, not archiving answers.
const BODY_LIMIT: usize = 4_000;
/// A field whose name contains one of these (any case) never enters the history: `access_token`,
/// `clientSecret`, `keyStorePassword`, `apiKey`, `credentials`, … at any depth.
const SECRET_WORDS: [&str; 5] = ["token", "secret", "password", "key", "credential"];
/// What stands in for a removed value.
const REMOVED: &str = "[removed]";

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

/// The history, newest first, mirrored to the tab's session storage, or to local storage while
/// a session is remembered on this device (the user's choice for what outlives the tab).
#[derive(Clone, Copy, Debug)]
pub struct History {
    entries: RwSignal<Vec<HistoryEntry>>,
    area: RwSignal<Area>,
}

fn area_for(remembered: bool) -> Area {
    if remembered {
        Area::Local
    } else {
        Area::Session
    }
}

fn other(area: Area) -> Area {
    match area {
        Area::Session => Area::Local,
        Area::Local => Area::Session,
    }
}

impl History {
    /// The stored history, moved to where `remembered` says if it was kept elsewhere (also a
    /// history earlier versions always wrote to local storage).
    pub fn load(remembered: bool) -> Self {
        let area = area_for(remembered);
        let read = |area| {
            storage::read(area, STORAGE_KEY)
                .and_then(|text| serde_json::from_str::<Vec<HistoryEntry>>(&text).ok())
        };
        let (entries, moved) = match read(area) {
            Some(entries) => (entries, false),
            None => (read(other(area)).unwrap_or_default(), true),
        };
        let history = Self {
            entries: RwSignal::new(entries),
            area: RwSignal::new(area),
        };
        if moved {
            storage::remove(other(area), STORAGE_KEY);
            history.save();
        }
        history
    }

    pub fn entries(&self) -> Signal<Vec<HistoryEntry>> {
        self.entries.into()
    }

    /// Where the history is kept now.
    pub fn area(&self) -> Area {
        self.area.get_untracked()
    }

    pub fn record(&self, entry: HistoryEntry) {
        self.entries.update(|entries| push(entries, entry));
        self.save();
    }

    pub fn clear(&self) {
        self.entries.set(Vec::new());
        for area in [Area::Session, Area::Local] {
            storage::remove(area, STORAGE_KEY);
        }
    }

    /// Keeps the history on this device (local storage) or for this tab only, and nowhere else.
    pub fn keep_on_device(&self, remembered: bool) {
        let area = area_for(remembered);
        if self.area.get_untracked() == area {
            return;
        }
        self.area.set(area);
        storage::remove(other(area), STORAGE_KEY);
        self.save();
    }

    fn save(&self) {
        let entries = self.entries.get_untracked();
        let area = self.area.get_untracked();
        if entries.is_empty() {
            storage::remove(area, STORAGE_KEY);
        } else if let Ok(text) = serde_json::to_string(&entries) {
            storage::write(area, STORAGE_KEY, &text);
        }
    }
}

/// Adds `entry` in front, with its query and bodies scrubbed, keeping at most [`HISTORY_LIMIT`].
fn push(entries: &mut Vec<HistoryEntry>, mut entry: HistoryEntry) {
    entry.path = scrub_path(&entry.path);
    entry.request_body = entry.request_body.as_deref().map(scrub);
    entry.response_body = entry.response_body.as_deref().map(scrub);
    entries.insert(0, entry);
    entries.truncate(HISTORY_LIMIT);
}

/// Whether a field of this name holds something never to keep.
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_lowercase();
    SECRET_WORDS.iter().any(|word| name.contains(word))
}

/// A body fit for the history: secret fields of JSON, form-encoded and XML bodies blanked,
/// other text that speaks of a credential not kept, and cut to a readable length.
pub fn scrub(body: &str) -> String {
    let scrubbed = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(mut value) => {
            blank_secrets(&mut value);
            json_prefix(&value)
        }
        Err(_) if is_form(body) => scrub_form(body),
        Err(_) if body.trim_start().starts_with('<') => scrub_xml(body),
        Err(_) if mentions_credential(body) => "[body not kept: it may hold a credential]".into(),
        Err(_) => body.to_string(),
    };
    let mut chars = scrubbed.chars();
    let kept: String = chars.by_ref().take(BODY_LIMIT).collect();
    if chars.next().is_some() {
        format!("{kept}…")
    } else {
        kept
    }
}

/// The start of `value` as JSON text, enough for [`BODY_LIMIT`] characters and one more (so that
/// [`scrub`] knows it was cut): a list of 500 virtual hosts is not written out whole to keep its
/// first 4 000 characters.
fn json_prefix(value: &serde_json::Value) -> String {
    /// Takes bytes until it holds more than any `BODY_LIMIT + 1` characters can take (4 bytes
    /// each in UTF-8), then refuses the rest, which stops serde_json.
    struct Prefix(Vec<u8>);
    const ENOUGH: usize = (BODY_LIMIT + 1) * 4;
    impl std::io::Write for Prefix {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0.len() > ENOUGH {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut prefix = Prefix(Vec::new());
    // An error here is only the refusal above: what was written is the prefix wanted.
    let _ = serde_json::to_writer(&mut prefix, value);
    // A character cut at the end lies past the BODY_LIMIT + 1 kept.
    String::from_utf8_lossy(&prefix.0).into_owned()
}

fn blank_secrets(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                if is_secret_name(key) {
                    *inner = serde_json::Value::String(REMOVED.into());
                } else {
                    blank_secrets(inner);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(blank_secrets),
        _ => {}
    }
}

/// `application/x-www-form-urlencoded` (WHATWG URL §5): `name=value` pairs joined by `&`, no
/// spaces (those are `+` or `%20`).
fn is_form(body: &str) -> bool {
    let body = body.trim_end();
    !body.is_empty()
        && !body.contains(char::is_whitespace)
        && !body.starts_with(['{', '[', '<'])
        && body.split('&').all(|pair| {
            pair.split_once('=')
                .is_some_and(|(name, _)| !name.is_empty())
        })
}

fn scrub_form(body: &str) -> String {
    body.trim_end()
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_name(&percent_decode(name)) => format!("{name}={REMOVED}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A path with the values of secret query parameters removed.
fn scrub_path(path: &str) -> String {
    match path.split_once('?') {
        Some((base, query)) if !query.is_empty() => {
            let query = if is_form(query) {
                scrub_form(query)
            } else if mentions_credential(query) {
                REMOVED.to_string()
            } else {
                query.to_string()
            };
            format!("{base}?{query}")
        }
        _ => path.to_string(),
    }
}

/// Form-encoding's percent escapes and `+`, for comparing a name; undecodable bytes stay.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, escaped) {
            (_, Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// XML (an Atom answer): the text inside every element whose local name is secret is removed,
/// children's included.
fn scrub_xml(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    // How many secret elements enclose the current text.
    let mut secret_depth = 0usize;
    loop {
        let (text, tail) = match rest.split_once('<') {
            Some((text, tail)) => (text, Some(tail)),
            None => (rest, None),
        };
        if secret_depth > 0 && !text.trim().is_empty() {
            out.push_str(REMOVED);
        } else {
            out.push_str(text);
        }
        let Some(tail) = tail else { break };
        let Some((tag, after)) = tail.split_once('>') else {
            // A tag cut off: nothing after it is read as text.
            out.push('<');
            if secret_depth == 0 {
                out.push_str(tail);
            }
            break;
        };
        out.push('<');
        out.push_str(tag);
        out.push('>');
        rest = after;
        let name = tag.split_whitespace().next().unwrap_or("");
        if tag.starts_with('/') {
            secret_depth = secret_depth.saturating_sub(1);
        } else if !tag.starts_with(['!', '?']) && !tag.ends_with('/') {
            let local = name.rsplit(':').next().unwrap_or(name);
            if secret_depth > 0 || is_secret_name(local) {
                secret_depth = secret_depth.saturating_add(1);
            }
        }
    }
    out
}

/// Plain text that names a credential: kept out whole, as it cannot be taken apart.
fn mentions_credential(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "secret",
        "password",
        "credential",
        "bearer ",
        "token=",
        "key=",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// Provides the history, kept where the sessions say: on this device while one of them is
/// remembered, else for this tab only. Follows sign-ins and sign-outs.
/// The shared history, read from storage on first use (see [`Deferred`]) and from then on kept
/// where the connections say: on this device while a session is remembered, else for the tab.
/// A component mounted without `provide_state` (in `App`) is a mistake, and says so at once
/// rather than record into a copy nobody shows.
pub fn use_history() -> History {
    expect_context::<Deferred<History>>().get_or_init(|| {
        let connections = use_connections();
        let history = History::load(connections.any_remembered_untracked());
        Effect::new(move |_| history.keep_on_device(connections.any_remembered()));
        history
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "History")]
    fn a_component_without_the_shared_history_fails_loudly() {
        let owner = Owner::new();
        owner.with(|| {
            let _ = use_history();
        });
    }

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
        let form = "grant_type=client_credentials&client_id=me&client_secret=s3cret";
        assert_eq!(
            scrub(form),
            "grant_type=client_credentials&client_id=me&client_secret=[removed]"
        );
        assert_eq!(scrub("plain answer"), "plain answer");
    }

    #[test]
    fn json_keys_naming_a_secret_are_blanked_at_any_depth_in_any_case() {
        let body = r#"{"expires_in":3600,"ACCESS_TOKEN":"t1","list":[{"deep":{"apiKey":"k1",
            "MyCredentials":{"user":"u1"},"keyStorePassword":"p1","Client-Secret":"s1",
            "refreshToken":"r1","name":"kept-name"}}],"jwt":{"idToken":["t2"]}}"#;
        let kept: serde_json::Value = serde_json::from_str(&scrub(body)).expect("JSON");
        let text = kept.to_string();
        for secret in ["t1", "k1", "u1", "p1", "s1", "r1", "t2"] {
            assert!(
                !text.contains(&format!("\"{secret}\"")),
                "{secret} in {text}"
            );
        }
        assert_eq!(kept["expires_in"], 3600);
        assert_eq!(kept["list"][0]["deep"]["name"], "kept-name");
        assert_eq!(kept["list"][0]["deep"]["MyCredentials"], "[removed]");
        assert_eq!(kept["ACCESS_TOKEN"], "[removed]");
    }

    #[test]
    fn form_bodies_lose_secret_values_however_the_name_is_written() {
        assert_eq!(
            scrub("username=ada&PASSWORD=pw1&client%5Fsecret=s1&api+key=k1&refresh%2Dtoken=r1&x=1"),
            "username=ada&PASSWORD=[removed]&client%5Fsecret=[removed]&api+key=[removed]&\
             refresh%2Dtoken=[removed]&x=1"
        );
        // Not a form (spaces): text that names a credential is not kept at all.
        assert_eq!(
            scrub("error: client_secret s1 is wrong"),
            "[body not kept: it may hold a credential]"
        );
        assert_eq!(
            scrub_path("/oauth/token?grant_type=client_credentials&client_secret=s1"),
            "/oauth/token?grant_type=client_credentials&client_secret=[removed]"
        );
        assert_eq!(scrub_path("/apiops/projects/"), "/apiops/projects/");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41+"), "%zzA ");
    }

    #[test]
    fn xml_answers_lose_the_text_of_secret_elements() {
        let atom = "<entry><m:properties><d:id>1</d:id><d:keyStoreName>ks</d:keyStoreName>\
                    <d:Credential><d:user>u1</d:user></d:Credential><d:trust/><d:isTLS>true\
                    </d:isTLS></m:properties></entry>";
        assert_eq!(
            scrub(atom),
            "<entry><m:properties><d:id>1</d:id><d:keyStoreName>[removed]</d:keyStoreName>\
             <d:Credential><d:user>[removed]</d:user></d:Credential><d:trust/><d:isTLS>true\
             </d:isTLS></m:properties></entry>"
        );
        assert_eq!(scrub("<a><token>t1"), "<a><token>[removed]");
        assert_eq!(scrub("<a><token x"), "<a><token x");
    }

    #[test]
    fn the_history_is_kept_for_the_tab_unless_a_session_is_remembered() {
        let owner = Owner::new();
        owner.with(|| {
            let history = History::load(false);
            assert_eq!(history.area(), Area::Session);
            history.keep_on_device(true);
            assert_eq!(history.area(), Area::Local);
            history.keep_on_device(false);
            assert_eq!(history.area(), Area::Session);
            assert_eq!(History::load(true).area(), Area::Local);
        });
    }

    #[test]
    fn a_long_json_body_is_cut_as_if_written_whole() {
        let hosts: Vec<serde_json::Value> = (0..500)
            .map(|i| {
                serde_json::json!({
                    "name": format!("host-{i}-é✓𝄞"),
                    "clientSecret": "s3cret",
                    "keyStore": "ks",
                    "isClientAuthEnabled": i % 2 == 0,
                })
            })
            .collect();
        let body = serde_json::json!({ "d": { "results": hosts } }).to_string();
        let kept = scrub(&body);
        let mut whole = serde_json::from_str::<serde_json::Value>(&body).expect("JSON");
        blank_secrets(&mut whole);
        let expected: String = whole.to_string().chars().take(BODY_LIMIT).collect();
        assert_eq!(kept, format!("{expected}…"));
        assert!(!kept.contains("s3cret"));
        let short = r#"{"name":"a","password":"p"}"#;
        assert_eq!(
            scrub(short),
            format!(r#"{{"name":"a","password":"{REMOVED}"}}"#)
        );
    }

    #[test]
    fn cuts_long_bodies_on_a_character_boundary() {
        let long = "é".repeat(BODY_LIMIT + 10);
        let kept = scrub(&long);
        assert_eq!(kept.chars().count(), BODY_LIMIT + 1);
        assert!(kept.ends_with('…'));
    }
}
