//! What the emulated backends received.
//!
//! `GET /__demo/requests`: the last 50 backend calls, oldest first, each
//! `{backend, method, path, query, status, body, fault}`; `body` is the body received, parsed as
//! JSON when it is JSON, else the text (null when empty). No header is recorded; secrets in form
//! bodies and queries (`client_secret`, `password`, `access_token`, …) are replaced by `[redacted]`.

use std::collections::VecDeque;
use std::sync::Mutex;

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

use super::{lock, Shared};
use crate::backend::Product;

/// How many backend calls `/__demo/requests` keeps.
pub const RECORDED_LIMIT: usize = 50;

#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    pub backend: Product,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: u16,
    pub body: Value,
    pub fault: bool,
}

/// The last [`RECORDED_LIMIT`] backend calls.
#[derive(Debug, Default)]
pub struct Recording {
    calls: Mutex<VecDeque<RecordedRequest>>,
}

impl Recording {
    pub fn record(&self, entry: RecordedRequest) {
        let mut recorded = lock(&self.calls);
        if recorded.len() >= RECORDED_LIMIT {
            recorded.pop_front();
        }
        recorded.push_back(entry);
    }

    pub fn clear(&self) {
        lock(&self.calls).clear();
    }
}

const SECRET_KEYS: [&str; 6] = [
    "client_secret",
    "password",
    "access_token",
    "refresh_token",
    "token",
    "clientsecret",
];

pub fn redact_form(text: &str) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(text.as_bytes()) {
        if SECRET_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
            out.append_pair(&key, "[redacted]");
        } else {
            out.append_pair(&key, &value);
        }
    }
    out.finish()
}

pub fn recorded_body(headers: &HeaderMap, body: &[u8]) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        return value;
    }
    let text = String::from_utf8_lossy(body);
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if is_form {
        Value::String(redact_form(&text))
    } else {
        Value::String(text.into_owned())
    }
}

pub async fn list_requests(State(control): State<Shared>) -> Response {
    let recorded: Vec<RecordedRequest> = lock(&control.recording.calls).iter().cloned().collect();
    Json(recorded).into_response()
}

pub async fn clear_requests(State(control): State<Shared>) -> Response {
    lock(&control.recording.calls).clear();
    Json(json!([])).into_response()
}
