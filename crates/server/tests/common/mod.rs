//! Helpers shared by the integration tests: one in-process app, requests through
//! `tower::ServiceExt::oneshot`, fixtures, and JSON shape comparison.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

use portal_server::{demo_data, Config};

pub const VH_REQUESTS: &str = "/apiportal/operations/1.0/Configuration.svc/VirtualHostRequests";
pub const VIRTUAL_HOSTS: &str = "/apiportal/api/1.0/Management.svc/VirtualHosts";

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

/// A demo app whose dist directory does not exist.
pub fn app() -> Router {
    portal_server::router(&Config::demo(missing_dist()))
}

pub fn missing_dist() -> PathBuf {
    std::env::temp_dir().join("portal-server-tests-no-such-dist")
}

/// A request builder with sensible defaults.
pub struct Call {
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

pub fn call(method: Method, path: &str) -> Call {
    Call {
        method,
        path: path.to_owned(),
        headers: vec![("host".into(), "portal.test".into())],
        body: Vec::new(),
    }
}

pub fn get(path: &str) -> Call {
    call(Method::GET, path)
}

pub fn post(path: &str) -> Call {
    call(Method::POST, path)
}

impl Call {
    pub fn header(mut self, name: &str, value: &str) -> Call {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn bearer(self, token: &str) -> Call {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn sap(self) -> Call {
        self.bearer(&sap_token())
    }

    pub fn apinizer(self) -> Call {
        self.bearer(demo_data::APINIZER_PERSONAL_TOKEN)
    }

    pub fn accept_json(self) -> Call {
        self.header("accept", "application/json")
    }

    pub fn json(mut self, body: &Value) -> Call {
        self.body = body.to_string().into_bytes();
        self.header("content-type", "application/json")
    }

    pub fn raw(mut self, body: &str, content_type: &str) -> Call {
        self.body = body.as_bytes().to_vec();
        self.header("content-type", content_type)
    }

    pub async fn send(self, app: &Router) -> Reply {
        let mut builder = Request::builder().method(self.method).uri(&self.path);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        let request = builder.body(Body::from(self.body)).expect("request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// A server on 127.0.0.1 at a port the system picks, stopped when dropped.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Running {
    /// `app` served over plain HTTP.
    pub async fn start(app: Router) -> Self {
        Self::start_with(app, portal_server::Serving::default()).await
    }

    /// `app` served as `serving` says (TLS, public host names).
    pub async fn start_with(app: Router, serving: portal_server::Serving) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            portal_server::serve_with(listener, app, &serving, async {
                let _ = stopped.await;
            })
            .await
        });
        Self {
            addr,
            stop: Some(stop),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A portal server (files of `dist`, no demo) forwarding both products to `tenant`, and SAP's
/// token calls to `token_path` on it. SAP's base URL is given with a trailing slash and
/// Apinizer's without: both forms are accepted.
pub fn forwarding_config(tenant: &Running, token_path: &str, dist: PathBuf) -> Config {
    Config::files_only(dist)
        .forward_sap(tenant.url("/"), Some(tenant.url(token_path)))
        .forward_apinizer(tenant.url(""))
}

/// [`forwarding_config`], started; the files are those of [`missing_dist`].
pub async fn forwarding_portal(tenant: &Running, token_path: &str) -> Running {
    Running::start(portal_server::router(&forwarding_config(
        tenant,
        token_path,
        missing_dist(),
    )))
    .await
}

/// The demo's ready-made SAP token.
pub fn sap_token() -> String {
    portal_server::sap::token::ready_token()
}

/// A recorded or documented backend body from the workspace's one fixture tree (`tests/fixtures/`
/// at the root, shared with the app's tests): `"sap/…"` or `"apinizer/…"`.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `"string"`, `"number"`, … of a JSON value; `null` is its own kind.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Keys and value kinds of an object.
pub fn shape(value: &Value) -> BTreeMap<String, &'static str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .iter()
        .map(|(k, v)| (k.clone(), kind(v)))
        .collect()
}

pub fn keys(value: &Value) -> Vec<String> {
    shape(value).into_keys().collect()
}

/// Same keys; for each key the kinds agree, except that a `null` on either side matches any kind
/// (a nullable property).
pub fn assert_same_shape(actual: &Value, expected: &Value, what: &str) {
    assert_eq!(keys(actual), keys(expected), "{what}: key sets differ");
    let actual_shape = shape(actual);
    for (key, expected_kind) in shape(expected) {
        let actual_kind = actual_shape[&key];
        assert!(
            expected_kind == actual_kind || expected_kind == "null" || actual_kind == "null",
            "{what}: '{key}' is {actual_kind}, sample has {expected_kind}"
        );
    }
}

/// `/Date(ms)/`
pub fn is_odata_date(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        s.strip_prefix("/Date(")
            .and_then(|rest| rest.strip_suffix(")/"))
            .is_some_and(|ms| !ms.is_empty() && ms.chars().all(|c| c.is_ascii_digit()))
    })
}

/// The id of the seeded host with this alias (`None` = the default host).
pub fn seeded_host_id(alias: Option<&str>) -> String {
    demo_data::SAP_VIRTUAL_HOSTS
        .iter()
        .find(|h| h.alias == alias)
        .map(|h| h.id.to_owned())
        .expect("seeded host")
}

pub async fn virtual_hosts(app: &Router) -> Vec<Value> {
    let reply = get(VIRTUAL_HOSTS).sap().accept_json().send(app).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()["d"]["results"]
        .as_array()
        .expect("results")
        .clone()
}
