//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! the shell mounts and each route renders. Each test file runs in its own page.
#![cfg(target_arch = "wasm32")]

mod support;

use support::Mounted;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_with_navigation_and_footer() {
    let app = Mounted::at("/").await;
    let links: Vec<String> = {
        let list = app.root.query_selector_all("nav a").expect("links");
        (0..list.length())
            .filter_map(|i| list.item(i).and_then(|n| n.text_content()))
            .collect()
    };
    assert_eq!(
        links,
        [
            "Overview",
            "Virtual hosts",
            "Proxy mTLS",
            "Certificates",
            "Audit",
            "Connections"
        ]
    );
    assert_eq!(app.text_of("main h1"), "Mutual TLS for your API gateways");
    assert!(app.text_of("footer").contains("SAP API Management"));
}

#[wasm_bindgen_test]
async fn each_route_renders_its_page() {
    for (path, heading, link) in [
        ("/virtual-hosts", "Virtual hosts", "Virtual hosts"),
        ("/proxy-mtls", "Proxy mTLS", "Proxy mTLS"),
        ("/certificates", "Certificates", "Certificates"),
        ("/audit", "Truststore audit", "Audit"),
        ("/connections", "Connections", "Connections"),
    ] {
        let app = Mounted::at(path).await;
        assert_eq!(app.text_of("main h1"), heading, "heading at {path}");
        assert_eq!(
            app.text_of("nav a[aria-current=page]"),
            link,
            "current link at {path}"
        );
    }
}

#[wasm_bindgen_test]
async fn unknown_paths_get_the_not_found_page() {
    let app = Mounted::at("/nowhere").await;
    assert_eq!(app.text_of("main h1"), "Page not found");
    assert!(app.text_of("[data-testid=not-found]").contains("/nowhere"));
}

#[wasm_bindgen_test]
fn the_panic_banner_renders_once_with_plain_dom_and_a_reload_link() {
    use mtls_portal::panic_banner::{show, BANNER_ID, MESSAGE};
    show();
    show();
    let document = support::document();
    let banners = document
        .query_selector_all("[data-testid=panic-banner]")
        .expect("selector");
    assert_eq!(banners.length(), 1, "one banner, however many panics");
    let banner = document.get_element_by_id(BANNER_ID).expect("banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(banner.class_name(), "panic-banner");
    // The page's CSP allows no inline style: the look comes from the class only.
    assert!(!banner.has_attribute("style"));
    assert_eq!(
        banner
            .query_selector("p")
            .ok()
            .flatten()
            .and_then(|p| p.text_content()),
        Some(MESSAGE.to_string())
    );
    let reload = banner
        .query_selector("a")
        .ok()
        .flatten()
        .expect("reload link");
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .expect("URL");
    assert_eq!(reload.get_attribute("href"), Some(here));
    assert_eq!(reload.text_content().as_deref(), Some("Reload the page"));
    banner.remove();
}
