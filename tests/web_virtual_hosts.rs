//! The virtual host form and the SAP connection form in a real browser: messages at the fields
//! before anything is sent, and the live preview of the exact body.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{clear_storage, eventually, type_into, FakeAnswer, FakeBackend, Mounted};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn attribute(app: &Mounted, selector: &str, name: &str) -> Option<String> {
    app.root
        .query_selector(selector)
        .expect("valid selector")
        .and_then(|e| e.get_attribute(name))
}

/// A signed-in SAP session in this tab, as the connection stores it.
fn sign_in_to_sap() {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("session storage")
        .set_item(
            "mtls-portal.session.sap",
            r#"{"token":"t","subject":null,"expires_at":null,"remembered":false}"#,
        )
        .expect("a signed-in session");
}

#[wasm_bindgen_test]
async fn the_create_form_validates_at_the_fields_and_previews_the_body() {
    let app = Mounted::at("/virtual-hosts").await;
    assert!(eventually(|| !app.text_of("[data-testid=vh-preview]").is_empty()).await);

    type_into(&app, "#vh-virtual-host-url", "-bad_alias");
    assert!(
        eventually(|| app
            .text_of("[data-testid=vh-preview]")
            .contains("\"virtualHostUrl\": \"-bad_alias\""))
        .await
    );
    // Nothing is said before the first attempt to send.
    assert_eq!(app.text_of("[data-testid=vh-virtual-host-url-error]"), "");

    app.click("[data-testid=vh-submit]");
    assert!(
        eventually(|| !app
            .text_of("[data-testid=vh-virtual-host-url-error]")
            .is_empty())
        .await
    );
    assert!(app
        .text_of("[data-testid=vh-virtual-host-url-error]")
        .contains("Only letters, digits and hyphens"));
    assert!(app
        .text_of("[data-testid=vh-account-id-error]")
        .contains("subdomain"));
    assert!(app
        .text_of("[data-testid=vh-trust-store-error]")
        .contains("truststore"));
    assert_eq!(
        attribute(&app, "#vh-virtual-host-url", "aria-invalid").as_deref(),
        Some("true")
    );
    assert!(attribute(&app, "#vh-virtual-host-url", "aria-describedby")
        .is_some_and(|ids| ids.contains("vh-virtual-host-url-error")));

    // Corrected values clear the messages at once and the preview is the exact body.
    type_into(&app, "#vh-account-id", "demo-subaccount");
    type_into(&app, "#vh-virtual-host-url", "partner-b2b");
    type_into(&app, "#vh-trust-store", "ref://partner-truststore-ref");
    assert!(
        eventually(|| app
            .text_of("[data-testid=vh-virtual-host-url-error]")
            .is_empty())
        .await
    );
    assert_eq!(app.text_of("[data-testid=vh-trust-store-error]"), "");
    assert_eq!(
        app.text_of("[data-testid=vh-preview]"),
        "{\n  \"accountId\": \"demo-subaccount\",\n  \"virtualHostUrl\": \"partner-b2b\",\n  \
         \"isDefaultVirtualHostRequest\": false,\n  \"isClientAuthEnabled\": true,\n  \
         \"trustStore\": \"ref://partner-truststore-ref\",\n  \"operation\": \"CREATE\"\n}"
    );
    assert!(app
        .root
        .query_selector("a[href^='/certificates'][data-testid=vh-check-chain]")
        .expect("selector")
        .is_some());
}

#[wasm_bindgen_test]
async fn a_broken_service_key_is_refused_at_its_field_without_a_request() {
    let app = Mounted::at("/connections").await;
    type_into(
        &app,
        "#sap-service-key",
        r#"{"url":"u","clientSecret":"do-not-echo"}"#,
    );
    app.click("[data-testid=sap-get-token]");
    assert!(
        eventually(|| !app
            .text_of("[data-testid=sap-service-key-error]")
            .is_empty())
        .await
    );
    let message = app.text_of("[data-testid=sap-service-key-error]");
    assert!(message.contains("tokenUrl, clientId"), "{message}");
    assert!(!message.contains("do-not-echo"));
    // The typed key stays in place.
    let kept = app
        .root
        .query_selector("#sap-service-key")
        .expect("selector")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|a| a.value())
        .unwrap_or_default();
    assert!(kept.contains("do-not-echo"));
}

