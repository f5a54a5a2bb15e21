//! Apinizer API Ops: an API proxy's mTLS settings (`PATCH …/settings/mtls/`), the lists that help
//! fill the form (proxies, keystores) and the token exchange. Request building, validation and
//! response parsing only; no view code, no HTTP.
//!
//! The settings cannot be read back (the proxy detail has no mTLS block) and the PATCH changes
//! only the fields sent, so the form starts with every field "unchanged" and only what the user
//! set goes into the body. Apinizer's documentation generations disagree on response shapes:
//! `{"success":true}` vs `{"status":"SUCCESS"|"FAILURE","resultMessage"}`, errors as
//! `{"error","error_description"}` or `{"status":"FAILURE","resultMessage"}`. Every one is read.

use serde_json::{json, Map, Value};

use super::challenge::{refusal, Refusal};
use super::http::{ApiRequest, Method, RawResponse};
use super::problem::Problem;

pub const TOKEN_PATH: &str = "/apiops/auth/token";

/// `EnumSSLContextProtocolType`, newest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    Tls13,
    Tls12,
    Tls11,
    Tls10,
    Ssl30,
}

impl Protocol {
    pub const ALL: [Protocol; 5] = [
        Protocol::Tls13,
        Protocol::Tls12,
        Protocol::Tls11,
        Protocol::Tls10,
        Protocol::Ssl30,
    ];

    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tls13 => "TLS_1_3",
            Protocol::Tls12 => "TLS_1_2",
            Protocol::Tls11 => "TLS_1_1",
            Protocol::Tls10 => "TLS_1_0",
            Protocol::Ssl30 => "SSL_3_0",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Protocol::Tls13 => "TLS 1.3",
            Protocol::Tls12 => "TLS 1.2",
            Protocol::Tls11 => "TLS 1.1 (deprecated)",
            Protocol::Tls10 => "TLS 1.0 (deprecated)",
            Protocol::Ssl30 => "SSL 3.0 (broken)",
        }
    }

    /// Deprecated (RFC 8996) or broken: choosing one needs a confirmation.
    pub fn is_legacy(self) -> bool {
        matches!(self, Protocol::Tls11 | Protocol::Tls10 | Protocol::Ssl30)
    }
}

/// `EnumHostnameVerifierType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostnameVerifier {
    Noop,
    Default,
    Strict,
    BrowserCompat,
}

impl HostnameVerifier {
    pub const ALL: [HostnameVerifier; 4] = [
        HostnameVerifier::Strict,
        HostnameVerifier::Default,
        HostnameVerifier::BrowserCompat,
        HostnameVerifier::Noop,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HostnameVerifier::Noop => "NOOP",
            HostnameVerifier::Default => "DEFAULT",
            HostnameVerifier::Strict => "STRICT",
            HostnameVerifier::BrowserCompat => "BROWSER_COMPAT",
        }
    }

    pub fn from_api(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// The seed's explanation.
    pub fn explanation(self) -> &'static str {
        match self {
            HostnameVerifier::Noop => "No hostname verification — not recommended for production.",
            HostnameVerifier::Default => "Default hostname verification (RFC 2818, RFC 6125).",
            HostnameVerifier::Strict => "Strict hostname verification: exact match required.",
            HostnameVerifier::BrowserCompat => {
                "Browser-compatible hostname verification (allows wildcards)."
            }
        }
    }
}

/// What to do with `supportedProtocolList`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum ProtocolChoice {
    #[default]
    Unchanged,
    /// These protocols only (must not be empty).
    Only(Vec<Protocol>),
    /// An empty list, which the API reads as "all protocols" — sent only on purpose.
    All,
}

/// The change the user asks for: `None` / `Unchanged` fields are left as they are.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MtlsChange {
    pub enabled: Option<bool>,
    pub key_store_id: Option<String>,
    pub trust_store_id: Option<String>,
    pub protocols: ProtocolChoice,
    pub verifier: Option<HostnameVerifier>,
}

