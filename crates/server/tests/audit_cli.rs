//! `portal-server audit` against a demo server started here, and against a small healthy tenant:
//! its exit status for a nightly pipeline (0 fine, 1 weak or broken, 2 usage, 3 no audit,
//! 4 incomplete).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use common::Running;

const BIN: &str = env!("CARGO_BIN_EXE_portal-server");

/// A directory of its own for this test's key files, removed when dropped.
struct KeyDir(PathBuf);

impl KeyDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("portal-audit-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("key dir");
        Self(dir)
    }

    fn write(&self, name: &str, key: &Value) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, key.to_string()).expect("key file");
        path
    }
}

impl Drop for KeyDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `portal-server audit ARGS` off the runtime's threads (the server under test runs on them),
/// with neither key variable inherited.
async fn audit(args: &[&Path], flags: &[&str]) -> Output {
    let mut command = std::process::Command::new(BIN);
    command
        .arg("audit")
        .args(flags)
        .env_remove("PORTAL_SAP_SERVICE_KEY")
        .env_remove("PORTAL_SAP_ADMIN_SERVICE_KEY");
    for (flag, path) in ["--service-key", "--admin-service-key"].iter().zip(args) {
        command.arg(flag).arg(path);
    }
    tokio::task::spawn_blocking(move || command.output().expect("run portal-server audit"))
        .await
        .expect("join")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn demo() -> (Running, Value) {
    let server = Running::start(common::app()).await;
    let credentials: Value = reqwest::get(server.url("/__demo/credentials"))
        .await
        .expect("credentials")
        .json()
        .await
        .expect("credentials JSON");
    (server, credentials)
}

#[tokio::test]
async fn the_demo_tenant_trusts_weak_and_broken_chains() {
    let (_server, credentials) = demo().await;
    let keys = KeyDir::new("demo");
    let key = keys.write("key.json", &credentials["sap"]["serviceKey"]);
    let admin = keys.write("admin.json", &credentials["sap"]["adminServiceKey"]);

    let out = audit(&[&key, &admin], &["--json"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON audit");
    let verdict = |alias: &str| {
        report["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["alias"] == alias))
            .map(|r| r["verdict"].as_str().unwrap_or_default().to_string())
            .unwrap_or_else(|| panic!("no row {alias}: {report}"))
    };
    assert_eq!(verdict("prod-apis"), "ok");
    assert_eq!(verdict("partner-api"), "weak");
    assert_eq!(verdict("b2b-gateway"), "error");
    assert_eq!(verdict("api.demo-partner.example.com"), "warning");
    let summary = report["summary"]["text"].as_str().unwrap_or_default();
    assert!(
        summary.starts_with("2 of 3 hosts with mutual TLS trust weak or broken chains")
            && summary.contains("api.demo-partner.example.com expires in"),
        "{summary}"
    );

    // The table: the summary line first, a line per audited host.
    let table = audit(&[&key, &admin], &[]).await;
    assert_eq!(table.status.code(), Some(1));
    let table = text(&table.stdout);
    assert!(table.starts_with("2 of 3 hosts"), "{table}");
    assert!(table
        .lines()
        .any(|l| l.starts_with("WEAK") && l.contains("partner-api")));
}

#[tokio::test]
async fn without_the_administrator_key_the_missing_role_is_named() {
    let (_server, credentials) = demo().await;
    let keys = KeyDir::new("self-service");
    let key = keys.write("key.json", &credentials["sap"]["serviceKey"]);
    let out = audit(&[&key], &[]).await;
    let table = text(&out.stdout);
    // Every store is refused: nothing judged weak, the audit is incomplete.
    assert_eq!(out.status.code(), Some(4), "{table}{}", text(&out.stderr));
    assert!(
        table.contains("FAILED") && table.contains("APIPortal.Administrator"),
        "{table}"
    );
}

#[tokio::test]
async fn refused_or_missing_keys_give_no_audit() {
    let (_server, credentials) = demo().await;
    let keys = KeyDir::new("refused");
    let mut wrong = credentials["sap"]["serviceKey"].clone();
    wrong["clientSecret"] = json!("not-the-secret");
    let wrong = keys.write("wrong.json", &wrong);
    let out = audit(&[&wrong], &[]).await;
    assert_eq!(out.status.code(), Some(3));
    let said = text(&out.stderr);
    assert!(
        said.contains("refused") && !said.contains("not-the-secret"),
        "{said}"
    );

    let none = audit(&[], &[]).await;
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("PORTAL_SAP_SERVICE_KEY"));
    let secret_as_argument = audit(&[], &["--client-secret", "x"]).await;
    assert_eq!(secret_as_argument.status.code(), Some(2));
    let missing_file = audit(&[&keys.0.join("nope.json")], &[]).await;
    assert_eq!(missing_file.status.code(), Some(2));
}

/// A tenant with one mTLS host whose truststore holds a healthy chain, as base64 DER.
fn healthy_tenant() -> Router {
    let pem = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../certlint/tests/fixtures/chain-good.pem"),
    )
    .expect("fixture");
    let entries: Vec<Value> = pem
        .split_inclusive("-----END CERTIFICATE-----")
        .filter_map(|block| {
            let body: String = block
                .lines()
                .filter(|l| !l.starts_with("-----") && !l.trim().is_empty())
                .collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(body)
                .ok()
                .filter(|der| !der.is_empty())?;
            Some(json!({
                "name": format!("c{}", der.len()),
                "content": base64::engine::general_purpose::STANDARD.encode(der),
            }))
        })
        .collect();
    Router::new()
        .route(
            "/oauth/token",
            post(|| async { Json(json!({"access_token": "t", "expires_in": 3600})) }),
        )
        .route(
            "/apiportal/api/1.0/Management.svc/VirtualHosts",
            get(|| async {
                Json(json!({"d": {"results": [{
                    "id": "h1", "virtual_host": "secure.example.test",
                    "isClientAuthEnabled": true, "trustStore": "good"
                }]}}))
            }),
        )
        .route(
            "/apiportal/api/1.0/Management.svc/{*rest}",
            get(move || {
                let entries = entries.clone();
                async move { Json(json!({"d": {"results": entries}})) }
            }),
        )
}

#[tokio::test]
async fn a_healthy_tenant_exits_zero() {
    let tenant = Running::start(healthy_tenant()).await;
    let keys = KeyDir::new("healthy");
    let key = keys.write(
        "key.json",
        &json!({"url": tenant.url(""), "tokenUrl": tenant.url("/oauth/token"),
                "clientId": "c", "clientSecret": "s"}),
    );
    let out = audit(&[&key], &[]).await;
    let table = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{table}{}", text(&out.stderr));
    assert!(table.starts_with("0 of 1 host with mutual TLS trusts weak or broken chains"));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("OK") && l.contains("secure")),
        "{table}"
    );
}
