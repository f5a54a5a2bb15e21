//! Fault injection in front of the emulated backends.
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
//! - `path` (optional): the rule applies only to calls whose path, percent-decoded, contains this
//!   text (e.g. `"CertificateStores('legacy-truststore')"`); other calls pass it by.
//! - A rule with none of the three fails with 500.
//! - Injected answers carry `X-Demo-Fault: injected`; the handler (and so the state) is not reached
//!   unless the rule only delays.

use std::sync::Mutex;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{lock, DemoControl, Shared};
use crate::apinizer::{self, ApiError};
use crate::backend::Product;
use crate::emulated_tokens::TokenCheck;
use crate::sap;
use crate::sap::odata::{Format, ODataError};

const MAX_DELAY_MS: u64 = 300_000;

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
    /// Only calls whose decoded path contains this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Fault {
    fn applies_to(&self, product: Product, decoded_path: &str) -> bool {
        self.remaining > 0
            && self.backend.matches(product)
            && self
                .path
                .as_deref()
                .is_none_or(|part| decoded_path.contains(part))
    }
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
    path: Option<String>,
}

/// The queued fault rules.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Fault>>,
}

impl Faults {
    /// Takes one call's worth of the first fault rule that applies to a call of `product` to `path`.
    pub fn take(&self, product: Product, path: &str) -> Option<Fault> {
        // RFC 3986 §2.1: escapes decoded, a broken escape left as it is.
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let mut faults = lock(&self.rules);
        let index = faults
            .iter()
            .position(|f| f.applies_to(product, &decoded))?;
        let rule = faults.get_mut(index)?;
        let fault = rule.clone();
        rule.remaining = rule.remaining.saturating_sub(1);
        if rule.remaining == 0 {
            faults.remove(index);
        }
        Some(fault)
    }

    pub fn clear(&self) {
        lock(&self.rules).clear();
    }
}

pub fn mark_injected(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert("x-demo-fault", HeaderValue::from_static("injected"));
    response
}

/// The injected answer, or `None` when the rule only delays.
pub fn fault_response(
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

fn pending(control: &DemoControl) -> Response {
    Json(json!({ "pending": *lock(&control.faults.rules) })).into_response()
}

pub async fn list_faults(State(control): State<Shared>) -> Response {
    pending(&control)
}

pub async fn clear_faults(State(control): State<Shared>) -> Response {
    lock(&control.faults.rules).clear();
    pending(&control)
}

fn bad_fault(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": "bad_request", "error_description": message })),
    )
        .into_response()
}

pub async fn add_fault(State(control): State<Shared>, body: Bytes) -> Response {
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
    lock(&control.faults.rules).push(Fault {
        backend: request.backend,
        remaining: count,
        status,
        delay_ms,
        malformed,
        path: request.path.filter(|p| !p.is_empty()),
    });
    pending(&control)
}
