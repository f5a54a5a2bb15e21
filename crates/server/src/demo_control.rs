//! Demo-only control endpoints under `/__demo/` (`--demo`), and the middleware in front of both
//! emulated backends that injects faults ([`faults`]) and records what the backends received
//! ([`recording`]); the demo's credentials and a dump of the emulations' state ([`credentials`]);
//! more virtual hosts and stores for the audit at scale ([`scale_seed`]).

pub mod credentials;
pub mod faults;
pub mod recording;
pub mod scale_seed;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::apinizer::ApinizerEmulation;
use crate::backend::Product;
use crate::sap::SapEmulation;
pub use credentials::{admin_service_key_json, credentials_json, service_key_json};
use faults::Faults;
use recording::{RecordedRequest, Recording};

/// The largest body a backend call may carry (axum's default limit).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// State of the control endpoints, shared with the backend middleware.
#[derive(Debug)]
pub struct DemoControl {
    faults: Faults,
    recording: Recording,
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
            faults: Faults::default(),
            recording: Recording::default(),
            sap,
            apinizer,
        })
    }

    pub fn reset(&self) {
        if let Some(sap) = &self.sap {
            sap.reset();
        }
        if let Some(apinizer) = &self.apinizer {
            apinizer.reset();
        }
        self.faults.clear();
        self.recording.clear();
    }
}

type Shared = Arc<DemoControl>;

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
    let query = parts.uri.query().map(recording::redact_form);
    let headers = parts.headers.clone();

    let fault = control.faults.take(product, &path);
    let response = match &fault {
        Some(fault) => {
            if fault.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
            }
            match faults::fault_response(fault, product, &path, &headers, parts.uri.query()) {
                Some(response) => faults::mark_injected(response),
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
    control.recording.record(RecordedRequest {
        backend: product,
        method,
        path,
        query,
        status: response.status().as_u16(),
        body: recording::recorded_body(&headers, &bytes),
        fault: fault.is_some(),
    });
    response
}

/// The `/__demo/…` endpoints.
pub fn router(control: Arc<DemoControl>) -> Router {
    Router::new()
        .route("/__demo/health", get(|| async { "ok" }))
        .route("/__demo/reset", post(reset))
        .route(
            "/__demo/faults",
            get(faults::list_faults)
                .post(faults::add_fault)
                .delete(faults::clear_faults),
        )
        .route("/__demo/requests", get(recording::list_requests).delete(recording::clear_requests))
        .route("/__demo/credentials", get(credentials::credentials))
        .route("/__demo/state", get(credentials::state))
        .route("/__demo/audit-seed", post(scale_seed::seed))
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                Json(json!({"error": "not_found", "error_description": "No such demo control endpoint"})),
            )
        })
        .with_state(control)
}

async fn reset(State(control): State<Shared>) -> Response {
    control.reset();
    Json(json!({ "reset": true })).into_response()
}
