//! The demo tenant's certificate stores: `Management.svc/CertificateStores('<name>')/certificates`
//! with the two roles, the seeded stores' real certificates, the scale seed and fault injection.

mod common;

use axum::http::StatusCode;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use common::*;
use portal_server::demo_data as demo;
use portal_server::sap::token::admin_ready_token;
use portal_server::Config;

const STORES: &str = "/apiportal/api/1.0/Management.svc/CertificateStores";
const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
const NS_D: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices";

/// The properties of `apiportal.Certificate` in the Management.svc `$metadata` excerpt
/// (`shared/reference/recorded/sap-apim-management-metadata-excerpt-200.json`), and `__metadata`.
const CERTIFICATE_FIELDS: [&str; 18] = [
    "__metadata",
    "certName",
    "content",
    "csKey",
    "description",
    "expiryDate",
    "format",
    "isValid",
    "issuerEmail",
    "life_cycle",
    "name",
    "password",
    "signAlgName",
    "storeName",
    "storeType",
    "subjectEmail",
    "validFrom",
    "version",
];

fn certificates_path(store: &str) -> String {
    format!("{STORES}('{store}')/certificates")
}

trait Admin {
    fn admin(self) -> Self;
}

impl Admin for Call {
    fn admin(self) -> Call {
        self.bearer(&admin_ready_token())
    }
}

async fn entries(app: &axum::Router, store: &str) -> Vec<Value> {
    let reply = get(&certificates_path(store))
        .admin()
        .accept_json()
        .send(app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{store}: {}", reply.text());
    reply.json()["d"]["results"]
        .as_array()
        .expect("results")
        .clone()
}

fn entry<'a>(entries: &'a [Value], name: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
}

/// The certificate `content` holds, parsed: base64 of DER, or base64 of PEM (the first block).
fn certificate_of(entry: &Value) -> (String, i64) {
    let bytes = STANDARD
        .decode(entry["content"].as_str().expect("content"))
        .expect("content is base64");
    let der = if bytes.starts_with(b"-----BEGIN CERTIFICATE-----") {
        let (_, pem) = x509_parser::pem::parse_x509_pem(&bytes).expect("PEM");
        pem.contents
    } else {
        bytes
    };
    let (rest, certificate) = x509_parser::parse_x509_certificate(&der).expect("a certificate");
    assert!(rest.is_empty(), "nothing after the certificate");
    let subject = certificate
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .unwrap_or_default()
        .to_owned();
    (subject, certificate.validity().not_after.timestamp())
}

fn rfc3339_seconds(text: &Value) -> i64 {
    let text = text.as_str().expect("a date string");
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .unix_timestamp()
}

#[tokio::test]
async fn the_admin_key_reads_a_healthy_store_whose_content_is_the_certificates() {
    let app = app();
    let entries = entries(&app, "partner-truststore").await;
    assert_eq!(entries.len(), 3);
    for entry in &entries {
        assert_eq!(
            keys(entry),
            CERTIFICATE_FIELDS,
            "apiportal.Certificate fields"
        );
        assert_eq!(entry["__metadata"]["type"], "apiportal.Certificate");
        assert!(entry["__metadata"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("storeName='partner-truststore')")));
        assert_eq!(entry["storeName"], "partner-truststore");
        assert_eq!(entry["storeType"], "TrustStore");
        assert_eq!(entry["format"], "DER");
        assert_eq!(entry["isValid"], "true");
        assert_eq!(entry["signAlgName"], "SHA256withECDSA");
        assert_eq!(entry["version"], "3");
        // The metadata fields say what the certificate says.
        let (subject, not_after) = certificate_of(entry);
        assert_eq!(entry["certName"], subject.as_str());
        assert_eq!(rfc3339_seconds(&entry["expiryDate"]), not_after);
        assert!(rfc3339_seconds(&entry["validFrom"]) < not_after);
    }
    let root = entry(&entries, "demo-partner-root-ca");
    assert_eq!(certificate_of(root).0, "Demo Partner Root CA");
    assert_eq!(root["expiryDate"], "2045-01-01T00:00:00Z");
    // The partner's client certificate first, then its issuer, then the root.
    let names: Vec<&str> = entries.iter().filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "demo-partner-client",
            "demo-partner-issuing-ca",
            "demo-partner-root-ca"
        ]
    );
}

