//! Forwarding to a real tenant, with a second `portal-server --demo` standing in as the tenant:
//! answers come back unchanged, Authorization is passed through, an unreachable or hanging
//! upstream gives a clear 502 / 504.

mod common;

use common::Running;

use std::time::Duration;

use serde_json::{json, Value};

use portal_server::upstream::Timeouts;
use portal_server::{demo_data as demo, sap::token::ready_token, Config};

/// A demo tenant and a forwarding portal server in front of it.
async fn pair(timeouts: Timeouts) -> (Running, Running) {
    let tenant = Running::start(portal_server::router(&Config::demo(common::missing_dist()))).await;
    let mut config = common::forwarding_config(&tenant, "/oauth/token", common::missing_dist());
    config.upstream_timeouts = timeouts;
    let portal = Running::start(portal_server::router(&config)).await;
    (tenant, portal)
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn a_stores_certificates_are_forwarded_with_the_callers_token() {
    let (_tenant, portal) = pair(Timeouts::default()).await;
    let path =
        "/apiportal/api/1.0/Management.svc/CertificateStores('partner-truststore')/certificates";
    let read = |token: String| {
        client()
            .get(portal.url(&format!("{path}?$format=json")))
            .bearer_auth(token)
            .send()
    };
    let answer = read(portal_server::sap::token::admin_ready_token())
        .await
        .expect("answer");
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["d"]["results"].as_array().map(Vec::len), Some(3));
    // The tenant's 403 comes back as it is.
    let answer = read(ready_token()).await.expect("answer");
    assert_eq!(answer.status(), 403);
    // An encoded separator in the store name never leaves.
    let answer =
        client()
            .get(portal.url(
                "/apiportal/api/1.0/Management.svc/CertificateStores('a%2F..%2Fb')/certificates",
            ))
            .bearer_auth(ready_token())
            .send()
            .await
            .expect("answer");
    assert_eq!(answer.status(), 400);
}

#[tokio::test]
async fn sap_calls_pass_through_unchanged() {
    let (tenant, portal) = pair(Timeouts::default()).await;
    let token = ready_token();

    // The list, JSON.
    let list = client()
        .get(portal.url(common::VIRTUAL_HOSTS))
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .send()
        .await
        .expect("list");
    assert_eq!(list.status(), 200);
    let body: Value = list.json().await.expect("json");
    assert_eq!(
        body["d"]["results"].as_array().map(Vec::len),
        Some(demo::SAP_VIRTUAL_HOSTS.len())
    );

    // A create answered in Atom XML, as the tenant sends it.
    let create = client()
        .post(portal.url(common::VH_REQUESTS))
        .bearer_auth(&token)
        .json(
            &json!({"accountId": "demo-subaccount", "virtualHostUrl": "through-proxy",
                      "isDefaultVirtualHostRequest": false, "operation": "CREATE"}),
        )
        .send()
        .await
        .expect("create");
    assert_eq!(create.status(), 201);
    let content_type = create.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        content_type.starts_with("application/atom+xml"),
        "{content_type}"
    );
    let atom = create.text().await.expect("body");
    assert!(
        atom.contains("through-proxy.demo-subaccount.apimanagement"),
        "{atom}"
    );

    // The same create asked for in JSON comes back as the tenant's OData JSON.
    let create_json = client()
        .post(portal.url(common::VH_REQUESTS))
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .json(
            &json!({"accountId": "demo-subaccount", "virtualHostUrl": "through-proxy-json",
                      "isDefaultVirtualHostRequest": false, "operation": "CREATE"}),
        )
        .send()
        .await
        .expect("create json");
    assert_eq!(create_json.status(), 201);
    assert!(create_json.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("application/json"));
    let entity: Value = create_json.json().await.expect("json");
    assert_eq!(entity["d"]["operation"], "CREATE");
    assert!(entity["d"]["virtualHostUrl"]
        .as_str()
        .is_some_and(|u| u.starts_with("through-proxy-json.")));

    // The tenant saw it: the new host is in its own list.
    let direct: Value = client()
        .get(tenant.url(common::VIRTUAL_HOSTS))
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .send()
        .await
        .expect("direct")
        .json()
        .await
        .expect("json");
    assert!(direct.to_string().contains("through-proxy"));

    // A 401 from the tenant comes back as it is.
    let refused = client()
        .get(portal.url(common::VIRTUAL_HOSTS))
        .bearer_auth("wrong")
        .send()
        .await
        .expect("401");
    assert_eq!(refused.status(), 401);
    assert!(refused.headers().contains_key("www-authenticate"));
}

#[tokio::test]
async fn the_token_call_goes_to_the_token_url_with_basic_credentials() {
    let (_tenant, portal) = pair(Timeouts::default()).await;
    let answer = client()
        .post(portal.url("/oauth/token?grant_type=client_credentials"))
        .basic_auth(demo::SAP_CLIENT_ID, Some(demo::SAP_CLIENT_SECRET))
        .send()
        .await
        .expect("token");
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["token_type"], "bearer");
    assert!(body["access_token"]
        .as_str()
        .is_some_and(|t| t.split('.').count() == 3));
}