/// What the user has confirmed about risky choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Confirmations {
    pub noop_verifier: bool,
    pub legacy_protocols: bool,
    pub all_protocols: bool,
}

/// Form fields a message can belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Project,
    Proxy,
    KeyStore,
    Protocols,
    Verifier,
    /// The change as a whole (nothing to send).
    Change,
}

/// The fields the user set, in the seed's order.
fn body_entries(change: &MtlsChange) -> Vec<(&'static str, Value)> {
    let mut entries = Vec::new();
    if let Some(enabled) = change.enabled {
        entries.push(("enabled", json!(enabled)));
    }
    if let Some(id) = &change.key_store_id {
        entries.push(("keyStoreId", json!(id)));
    }
    if let Some(id) = &change.trust_store_id {
        entries.push(("trustStoreId", json!(id)));
    }
    match &change.protocols {
        ProtocolChoice::Unchanged => {}
        ProtocolChoice::All => entries.push(("supportedProtocolList", json!([]))),
        ProtocolChoice::Only(list) => {
            let names: Vec<&str> = list.iter().map(|p| p.as_str()).collect();
            entries.push(("supportedProtocolList", json!(names)));
        }
    }
    if let Some(verifier) = change.verifier {
        entries.push(("hostnameVerifierType", json!(verifier.as_str())));
    }
    entries
}

/// The PATCH body: only the fields the user set.
pub fn mtls_body(change: &MtlsChange) -> Value {
    Value::Object(
        body_entries(change)
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

/// The body as the preview shows it and the request sends it: pretty JSON in the seed's field
/// order (a JSON map would sort the keys).
pub fn mtls_body_text(change: &MtlsChange) -> String {
    let lines: Vec<String> = body_entries(change)
        .into_iter()
        .map(|(key, value)| {
            let value = serde_json::to_string_pretty(&value)
                .unwrap_or_default()
                .replace('\n', "\n  ");
            format!("  \"{key}\": {value}")
        })
        .collect();
    if lines.is_empty() {
        "{}".to_string()
    } else {
        format!("{{\n{}\n}}", lines.join(",\n"))
    }
}

/// Checks before sending. Messages name what to do.
pub fn validate(
    project: &str,
    proxy: &str,
    change: &MtlsChange,
    confirmed: Confirmations,
) -> Vec<(Field, String)> {
    let mut errors = Vec::new();
    if project.trim().is_empty() {
        errors.push((Field::Project, "Enter the project's name.".to_string()));
    }
    if proxy.trim().is_empty() {
        errors.push((
            Field::Proxy,
            "Enter or pick the API proxy's name.".to_string(),
        ));
    }
    let body = mtls_body(change);
    if body.as_object().is_some_and(Map::is_empty) {
        errors.push((
            Field::Change,
            "Nothing would change: set at least one field.".to_string(),
        ));
    }
    if change.enabled == Some(true)
        && change
            .key_store_id
            .as_deref()
            .is_none_or(|id| id.trim().is_empty())
    {
        errors.push((
            Field::KeyStore,
            "A keystore is required when enabling mTLS: it holds the client certificate and its private key.".to_string(),
        ));
    }
    match &change.protocols {
        ProtocolChoice::Only(list) if list.is_empty() => errors.push((
            Field::Protocols,
            "Tick at least one protocol, or choose \"all protocols\" on purpose.".to_string(),
        )),
        ProtocolChoice::Only(list)
            if list.iter().any(|p| p.is_legacy()) && !confirmed.legacy_protocols =>
        {
            errors.push((
                Field::Protocols,
                "SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996): confirm that the backend needs them."
                    .to_string(),
            ))
        }
        ProtocolChoice::All if !confirmed.all_protocols => errors.push((
            Field::Protocols,
            "An empty list allows every protocol, SSL 3.0 included: confirm that this is meant.".to_string(),
        )),
        _ => {}
    }
    if change.verifier == Some(HostnameVerifier::Noop) && !confirmed.noop_verifier {
        errors.push((
            Field::Verifier,
            "NOOP turns hostname verification off: confirm that this is not for production."
                .to_string(),
        ));
    }
    errors
}

/// Percent-encodes a path segment (everything but RFC 3986 unreserved characters).
pub fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.trim().bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub fn mtls_path(project: &str, proxy: &str) -> String {
    format!(
        "/apiops/projects/{}/apiProxies/{}/settings/mtls/",
        encode_segment(project),
        encode_segment(proxy)
    )
}

pub fn mtls_request(project: &str, proxy: &str, change: &MtlsChange) -> ApiRequest {
    ApiRequest {
        method: Method::Patch,
        path: mtls_path(project, proxy),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Accept".into(), "application/json".into()),
        ],
        body: Some(mtls_body_text(change)),
    }
}

pub fn proxies_request(project: &str) -> ApiRequest {
    ApiRequest::get(format!(
        "/apiops/projects/{}/apiProxies/",
        encode_segment(project)
    ))
}

pub fn keystores_request(project: &str) -> ApiRequest {
    ApiRequest::get(format!(
        "/apiops/projects/{}/keystores/",
        encode_segment(project)
    ))
}

/// The user-name/password exchange (`grant_type=client_credentials`).
pub fn token_request(user: &str, password: &str) -> ApiRequest {
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        encode_segment(user),
        encode_segment(password)
    );
    ApiRequest {
        method: Method::Post,
        path: TOKEN_PATH.into(),
        headers: vec![
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("Accept".into(), "application/json".into()),
        ],
        body: Some(form),
    }
}

