//! Forwarding against a stub tenant that is not the demo: what the tenant receives (headers kept
//! and dropped, Host, query, body), redirects returned as they are, the demo credentials meaning
//! nothing there. The log lines: `tests/forwarding_log.rs`.

mod common;

use common::Running;

use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

use portal_server::{demo_data as demo, sap::token::ready_token};

const SECRET_TOKEN: &str = "tenant-secret-token-7f3a";
const SECRET_IN_QUERY: &str = "query-secret-91c2";
const SECRET_IN_BODY: &str = "body-secret-5d8e";

/// What the stub tenant saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path_and_query: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A tenant that knows only its own token: 401 for anything else, a redirect on `/…/redirect`,
/// and otherwise 200 with a cookie and a private header that must not reach the browser.
async fn tenant(State(log): State<Log>, request: Request) -> Response {
    let method = request.method().to_string();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_default();
    let headers = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let authorized = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {SECRET_TOKEN}"));
    let body = to_bytes(request.into_body(), 1 << 20)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let redirect = path_and_query.contains("/redirect");
    if let Ok(mut log) = log.lock() {
        log.push(Seen {
            method,
            path_and_query,
            headers,
            body,
        });
    }
    if !authorized {
        return (
            StatusCode::UNAUTHORIZED,
            [("www-authenticate", "Bearer realm=\"tenant\"")],
            axum::Json(json!({"error": "invalid_token", "error_description": "tenant says no"})),
        )
            .into_response();
    }
    if redirect {
        return (
            StatusCode::FOUND,
            [("location", "https://login.tenant.example/elsewhere")],
        )
            .into_response();
    }
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "application/json;charset=UTF-8")
        .header("set-cookie", "tenant-session=abc; HttpOnly")
        .header("x-tenant-private", "internal")
        .body(Body::from(r#"{"ok":true}"#))
        .unwrap_or_default()
}

/// The stub tenant and a forwarding portal server (both products, token URL too) in front of it.
async fn stub_pair() -> (Running, Running, Log) {
    let log: Log = Arc::default();
    let stub = Running::start(Router::new().fallback(tenant).with_state(log.clone())).await;
    let portal = common::forwarding_portal(&stub, "/uaa/oauth/token").await;
    (stub, portal, log)
}

fn last(log: &Log) -> Seen {
    log.lock()
        .ok()
        .and_then(|l| l.last().cloned())
        .expect("the tenant saw a request")
}

#[tokio::test]
async fn the_tenant_gets_method_path_query_body_and_the_three_headers_only() {
    let (stub, portal, log) = stub_pair().await;
    let answer = reqwest::Client::new()
        .post(portal.url(&format!(
            "/apiportal/operations/1.0/Configuration.svc/VirtualHostRequests?x={SECRET_IN_QUERY}"
        )))
        .bearer_auth(SECRET_TOKEN)
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .header("cookie", "portal-session=should-stay")
        .header("proxy-authorization", "Basic c2hvdWxkOnN0YXk=")
        .header("x-forwarded-for", "10.0.0.1")
        .header("te", "trailers")
        // The page's own origin (another would be refused as cross-site); not forwarded either.
        .header("origin", format!("http://{}", portal.addr))
        .body(format!(r#"{{"secret":"{SECRET_IN_BODY}"}}"#))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["content-type"],
        "application/json;charset=UTF-8"
    );
    assert!(
        answer.headers().get("set-cookie").is_none(),
        "tenant cookies stay behind"
    );
    assert!(answer.headers().get("x-tenant-private").is_none());
    assert_eq!(answer.text().await.expect("body"), r#"{"ok":true}"#);

    let seen = last(&log);
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.path_and_query,
        format!(
            "/apiportal/operations/1.0/Configuration.svc/VirtualHostRequests?x={SECRET_IN_QUERY}"
        )
    );
    assert_eq!(seen.body, format!(r#"{{"secret":"{SECRET_IN_BODY}"}}"#));
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {SECRET_TOKEN}").as_str())
    );
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(
        seen.header("host"),
        Some(stub.addr.to_string().as_str()),
        "Host is the tenant's"
    );
    for dropped in [
        "cookie",
        "proxy-authorization",
        "x-forwarded-for",
        "te",
        "origin",
    ] {
        assert_eq!(
            seen.header(dropped),
            None,
            "{dropped} must not be forwarded"
        );
    }
}

#[tokio::test]
async fn the_token_call_goes_to_the_token_url_with_query_form_and_basic_auth() {
    let (_stub, portal, log) = stub_pair().await;
    let answer = reqwest::Client::new()
        .post(portal.url("/oauth/token?grant_type=client_credentials"))
        .basic_auth("sb-client", Some("client-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("answer");
    // The stub knows no Basic credentials: its 401 comes back as it is.
    assert_eq!(answer.status(), 401);
    let seen = last(&log);
    assert_eq!(
        seen.path_and_query,
        "/uaa/oauth/token?grant_type=client_credentials"
    );
    assert_eq!(seen.body, "grant_type=client_credentials");
    assert!(seen
        .header("authorization")
        .is_some_and(|v| v.starts_with("Basic ")));
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test]
async fn redirects_come_back_and_are_not_followed() {
    let (_stub, portal, log) = stub_pair().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let answer = client
        .get(portal.url("/apiops/projects/P/redirect"))
        .bearer_auth(SECRET_TOKEN)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 302);
    assert_eq!(
        answer.headers()["location"],
        "https://login.tenant.example/elsewhere"
    );
    assert_eq!(log.lock().map(|l| l.len()).unwrap_or_default(), 1);
}

#[tokio::test]
async fn the_demo_credentials_mean_nothing_when_forwarding() {
    let (_stub, portal, _log) = stub_pair().await;
    let client = reqwest::Client::new();
    let sap = client
        .get(portal.url(common::VIRTUAL_HOSTS))
        .bearer_auth(ready_token())
        .send()
        .await
        .expect("sap");
    assert_eq!(sap.status(), 401);
    let token = client
        .post(portal.url("/oauth/token?grant_type=client_credentials"))
        .basic_auth(demo::SAP_CLIENT_ID, Some(demo::SAP_CLIENT_SECRET))
        .send()
        .await
        .expect("token");
    assert_eq!(token.status(), 401);
    let apinizer = client
        .get(portal.url("/apiops/projects/Payments/apiProxies/"))
        .bearer_auth(demo::APINIZER_PERSONAL_TOKEN)
        .send()
        .await
        .expect("apinizer");
    assert_eq!(apinizer.status(), 401);
    assert_eq!(
        apinizer.json::<Value>().await.expect("json")["error_description"],
        "tenant says no"
    );
    let exchange = client
        .post(portal.url("/apiops/auth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", demo::APINIZER_CLIENT_ID),
            ("client_secret", demo::APINIZER_CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("exchange");
    assert_eq!(exchange.status(), 401);
}
