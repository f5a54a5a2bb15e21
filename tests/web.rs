//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use mtls_portal::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Mounts `App` into a fresh element at `path`, and removes it when dropped.
struct Mounted {
    root: web_sys::HtmlElement,
    // Unmounts the app and drops its reactive owner when the test ends.
    _handle: Box<dyn std::any::Any>,
}

impl Mounted {
    async fn at(path: &str) -> Self {
        let window = web_sys::window().expect("window");
        window
            .history()
            .expect("history")
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            .expect("set URL");
        let root: web_sys::HtmlElement = document()
            .create_element("div")
            .expect("div")
            .unchecked_into();
        document().body().expect("body").append_child(&root).expect("append");
        let handle = leptos::mount::mount_to(root.clone(), App);
        tick().await;
        Self {
            root,
            _handle: Box::new(handle),
        }
    }

    fn text_of(&self, selector: &str) -> String {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    fn click(&self, selector: &str) {
        let element: web_sys::HtmlElement = self
            .root
            .query_selector(selector)
            .expect("valid selector")
            .expect("element to click")
            .unchecked_into();
        element.click();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

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
        ["Overview", "Virtual hosts", "Proxy mTLS", "Certificates", "Connections"]
    );
    assert_eq!(app.text_of("main h1"), "Mutual TLS for your API gateways");
    assert!(app.text_of("footer").contains("SAP API Management"));
}

#[wasm_bindgen_test]
async fn each_route_renders_its_page() {
    for (path, heading) in [
        ("/virtual-hosts", "Virtual hosts"),
        ("/proxy-mtls", "Proxy mTLS"),
        ("/certificates", "Certificates"),
        ("/connections", "Connections"),
    ] {
        let app = Mounted::at(path).await;
        assert_eq!(app.text_of("main h1"), heading, "heading at {path}");
        assert_eq!(
            app.text_of("nav a[aria-current=page]"),
            heading,
            "current link at {path}"
        );
    }
}

#[wasm_bindgen_test]
async fn clicking_a_link_routes_without_reload() {
    let app = Mounted::at("/").await;
    app.click("nav a[href='/certificates']");
    tick().await;
    assert_eq!(app.text_of("main h1"), "Certificates");
    let path = web_sys::window()
        .expect("window")
        .location()
        .pathname()
        .expect("pathname");
    assert_eq!(path, "/certificates");
}

#[wasm_bindgen_test]
async fn unknown_paths_get_the_not_found_page() {
    let app = Mounted::at("/nowhere").await;
    assert_eq!(app.text_of("main h1"), "Page not found");
    assert!(app.text_of("[data-testid=not-found]").contains("/nowhere"));
}
