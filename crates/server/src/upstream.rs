//! Forwarding a product's paths to a real tenant (`--upstream-sap`, `--upstream-apinizer`).
//!
//! The browser calls the portal's own origin (neither product documents CORS); this forwards the
//! method, path, query, body and the `Authorization`, `Accept` and `Content-Type` headers, and
//! returns the tenant's status, body and content type unchanged. Cookies and every other header
//! stay behind; redirects are returned, not followed. When the tenant cannot be reached the answer
//! is 502 (or 504 on a timeout) with `{error, error_description}` in words — never a token, a
//! secret, a query string or a body, which are not logged either.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::json;

/// Request headers passed to the tenant.
const FORWARDED_REQUEST_HEADERS: [HeaderName; 3] =
    [header::AUTHORIZATION, header::ACCEPT, header::CONTENT_TYPE];
/// Response headers passed back to the browser.
const FORWARDED_RESPONSE_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::WWW_AUTHENTICATE,
    header::LOCATION,
    header::CACHE_CONTROL,
];
/// Larger request bodies are refused before anything is sent.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Time limits for calls to a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub whole: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            whole: Duration::from_secs(30),
        }
    }
}

/// Where one product's calls go: the API base, and for SAP the token URL on its own host.
#[derive(Debug, Clone)]
pub struct Target {
    /// e.g. "SAP API Management", for messages.
    pub product: &'static str,
    /// Base URL the request path is appended to (no trailing slash).
    pub base: String,
    /// Path prefix whose requests go to `token_url` instead (SAP: `/oauth/token`).
    pub token_path: Option<&'static str>,
    /// The full token URL (a service key's `tokenUrl`); `None` answers token calls with a hint.
    pub token_url: Option<String>,
    /// The flag that sets `token_url`, for the hint.
    pub token_flag: &'static str,
    pub timeouts: Timeouts,
}

#[derive(Clone)]
struct Forwarder {
    target: Target,
    client: reqwest::Client,
}

/// A router that forwards everything it gets to `target`.
pub fn router(target: Target) -> Router {
    let timeouts = target.timeouts;
    let client = reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.whole)
        .redirect(reqwest::redirect::Policy::none())
        .build();
    match client {
        Ok(client) => Router::new()
            .fallback(forward)
            .with_state(Forwarder { target, client }),
        Err(e) => {
            let message = format!(
                "The HTTP client for {} could not start: {e}",
                target.product
            );
            Router::new().fallback(move || {
                let message = message.clone();
                async move { problem(StatusCode::BAD_GATEWAY, "upstream_unavailable", message) }
            })
        }
    }
}

fn problem(status: StatusCode, code: &str, description: String) -> Response {
    (
        status,
        Json(json!({ "error": code, "error_description": description })),
    )
        .into_response()
}

/// The host of a URL, for messages (never the path or query).
fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(String::from))
        .unwrap_or_else(|| "the upstream".into())
}

async fn forward(State(forwarder): State<Forwarder>, request: Request) -> Response {
    let target = &forwarder.target;
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let is_token_call = target
        .token_path
        .is_some_and(|prefix| request.uri().path().starts_with(prefix));
    let url = if is_token_call {
        let Some(token_url) = &target.token_url else {
            return problem(
                StatusCode::BAD_GATEWAY,
                "token_url_not_configured",
                format!(
                    "This portal server forwards {} calls but was not told the token URL: start it \
                     with {} <the service key's tokenUrl>.",
                    target.product, target.token_flag
                ),
            );
        };
        match request.uri().query() {
            Some(query) if !token_url.contains('?') => format!("{token_url}?{query}"),
            _ => token_url.clone(),
        }
    } else {
        format!("{}{path_and_query}", target.base)
    };
    let host = host_of(&url);

    let method = request.method().clone();
    let mut headers = reqwest::header::HeaderMap::new();
    for name in FORWARDED_REQUEST_HEADERS {
        for value in request.headers().get_all(&name) {
            headers.append(name.clone(), value.clone());
        }
    }
    let body = match to_bytes(request.into_body(), MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request_too_large",
                format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            )
        }
    };

    let sent = forwarder
        .client
        .request(method, &url)
        .headers(headers)
        .body(body)
        .send()
        .await;
    let answer = match sent {
        Ok(answer) => answer,
        Err(e) => return unreachable(e, target.product, &host),
    };
    let status = answer.status();
    let mut kept = Vec::new();
    for name in FORWARDED_RESPONSE_HEADERS {
        for value in answer.headers().get_all(&name) {
            kept.push((name.clone(), value.clone()));
        }
    }
    let body = match answer.bytes().await {
        Ok(body) => body,
        Err(e) => return unreachable(e, target.product, &host),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    for (name, value) in kept {
        response.headers_mut().append(name, value);
    }
    response.headers_mut().insert(
        HeaderName::from_static("x-portal-upstream"),
        HeaderValue::from_str(&host).unwrap_or(HeaderValue::from_static("upstream")),
    );
    response
}

/// 504 for a timeout, 502 otherwise; the reason without the URL (it may carry a query).
fn unreachable(error: reqwest::Error, product: &str, host: &str) -> Response {
    let error = error.without_url();
    let reason = {
        let mut source: Option<&dyn std::error::Error> = Some(&error);
        let mut deepest = String::new();
        while let Some(e) = source {
            deepest = e.to_string();
            source = e.source();
        }
        let detail = if error.is_connect() {
            format!("the connection failed ({deepest})")
        } else {
            deepest
        };
        detail.replace(host, "the host")
    };
    if error.is_timeout() {
        problem(
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_timeout",
            format!("{product} at {host} did not answer in time; the request was cancelled."),
        )
    } else {
        problem(
            StatusCode::BAD_GATEWAY,
            "upstream_unreachable",
            format!("{product} at {host} did not answer: {reason}."),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_host_only() {
        assert_eq!(
            host_of("https://t.example:8443/oauth/token?grant_type=x"),
            "t.example"
        );
        assert_eq!(host_of("not a url"), "the upstream");
    }
}
