//! What the portal server says about itself: which backends stand behind its API paths.
//!
//! The footer shows this on every page, so it is read in the first download, with the browser's
//! JSON parser ([`crate::js_json`]) rather than serde_json's.

use super::http::{send, ApiRequest, HttpError, RawResponse, DEFAULT_TIMEOUT};
use crate::js_json::JsonObject;

pub const BACKENDS_PATH: &str = "/__portal/backends";

/// Where one product's calls end up: `{"mode":"demo"}` or `{"mode":"upstream","url":…}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendTarget {
    /// The server's own emulation (`portal-server --demo`).
    Demo,
    /// Forwarded to a real tenant.
    Upstream { url: String },
}

/// `{"sap": target or null, "apinizer": target or null}`.
#[derive(Clone, Debug, PartialEq, Eq)]
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

    /// A target; an unknown mode or an upstream without its URL is no target at all.
    fn read(object: &JsonObject) -> Option<Self> {
        match object.string("mode").ok()??.as_str() {
            "demo" => Some(Self::Demo),
            "upstream" => Some(Self::Upstream {
                url: object.string("url").ok()??,
            }),
            _ => None,
        }
    }
}

/// Reads the server's answer; `None` when it is not a portal server's (e.g. `trunk serve`), or
/// when any part of it is not what a portal server sends.
pub fn parse_backends(response: &RawResponse) -> Option<Backends> {
    if !response.is_success() {
        return None;
    }
    let object = JsonObject::parse(&response.body)?;
    let target = |key| match object.object(key).ok()? {
        Some(target) => BackendTarget::read(&target).map(Some),
        None => Some(None),
    };
    Some(Backends {
        sap: target("sap")?,
        apinizer: target("apinizer")?,
    })
}

pub async fn load_backends() -> Result<Option<Backends>, HttpError> {
    let response = send(&ApiRequest::get(BACKENDS_PATH), None, DEFAULT_TIMEOUT).await?;
    Ok(parse_backends(&response))
}
