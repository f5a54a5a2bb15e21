//! `POST /__demo/audit-seed {"virtualHosts":N,"stores":M}`: N more mTLS virtual hosts over M
//! more truststores in the emulated SAP tenant, for measuring the truststore audit at scale. A
//! second call replaces the first one's hosts and stores; `POST /__demo/reset` removes them.
//! Answers `{"seeded":{"virtualHosts":N,"stores":M},"virtualHosts":<total>,"stores":<total>}`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::Shared;
use crate::backend::problem;
use crate::emulated_tokens::now_ms;

/// Enough for any tenant the portal is meant for, small enough to answer at once.
pub const MAX_HOSTS: usize = 1000;
pub const MAX_STORES: usize = 200;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ScaleSeed {
    virtual_hosts: usize,
    stores: usize,
}

pub async fn seed(State(control): State<Shared>, body: Bytes) -> Response {
    let Some(sap) = &control.sap else {
        return problem(
            StatusCode::NOT_FOUND,
            "not_emulated",
            "SAP API Management is not emulated on this server.",
        );
    };
    let request: ScaleSeed = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("Invalid seed ({e}); send {{\"virtualHosts\":N,\"stores\":M}}."),
            )
        }
    };
    if request.virtual_hosts > MAX_HOSTS || !(1..=MAX_STORES).contains(&request.stores) {
        return problem(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!(
                "virtualHosts must be within 0..={MAX_HOSTS} and stores within 1..={MAX_STORES}."
            ),
        );
    }
    let mut data = sap.data();
    data.seed_scale(request.virtual_hosts, request.stores, now_ms());
    Json(json!({
        "seeded": { "virtualHosts": request.virtual_hosts, "stores": request.stores },
        "virtualHosts": data.hosts.len(),
        "stores": data.stores.len(),
    }))
    .into_response()
}