// ---------------------------------------------------------------------------------------------
// Answers

/// The backend's explanation of a failure, from any documented error shape, in words.
pub fn describe_error(response: &RawResponse) -> Problem {
    let parsed: Option<Value> = serde_json::from_str(&response.body).ok();
    let text = |key: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let code = text("error");
    let message = text("error_description")
        .or_else(|| text("resultMessage"))
        .or_else(|| text("message"))
        .or_else(|| code.clone())
        .unwrap_or_else(|| unreadable(response));
    let message = match (response.status, refusal(response)) {
        (_, Some(Refusal::Login { .. })) => {
            return Problem::login_refused(
                response.status,
                code,
                format!("The user name or password was refused ({message})."),
            )
        }
        (
            _,
            Some(Refusal::Token {
                reason: Some(reason),
            }),
        ) => format!(
            "{message} — the token was refused ({reason}): get a new one on the Connections page."
        ),
        (401, _) => {
            format!("{message} — the token was refused: get a new one on the Connections page.")
        }
        (403, _) => {
            format!("{message} — the token's user needs the ROLE_MANAGE_PROXIES permission.")
        }
        (502 | 503, _) => {
            format!("The portal server got no usable answer from the Apinizer console: {message}")
        }
        (504, _) => format!("The Apinizer console did not answer in time: {message}"),
        _ => message,
    };
    Problem::answered(response.status, code, message)
}

/// Words for a body that is not one of Apinizer's JSON shapes.
fn unreadable(response: &RawResponse) -> String {
    let body = response.body.trim();
    if body.is_empty() {
        return "The backend answered with an empty body.".into();
    }
    let kind = if body.starts_with('<') {
        "an HTML or XML page"
    } else {
        "something that is not Apinizer's JSON"
    };
    let start: String = body.chars().take(120).collect();
    format!(
        "The backend answered with {kind}: \"{start}{}\"",
        if body.chars().count() > 120 {
            "…"
        } else {
            ""
        }
    )
}

/// Whether a 2xx body says the call worked: `success: true` or `status: "SUCCESS"`.
fn success_flag(value: &Value) -> Option<bool> {
    value.get("success").and_then(Value::as_bool).or_else(|| {
        value
            .get("status")
            .and_then(Value::as_str)
            .map(|s| s == "SUCCESS")
    })
}

