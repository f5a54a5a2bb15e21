//! Demo control endpoints: faults, recorded requests, reset, health, credentials.

mod common;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};

use common::*;
use portal_server::demo_data as demo;
use portal_server::Config;

const MTLS: &str = "/apiops/projects/Payments/apiProxies/PaymentsAPI/settings/mtls/";

async fn fault(app: &Router, body: Value) -> Value {
    let reply = post("/__demo/faults").json(&body).send(app).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

async fn recorded(app: &Router) -> Vec<Value> {
    let reply = get("/__demo/requests").send(app).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json().as_array().expect("array").clone()
}

#[tokio::test]
async fn health_and_credentials() {
    let app = app();
    let reply = get("/__demo/health").send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), "ok");
    let credentials = get("/__demo/credentials").send(&app).await.json();
    assert_eq!(
        credentials["sap"]["serviceKey"],
        json!({
            "url": "http://portal.test",
            "tokenUrl": "http://portal.test/oauth/token",
            "clientId": demo::SAP_CLIENT_ID,
            "clientSecret": demo::SAP_CLIENT_SECRET,
        })
    );
    assert_eq!(credentials["sap"]["bearerToken"], sap_token());
    assert_eq!(
        credentials["apinizer"]["personalApiToken"],
        demo::APINIZER_PERSONAL_TOKEN
    );
    assert_eq!(
        credentials["apinizer"]["clientId"],
        demo::APINIZER_CLIENT_ID
    );
}

#[tokio::test]
async fn portal_backends_names_the_emulations() {
    let app = app();
    let reply = get("/__portal/backends").send(&app).await;
    assert_eq!(
        reply.json(),
        json!({"sap":{"mode":"demo"},"apinizer":{"mode":"demo"}})
    );
}

#[tokio::test]
async fn without_demo_there_are_no_control_endpoints_and_no_emulation() {
    let config = Config {
        demo: false,
        sap: portal_server::backend::BackendChoice::Off,
        // Port 9 (discard) is closed here: forwarding fails at once.
        apinizer: portal_server::backend::BackendChoice::Upstream("http://127.0.0.1:9".into()),
        ..Config::demo(missing_dist())
    };
    let app = portal_server::router(&config);
    let reply = get("/__demo/health").send(&app).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(!reply.text().contains("<html"));
    let reply = get(VIRTUAL_HOSTS).sap().send(&app).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.json()["error_description"]
        .as_str()
        .is_some_and(|d| d.contains("--demo")));
    let reply = get("/apiops/projects/Payments/keystores/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_GATEWAY,
        "forwarded, not emulated"
    );
    let reply = get("/__portal/backends").send(&app).await;
    assert_eq!(
        reply.json(),
        json!({"sap": null, "apinizer": {"mode":"upstream","url":"http://127.0.0.1:9"}})
    );
}

