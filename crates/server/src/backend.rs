//! The backend vocabulary: the two products, and the seam between their API paths and whatever
//! answers them — per product, nothing, the in-memory emulation or a real tenant the same paths
//! are forwarded to.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::upstream::Target;

/// The products whose APIs the portal calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    /// SAP API Management (`/apiportal/…`) and its XSUAA (`/oauth/token`).
    Sap,
    /// Apinizer's management API (`/apiops/…`).
    Apinizer,
}

/// Who answers one product's paths (`/apiportal/…` + `/oauth/…` for SAP, `/apiops/…` for Apinizer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendChoice {
    /// Nobody: the paths answer 503 and say how to start the server.
    Off,
    /// The in-memory emulation (`--demo`).
    Emulated,
    /// Forward to a real tenant at this base URL (`--upstream-sap URL`, `--upstream-apinizer URL`).
    Upstream(String),
}

/// A product's backend once the server runs: the emulation's state, or where to forward to.
#[derive(Debug, Clone)]
pub enum Backend<S> {
    Off,
    Emulated(S),
    Upstream(Target),
}

impl<S> Backend<S> {
    pub fn describe(&self) -> Option<BackendTarget> {
        match self {
            Backend::Off => None,
            Backend::Emulated(_) => Some(BackendTarget::Demo),
            Backend::Upstream(target) => Some(BackendTarget::Upstream {
                url: target.base.clone(),
            }),
        }
    }
}

/// One entry of `GET /__portal/backends`, read by the portal's footer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum BackendTarget {
    Demo,
    Upstream { url: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct Backends {
    pub sap: Option<BackendTarget>,
    pub apinizer: Option<BackendTarget>,
}

impl IntoResponse for Backends {
    fn into_response(self) -> Response {
        Json(self).into_response()
    }
}

/// An answer of the portal server itself, in the shape the page reads from every backend:
/// `{error, error_description}`.
pub fn problem(status: StatusCode, code: &str, description: impl Into<String>) -> Response {
    (
        status,
        Json(serde_json::json!({ "error": code, "error_description": description.into() })),
    )
        .into_response()
}

/// The answer of a product path when no backend is configured for it.
pub fn not_configured(product: &str, flag: &str) -> Response {
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "backend_not_configured",
        format!(
            "No {product} backend is configured on this portal server: start it with --demo \
             for the emulation or with {flag} URL for a real tenant."
        ),
    )
}
