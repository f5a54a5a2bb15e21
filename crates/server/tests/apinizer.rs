//! Apinizer emulation against the seed's and the docs' bodies.

mod common;

use axum::http::{Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};

use common::*;
use portal_server::demo_data as demo;
use portal_server::Config;

const MTLS: &str = "/apiops/projects/Payments/apiProxies/PaymentsAPI/settings/mtls/";

fn patch(path: &str) -> Call {
    call(Method::PATCH, path)
}

async fn mtls_state(app: &Router, project: &str, proxy: &str) -> Value {
    let state = get("/__demo/state").send(app).await.json();
    state["apinizer"]["projects"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == project))
        .and_then(|p| p["proxies"].as_array())
        .and_then(|p| p.iter().find(|x| x["name"] == proxy))
        .map(|x| x["mtls"].clone())
        .expect("proxy in state")
}

#[tokio::test]
async fn enabling_mtls_answers_the_seed_success_body() {
    let app = app();
    let reply = patch(MTLS)
        .apinizer()
        .json(&json!({
            "enabled": true,
            "keyStoreId": "payments-client-ks",
            "trustStoreId": "payments-trust-ks",
            "supportedProtocolList": ["TLS_1_2", "TLS_1_3"],
            "hostnameVerifierType": "STRICT"
        }))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=UTF-8"
    );
    assert_eq!(
        reply.json(),
        fixture_json("apinizer/apinizer-settings-mtls-200.json")
    );
    assert_eq!(
        mtls_state(&app, "Payments", "PaymentsAPI").await,
        json!({
            "enabled": true,
            "keyStoreId": "payments-client-ks",
            "trustStoreId": "payments-trust-ks",
            "supportedProtocolList": ["TLS_1_2", "TLS_1_3"],
            "hostnameVerifierType": "STRICT"
        })
    );
}