#[tokio::test]
async fn a_status_fault_fails_the_next_n_calls_then_stops() {
    let app = app();
    let pending = fault(&app, json!({"backend":"sap","count":2,"status":500})).await;
    assert_eq!(pending["pending"][0]["remaining"], 2);

    let first = get(VIRTUAL_HOSTS).sap().accept_json().send(&app).await;
    assert_eq!(first.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(first.header("x-demo-fault"), "injected");
    assert!(
        first.json()["error"]["code"].is_string(),
        "OData error body"
    );
    let pending = get("/__demo/faults").send(&app).await.json();
    assert_eq!(pending["pending"][0]["remaining"], 1);

    // Apinizer is not affected by an SAP fault.
    let other = call(Method::PATCH, MTLS)
        .apinizer()
        .json(&json!({}))
        .send(&app)
        .await;
    assert_eq!(other.status, StatusCode::OK);

    // The token endpoint counts as an SAP call.
    let second = post("/oauth/token?grant_type=client_credentials")
        .send(&app)
        .await;
    assert_eq!(second.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(second.json()["error"].is_string());
    assert_eq!(
        get("/__demo/faults").send(&app).await.json()["pending"],
        json!([])
    );

    let third = get(VIRTUAL_HOSTS).sap().accept_json().send(&app).await;
    assert_eq!(third.status, StatusCode::OK);
}

#[tokio::test]
async fn a_fault_without_status_delay_or_malformed_is_a_500_for_any_backend() {
    let app = app();
    fault(&app, json!({"backend":"any","count":2})).await;
    let apinizer = get("/apiops/projects/Payments/keystores/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(apinizer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        keys(&apinizer.json()),
        ["error", "error_description"],
        "Apinizer error shape"
    );
    let sap = get(VIRTUAL_HOSTS).sap().send(&app).await;
    assert_eq!(sap.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(sap.header("content-type"), "application/xml;charset=utf-8");
    assert!(roxmltree::Document::parse(&sap.text()).is_ok());
    assert_eq!(
        get(VIRTUAL_HOSTS).sap().send(&app).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_401_fault_answers_like_the_backend_token_check() {
    let app = app();
    fault(&app, json!({"backend":"apinizer","status":401})).await;
    let reply = call(Method::PATCH, MTLS)
        .apinizer()
        .json(&json!({}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.json(),
        json!({"error":"unauthorized_client","error_description":"Invalid token"})
    );
    fault(&app, json!({"backend":"sap","status":401})).await;
    let reply = get(VIRTUAL_HOSTS).sap().send(&app).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.header("www-authenticate").starts_with("Bearer"));
}

#[tokio::test]
async fn a_delay_fault_hangs_then_answers_normally_or_with_its_status() {
    let app = app();
    fault(&app, json!({"backend":"apinizer","delay_ms":300})).await;
    let started = Instant::now();
    let reply = call(Method::PATCH, MTLS)
        .apinizer()
        .json(&json!({"enabled":false}))
        .send(&app)
        .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"success": true}));

    fault(&app, json!({"backend":"sap","delay_ms":200,"status":503})).await;
    let started = Instant::now();
    let reply = get(VIRTUAL_HOSTS).sap().accept_json().send(&app).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn malformed_faults_break_the_body() {
    let app = app();
    fault(&app, json!({"backend":"sap","malformed":true})).await;
    let reply = get(VIRTUAL_HOSTS).sap().accept_json().send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-type").starts_with("text/html"));
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());

    fault(
        &app,
        json!({"backend":"apinizer","malformed":true,"status":502}),
    )
    .await;
    let reply = get("/apiops/projects/Payments/keystores/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert!(reply.header("content-type").starts_with("application/json"));
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());

    fault(&app, json!({"backend":"sap","malformed":"truncated-json"})).await;
    let reply = get(VIRTUAL_HOSTS).sap().accept_json().send(&app).await;
    assert!(reply.header("content-type").starts_with("application/json"));
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());
}

#[tokio::test]
async fn invalid_fault_requests_are_refused() {
    let app = app();
    for body in [
        json!({"backend":"other"}),
        json!({"backend":"sap","count":0}),
        json!({"backend":"sap","status":200}),
        json!({"backend":"sap","status":999}),
        json!({"backend":"sap","malformed":"xml"}),
        json!({"backend":"sap","delay_ms":9_999_999}),
        json!({"backend":"sap","statuz":500}),
    ] {
        let reply = post("/__demo/faults").json(&body).send(&app).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
    }
    assert_eq!(
        get("/__demo/faults").send(&app).await.json()["pending"],
        json!([])
    );
    fault(&app, json!({"backend":"sap"})).await;
    let cleared = call(Method::DELETE, "/__demo/faults").send(&app).await;
    assert_eq!(cleared.json()["pending"], json!([]));
}

#[tokio::test]
async fn requests_are_recorded_as_received_without_secrets() {
    let app = app();
    let body = json!({"enabled": true, "keyStoreId": "payments-client-ks", "supportedProtocolList": ["TLS_1_3"]});
    call(Method::PATCH, MTLS)
        .apinizer()
        .json(&body)
        .send(&app)
        .await;
    post("/apiops/auth/token")
        .raw(
            "grant_type=client_credentials&client_id=demo-admin&client_secret=demo-password",
            "application/x-www-form-urlencoded",
        )
        .send(&app)
        .await;
    get(&format!("{VIRTUAL_HOSTS}?$format=json"))
        .sap()
        .send(&app)
        .await;
    get("/static-file-not-recorded").send(&app).await;

    let entries = recorded(&app).await;
    assert_eq!(entries.len(), 3);
    let patch = &entries[0];
    assert_eq!(
        keys(patch),
        ["backend", "body", "fault", "method", "path", "query", "status"]
    );
    assert_eq!(patch["backend"], "apinizer");
    assert_eq!(patch["method"], "PATCH");
    assert_eq!(patch["path"], MTLS);
    assert_eq!(patch["query"], Value::Null);
    assert_eq!(patch["status"], 200);
    assert_eq!(patch["body"], body, "the body exactly as received");
    let token = &entries[1];
    let form = token["body"].as_str().expect("form text");
    assert!(form.contains("client_id=demo-admin"));
    assert!(!form.contains("demo-password"), "{form}");
    assert_eq!(entries[2]["query"], "%24format=json");
    assert_eq!(entries[2]["body"], Value::Null);
    let all = serde_json::to_string(&entries).expect("json");
    assert!(!all.contains(demo::APINIZER_PERSONAL_TOKEN));
    assert!(!all.contains(&sap_token()));

    // Only the last 50 are kept.
    for _ in 0..60 {
        get(VIRTUAL_HOSTS).sap().send(&app).await;
    }
    assert_eq!(recorded(&app).await.len(), 50);
    call(Method::DELETE, "/__demo/requests").send(&app).await;
    assert!(recorded(&app).await.is_empty());
}

#[tokio::test]
async fn faulted_calls_are_recorded_with_their_status() {
    let app = app();
    fault(&app, json!({"backend":"sap","status":502})).await;
    post(VH_REQUESTS)
        .sap()
        .json(&json!({"operation":"CREATE","virtualHostUrl":"x"}))
        .send(&app)
        .await;
    let entries = recorded(&app).await;
    assert_eq!(entries[0]["status"], 502);
    assert_eq!(entries[0]["fault"], true);
    assert_eq!(entries[0]["body"]["virtualHostUrl"], "x");
    // The faulted create never reached the tenant.
    assert_eq!(
        virtual_hosts(&app).await.len(),
        demo::SAP_VIRTUAL_HOSTS.len()
    );
}

#[tokio::test]
async fn reset_restores_the_seed_and_clears_faults_and_records() {
    let app = app();
    let sandbox = seeded_host_id(Some("sandbox"));
    post(VH_REQUESTS)
        .sap()
        .json(&json!({"operation":"DELETE","virtualHostId":sandbox}))
        .send(&app)
        .await;
    post(VH_REQUESTS)
        .sap()
        .json(&json!({"operation":"CREATE","virtualHostUrl":"extra"}))
        .send(&app)
        .await;
    call(Method::PATCH, MTLS)
        .apinizer()
        .json(&json!({"enabled": true, "keyStoreId": "payments-client-ks"}))
        .send(&app)
        .await;
    fault(&app, json!({"backend":"any","count":5})).await;
    let before = virtual_hosts_unfaulted(&app).await;
    assert!(before.is_empty() || before.len() == demo::SAP_VIRTUAL_HOSTS.len());

    let reply = post("/__demo/reset").send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        get("/__demo/faults").send(&app).await.json()["pending"],
        json!([])
    );
    let hosts = virtual_hosts(&app).await;
    assert_eq!(hosts.len(), demo::SAP_VIRTUAL_HOSTS.len());
    assert!(hosts.iter().any(|h| h["id"] == sandbox.as_str()));
    let state = get("/__demo/state").send(&app).await.json();
    assert_eq!(
        state["apinizer"]["projects"][0]["proxies"][0]["mtls"]["enabled"],
        false
    );
    // Only the list call after the reset is recorded; tokens stay valid.
    assert_eq!(recorded(&app).await.len(), 1);
}

/// A list call that may hit the queued fault; returns nothing when it did.
async fn virtual_hosts_unfaulted(app: &Router) -> Vec<Value> {
    let reply = get(VIRTUAL_HOSTS).sap().accept_json().send(app).await;
    if reply.status == StatusCode::OK {
        reply.json()["d"]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    } else {
        Vec::new()
    }
}

#[tokio::test]
async fn unknown_demo_paths_are_404_not_the_app() {
    let app = app();
    let reply = get("/__demo/nothing").send(&app).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.json()["error"].is_string());
}
