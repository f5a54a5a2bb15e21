//! Demo-only control endpoints under `/__demo/` (`--demo`), and the middleware in front of both
//! emulated backends that injects faults and records what the backends received.
//!
//! Fault semantics (`POST /__demo/faults`, body
//! `{"backend":"sap"|"apinizer"|"any","count":N,"status":S,"delay_ms":D,"malformed":M}`):
//! - Each POST queues one rule; rules are used first-queued first. A backend call (any path under
//!   `/apiportal/`, `/oauth/` for `sap`; `/apiops/` for `apinizer`; both for `any`, token endpoints
//!   included) takes the first rule matching its backend that has calls left and uses up one of
//!   its `count` (default 1). A rule with no calls left is dropped.
//! - `delay_ms` (default 0, at most 300000): the call waits that long first. With neither `status`
//!   nor `malformed` it is then answered normally (a slow backend).
//! - `malformed` (`true`, `"html"` or `"truncated-json"`): the answer is a broken body with status
//!   `status` (default 200): `"html"` an HTML error page (`text/html`), `"truncated-json"` JSON cut
//!   off mid-value (`application/json`). `true` picks `"html"` for SAP (a page from a gateway or
//!   login in front of the tenant) and `"truncated-json"` for Apinizer.
//! - `status` (400–599) without `malformed`: the backend's own error body for that status (OData
//!   error for SAP's API paths in the format the call asked for, `{error, error_description}` for
//!   the token endpoints and Apinizer; 401s exactly as that backend's token check answers).
//! - A rule with none of the three fails with 500.
//! - Injected answers carry `X-Demo-Fault: injected`; the handler (and so the state) is not reached
//!   unless the rule only delays.
//!
//! `GET /__demo/requests`: the last 50 backend calls, oldest first, each
//! `{backend, method, path, query, status, body, fault}`; `body` is the body received, parsed as
//! JSON when it is JSON, else the text (null when empty). No header is recorded; secrets in form
//! bodies and queries (`client_secret`, `password`, `access_token`, …) are replaced by `[redacted]`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::apinizer::{self, ApiError, ApinizerEmulation};
use crate::auth::TokenCheck;
use crate::demo_data as demo;
use crate::sap::odata::{Format, ODataError};
use crate::sap::{self, SapEmulation};

/// How many backend calls `/__demo/requests` keeps.
pub const RECORDED_LIMIT: usize = 50;
/// The largest body a backend call may carry (axum's default limit).
const BODY_LIMIT: usize = 2 * 1024 * 1024;
const MAX_DELAY_MS: u64 = 300_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    Sap,
    Apinizer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultTarget {
    Sap,
    Apinizer,
    Any,
}