/// Reads the PATCH answer.
pub fn parse_update(response: &RawResponse) -> Result<(), Problem> {
    if !response.is_success() {
        return Err(describe_error(response));
    }
    let value: Value = serde_json::from_str(&response.body)
        .map_err(|_| Problem::answered(response.status, None, unreadable(response)))?;
    match success_flag(&value) {
        Some(true) => Ok(()),
        Some(false) => Err(describe_error(response)),
        None => Err(Problem::answered(
            response.status,
            None,
            format!(
                "The answer does not say whether the change was made: {}",
                unreadable(response)
            ),
        )),
    }
}

/// A token from `/apiops/auth/token`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGrant {
    pub access_token: String,
    /// Seconds; some documentation generations give an absolute time in ms instead, which is
    /// ignored.
    pub expires_in: Option<i64>,
}

pub fn parse_token(response: &RawResponse) -> Result<TokenGrant, Problem> {
    if response.status == 401 {
        // A wrong user name or password (the documented `unauthorized_client`, "Bad credentials").
        let said = describe_error(&RawResponse {
            upstream_authenticate: None,
            ..response.clone()
        });
        let detail = said
            .message
            .split(" — ")
            .next()
            .unwrap_or_default()
            .trim_end_matches('.');
        return Err(Problem::login_refused(
            401,
            said.code,
            format!(
                "The user name or password was refused (the console said: “{detail}”). Enter \
                 the password again."
            ),
        ));
    }
    if !response.is_success() {
        return Err(describe_error(response));
    }
    let value: Value = serde_json::from_str(&response.body)
        .map_err(|_| Problem::answered(response.status, None, unreadable(response)))?;
    let token = value
        .get("access_token")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            Problem::answered(
                response.status,
                None,
                "The token answer holds no access_token.",
            )
        })?;
    let expires_in = value
        .get("expires_in")
        .and_then(Value::as_i64)
        // An absolute epoch in ms (one documentation generation) is not a duration.
        .filter(|s| (1..=31_536_000).contains(s));
    Ok(TokenGrant {
        access_token: token.to_string(),
        expires_in,
    })
}

/// A keystore as the pick list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeystoreSummary {
    /// The identifier to send (the docs show no id field; the name is what identifies it).
    pub id: String,
    pub description: Option<String>,
    /// Environments and store types, e.g. "production (JKS)".
    pub environments: Vec<String>,
}

fn result_list(response: &RawResponse) -> Result<Vec<Value>, Problem> {
    if !response.is_success() {
        return Err(describe_error(response));
    }
    let value: Value = serde_json::from_str(&response.body)
        .map_err(|_| Problem::answered(response.status, None, unreadable(response)))?;
    if success_flag(&value) == Some(false) {
        return Err(describe_error(response));
    }
    match value.get("resultList").or_else(|| value.get("results")) {
        Some(Value::Array(items)) => Ok(items.clone()),
        _ => match value {
            Value::Array(items) => Ok(items),
            _ => Err(Problem::answered(
                response.status,
                None,
                "The answer holds no list (resultList).",
            )),
        },
    }
}

fn string(value: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        value
            .get(*k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    })
}

pub fn parse_keystores(response: &RawResponse) -> Result<Vec<KeystoreSummary>, Problem> {
    Ok(result_list(response)?
        .iter()
        .filter_map(|item| {
            let id = string(item, &["id", "name"])?;
            let environments = item
                .get("keyStoreEnvironmentList")
                .and_then(Value::as_array)
                .map(|envs| {
                    envs.iter()
                        .filter_map(|env| {
                            let name = string(env, &["environmentName", "environmentId"])?;
                            Some(match string(env, &["type", "keyStoreType"]) {
                                Some(kind) => format!("{name} ({kind})"),
                                None => name,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(KeystoreSummary {
                id,
                description: string(item, &["description"]),
                environments,
            })
        })
        .collect())
}

/// Proxy names of a project.
pub fn parse_proxies(response: &RawResponse) -> Result<Vec<String>, Problem> {
    Ok(result_list(response)?
        .iter()
        .filter_map(|item| match item {
            Value::String(name) => Some(name.clone()),
            other => string(other, &["name", "apiProxyName"]),
        })
        .collect())
}

#[cfg(test)]
mod tests;
