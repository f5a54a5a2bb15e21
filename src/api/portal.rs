//! What the portal server says about itself: which backends stand behind its API paths.

use serde::Deserialize;

use super::http::{send, ApiRequest, HttpError, RawResponse, DEFAULT_TIMEOUT};

pub const BACKENDS_PATH: &str = "/__portal/backends";

/// Where one product's calls end up.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum BackendTarget {
    /// The server's own emulation (`portal-server --demo`).
    Demo,
    /// Forwarded to a real tenant.
    Upstream { url: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Backends {
    pub sap: Option<BackendTarget>,
    pub apinizer: Option<BackendTarget>,
}

impl BackendTarget {
    /// A few words for the footer.
    pub fn describe(&self) -> String {
        match self {
            BackendTarget::Demo => "demo emulation".into(),
            BackendTarget::Upstream { url } => url.clone(),
        }
    }
}

/// Reads the server's answer; `None` when it is not a portal server's (e.g. `trunk serve`).
pub fn parse_backends(response: &RawResponse) -> Option<Backends> {
    if !response.is_success() {
        return None;
    }
    serde_json::from_str(&response.body).ok()
}

pub async fn load_backends() -> Result<Option<Backends>, HttpError> {
    let response = send(&ApiRequest::get(BACKENDS_PATH), None, DEFAULT_TIMEOUT).await?;
    Ok(parse_backends(&response))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> RawResponse {
        RawResponse {
            status: 200,
            content_type: "application/json".into(),
            body: body.into(),
            ..RawResponse::default()
        }
    }

    #[test]
    fn reads_demo_and_upstream_targets() {
        let backends = parse_backends(&ok(
            r#"{"sap":{"mode":"demo"},"apinizer":{"mode":"upstream","url":"https://console.example"}}"#,
        ));
        assert_eq!(
            backends,
            Some(Backends {
                sap: Some(BackendTarget::Demo),
                apinizer: Some(BackendTarget::Upstream {
                    url: "https://console.example".into()
                }),
            })
        );
    }

    #[test]
    fn an_html_fallback_or_error_is_not_a_backend_list() {
        assert_eq!(parse_backends(&ok("<!DOCTYPE html><html></html>")), None);
        let mut missing = ok("{}");
        missing.status = 404;
        assert_eq!(parse_backends(&missing), None);
    }
}
