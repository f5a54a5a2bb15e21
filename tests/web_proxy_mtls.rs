//! The Proxy mTLS form in a real browser: the preview holds only the fields set, and the checks
//! stop what must not be sent.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use leptos_router::components::Router;
use mtls_portal::pages::proxy_mtls::ProxyMtlsPage;
use mtls_portal::state::provide_state;
use support::{eventually, Mounted};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The page alone, with the shared state `App` would provide.
async fn page() -> Mounted {
    Mounted::view(|| {
        provide_state();
        view! { <Router><ProxyMtlsPage/></Router> }
    })
    .await
}

fn input(app: &Mounted, testid: &str) -> web_sys::HtmlInputElement {
    app.root
        .query_selector(&format!("[data-testid='{testid}']"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no {testid}"))
        .unchecked_into()
}

fn type_into(app: &Mounted, testid: &str, text: &str) {
    let field = input(app, testid);
    field.set_value(text);
    field
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

fn preview(app: &Mounted) -> serde_json::Value {
    serde_json::from_str(&app.text_of("[data-testid=pm-preview]")).expect("the preview is JSON")
}

#[wasm_bindgen_test]
async fn the_preview_holds_only_the_fields_set() {
    let app = page().await;
    assert_eq!(preview(&app), serde_json::json!({}));
    type_into(&app, "pm-trust-store", "partner-trust");
    leptos::task::tick().await;
    assert_eq!(
        preview(&app),
        serde_json::json!({"trustStoreId": "partner-trust"})
    );
    app.click("[data-testid=pm-enabled-false]");
    leptos::task::tick().await;
    assert_eq!(
        preview(&app),
        serde_json::json!({"enabled": false, "trustStoreId": "partner-trust"})
    );
    // The text keeps the documented field order.
    assert!(app
        .text_of("[data-testid=pm-preview]")
        .starts_with("{\n  \"enabled\": false,\n  \"trustStoreId\""));
}

#[wasm_bindgen_test]
async fn enabling_without_a_keystore_is_stopped_at_the_field() {
    let app = page().await;
    type_into(&app, "pm-project", "Payments");
    type_into(&app, "pm-proxy", "PaymentsAPI");
    app.click("[data-testid=pm-enabled-true]");
    leptos::task::tick().await;
    app.click("[data-testid=pm-submit]");
    let shown = eventually(|| {
        app.root
            .text_content()
            .unwrap_or_default()
            .contains("A keystore is required when enabling mTLS")
    })
    .await;
    assert!(shown, "the keystore message is shown");
    assert!(
        app.root
            .query_selector("[data-testid=pm-success]")
            .ok()
            .flatten()
            .is_none(),
        "nothing was sent"
    );
    assert_eq!(
        input(&app, "pm-key-store")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}
