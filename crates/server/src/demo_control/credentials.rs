//! The demo's credentials (printed at start-up, `GET /__demo/credentials`) and what the emulations
//! hold now (`GET /__demo/state`).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

use super::Shared;
use crate::demo_data as demo;
use crate::sap;

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

pub async fn credentials(headers: HeaderMap) -> Response {
    Json(credentials_json(&sap::origin(&headers))).into_response()
}

/// What the emulations hold now, including the mTLS settings the Apinizer API cannot read back.
pub async fn state(State(control): State<Shared>, headers: HeaderMap) -> Response {
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