impl FaultTarget {
    fn matches(self, product: Product) -> bool {
        matches!(
            (self, product),
            (FaultTarget::Any, _)
                | (FaultTarget::Sap, Product::Sap)
                | (FaultTarget::Apinizer, Product::Apinizer)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MalformedKind {
    /// `malformed: true`: the backend's typical broken answer.
    Auto,
    Html,
    TruncatedJson,
}

/// One queued fault rule, as `GET /__demo/faults` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fault {
    pub backend: FaultTarget,
    /// Calls this rule still applies to.
    pub remaining: u32,
    pub status: Option<u16>,
    pub delay_ms: u64,
    /// `None` = a well-formed answer.
    pub malformed: Option<MalformedKind>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum MalformedSpec {
    Flag(bool),
    Kind(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    backend: FaultTarget,
    count: Option<u32>,
    status: Option<u16>,
    delay_ms: Option<u64>,
    malformed: Option<MalformedSpec>,
}

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

/// State of the control endpoints, shared with the backend middleware.
#[derive(Debug)]
pub struct DemoControl {
    faults: Mutex<Vec<Fault>>,
    recorded: Mutex<VecDeque<RecordedRequest>>,
    pub sap: Option<Arc<SapEmulation>>,
    pub apinizer: Option<Arc<ApinizerEmulation>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl DemoControl {
    pub fn new(
        sap: Option<Arc<SapEmulation>>,
        apinizer: Option<Arc<ApinizerEmulation>>,
    ) -> Arc<DemoControl> {
        Arc::new(DemoControl {
            faults: Mutex::new(Vec::new()),
            recorded: Mutex::new(VecDeque::new()),
            sap,
            apinizer,
        })
    }

    /// Takes one call's worth of the first matching fault rule.
    fn take_fault(&self, product: Product) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let index = faults
            .iter()
            .position(|f| f.remaining > 0 && f.backend.matches(product))?;
        let fault = faults[index].clone();
        faults[index].remaining -= 1;
        if faults[index].remaining == 0 {
            faults.remove(index);
        }
        Some(fault)
    }

    fn record(&self, entry: RecordedRequest) {
        let mut recorded = lock(&self.recorded);
        if recorded.len() >= RECORDED_LIMIT {
            recorded.pop_front();
        }
        recorded.push_back(entry);
    }

    pub fn reset(&self) {
        if let Some(sap) = &self.sap {
            sap.reset();
        }
        if let Some(apinizer) = &self.apinizer {
            apinizer.reset();
        }
        lock(&self.faults).clear();
        lock(&self.recorded).clear();
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

fn redact_form(text: &str) -> String {
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

fn recorded_body(headers: &HeaderMap, body: &[u8]) -> Value {
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

/// Middleware in front of one emulated backend: fault injection, then recording.
pub async fn intercept(
    State((control, product)): State<(Arc<DemoControl>, Product)>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response(),
    };
    let method = parts.method.to_string();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(redact_form);
    let headers = parts.headers.clone();

    let fault = control.take_fault(product);
    let response = match &fault {
        Some(fault) => {
            if fault.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
            }
            match fault_response(fault, product, &path, &headers, parts.uri.query()) {
                Some(response) => mark_injected(response),
                None => {
                    next.run(Request::from_parts(parts, Body::from(bytes.clone())))
                        .await
                }
            }
        }
        None => {
            next.run(Request::from_parts(parts, Body::from(bytes.clone())))
                .await
        }
    };
    control.record(RecordedRequest {
        backend: product,
        method,
        path,
        query,
        status: response.status().as_u16(),
        body: recorded_body(&headers, &bytes),
        fault: fault.is_some(),
    });
    response
}

fn mark_injected(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert("x-demo-fault", HeaderValue::from_static("injected"));
    response
}

/// The injected answer, or `None` when the rule only delays.
fn fault_response(
    fault: &Fault,
    product: Product,
    path: &str,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Option<Response> {
    let status = fault.status.and_then(|s| StatusCode::from_u16(s).ok());
    if let Some(kind) = fault.malformed {
        let kind = match (kind, product) {
            (MalformedKind::Auto, Product::Sap) => MalformedKind::Html,
            (MalformedKind::Auto, Product::Apinizer) => MalformedKind::TruncatedJson,
            (kind, _) => kind,
        };
        return Some(malformed(kind, product, status.unwrap_or(StatusCode::OK)));
    }
    let status = status?;
    let is_token_path = path == sap::TOKEN_PATH || path.starts_with(apinizer::TOKEN_PATH);
    let reason = status.canonical_reason().unwrap_or("Error");
    Some(match (product, status) {
        (Product::Sap, StatusCode::UNAUTHORIZED) if path == sap::TOKEN_PATH => {
            sap::token::bad_credentials()
        }
        (Product::Sap, StatusCode::UNAUTHORIZED) => sap::unauthorized(&TokenCheck::Unknown),
        (Product::Apinizer, StatusCode::UNAUTHORIZED) => {
            apinizer::unauthorized(&TokenCheck::Unknown)
        }
        (Product::Sap, _) if is_token_path => {
            let error = if status.is_server_error() {
                "server_error"
            } else {
                "invalid_request"
            };
            let mut response = (
                status,
                json!({ "error": error, "error_description": reason }).to_string(),
            )
                .into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=UTF-8"),
            );
            response
        }
        (Product::Sap, _) => {
            let code = match status.as_u16() {
                400 => "BAD_REQUEST",
                403 => "FORBIDDEN",
                404 => "NOT_FOUND",
                409 => "CONFLICT",
                429 => "TOO_MANY_REQUESTS",
                502 => "BAD_GATEWAY",
                503 => "SERVICE_UNAVAILABLE",
                504 => "GATEWAY_TIMEOUT",
                _ => "INTERNAL_SERVER_ERROR",
            };
            let message = if status.is_server_error() {
                format!("{reason}: the API Management service could not process the request.")
            } else {
                format!("{reason}.")
            };
            ODataError {
                status,
                code,
                message,
            }
            .render(Format::negotiate(headers, query))
        }
        (Product::Apinizer, _) => {
            let error = match status.as_u16() {
                400 => "bad_request",
                403 => "forbidden",
                404 => "not_found",
                409 => "conflict",
                _ => "internal_error",
            };
            let description = if status.is_server_error() {
                "An unexpected error occurred".to_owned()
            } else {
                reason.to_owned()
            };
            ApiError {
                status,
                error,
                description,
            }
            .into_response()
        }
    })
}

fn malformed(kind: MalformedKind, product: Product, status: StatusCode) -> Response {
    let (content_type, body) = match (kind, product) {
        (MalformedKind::Html | MalformedKind::Auto, _) => (
            "text/html;charset=utf-8",
            "<!DOCTYPE html>\n<html><head><title>Application Error</title></head><body>\
             <h1>Application Error</h1><p>The application could not process the request. \
             Try again later.</p></body></html>\n",
        ),
        (MalformedKind::TruncatedJson, Product::Sap) => (
            "application/json;charset=utf-8",
            "{\"d\":{\"results\":[{\"__metadata\":{\"id\":\"",
        ),
        (MalformedKind::TruncatedJson, Product::Apinizer) => {
            ("application/json;charset=UTF-8", "{\"success\":tr")
        }
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The `/__demo/…` endpoints.
pub fn router(control: Arc<DemoControl>) -> Router {
    Router::new()
        .route("/__demo/health", get(|| async { "ok" }))
        .route("/__demo/reset", post(reset))
        .route(
            "/__demo/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__demo/requests", get(list_requests).delete(clear_requests))
        .route("/__demo/credentials", get(credentials))
        .route("/__demo/state", get(state))
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                Json(json!({"error": "not_found", "error_description": "No such demo control endpoint"})),
            )
        })
        .with_state(control)
}

type Shared = Arc<DemoControl>;

async fn reset(State(control): State<Shared>) -> Response {
    control.reset();
    Json(json!({ "reset": true })).into_response()
}

fn pending(control: &DemoControl) -> Response {
    Json(json!({ "pending": *lock(&control.faults) })).into_response()
}

async fn list_faults(State(control): State<Shared>) -> Response {
    pending(&control)
}

async fn clear_faults(State(control): State<Shared>) -> Response {
    lock(&control.faults).clear();
    pending(&control)
}

fn bad_fault(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": "bad_request", "error_description": message })),
    )
        .into_response()
}

async fn add_fault(State(control): State<Shared>, body: Bytes) -> Response {
    let request: FaultRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return bad_fault(format!("Invalid fault: {e}")),
    };
    let count = request.count.unwrap_or(1);
    if count == 0 {
        return bad_fault("count must be at least 1".to_owned());
    }
    let delay_ms = request.delay_ms.unwrap_or(0);
    if delay_ms > MAX_DELAY_MS {
        return bad_fault(format!("delay_ms must be at most {MAX_DELAY_MS}"));
    }
    let malformed = match request.malformed {
        None | Some(MalformedSpec::Flag(false)) => None,
        Some(MalformedSpec::Flag(true)) => Some(MalformedKind::Auto),
        Some(MalformedSpec::Kind(kind)) => match kind.as_str() {
            "html" => Some(MalformedKind::Html),
            "truncated-json" => Some(MalformedKind::TruncatedJson),
            other => {
                return bad_fault(format!(
                    "malformed must be true, false, \"html\" or \"truncated-json\", not \"{other}\""
                ))
            }
        },
    };
    let mut status = request.status;
    if let Some(s) = status {
        let allowed = if malformed.is_some() {
            200..=599
        } else {
            400..=599
        };
        if !allowed.contains(&s) {
            return bad_fault(format!(
                "status must be within {}..={} here",
                allowed.start(),
                allowed.end()
            ));
        }
    }
    if status.is_none() && delay_ms == 0 && malformed.is_none() {
        status = Some(500);
    }
    lock(&control.faults).push(Fault {
        backend: request.backend,
        remaining: count,
        status,
        delay_ms,
        malformed,
    });
    pending(&control)
}

async fn list_requests(State(control): State<Shared>) -> Response {
    let recorded: Vec<RecordedRequest> = lock(&control.recorded).iter().cloned().collect();
    Json(recorded).into_response()
}

async fn clear_requests(State(control): State<Shared>) -> Response {
    lock(&control.recorded).clear();
    Json(json!([])).into_response()
}

/// The SAP service key of the demo, fields in the order of a real key's JSON.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceKey {
    url: String,
    token_url: String,
    client_id: &'static str,
    client_secret: &'static str,
}

/// The demo's SAP service key as a client pastes it.
pub fn service_key_json(origin: &str) -> String {
    serde_json::to_string(&ServiceKey {
        url: origin.to_owned(),
        token_url: format!("{origin}{}", sap::TOKEN_PATH),
        client_id: demo::SAP_CLIENT_ID,
        client_secret: demo::SAP_CLIENT_SECRET,
    })
    .unwrap_or_default()
}

/// Everything a client needs to log in to the emulated backends of this server.
pub fn credentials_json(origin: &str) -> Value {
    json!({
        "sap": {
            "serviceKey": {
                "url": origin,
                "tokenUrl": format!("{origin}{}", sap::TOKEN_PATH),
                "clientId": demo::SAP_CLIENT_ID,
                "clientSecret": demo::SAP_CLIENT_SECRET,
            },
            "bearerToken": sap::token::ready_token(),
            "expiredBearerToken": sap::token::expired_token(),
            "subaccount": demo::SAP_SUBACCOUNT,
        },
        "apinizer": {
            "url": origin,
            "personalApiToken": demo::APINIZER_PERSONAL_TOKEN,
            "clientId": demo::APINIZER_CLIENT_ID,
            "clientSecret": demo::APINIZER_CLIENT_SECRET,
        },
    })
}

async fn credentials(headers: HeaderMap) -> Response {
    Json(credentials_json(&sap::origin(&headers))).into_response()
}

/// What the emulations hold now, including the mTLS settings the Apinizer API cannot read back.
async fn state(State(control): State<Shared>, headers: HeaderMap) -> Response {
    let sap = control.sap.as_ref().map(|sap| {
        let root = format!("{}{}", sap::origin(&headers), sap::MANAGEMENT_PATH);
        let hosts: Vec<_> = sap.data().hosts.iter().map(|h| h.entity(&root)).collect();
        json!({ "virtualHosts": hosts })
    });
    let apinizer = control.apinizer.as_ref().map(|apinizer| {
        let data = apinizer.data();
        let projects: Vec<_> = data
            .projects
            .iter()
            .map(|p| {
                let proxies: Vec<_> = p
                    .proxies
                    .iter()
                    .map(|x| json!({ "name": x.name, "mtls": x.mtls, "deploymentList": x.deployments }))
                    .collect();
                json!({ "name": p.name, "proxies": proxies })
            })
            .collect();
        json!({ "projects": projects })
    });
    Json(json!({ "sap": sap, "apinizer": apinizer })).into_response()
}
