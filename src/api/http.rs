//! HTTP through the browser's fetch (gloo-net), with a timeout and errors an administrator can
//! read. A non-2xx answer is not an error here: it comes back as a [`RawResponse`] for the API
//! module to read, because the backends put their explanations in error bodies.

use std::time::Duration;

/// What came back, before any API-specific reading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: String,
    pub body: String,
    /// The backend's `WWW-Authenticate`, as `portal-server` passes it on
    /// ([`super::challenge::UPSTREAM_AUTHENTICATE`]).
    pub upstream_authenticate: Option<String>,
}

impl RawResponse {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn is_json(&self) -> bool {
        self.content_type.contains("json")
    }
}

/// Why no answer could be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// The request never got an answer: server down, connection refused, blocked by the browser.
    #[error("could not reach {path}: the portal server did not answer ({reason})")]
    Unreachable { path: String, reason: String },
    /// No answer within the time limit; the request was cancelled.
    #[error("no answer from {path} within {seconds} s; the request was cancelled")]
    Timeout { path: String, seconds: u64 },
    /// An answer arrived but its body could not be read as text.
    #[error("the answer from {path} could not be read ({reason})")]
    UnreadableBody { path: String, reason: String },
}

/// How long a backend call may take before it is cancelled.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// A request as the API modules describe it: everything needed to send it or show it as cURL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: Method,
    /// Path on the portal's origin, with query string.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

impl ApiRequest {
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            path: path.into(),
            headers: vec![("Accept".into(), "application/json".into())],
            body: None,
        }
    }
}

/// Sends `request` with `bearer` (if any) and reads the whole answer.
pub async fn send(
    request: &ApiRequest,
    bearer: Option<&str>,
    timeout: Duration,
) -> Result<RawResponse, HttpError> {
    use gloo_net::http::RequestBuilder;

    let controller = web_sys::AbortController::new().map_err(|_| HttpError::Unreachable {
        path: request.path.clone(),
        reason: "the browser refused to start the request".into(),
    })?;
    let signal = controller.signal();
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let timer = {
        let timed_out = timed_out.clone();
        leptos::prelude::set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            timeout,
        )
        .ok()
    };

    let mut builder = RequestBuilder::new(&request.path)
        .method(match request.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Patch => gloo_net::http::Method::PATCH,
        })
        .abort_signal(Some(&signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let sent = match &request.body {
        Some(body) => builder.body(body.clone()).map(|r| r.send()),
        None => builder.build().map(|r| r.send()),
    };
    let outcome = match sent {
        Ok(future) => future.await,
        Err(error) => Err(error),
    };
    if let Some(timer) = timer {
        timer.clear();
    }
    let response = outcome.map_err(|error| {
        if timed_out.get() {
            HttpError::Timeout {
                path: request.path.clone(),
                seconds: timeout.as_secs(),
            }
        } else {
            HttpError::Unreachable {
                path: request.path.clone(),
                reason: describe(&error),
            }
        }
    })?;
    let status = response.status();
    let content_type = response.headers().get("content-type").unwrap_or_default();
    let upstream_authenticate = response
        .headers()
        .get(super::challenge::UPSTREAM_AUTHENTICATE);
    let body = response.text().await.map_err(|error| {
        if timed_out.get() {
            HttpError::Timeout {
                path: request.path.clone(),
                seconds: timeout.as_secs(),
            }
        } else {
            HttpError::UnreadableBody {
                path: request.path.clone(),
                reason: describe(&error),
            }
        }
    })?;
    Ok(RawResponse {
        status,
        content_type,
        body,
        upstream_authenticate,
    })
}

/// gloo-net's error text without anything request-specific (it never includes headers).
fn describe(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_is_2xx_only() {
        let mut response = RawResponse {
            status: 201,
            content_type: "application/json;charset=utf-8".into(),
            ..RawResponse::default()
        };
        assert!(response.is_success() && response.is_json());
        response.status = 302;
        assert!(!response.is_success());
    }

    #[test]
    fn errors_name_the_path_and_never_a_token() {
        let error = HttpError::Timeout {
            path: "/apiops/projects/".into(),
            seconds: 20,
        };
        let text = error.to_string();
        assert!(text.contains("/apiops/projects/") && text.contains("20 s"));
    }
}