#[tokio::test]
async fn the_legacy_store_has_a_sha1_issuing_ca_as_pem_and_a_metadata_only_root() {
    let app = app();
    let entries = entries(&app, "legacy-truststore").await;
    assert_eq!(entries.len(), 4);
    let issuing = entry(&entries, "legacy-partner-issuing-ca");
    assert_eq!(issuing["format"], "PEM");
    assert_eq!(issuing["signAlgName"], "SHA1withRSA");
    let pem = STANDARD
        .decode(issuing["content"].as_str().expect("content"))
        .expect("base64");
    assert!(pem.starts_with(b"-----BEGIN CERTIFICATE-----"));
    assert_eq!(certificate_of(issuing).0, "Legacy Partner Issuing CA");

    let metadata_only = entry(&entries, "legacy-partner-root-ca-g0");
    assert_eq!(metadata_only["content"], Value::Null);
    assert_eq!(metadata_only["format"], Value::Null);
    assert_eq!(metadata_only["signAlgName"], "SHA1withRSA");
    assert_eq!(metadata_only["certName"], "Legacy Partner Root CA G0");
    assert_eq!(metadata_only["expiryDate"], "2034-01-01T00:00:00Z");
}

#[tokio::test]
async fn the_retired_store_has_an_expired_root_and_the_keystore_a_certificate_expiring_soon() {
    let app = app();
    let retired = entries(&app, "retired-ca-truststore").await;
    let root = entry(&retired, "retired-partner-root-ca");
    assert_eq!(root["isValid"], "false");
    assert_eq!(root["expiryDate"], "2025-01-01T00:00:00Z");
    assert_eq!(
        entry(&retired, "retired-partner-issuing-ca")["isValid"],
        "true"
    );

    let keystore = entries(&app, demo::SAP_CUSTOM_DOMAIN_KEY_STORE).await;
    let server = entry(&keystore, demo::SAP_CUSTOM_DOMAIN_KEY_ALIAS);
    assert_eq!(server["storeType"], "KeyStore");
    assert_eq!(server["format"], "PEM");
    let (subject, not_after) = certificate_of(server);
    assert_eq!(subject, demo::SAP_CUSTOM_DOMAIN);
    let days = (not_after - time::OffsetDateTime::now_utc().unix_timestamp()) / 86_400;
    assert!((1..30).contains(&days), "expires in {days} days");
    // Leaf and issuing CA: a key entry holds its chain.
    let pem = STANDARD
        .decode(server["content"].as_str().expect("content"))
        .expect("base64");
    let text = String::from_utf8(pem).expect("PEM text");
    assert_eq!(text.matches("-----BEGIN CERTIFICATE-----").count(), 2);

    // The custom-domain host names that entry; every mTLS host's truststore holds certificates.
    let hosts = virtual_hosts(&app).await;
    let custom = hosts
        .iter()
        .find(|h| h["virtual_host"] == demo::SAP_CUSTOM_DOMAIN)
        .expect("custom-domain host");
    assert_eq!(custom["isForCustomDomain"], true);
    assert_eq!(custom["keyStoreName"], demo::SAP_CUSTOM_DOMAIN_KEY_STORE);
    assert_eq!(custom["keyStoreAlias"], demo::SAP_CUSTOM_DOMAIN_KEY_ALIAS);
    let trusted: Vec<&str> = hosts
        .iter()
        .filter(|h| h["isClientAuthEnabled"] == true)
        .filter_map(|h| h["trustStore"].as_str())
        .collect();
    assert_eq!(
        trusted,
        [
            "ref://partner-truststore-ref",
            "legacy-truststore",
            "retired-ca-truststore"
        ]
    );
}

#[tokio::test]
async fn the_self_service_key_is_refused_naming_the_missing_role() {
    let app = app();
    let reply = get(&certificates_path("partner-truststore"))
        .sap()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let body = reply.json();
    assert_eq!(body["error"]["code"], "FORBIDDEN");
    let message = body["error"]["message"]["value"].as_str().expect("message");
    assert!(message.contains("APIPortal.Administrator"), "{message}");

    // Atom clients get the XML error, and a token the XSUAA issues to the key is refused too.
    let reply = get(&certificates_path("partner-truststore"))
        .sap()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.text().contains("APIPortal.Administrator"));
    let token = issued_token(&app, demo::SAP_CLIENT_ID, demo::SAP_CLIENT_SECRET).await;
    assert!(!token["scope"]
        .as_str()
        .unwrap_or_default()
        .contains("APIPortal.Administrator"));
    let reply = get(&certificates_path("partner-truststore"))
        .bearer(token["access_token"].as_str().unwrap_or_default())
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // The self-service key still lists the stores.
    let reply = get(STORES).sap().accept_json().send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
}

