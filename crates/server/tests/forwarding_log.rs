//! Nothing secret in the log lines or in the 502 message while forwarding. Its own test binary:
//! with one test only, no other thread meets the log call sites before the capturing subscriber
//! is set (tracing caches a call site's interest on first use).

mod common;

use common::Running;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::response::IntoResponse;
use axum::Router;

use portal_server::Config;

const SECRET_TOKEN: &str = "tenant-secret-token-7f3a";
const SECRET_IN_QUERY: &str = "query-secret-91c2";
const SECRET_IN_BODY: &str = "body-secret-5d8e";

/// A tenant that answers 200 `{"success":true}` to anything.
async fn tenant(_request: Request) -> axum::response::Response {
    axum::Json(serde_json::json!({"success": true})).into_response()
}

/// Collects what the tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// One thread: the servers' tasks run where the capturing subscriber is the default.
#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_the_log_or_the_error_message() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let stub = Running::start(Router::new().fallback(tenant)).await;
    let config = Config::files_only(common::missing_dist()).forward_apinizer(stub.url(""));
    let portal = Running::start(portal_server::router(&config)).await;
    let client = reqwest::Client::new();
    let forwarded = client
        .patch(portal.url(&format!(
            "/apiops/projects/P/apiProxies/N/settings/mtls/?t={SECRET_IN_QUERY}"
        )))
        .bearer_auth(SECRET_TOKEN)
        .body(SECRET_IN_BODY)
        .send()
        .await
        .expect("forwarded");
    assert_eq!(forwarded.status(), 200);

    // An unreachable tenant: the message names the host, not the query or the token.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let config =
        Config::files_only(common::missing_dist()).forward_apinizer(format!("http://{addr}"));
    let dead = Running::start(portal_server::router(&config)).await;
    let refused = client
        .get(dead.url(&format!("/apiops/projects/?t={SECRET_IN_QUERY}")))
        .bearer_auth(SECRET_TOKEN)
        .send()
        .await
        .expect("refused");
    assert_eq!(refused.status(), 502);
    let words = refused.text().await.expect("body");
    assert!(
        words.contains("Apinizer at 127.0.0.1 did not answer"),
        "{words}"
    );
    for secret in [SECRET_TOKEN, SECRET_IN_QUERY, "/apiops/projects"] {
        assert!(!words.contains(secret), "{secret} in {words}");
    }

    let logged = captured
        .0
        .lock()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    assert!(
        logged.contains("PATCH /apiops/projects/P/apiProxies/N/settings/mtls/ 200"),
        "{logged}"
    );
    assert!(logged.contains("GET /apiops/projects/ 502"), "{logged}");
    for secret in [SECRET_TOKEN, SECRET_IN_QUERY, SECRET_IN_BODY, "Bearer"] {
        assert!(!logged.contains(secret), "{secret} logged: {logged}");
    }
}
