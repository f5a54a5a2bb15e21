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

impl ServiceKey {
    fn new(origin: &str, client_id: &'static str, client_secret: &'static str) -> ServiceKey {
        ServiceKey {
            url: origin.to_owned(),
            token_url: format!("{origin}{}", sap::TOKEN_PATH),
            client_id,
            client_secret,
        }
    }

    fn self_service(origin: &str) -> ServiceKey {
        ServiceKey::new(origin, demo::SAP_CLIENT_ID, demo::SAP_CLIENT_SECRET)
    }

    fn admin(origin: &str) -> ServiceKey {
        ServiceKey::new(
            origin,
            demo::SAP_ADMIN_CLIENT_ID,
            demo::SAP_ADMIN_CLIENT_SECRET,
        )
    }
}

/// The demo's SAP service key (self-service administrator) as a client pastes it.
pub fn service_key_json(origin: &str) -> String {
    serde_json::to_string(&ServiceKey::self_service(origin)).unwrap_or_default()
}

/// The demo's second SAP service key, whose tokens carry `APIPortal.Administrator`.
pub fn admin_service_key_json(origin: &str) -> String {
    serde_json::to_string(&ServiceKey::admin(origin)).unwrap_or_default()
}

/// Everything a client needs to log in to the emulated backends of this server.
pub fn credentials_json(origin: &str) -> Value {
    json!({
        "sap": {
            "serviceKey": ServiceKey::self_service(origin),
            "bearerToken": sap::token::ready_token(),
            // A second key of the same instance: the only one that may read a store's
            // certificates (the demo's assumption, see the README).
            "adminServiceKey": ServiceKey::admin(origin),
            "adminBearerToken": sap::token::admin_ready_token(),
            "roles": {
                "serviceKey": demo::SAP_SELF_SERVICE_ROLE,
                "adminServiceKey": demo::SAP_CERTIFICATES_ROLE,
            },
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
        let data = sap.data();
        let hosts: Vec<_> = data.hosts.iter().map(|h| h.entity(&root)).collect();
        let stores: Vec<_> = data
            .stores
            .iter()
            .map(|s| {
                let entries: Vec<_> = s.certificates.iter().map(|c| &c.name).collect();
                json!({ "name": s.name, "storeType": s.store_type, "certificates": entries })
            })
            .collect();
        json!({ "virtualHosts": hosts, "certificateStores": stores })
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