async fn issued_token(app: &axum::Router, id: &str, secret: &str) -> Value {
    let reply = post("/oauth/token?grant_type=client_credentials")
        .header(
            "authorization",
            &format!("Basic {}", STANDARD.encode(format!("{id}:{secret}"))),
        )
        .send(app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn the_admin_service_key_gets_tokens_with_the_administrator_role() {
    let app = app();
    let token = issued_token(
        &app,
        demo::SAP_ADMIN_CLIENT_ID,
        demo::SAP_ADMIN_CLIENT_SECRET,
    )
    .await;
    assert!(token["scope"]
        .as_str()
        .is_some_and(|s| s.contains("APIPortal.Administrator")));
    let reply = get(&certificates_path("legacy-truststore"))
        .bearer(token["access_token"].as_str().unwrap_or_default())
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    // The admin secret with the self-service id (and the reverse) is no key.
    for (id, secret) in [
        (demo::SAP_CLIENT_ID, demo::SAP_ADMIN_CLIENT_SECRET),
        (demo::SAP_ADMIN_CLIENT_ID, demo::SAP_CLIENT_SECRET),
    ] {
        let reply = post("/oauth/token?grant_type=client_credentials")
            .header(
                "authorization",
                &format!("Basic {}", STANDARD.encode(format!("{id}:{secret}"))),
            )
            .send(&app)
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }

    // Both keys are where the demo credentials are.
    let credentials = get("/__demo/credentials").send(&app).await.json();
    let sap = &credentials["sap"];
    assert_eq!(
        sap["adminServiceKey"]["clientId"],
        demo::SAP_ADMIN_CLIENT_ID
    );
    assert_eq!(
        sap["adminServiceKey"]["clientSecret"],
        demo::SAP_ADMIN_CLIENT_SECRET
    );
    assert_eq!(
        sap["adminServiceKey"]["tokenUrl"],
        "http://portal.test/oauth/token"
    );
    assert_eq!(sap["adminBearerToken"], admin_ready_token());
    assert_eq!(sap["roles"]["adminServiceKey"], "APIPortal.Administrator");
    assert_eq!(sap["serviceKey"]["clientId"], demo::SAP_CLIENT_ID);
    let banner = portal_server::demo_banner("http://127.0.0.1:8080");
    assert!(banner.contains(demo::SAP_ADMIN_CLIENT_ID) && banner.contains(&admin_ready_token()));
}

#[tokio::test]
async fn unknown_stores_missing_tokens_and_odd_keys() {
    let app = app();
    let reply = get(&certificates_path("no-such-store"))
        .admin()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "NOT_FOUND");

    let reply = get(&certificates_path("partner-truststore"))
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    // `name='…'` is the same key; a quote inside a name is doubled; a broken literal is no key.
    let reply = get(&format!("{STORES}(name='partner-truststore')/certificates"))
        .admin()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    for (path, status) in [
        (
            format!("{STORES}('it''s')/certificates"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{STORES}('it's')/certificates"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{STORES}(partner-truststore)/certificates"),
            StatusCode::NOT_FOUND,
        ),
        (
            "/apiportal/api/1.0/Management.svc/VirtualHosts('x')/certificates".to_owned(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let reply = get(&path).admin().accept_json().send(&app).await;
        assert_eq!(reply.status, status, "{path}");
        assert!(reply.json()["error"]["code"].is_string(), "{path}");
    }
    // Percent-encoded, as a browser may send the quotes.
    let reply = get(&format!("{STORES}(%27partner-truststore%27)/certificates/"))
        .admin()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn certificates_answer_atom_by_default_and_json_with_format_json() {
    let app = app();
    let reply = get(&certificates_path("partner-truststore"))
        .admin()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        "application/atom+xml;type=feed;charset=utf-8"
    );
    let text = reply.text();
    let doc = roxmltree::Document::parse(&text).expect("well-formed feed");
    let entries = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((NS_ATOM, "entry")))
        .count();
    assert_eq!(entries, 3);
    let content = doc
        .descendants()
        .find(|n| n.has_tag_name((NS_D, "content")))
        .and_then(|n| n.text())
        .expect("content");
    assert!(STANDARD.decode(content).is_ok());

    let reply = get(&format!(
        "{}?$format=json",
        certificates_path("partner-truststore")
    ))
    .admin()
    .send(&app)
    .await;
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=utf-8"
    );
    assert_eq!(
        reply.json()["d"]["results"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn the_scale_seed_adds_hosts_over_stores_and_a_reset_removes_them() {
    let app = app();
    let seeded = demo::SAP_VIRTUAL_HOSTS.len();
    let reply = post("/__demo/audit-seed")
        .json(&json!({"virtualHosts": 50, "stores": 20}))
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["seeded"], json!({"virtualHosts": 50, "stores": 20}));
    assert_eq!(body["virtualHosts"], seeded + 50);
    assert_eq!(body["stores"], demo::SAP_CERTIFICATE_STORES.len() + 20);

    let hosts = virtual_hosts(&app).await;
    assert_eq!(hosts.len(), seeded + 50);
    let scale: Vec<&Value> = hosts
        .iter()
        .filter(|h| {
            h["virtual_host"]
                .as_str()
                .is_some_and(|v| v.starts_with("scale-host-"))
        })
        .collect();
    assert_eq!(scale.len(), 50);
    assert!(scale.iter().all(|h| h["isClientAuthEnabled"] == true));
    // Every store is trusted by some host; some through a reference; each holds a chain.
    let store_of = |trust: &str| -> String {
        trust
            .strip_prefix("ref://")
            .and_then(|r| r.strip_suffix("-ref"))
            .unwrap_or(trust)
            .to_owned()
    };
    let mut stores: Vec<String> = scale
        .iter()
        .filter_map(|h| h["trustStore"].as_str())
        .map(store_of)
        .collect();
    stores.sort();
    stores.dedup();
    assert_eq!(stores.len(), 20);
    assert!(scale.iter().any(|h| h["trustStore"]
        .as_str()
        .is_some_and(|t| t.starts_with("ref://"))));
    assert_eq!(entries(&app, "scale-truststore-02").await.len(), 4);
    let references = get("/apiportal/api/1.0/Management.svc/CertificateStoreReferences")
        .sap()
        .accept_json()
        .send(&app)
        .await
        .json();
    assert!(references["d"]["results"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["name"] == "scale-truststore-04-ref")));

    // The state dump lists the stores with their entries.
    let state = get("/__demo/state").send(&app).await.json();
    let listed = state["sap"]["certificateStores"]
        .as_array()
        .and_then(|stores| stores.iter().find(|s| s["name"] == "scale-truststore-01"))
        .cloned()
        .expect("scale-truststore-01 in the state");
    assert_eq!(listed["storeType"], "TrustStore");
    assert_eq!(listed["certificates"].as_array().map(Vec::len), Some(3));

    // A second seed replaces the first.
    let reply = post("/__demo/audit-seed")
        .json(&json!({"virtualHosts": 5, "stores": 2}))
        .send(&app)
        .await;
    assert_eq!(reply.json()["virtualHosts"], seeded + 5);

    for bad in [
        json!({"virtualHosts": 5}),
        json!({"virtualHosts": 5, "stores": 0}),
        json!({"virtualHosts": 1001, "stores": 1}),
        json!({"virtualHosts": -1, "stores": 1}),
        json!({"virtualHosts": 1, "stores": 1, "more": true}),
    ] {
        let reply = post("/__demo/audit-seed").json(&bad).send(&app).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(reply.json()["error_description"].is_string());
    }

    post("/__demo/reset").send(&app).await;
    assert_eq!(virtual_hosts(&app).await.len(), seeded);
}

#[tokio::test]
async fn the_scale_seed_is_refused_cross_site_and_without_demo() {
    let demo = Running::start(app()).await;
    let answer = reqwest::Client::new()
        .post(demo.url("/__demo/audit-seed"))
        .header("origin", "http://attacker.example")
        .header("content-type", "text/plain")
        .body(r#"{"virtualHosts":1,"stores":1}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), 403);

    let files_only = portal_server::router(&Config::files_only(missing_dist()));
    let reply = post("/__demo/audit-seed")
        .json(&json!({"virtualHosts": 1, "stores": 1}))
        .send(&files_only)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn faults_reach_the_certificates_and_one_store_can_be_failed_alone() {
    let app = app();
    let fault = |body: Value| {
        let app = app.clone();
        async move {
            let reply = post("/__demo/faults").json(&body).send(&app).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        }
    };
    // A fault for SAP reaches the certificates call like any other.
    fault(json!({"backend": "sap", "status": 503})).await;
    let reply = get(&certificates_path("partner-truststore"))
        .admin()
        .accept_json()
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.header("x-demo-fault"), "injected");
    assert_eq!(reply.json()["error"]["code"], "SERVICE_UNAVAILABLE");

    // With `path`, only the matching store fails; the list and the other stores pass it by.
    fault(json!({
        "backend": "sap",
        "status": 500,
        "count": 2,
        "path": "CertificateStores('legacy-truststore')"
    }))
    .await;
    assert_eq!(
        virtual_hosts(&app).await.len(),
        demo::SAP_VIRTUAL_HOSTS.len()
    );
    assert_eq!(entries(&app, "partner-truststore").await.len(), 3);
    // Percent-encoded quotes match too.
    for path in [
        certificates_path("legacy-truststore"),
        format!("{STORES}(%27legacy-truststore%27)/certificates"),
    ] {
        let reply = get(&path).admin().accept_json().send(&app).await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
    }
    assert_eq!(entries(&app, "legacy-truststore").await.len(), 4);
    let pending = get("/__demo/faults").send(&app).await.json();
    assert_eq!(pending["pending"], json!([]));
}
