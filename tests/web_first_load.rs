//! What the first download reads at start-up, with the browser's JSON parser (`js_json`): the
//! stored sessions (the overview) and the portal server's backend list (the footer).
#![cfg(target_arch = "wasm32")]

mod support;

use mtls_portal::api::http::RawResponse;
use mtls_portal::api::portal::{parse_backends, BackendTarget, Backends};
use mtls_portal::js_json::JsonObject;
use mtls_portal::state::connections::Session;
use support::{clear_storage, eventually, FakeAnswer, FakeBackend, Mounted};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAP_SESSION_KEY: &str = "mtls-portal.session.sap";

fn ok(body: &str) -> RawResponse {
    RawResponse {
        status: 200,
        content_type: "application/json".into(),
        body: body.into(),
        ..RawResponse::default()
    }
}

#[wasm_bindgen_test]
fn reads_demo_and_upstream_targets() {
    let backends = parse_backends(&ok(
        r#"{"sap":{"mode":"demo"},"apinizer":{"mode":"upstream","url":"https://console.example"}}"#,
    ));
    assert_eq!(
        backends,
        Some(Backends {
            sap: Some(BackendTarget::Demo),
            apinizer: Some(BackendTarget::Upstream {
                url: "https://console.example".into()
            }),
        })
    );
    // A product without a backend: missing or null.
    assert_eq!(
        parse_backends(&ok(r#"{"sap":null}"#)),
        Some(Backends {
            sap: None,
            apinizer: None
        })
    );
}

#[wasm_bindgen_test]
fn an_html_fallback_an_error_or_a_strange_shape_is_not_a_backend_list() {
    assert_eq!(parse_backends(&ok("<!DOCTYPE html><html></html>")), None);
    let mut missing = ok("{}");
    missing.status = 404;
    assert_eq!(parse_backends(&missing), None);
    for body in [
        "[]",
        "null",
        "42",
        r#""text""#,
        r#"{"sap":{"mode":"mirror"}}"#,
        r#"{"sap":{"mode":"upstream"}}"#,
        r#"{"sap":{"mode":"upstream","url":7}}"#,
        r#"{"sap":"demo"}"#,
        r#"{"sap":[{"mode":"demo"}]}"#,
        r#"{"sap":{"mode":"demo"},"apinizer":{"mode":true}}"#,
    ] {
        assert_eq!(parse_backends(&ok(body)), None, "{body}");
    }
}

#[wasm_bindgen_test]
fn a_stored_session_reads_back_as_serde_wrote_it() {
    let session = Session {
        token: "opaque".into(),
        subject: Some("sb-demo".into()),
        expires_at: Some(1_767_225_600),
        remembered: true,
    };
    let text = serde_json::to_string(&session).expect("JSON");
    assert_eq!(Session::from_stored(&text), Some(session));
    // Written before `remembered` existed: read as a tab-only session.
    assert_eq!(
        Session::from_stored(r#"{"token":"t","subject":null,"expires_at":null}"#),
        Some(Session {
            token: "t".into(),
            subject: None,
            expires_at: None,
            remembered: false,
        })
    );
}

#[wasm_bindgen_test]
fn anything_else_in_storage_is_no_session() {
    for text in [
        "",
        "not json",
        "[]",
        r#"{"subject":"x"}"#,
        r#"{"token":null}"#,
        r#"{"token":7}"#,
        r#"{"token":"t","subject":1}"#,
        r#"{"token":"t","expires_at":1.5}"#,
        r#"{"token":"t","expires_at":"soon"}"#,
        r#"{"token":"t","expires_at":1e300}"#,
        r#"{"token":"t","remembered":"yes"}"#,
    ] {
        assert_eq!(Session::from_stored(text), None, "{text}");
    }
    // Only the object's own members: nothing comes from its prototype.
    let object = JsonObject::parse("{}").expect("object");
    assert_eq!(object.string("toString"), Ok(None));
    assert_eq!(object.string("__proto__"), Ok(None));
}

#[wasm_bindgen_test]
async fn the_overview_shows_the_stored_session_and_the_servers_backends() {
    clear_storage();
    let _backend = FakeBackend::serve(vec![FakeAnswer::json(
        "/__portal/backends",
        200,
        r#"{"sap":{"mode":"upstream","url":"https://tenant.example"},"apinizer":{"mode":"demo"}}"#,
    )]);
    let local = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage");
    local
        .set_item(
            SAP_SESSION_KEY,
            r#"{"token":"t","subject":"sb-demo","expires_at":null,"remembered":true}"#,
        )
        .expect("stored");
    let app = Mounted::at("/").await;
    let status = app.text_of("[data-testid=status-apiportal]");
    assert!(status.contains("Connected as sb-demo"), "{status}");
    assert!(app
        .text_of("[data-testid=status-apiops]")
        .contains("Not connected"));
    assert!(
        eventually(|| app.text_of("[data-testid=backend-apiportal]")
            == "forwarded to https://tenant.example")
        .await
    );
    assert_eq!(
        app.text_of("[data-testid=backend-apiops]"),
        "demo emulation on this server"
    );
    clear_storage();
}
