//! The attacks a portal pointed at a real tenant must withstand, each against a running server:
//! path traversal towards the tenant, answers that would run as the portal's own page, browser
//! login prompts, huge answers, DNS rebinding (wrong `Host`), cross-site requests, and the
//! headers and transport every answer must have.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::Running;
use portal_server::Config;

/// What the stub tenant was asked, and how many body bytes it produced for its huge answer
/// without a length (the announced one is refused unread and counts apart, so that its bytes
/// still in flight do not blur the count).
#[derive(Default)]
struct Tenant {
    paths: Mutex<Vec<String>>,
    produced: Arc<AtomicUsize>,
}

const MIB: usize = 1024 * 1024;

/// A tenant that answers by path: a secret HTML page outside the API, answers of every content
/// type, a Basic challenge, endless bodies.
async fn tenant(State(seen): State<Arc<Tenant>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if let Ok(mut paths) = seen.paths.lock() {
        paths.push(
            request
                .uri()
                .path_and_query()
                .map_or(path.clone(), |pq| pq.to_string()),
        );
    }
    let typed = |content_type: &'static str, body: &'static str| {
        ([("content-type", content_type)], body).into_response()
    };
    match path.as_str() {
        "/secret.txt" => typed("text/html", "<script>steal(sessionStorage)</script>"),
        "/apiops/html" => typed("text/html; charset=utf-8", "<script>alert(1)</script>"),
        "/apiops/js" => typed("application/javascript", "alert(1)"),
        "/apiops/svg" => typed("image/svg+xml", "<svg onload=alert(1)/>"),
        "/apiops/untyped" => Response::new(Body::from("<script>alert(1)</script>")),
        "/apiops/empty" => StatusCode::NO_CONTENT.into_response(),
        "/apiportal/atom" => typed("application/atom+xml;type=feed", "<feed/>"),
        "/uaa/oauth/token" => (
            StatusCode::UNAUTHORIZED,
            [
                ("www-authenticate", "Basic realm=\"UAA/client\""),
                ("content-type", "application/json"),
            ],
            r#"{"error":"unauthorized","error_description":"Bad credentials"}"#,
        )
            .into_response(),
        "/apiops/huge" | "/apiops/huge-announced" => {
            let announced = path.ends_with("announced");
            let counter = if announced {
                Arc::default()
            } else {
                seen.produced.clone()
            };
            let chunk = vec![b' '; 64 * 1024];
            let stream = counted_stream(counter, chunk, 50 * MIB);
            let mut response = Response::new(Body::from_stream(stream));
            response
                .headers_mut()
                .insert("content-type", "application/json".parse().expect("value"));
            if announced {
                response.headers_mut().insert(
                    "content-length",
                    (50 * MIB).to_string().parse().expect("value"),
                );
            }
            response
        }
        _ => typed("application/json", r#"{"ok":true}"#),
    }
}

/// `total` bytes in `chunk`-sized pieces, counting what was produced: a reader that stops early
/// leaves the count below `total`.
fn counted_stream(
    produced: Arc<AtomicUsize>,
    chunk: Vec<u8>,
    total: usize,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    futures_util::stream::unfold(0usize, move |sent| {
        let produced = produced.clone();
        let chunk = chunk.clone();
        async move {
            if sent >= total {
                return None;
            }
            produced.fetch_add(chunk.len(), Ordering::SeqCst);
            Some((Ok(chunk.clone()), sent + chunk.len()))
        }
    })
}

/// The stub tenant and a portal forwarding both products (and SAP's token URL) to it.
async fn forwarding_pair(dist: std::path::PathBuf) -> (Running, Running, Arc<Tenant>) {
    let seen = Arc::new(Tenant::default());
    let stub = Running::start(Router::new().fallback(tenant).with_state(seen.clone())).await;
    let portal = Running::start(portal_server::router(&common::forwarding_config(
        &stub,
        "/uaa/oauth/token",
        dist,
    )))
    .await;
    (stub, portal, seen)
}

/// An answer read off the wire.
struct Raw {
    status: u16,
    head: String,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// Sends `request` exactly as written (no client library normalises the path) and reads the
/// whole answer (`Connection: close`).
async fn raw(addr: std::net::SocketAddr, request: &str) -> Raw {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut bytes = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut bytes))
        .await
        .expect("answer in time")
        .expect("read");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Raw {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

async fn raw_get(server: &Running, target: &str) -> Raw {
    raw(
        server.addr,
        &format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ),
    )
    .await
}

#[tokio::test]
async fn traversal_attempts_never_reach_the_tenant() {
    let (_stub, portal, seen) = forwarding_pair(common::missing_dist()).await;
    let long = format!("/apiops/{}", "a".repeat(9000));
    let attempts: Vec<(&str, u16)> = vec![
        ("/apiops/%2e%2e/%2e%2e/secret.txt", 400),
        ("/apiportal/%2e%2e/%2e%2e/secret.txt", 400),
        ("/apiops/%2E%2E/secret.txt", 400),
        ("/apiops/%2e./secret.txt", 400),
        ("/apiops/%252e%252e/%252e%252e/secret.txt", 400),
        ("/apiops/%25252e%25252e/secret.txt", 400),
        ("/apiops/..%2fsecret.txt", 400),
        ("/apiops/..%2Fsecret.txt", 400),
        ("/apiops/..%5csecret.txt", 400),
        ("/apiops/..%5Csecret.txt", 400),
        ("/apiops/..\\secret.txt", 400),
        ("/apiops/..;/secret.txt", 400),
        ("/apiops/../../secret.txt", 400),
        ("/apiportal/./../secret.txt", 400),
        ("/apiops/x/%00/secret.txt", 400),
        ("/oauth/../secret.txt", 400),
        ("/oauth/token/../../secret.txt", 400),
        ("/oauth/authorize", 404),
        ("/apiops", 404),
        (long.as_str(), 414),
    ];
    for (target, status) in &attempts {
        let answer = raw_get(&portal, target).await;
        assert_eq!(answer.status, *status, "{target}: {}", answer.body);
        assert!(
            !answer.body.contains("steal"),
            "{target} reached the secret"
        );
    }
    assert_eq!(
        seen.paths.lock().expect("log").clone(),
        Vec::<String>::new(),
        "nothing may reach the tenant"
    );

    // The documented paths still go through, re-encoded segment by segment.
    let answer = raw_get(
        &portal,
        "/apiops/projects/My%20Project/apiProxies/p%271%27/settings/mtls/?x=%2F",
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        seen.paths.lock().expect("log").clone(),
        vec!["/apiops/projects/My%20Project/apiProxies/p'1'/settings/mtls/?x=%2F".to_string()]
    );
}

#[tokio::test]
async fn answers_that_a_browser_would_run_are_refused() {
    let (_stub, portal, _seen) = forwarding_pair(common::missing_dist()).await;
    for path in [
        "/apiops/html",
        "/apiops/js",
        "/apiops/svg",
        "/apiops/untyped",
    ] {
        let answer = raw_get(&portal, path).await;
        assert_eq!(answer.status, 502, "{path}");
        assert!(!answer.body.contains("alert"), "{path}: {}", answer.body);
        assert!(
            answer.body.contains("upstream_content_type_refused"),
            "{path}: {}",
            answer.body
        );
        assert_eq!(
            answer.header("content-type").as_deref(),
            Some("application/json")
        );
    }
    for (path, status) in [
        ("/apiops/json", 200),
        ("/apiops/empty", 204),
        ("/apiportal/atom", 200),
    ] {
        let answer = raw_get(&portal, path).await;
        assert_eq!(answer.status, status, "{path}");
        assert_eq!(
            answer.header("content-security-policy").as_deref(),
            Some(portal_server::security::API_CSP),
            "{path}"
        );
        assert_eq!(
            answer.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
    }
}

#[tokio::test]
async fn a_basic_challenge_never_reaches_the_browser_as_such() {
    let (_stub, portal, _seen) = forwarding_pair(common::missing_dist()).await;
    let answer = reqwest::Client::new()
        .post(portal.url("/oauth/token"))
        .basic_auth("sb-client", Some("wrong-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 401);
    assert!(answer.headers().get("www-authenticate").is_none());
    assert_eq!(
        answer.headers()["x-portal-upstream-authenticate"],
        "Basic realm=\"UAA/client\""
    );

    // The demo's token endpoint answers a wrong secret as XSUAA does, and is treated alike.
    let demo = Running::start(portal_server::router(&Config::demo(common::missing_dist()))).await;
    let answer = reqwest::Client::new()
        .post(demo.url("/oauth/token"))
        .basic_auth(
            portal_server::demo_data::SAP_CLIENT_ID,
            Some("wrong-secret"),
        )
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 401);
    assert!(answer.headers().get("www-authenticate").is_none());
    assert!(answer.headers()["x-portal-upstream-authenticate"]
        .to_str()
        .expect("text")
        .starts_with("Basic realm=\"UAA/client\""));
}

#[tokio::test]
async fn a_huge_answer_is_a_502_and_is_not_read_to_its_end() {
    let (_stub, portal, seen) = forwarding_pair(common::missing_dist()).await;
    let answer = raw_get(&portal, "/apiops/huge-announced").await;
    assert_eq!(answer.status, 502);
    assert!(answer.body.contains("upstream_answer_too_large"));

    let answer = raw_get(&portal, "/apiops/huge").await;
    assert_eq!(answer.status, 502);
    assert!(answer.body.contains("upstream_answer_too_large"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let produced = seen.produced.load(Ordering::SeqCst);
    // The portal stops reading past 8 MiB; what the tenant produced beyond that sat in socket
    // buffers, not in the portal's memory.
    assert!(
        produced < 20 * MIB,
        "the portal read {produced} bytes of a 50 MiB answer"
    );
}

/// A demo server started with `--public-host name`.
async fn demo_known_as(name: &str) -> Running {
    Running::start_with(
        portal_server::router(&Config::demo(common::missing_dist())),
        portal_server::Serving {
            tls: None,
            public_hosts: vec![name.into()],
        },
    )
    .await
}

async fn credentials_for_host(server: &Running, host: &str) -> Raw {
    raw(
        server.addr,
        &format!("GET /__demo/credentials HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await
}

#[tokio::test]
async fn a_host_that_is_not_this_server_is_refused() {
    let demo = Running::start(portal_server::router(&Config::demo(common::missing_dist()))).await;
    let port = demo.addr.port();
    for host in [
        format!("rebind.attacker.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
    ] {
        let answer = credentials_for_host(&demo, &host).await;
        assert_eq!(answer.status, 421, "{host}");
        assert!(!answer.body.contains("clientSecret"), "{host}");
        assert_eq!(
            answer.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
    }
    let answer = raw(
        demo.addr,
        "GET /__demo/credentials HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(answer.status, 421, "no Host at all");
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let answer = credentials_for_host(&demo, &host).await;
        assert_eq!(answer.status, 200, "{host}");
    }

    // A name the operator gave is accepted too.
    let named = demo_known_as("portal.example.com").await;
    let answer = raw(
        named.addr,
        "GET /__demo/health HTTP/1.1\r\nHost: portal.example.com\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn a_cross_site_request_cannot_change_state() {
    let demo = Running::start(portal_server::router(&Config::demo(common::missing_dist()))).await;
    let fault = r#"{"backend":"sap","status":500}"#;
    let post = |origin: Option<String>, fetch_site: Option<&'static str>| {
        let mut request = reqwest::Client::new()
            .post(demo.url("/__demo/faults"))
            .header("content-type", "text/plain")
            .body(fault);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    for (origin, site) in [
        (Some("http://attacker.example".to_string()), None),
        (Some("null".to_string()), None),
        (Some(format!("http://{}.attacker.example", demo.addr)), None),
        (None, Some("cross-site")),
        (None, Some("same-site")),
    ] {
        let answer = post(origin.clone(), site).await.expect("answer");
        assert_eq!(answer.status(), 403, "{origin:?} {site:?}");
    }
    let faults: serde_json::Value = reqwest::get(demo.url("/__demo/faults"))
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(
        faults,
        serde_json::json!({"pending": []}),
        "no refused fault was queued"
    );

    // The portal's own page, and programs that send no Origin, may.
    let answer = post(Some(format!("http://{}", demo.addr)), Some("same-origin"))
        .await
        .expect("answer");
    assert!(answer.status().is_success(), "{}", answer.status());
    let answer = post(None, None).await.expect("answer");
    assert!(answer.status().is_success(), "{}", answer.status());
    let faults: serde_json::Value = reqwest::get(demo.url("/__demo/faults"))
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(faults["pending"].as_array().map(Vec::len), Some(2));
}

/// A dist folder with an index.html carrying the CSP meta split-wasm writes.
fn built_dist() -> tempdir::TempDir {
    let dir = tempdir::TempDir::new("portal-security");
    std::fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" \
         content=\"default-src 'self'; script-src 'self' 'sha256-QUJD' 'wasm-unsafe-eval'\">\
         <script type=module>import init from '/a.js'</script></head></html>",
    )
    .expect("write index.html");
    std::fs::write(dir.path().join("app-0123456789abcdef.js"), "export {}").expect("write js");
    dir
}

/// A temporary folder removed when dropped.
mod tempdir {
    pub struct TempDir(std::path::PathBuf);

    impl TempDir {
        pub fn new(prefix: &str) -> Self {
            let path = std::env::temp_dir().join(format!(
                "{prefix}-{}-{}",
                std::process::id(),
                uuid::Uuid::new_v4()
            ));
            std::fs::create_dir_all(&path).expect("temp dir");
            TempDir(path)
        }

        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let dist = built_dist();
    let demo = Running::start(portal_server::router(&Config::demo(dist.path()))).await;
    let app_csp = "default-src 'self'; script-src 'self' 'sha256-QUJD' 'wasm-unsafe-eval'; \
                   worker-src 'self'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'self'";
    for (target, csp) in [
        ("/", app_csp),
        ("/certificates", app_csp),
        ("/app-0123456789abcdef.js", app_csp),
        ("/missing-0123456789abcdef.js", app_csp),
        ("/__portal/backends", portal_server::security::API_CSP),
        ("/__portal/nothing", portal_server::security::API_CSP),
        ("/__demo/health", portal_server::security::API_CSP),
        (
            "/apiportal/api/1.0/Management.svc/VirtualHosts",
            portal_server::security::API_CSP,
        ),
        ("/apiops/projects", portal_server::security::API_CSP),
    ] {
        let answer = raw_get(&demo, target).await;
        assert!(answer.status > 0, "{target}");
        assert_eq!(
            answer.header("content-security-policy").as_deref(),
            Some(csp),
            "{target}"
        );
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
            ("x-frame-options", "DENY"),
            ("cross-origin-resource-policy", "same-origin"),
        ] {
            assert_eq!(
                answer.header(name).as_deref(),
                Some(value),
                "{target} {name}"
            );
        }
        assert_eq!(answer.header("strict-transport-security"), None);
    }
}

/// A CA and a certificate for `localhost` and 127.0.0.1 it issued, as PEM files.
fn certificate_files(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let ca_key = rcgen::KeyPair::generate().expect("CA key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "portal test CA");
    let ca = ca_params.self_signed(&ca_key).expect("CA");
    let key = rcgen::KeyPair::generate().expect("key");
    let params = rcgen::CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("params");
    let issuer = rcgen::Issuer::from_params(&ca_params, &ca_key);
    let cert = params.signed_by(&key, &issuer).expect("certificate");
    let cert_path = dir.join("portal.pem");
    let key_path = dir.join("portal.key");
    std::fs::write(&cert_path, cert.pem()).expect("write certificate");
    std::fs::write(&key_path, key.serialize_pem()).expect("write key");
    (cert_path, key_path, ca.pem())
}

#[tokio::test]
async fn https_with_a_generated_certificate_and_hsts() {
    let dir = tempdir::TempDir::new("portal-tls");
    let (cert, key, ca) = certificate_files(dir.path());
    let tls = portal_server::tls::load(&cert, &key).expect("TLS configuration");
    let mut config = Config::demo(common::missing_dist());
    config.tls = true;
    let portal = Running::start_with(
        portal_server::router(&config),
        portal_server::Serving {
            tls: Some(tls),
            public_hosts: Vec::new(),
        },
    )
    .await;
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(ca.as_bytes()).expect("CA"))
        .resolve("localhost", portal.addr)
        .build()
        .expect("client");
    let answer = client
        .get(format!(
            "https://localhost:{}/__demo/health",
            portal.addr.port()
        ))
        .send()
        .await
        .expect("HTTPS answer");
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()["strict-transport-security"],
        portal_server::security::HSTS
    );
    // Only https origins are the portal's own now.
    let refused = client
        .post(format!(
            "https://localhost:{}/__demo/reset",
            portal.addr.port()
        ))
        .header("origin", format!("http://localhost:{}", portal.addr.port()))
        .send()
        .await
        .expect("answer");
    assert_eq!(refused.status(), 403);

    // Plain HTTP on the TLS port gets no answer of the portal.
    let plain = reqwest::Client::new()
        .get(portal.url("/__demo/health"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(plain.is_err() || plain.is_ok_and(|a| a.status() != 200));

    // A key that is not one, or a missing file, is said in words.
    std::fs::write(dir.path().join("bad.key"), "not a key").expect("write");
    let error = portal_server::tls::load(&cert, &dir.path().join("bad.key")).expect_err("refused");
    assert!(error.to_string().contains("--tls-key"), "{error}");
    let error = portal_server::tls::load(&dir.path().join("none.pem"), &key).expect_err("refused");
    assert!(error.to_string().contains("--tls-cert"), "{error}");
}

#[test]
fn plain_http_off_loopback_is_refused_before_listening() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--demo", "--addr", "0.0.0.0:0"])
        .output()
        .expect("run portal-server");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("refusing to serve plain HTTP on 0.0.0.0:0"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).is_empty(),
        "it never listened"
    );
}

#[tokio::test]
async fn a_page_served_by_a_named_front_may_change_state() {
    // `make dev`: Trunk serves the page on :8080 and forwards the API calls to this server.
    let named = demo_known_as("127.0.0.1:8080").await;
    let post = |origin: &str| {
        reqwest::Client::new()
            .post(named.url("/__demo/reset"))
            .header("origin", origin)
            .send()
    };
    assert!(post("http://127.0.0.1:8080")
        .await
        .expect("answer")
        .status()
        .is_success());
    assert_eq!(
        post("http://127.0.0.1:8081")
            .await
            .expect("answer")
            .status(),
        403
    );
}
