//! Forwarding a product's paths to a real tenant (`--upstream-sap`, `--upstream-apinizer`).
//!
//! The browser calls the portal's own origin (neither product documents CORS); this forwards the
//! method, path, query, body and the `Authorization`, `Accept` and `Content-Type` headers of the
//! product's documented paths only ([`confine`]), and returns the tenant's status and body when
//! its content type is one the products answer with (JSON, XML, Atom, plain text) and it is at
//! most [`MAX_ANSWER_BYTES`] long. Cookies and every other header stay behind; redirects are
//! returned, not followed. When the tenant cannot be reached, answers something else or too much,
//! the answer is 502 (or 504 on a timeout) with `{error, error_description}` in words — never a
//! token, a secret, a query string or a body, which are not logged either.

pub mod confine;

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;

use crate::backend::problem;

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
/// Larger answers are refused (502): the largest documented answer, a virtual-host list, is a few
/// hundred kilobytes.
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
/// The page gives up on a request after 20 s (`src/api/http.rs`); the server gives up first, so
/// the page shows the server's 504 in words rather than its own time-out.
pub const WHOLE_TIMEOUT: Duration = Duration::from_secs(19);
/// Media types (RFC 9110 §8.3.1, without parameters) the products answer with.
const ANSWER_MEDIA_TYPES: [&str; 5] = [
    "application/json",
    "application/xml",
    "text/xml",
    "application/atom+xml",
    "text/plain",
];

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
            whole: WHOLE_TIMEOUT,
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
    /// The documented path prefixes forwarded to `base` (each ending in `/`).
    pub prefixes: &'static [&'static str],
    /// The path whose requests go to `token_url` instead (SAP: `/oauth/token`).
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

async fn forward(State(forwarder): State<Forwarder>, request: Request) -> Response {
    let target = &forwarder.target;
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return problem(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!(
                "{} is not forwarded to {}.",
                request.method(),
                target.product
            ),
        );
    }
    let exact: Vec<&str> = target.token_path.into_iter().collect();
    let segments = match confine::confine(request.uri().path(), target.prefixes, &exact) {
        Ok(segments) => segments,
        Err(refusal) => {
            let status = match refusal {
                confine::Refusal::NotDocumented => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_REQUEST,
            };
            return problem(status, "path_refused", refusal.describe().to_owned());
        }
    };
    let is_token_call = target.token_path == Some(request.uri().path());
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
        reqwest::Url::parse(token_url).ok().map(|mut url| {
            if url.query().is_none() {
                url.set_query(request.uri().query());
            }
            url
        })
    } else {
        confine::upstream_url(&target.base, &segments, request.uri().query())
    };
    let Some(url) = url else {
        return problem(
            StatusCode::BAD_GATEWAY,
            "upstream_url_invalid",
            format!(
                "The configured URL of {} is not a valid URL.",
                target.product
            ),
        );
    };
    let host = url.host_str().unwrap_or("the upstream").to_owned();

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
        .request(method, url)
        .headers(headers)
        .body(body)
        .send()
        .await;
    let answer = match sent {
        Ok(answer) => answer,
        Err(e) => return unreachable(e, target.product, &host),
    };
    let status = answer.status();
    let content_type = answer
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(refused) = refused_content_type(content_type.as_deref()) {
        return problem(
            StatusCode::BAD_GATEWAY,
            "upstream_content_type_refused",
            format!(
                "{} at {host} answered with {refused}, which is not an answer of its API; the \
                 portal does not pass it on (a login page or a proxy in front of the tenant?).",
                target.product
            ),
        );
    }
    let mut kept = Vec::new();
    for name in FORWARDED_RESPONSE_HEADERS {
        for value in answer.headers().get_all(&name) {
            kept.push((name.clone(), value.clone()));
        }
    }
    let body = match read_limited(answer, MAX_ANSWER_BYTES).await {
        Ok(Some(body)) => body,
        Ok(None) => {
            return problem(
                StatusCode::BAD_GATEWAY,
                "upstream_answer_too_large",
                format!(
                    "{} at {host} answered with more than {} MiB; the portal does not pass it on.",
                    target.product,
                    MAX_ANSWER_BYTES / (1024 * 1024)
                ),
            )
        }
        Err(e) => return unreachable(e, target.product, &host),
    };
    let untyped = content_type.as_deref().is_none_or(|v| v.trim().is_empty());
    if untyped && !body.is_empty() {
        return problem(
            StatusCode::BAD_GATEWAY,
            "upstream_content_type_refused",
            format!(
                "{} at {host} answered without a content type; the portal does not pass it on.",
                target.product
            ),
        );
    }
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

/// `Some(what)` when an answer of this content type is not passed on. No content type is judged
/// once the body is read (an empty answer needs none).
fn refused_content_type(content_type: Option<&str>) -> Option<String> {
    let value = content_type?;
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let known = ANSWER_MEDIA_TYPES.contains(&essence.as_str())
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    // Without a type, the body decides (below): an empty answer needs none.
    if known || essence.is_empty() {
        return None;
    }
    let shown: String = value.chars().take(80).filter(|c| !c.is_control()).collect();
    Some(format!("content type \"{shown}\""))
}

/// The answer's body, or `None` as soon as it is longer than `limit` (announced or read).
async fn read_limited(
    mut answer: reqwest::Response,
    limit: usize,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if answer
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = answer.chunk().await? {
        if body.len().saturating_add(chunk.len()) > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
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
    fn only_the_products_content_types_pass() {
        for ok in [
            Some("application/json"),
            Some("application/json;charset=UTF-8"),
            Some("Application/JSON; odata=verbose"),
            Some("application/problem+json"),
            Some("application/atom+xml;type=feed"),
            Some("application/xml"),
            Some("text/xml"),
            Some("text/plain; charset=utf-8"),
            None,
        ] {
            assert_eq!(refused_content_type(ok), None, "{ok:?}");
        }
        for refused in [
            "text/html",
            "text/html; charset=utf-8",
            "application/javascript",
            "text/javascript",
            "image/svg+xml",
            "application/xhtml+xml",
            "application/octet-stream",
            "multipart/x-mixed-replace",
        ] {
            assert!(refused_content_type(Some(refused)).is_some(), "{refused}");
        }
    }
}