#[tokio::test]
async fn without_a_token_url_the_token_call_says_which_flag_is_missing() {
    let tenant = Running::start(portal_server::router(&Config::demo(common::missing_dist()))).await;
    let config = Config::files_only(common::missing_dist()).forward_sap(tenant.url(""), None);
    let portal = Running::start(portal_server::router(&config)).await;
    let answer = client()
        .post(portal.url("/oauth/token?grant_type=client_credentials"))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 502);
    let body: Value = answer.json().await.expect("json");
    assert!(body["error_description"]
        .as_str()
        .unwrap_or_default()
        .contains("--upstream-sap-token"));
}

#[tokio::test]
async fn apinizer_calls_pass_through_unchanged() {
    let (_tenant, portal) = pair(Timeouts::default()).await;
    let patch = |proxy: &str, token: &str| {
        client()
            .patch(portal.url(&format!(
                "/apiops/projects/Payments/apiProxies/{proxy}/settings/mtls/"
            )))
            .bearer_auth(token)
            .json(&json!({"enabled": true, "keyStoreId": "payments-client-ks"}))
            .send()
    };
    let ok = patch("PaymentsAPI", demo::APINIZER_PERSONAL_TOKEN)
        .await
        .expect("patch");
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.json::<Value>().await.expect("json"),
        json!({"success": true})
    );
    let missing = patch("NoSuchAPI", demo::APINIZER_PERSONAL_TOKEN)
        .await
        .expect("404");
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.json::<Value>().await.expect("json")["error_description"],
        "ApiProxy (name: NoSuchAPI) was not found!"
    );
    let refused = patch("PaymentsAPI", "wrong").await.expect("401");
    assert_eq!(refused.status(), 401);

    // The exchange of user name and password for a token.
    let token = client()
        .post(portal.url("/apiops/auth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", demo::APINIZER_CLIENT_ID),
            ("client_secret", demo::APINIZER_CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("token");
    assert_eq!(token.status(), 200);

    // The footer learns where calls go; no demo control on the forwarding server.
    let backends: Value = client()
        .get(portal.url("/__portal/backends"))
        .send()
        .await
        .expect("b")
        .json()
        .await
        .expect("json");
    assert_eq!(backends["apinizer"]["mode"], "upstream");
    assert_eq!(
        client()
            .get(portal.url("/__demo/health"))
            .send()
            .await
            .expect("h")
            .status(),
        404
    );
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_clear_502() {
    // A port nobody listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let config = Config::files_only(common::missing_dist())
        .forward_sap(format!("http://{addr}"), None)
        .forward_apinizer(format!("http://{addr}"));
    let portal = Running::start(portal_server::router(&config)).await;
    // The demo's own credentials mean nothing here: nothing is emulated.
    let answer = client()
        .get(portal.url(common::VIRTUAL_HOSTS))
        .bearer_auth(ready_token())
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 502);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["error"], "upstream_unreachable");
    let words = body["error_description"].as_str().unwrap_or_default();
    assert!(
        words.starts_with("SAP API Management at 127.0.0.1 did not answer"),
        "{words}"
    );
    assert!(!words.contains(&ready_token()));
}

#[tokio::test]
async fn a_hanging_upstream_is_a_504() {
    let (tenant, portal) = pair(Timeouts {
        connect: Duration::from_secs(2),
        whole: Duration::from_millis(500),
    })
    .await;
    let fault = client()
        .post(tenant.url("/__demo/faults"))
        .json(&json!({"backend": "apinizer", "delay_ms": 3000, "status": 500}))
        .send()
        .await
        .expect("fault");
    assert!(fault.status().is_success());
    let answer = client()
        .get(portal.url("/apiops/projects/Payments/apiProxies/"))
        .bearer_auth(demo::APINIZER_PERSONAL_TOKEN)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 504);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["error"], "upstream_timeout");
    assert!(body["error_description"]
        .as_str()
        .unwrap_or_default()
        .contains("did not answer in time"));
}

#[tokio::test]
async fn with_demo_a_product_without_upstream_stays_emulated_and_faults_stay_with_it() {
    let tenant = Running::start(portal_server::router(&Config::demo(common::missing_dist()))).await;
    let config = Config::demo(common::missing_dist())
        .forward_sap(tenant.url(""), Some(tenant.url("/oauth/token")));
    let portal = Running::start(portal_server::router(&config)).await;

    let backends: Value = client()
        .get(portal.url("/__portal/backends"))
        .send()
        .await
        .expect("b")
        .json()
        .await
        .expect("json");
    assert_eq!(
        backends,
        json!({"sap": {"mode": "upstream", "url": tenant.url("")}, "apinizer": {"mode": "demo"}})
    );

    // A fault for any product on the mixed server reaches the emulated one only.
    let fault = client()
        .post(portal.url("/__demo/faults"))
        .json(&json!({"backend": "any", "count": 2, "status": 500}))
        .send()
        .await
        .expect("fault");
    assert!(fault.status().is_success());
    let sap = client()
        .get(portal.url(common::VIRTUAL_HOSTS))
        .bearer_auth(ready_token())
        .header("Accept", "application/json")
        .send()
        .await
        .expect("sap");
    assert_eq!(sap.status(), 200, "forwarded to the tenant, not faulted");
    let apinizer = client()
        .get(portal.url("/apiops/projects/Payments/apiProxies/"))
        .bearer_auth(demo::APINIZER_PERSONAL_TOKEN)
        .send()
        .await
        .expect("apinizer");
    assert_eq!(
        apinizer.status(),
        500,
        "the emulated product takes the fault"
    );
}