#[wasm_bindgen_test]
async fn a_list_with_malformed_fields_renders_every_row_with_them_unreadable() {
    clear_storage();
    sign_in_to_sap();
    let _backend = FakeBackend::serve(vec![FakeAnswer::json(
        "/apiportal/api/1.0/Management.svc/VirtualHosts",
        200,
        r#"{"d":{"results":[
            {"id":"1","virtual_host":"first.example.com","virtual_port":443,
             "life_cycle":{"changed_at":"/Date()/"}},
            {"id":"2","virtual_host":"second.example.com","virtual_port":"4x3",
             "life_cycle":{"changed_at":"/Date(1é)/"}},
            {"id":"3","virtual_host":"third.example.com","virtual_port":8443,
             "life_cycle":{"changed_at":"/Date(1709810822439)/"}}]}}"#,
    )]);
    let app = Mounted::at("/virtual-hosts").await;
    let rows = || {
        app.root
            .query_selector_all("[data-testid=vh-row]")
            .map(|l| l.length())
            .unwrap_or(0)
    };
    assert!(eventually(|| rows() == 3).await, "{}", app.text_of("main"));
    let cells = |testid: &str| -> Vec<String> {
        let list = app
            .root
            .query_selector_all(&format!("[data-testid={testid}]"))
            .expect("cells");
        (0..list.length())
            .filter_map(|i| list.item(i).and_then(|n| n.text_content()))
            .collect()
    };
    assert_eq!(
        cells("vh-cell-changed"),
        ["unreadable", "unreadable", "2024-03-07 11:27 UTC"]
    );
    assert_eq!(cells("vh-cell-port"), ["443", "unreadable", "8443"]);
    // The page is alive: Refresh can be used.
    let refresh_disabled = app
        .root
        .query_selector("[data-testid=vh-refresh]")
        .ok()
        .flatten()
        .map(|b| b.has_attribute("disabled"));
    assert_eq!(refresh_disabled, Some(false));
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_long_list_shows_its_first_rows_and_every_row_is_a_click_away() {
    clear_storage();
    sign_in_to_sap();
    let hosts: Vec<String> = (1..=300)
        .map(|n| {
            format!(
                r#"{{"id":"{n}","virtual_host":"host-{n}.example.com","virtual_port":443,"isSSL":true}}"#
            )
        })
        .collect();
    let body = format!(r#"{{"d":{{"results":[{}]}}}}"#, hosts.join(","));
    let _backend = FakeBackend::serve(vec![FakeAnswer::json(
        "/apiportal/api/1.0/Management.svc/VirtualHosts",
        200,
        &body,
    )]);
    let app = Mounted::at("/virtual-hosts").await;
    let rows = || {
        app.root
            .query_selector_all("[data-testid=vh-row]")
            .expect("rows")
    };
    assert!(
        eventually(|| rows().length() == 50).await,
        "{}",
        app.text_of("main")
    );
    let focused = || support::document().active_element();
    let more = app.element("[data-testid=vh-show-more]");
    assert_eq!(
        more.text_content().unwrap_or_default(),
        "Show 50 more virtual hosts (250 not shown yet)"
    );
    more.focus().expect("focus");
    more.click();
    leptos::task::tick().await;
    assert_eq!(rows().length(), 100);
    // The same button, still focused, for the next rows.
    assert!(more.is_connected());
    assert_eq!(
        focused().as_ref(),
        Some(more.unchecked_ref::<web_sys::Element>())
    );
    let all = app.element("[data-testid=vh-show-more-all]");
    assert_eq!(
        all.text_content().unwrap_or_default(),
        "Show all 300 virtual hosts"
    );
    all.click();
    assert!(eventually(|| rows().length() == 300).await);
    assert_eq!(
        app.root
            .query_selector_all("[data-testid=vh-show-more]")
            .map(|l| l.length())
            .ok(),
        Some(0)
    );
    // Every host is in the table, in SAP's order, and the focus is on the first row "Show all"
    // revealed (the 101st).
    let aliases: Vec<String> = (0..300)
        .filter_map(|i| rows().item(i))
        .filter_map(|row| {
            row.unchecked_into::<web_sys::Element>()
                .get_attribute("data-alias")
        })
        .collect();
    assert_eq!(aliases.len(), 300);
    assert_eq!(
        focused().and_then(|e| e.get_attribute("data-alias")),
        aliases.get(100).cloned()
    );
    let expected: Vec<String> = (1..=300).map(|n| format!("host-{n}")).collect();
    assert_eq!(aliases, expected);
    clear_storage();
}