#[tokio::test]
async fn only_the_fields_sent_change() {
    let app = app();
    let send = |body: Value| patch(MTLS).apinizer().json(&body);
    assert_eq!(
        send(json!({"enabled":true,"keyStoreId":"payments-client-ks","supportedProtocolList":["TLS_1_2"]}))
            .send(&app)
            .await
            .status,
        StatusCode::OK
    );
    // Without the trailing slash too.
    let reply = patch(MTLS.trim_end_matches('/'))
        .apinizer()
        .json(&json!({"hostnameVerifierType":"DEFAULT"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        mtls_state(&app, "Payments", "PaymentsAPI").await,
        json!({
            "enabled": true,
            "keyStoreId": "payments-client-ks",
            "trustStoreId": null,
            "supportedProtocolList": ["TLS_1_2"],
            "hostnameVerifierType": "DEFAULT"
        })
    );
    // An empty list on purpose: all protocols. A later enable needs no keystore in the body.
    assert_eq!(
        send(json!({"supportedProtocolList":[]}))
            .send(&app)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        send(json!({"enabled":false})).send(&app).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(json!({"enabled":true})).send(&app).await.status,
        StatusCode::OK
    );
    let state = mtls_state(&app, "Payments", "PaymentsAPI").await;
    assert_eq!(state["supportedProtocolList"], json!([]));
    assert_eq!(state["enabled"], true);
    // Other proxies untouched.
    assert_eq!(
        mtls_state(&app, "Payments", "RefundsAPI").await["enabled"],
        false
    );
}

#[tokio::test]
async fn enabling_without_a_keystore_is_the_seed_400() {
    let app = app();
    let reply = patch(MTLS)
        .apinizer()
        .json(&json!({"enabled": true, "supportedProtocolList": ["TLS_1_2"]}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.json(),
        fixture_json("apinizer/apinizer-settings-mtls-keystore-missing-400-olddocs.json")
    );
    assert_eq!(
        mtls_state(&app, "Payments", "PaymentsAPI").await["enabled"],
        false
    );
}

#[tokio::test]
async fn unknown_proxy_and_project_are_404() {
    let app = app();
    let reply = patch("/apiops/projects/Payments/apiProxies/MyAPI/settings/mtls/")
        .apinizer()
        .json(&json!({"enabled": false}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.json(),
        fixture_json("apinizer/apinizer-settings-mtls-proxy-not-found-404-olddocs.json")
    );

    let reply = patch("/apiops/projects/MyProject/apiProxies/PaymentsAPI/settings/mtls/")
        .apinizer()
        .json(&json!({"enabled": false}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.json(),
        json!({"error":"not_found","error_description":"Project (MyProject) is not found!"})
    );
    // A proxy of another project is not found in this one.
    let reply = patch("/apiops/projects/Payments/apiProxies/PartnerOrders/settings/mtls/")
        .apinizer()
        .json(&json!({}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_token_is_the_seed_401() {
    let app = app();
    let seed = fixture_json("apinizer/apinizer-settings-mtls-invalid-token-401-seeddoc.json");
    for token in [
        Some("wrong-token"),
        None,
        Some(&portal_server::sap::token::ready_token() as &str),
    ] {
        let mut request = patch(MTLS).json(&json!({"enabled": false}));
        if let Some(token) = token {
            request = request.bearer(token);
        }
        let reply = request.send(&app).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json(), seed);
    }
    for path in [
        "/apiops/projects/Payments/apiProxies/",
        "/apiops/projects/Payments/apiProxies/PaymentsAPI/",
        "/apiops/projects/Payments/keystores/",
    ] {
        let reply = get(path).bearer("wrong").send(&app).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(reply.json(), seed);
    }
}

#[tokio::test]
async fn unknown_values_wrong_types_and_unknown_fields_are_400_naming_the_field() {
    let app = app();
    let cases = [
        (
            json!({"supportedProtocolList": ["TLS_1_4"]}),
            "supportedProtocolList",
        ),
        (
            json!({"supportedProtocolList": ["tls_1_2"]}),
            "supportedProtocolList",
        ),
        (
            json!({"supportedProtocolList": "TLS_1_2"}),
            "supportedProtocolList",
        ),
        (
            json!({"hostnameVerifierType": "ALLOW_ALL"}),
            "hostnameVerifierType",
        ),
        (json!({"enabled": "true"}), "enabled"),
        (json!({"keyStoreId": 123}), "keyStoreId"),
        (json!({"trustStoreId": ["a"]}), "trustStoreId"),
        (
            json!({"keyStoreName": "payments-client-ks"}),
            "keyStoreName",
        ),
    ];
    for (body, field) in cases {
        let reply = patch(MTLS).apinizer().json(&body).send(&app).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        let error = reply.json();
        assert_eq!(keys(&error), ["error", "error_description"]);
        assert!(
            error["error"] == "validation_failed" || error["error"] == "bad_request",
            "{error}"
        );
        assert!(
            error["error_description"]
                .as_str()
                .is_some_and(|d| d.contains(field)),
            "{body}: {error}"
        );
    }
    let reply = patch(MTLS)
        .apinizer()
        .raw("{\"enabled\": tru", "application/json")
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "bad_request");
    // A keystore the project does not have.
    let reply = patch(MTLS)
        .apinizer()
        .json(&json!({"enabled": true, "keyStoreId": "partners-client-ks"}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "bad_request");
    assert_eq!(
        mtls_state(&app, "Payments", "PaymentsAPI").await["enabled"],
        false
    );
}

#[tokio::test]
async fn deploying_with_the_patch_answers_the_deployment_result() {
    let app = app();
    let reply = patch(MTLS)
        .apinizer()
        .json(
            &json!({"enabled": false, "deploy": true, "deployTargetEnvironmentNameList": ["test"]}),
        )
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["success"], true);
    assert_eq!(
        body["deploymentResult"]["deploymentResults"][0]["environmentName"],
        "test"
    );
    // Without deploy, a deployed proxy needs a redeployment.
    let reply = get("/apiops/projects/Payments/apiProxies/PaymentsAPI/")
        .apinizer()
        .send(&app)
        .await;
    let deployments = reply.json()["deploymentList"].clone();
    let production = deployments
        .as_array()
        .and_then(|d| d.iter().find(|d| d["environmentName"] == "production"))
        .expect("production");
    assert_eq!(production["redeployRequired"], true);
}

#[tokio::test]
async fn proxies_and_keystores_can_be_listed_without_any_mtls_block() {
    let app = app();
    let reply = get("/apiops/projects/Payments/apiProxies/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let list = reply.json();
    assert_eq!(list["success"], true);
    assert_eq!(list["resultCount"], 2);
    let names: Vec<&str> = list["resultList"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["PaymentsAPI", "RefundsAPI"]);

    let reply = get("/apiops/projects/Partners/apiProxies/PartnerOrders/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let proxy = reply.json();
    assert_eq!(
        keys(&proxy),
        [
            "apiType",
            "clientRoute",
            "deploymentList",
            "description",
            "name",
            "routing"
        ]
    );
    assert_eq!(
        keys(&proxy["deploymentList"][0]),
        ["deployed", "environmentName", "redeployRequired"]
    );
    assert!(!proxy.to_string().to_lowercase().contains("mtls"));
    let reply = get("/apiops/projects/Partners/apiProxies/PartnerOrders")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = get("/apiops/projects/Partners/apiProxies/Nope/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.json()["error_description"],
        "ApiProxy (name: Nope) was not found!"
    );

    let reply = get("/apiops/projects/Payments/keystores/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let sample = fixture_json("apinizer/apinizer-keystores-list-200-olddocs.json");
    assert_same_shape(&body, &sample, "keystore list");
    let sample_entry = &sample["resultList"][0];
    for keystore in body["resultList"].as_array().expect("list") {
        assert_same_shape(keystore, sample_entry, "keystore");
        let env = &keystore["keyStoreEnvironmentList"][0];
        // The sample's key material (`file`) is left out on purpose.
        assert_eq!(keys(env), ["environmentName", "type"]);
        assert!(["JKS", "PKCS12"].contains(&env["type"].as_str().unwrap_or("")));
    }
    let reply = get("/apiops/projects/Nope/keystores/")
        .apinizer()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn token_exchange_answers_like_the_docs() {
    let app = app();
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        demo::APINIZER_CLIENT_ID,
        demo::APINIZER_CLIENT_SECRET
    );
    let reply = post("/apiops/auth/token")
        .raw(&form, "application/x-www-form-urlencoded")
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_same_shape(
        &body,
        &fixture_json("apinizer/apinizer-auth-token-200-newdocs.json"),
        "token",
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().expect("token").to_owned();
    assert_eq!(token.split('.').count(), 3);
    let reply = patch(MTLS)
        .bearer(&token)
        .json(&json!({"enabled": false}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);

    let reply = post("/apiops/auth/token")
        .raw(
            "grant_type=client_credentials&client_id=demo-admin&client_secret=nope",
            "application/x-www-form-urlencoded",
        )
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.json(),
        fixture_json("apinizer/apinizer-auth-token-bad-credentials-401.json")
    );

    let reply = post("/apiops/auth/token")
        .raw(
            "grant_type=password&client_id=demo-admin&client_secret=demo-password",
            "application/x-www-form-urlencoded",
        )
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.json(),
        fixture_json("apinizer/apinizer-auth-token-bad-grant-400.json")
    );
}

#[tokio::test]
async fn an_expired_exchanged_token_is_refused() {
    let config = Config {
        apinizer_token_lifetime_secs: 0,
        ..Config::demo(missing_dist())
    };
    let app = portal_server::router(&config);
    let reply = post("/apiops/auth/token")
        .raw(
            "grant_type=client_credentials&client_id=demo-admin&client_secret=demo-password",
            "application/x-www-form-urlencoded",
        )
        .send(&app)
        .await;
    let token = reply.json()["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let reply = get("/apiops/projects/Payments/keystores/")
        .bearer(&token)
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"], "token_expired");
}

#[tokio::test]
async fn unknown_apinizer_paths_are_json_404s() {
    let app = app();
    let reply = get("/apiops/no/such/thing").apinizer().send(&app).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"], "not_found");
}
